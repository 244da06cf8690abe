// The live picture of the cluster: React Flow draws the layout, each new round's hops ride the
// edges as tokens for as long as the driver holds the round on screen, and components that just
// did something on their own (a scheduling decision, a CRI call) light up.

import { Background, Controls, ReactFlow, useReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import { nodesOf, podsOf, useCluster } from '../cluster/store.ts';
import { edgeSelectionOf, selectionOf, useSelection } from '../inspector/selection.ts';
import { edgeTypes, type HopEdgeData } from './HopEdge.tsx';
import { nodeTypes } from './DiagramNodes.tsx';
import { diagramNodeOf, layoutCluster } from './layout.ts';
import { pipelineLights } from './pipeline.ts';
import { tokensByEdge } from './tokens.ts';
import './diagram.css';

const HOP_MS = 450;

/** Refits the view when the picture's extent changes (nodes join, a node gains a row of pods). */
function FitOnResize({ signature }: { signature: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    void flow.fitView({ padding: 0.08, duration: 300 });
  }, [flow, signature]);
  return null;
}

export function ClusterDiagram() {
  const objects = useCluster((state) => state.objects);
  const hops = useCluster((state) => state.hops);
  const select = useSelection((state) => state.select);
  const speed = useCluster((state) => state.clock.speed);
  const layout = useMemo(() => layoutCluster(nodesOf(objects), podsOf(objects)), [objects]);
  const durationMs = speed === 'max' ? 120 : Math.max(120, HOP_MS / Math.max(speed, 1));

  const active = useMemo(() => {
    const names = new Set<string>();
    for (const hop of hops) {
      // The API server's own stages light its handler chain instead.
      if (hop.kind === 'internal' && hop.stage) continue;
      if (hop.kind === 'internal' || hop.kind === 'runtime') names.add(diagramNodeOf(hop.from));
      if (hop.kind === 'runtime') names.add(diagramNodeOf(hop.to));
    }
    return names;
  }, [hops]);
  const pipeline = useMemo(() => pipelineLights(hops), [hops]);

  const nodes: Node[] = useMemo(
    () =>
      layout.nodes.map((node) => ({
        id: node.id,
        type: node.type,
        position: node.position,
        ...(node.parentId ? { parentId: node.parentId, extent: 'parent' as const } : {}),
        width: node.width,
        height: node.height,
        style: { width: node.width, height: node.height },
        data: {
          ...node.data,
          ...(active.has(node.id) ? { active: true } : {}),
          ...(node.id === 'apiserver' ? { pipeline } : {}),
        },
        draggable: false,
        selectable: false,
      })),
    [layout, active, pipeline],
  );

  const edges: Edge[] = useMemo(() => {
    const tokens = tokensByEdge(hops, layout.edges);
    return layout.edges.map((edge) => {
      const data: HopEdgeData = { tokens: tokens.get(edge.id) ?? [], durationMs };
      return { ...edge, type: 'hop', data: data as unknown as Record<string, unknown> };
    });
  }, [layout, hops, durationMs]);

  return (
    <div className="diagram" data-testid="diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        nodesConnectable={false}
        elementsSelectable={false}
        onNodeClick={(_event, node) => {
          const selection = selectionOf(node.id);
          if (selection) select(selection);
        }}
        onEdgeClick={(_event, edge) => {
          const selection = edgeSelectionOf(edge.source, edge.target);
          if (selection) select(selection);
        }}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="top-right" />
        <FitOnResize
          signature={layout.nodes
            .filter((node) => node.type === 'zone')
            .map((node) => `${node.id}:${node.height}`)
            .join(',')}
        />
      </ReactFlow>
    </div>
  );
}
