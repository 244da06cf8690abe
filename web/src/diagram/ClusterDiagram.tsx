// The live picture of the cluster: layout.ts decides what is drawn (folding pods, nodes and pools
// past what stays legible), ELK places the boxes off the main thread, React Flow draws, each new
// round's hops ride the edges as tokens, and components that just did something light up.
// Elements keep their object identity while unchanged, so a round re-renders only what moved.

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { nodesOf, objectsWithPrefix, podsOf, useCluster } from '../cluster/store.ts';
import { edgeSelectionOf, selectionOf, useSelection } from '../inspector/selection.ts';
import { elkEngine } from './elk-engine.ts';
import { boxesOf, layoutBoxes, layoutKey, type Positions } from './elk-layout.ts';
import { edgeTypes, type HopEdgeData } from './HopEdge.tsx';
import { nodeTypes } from './DiagramNodes.tsx';
import { drawnNodeOf, layoutCluster, type DiagramNode, type Layout } from './layout.ts';
import { pipelineLights } from './pipeline.ts';
import { tokensByEdge } from './tokens.ts';
import { useDiagramView } from './view.ts';
import './diagram.css';

const HOP_MS = 450;
/** Box changes arriving within this long share one ELK run (a Deployment scaling up). */
const LAYOUT_COALESCE_MS = 80;
/** Past this many elements React Flow mounts only those in view. */
const VISIBLE_ONLY_FROM = 400;
const NO_TOKENS: HopEdgeData['tokens'] = [];

/**
 * ELK positions for the layout's top-level boxes. The first layout runs at once, later ones at
 * most one at a time, each on the newest boxes; until one lands, boxes keep their last place.
 */
function useBoxPositions(layout: Layout): Positions | null {
  const boxes = useMemo(() => boxesOf(layout.nodes), [layout]);
  const key = layoutKey(boxes);
  const [done, setDone] = useState<{ key: string; positions: Positions } | null>(null);
  const latest = useRef({ key, boxes });
  const running = useRef(false);
  useEffect(() => {
    latest.current = { key, boxes };
  }, [key, boxes]);
  useEffect(() => {
    if (done?.key === key || running.current) return;
    running.current = true;
    let fired = false;
    const timer = setTimeout(
      () => {
        fired = true;
        const target = latest.current;
        layoutBoxes(elkEngine(), target.boxes).then(
          (positions) => {
            running.current = false;
            setDone({ key: target.key, positions });
          },
          (error: unknown) => {
            running.current = false;
            console.error('diagram layout failed', error);
          },
        );
      },
      done ? LAYOUT_COALESCE_MS : 0,
    );
    return () => {
      if (fired) return;
      clearTimeout(timer);
      running.current = false;
    };
  }, [key, done]);
  return done?.positions ?? null;
}

/** Fits the view on the first layout and whenever the set of boxes changes (a node joins). */
function FitOnShape({ shape }: { shape: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!shape) return;
    const frame = requestAnimationFrame(() => {
      void flow.fitView({ padding: 0.08, duration: 300 });
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [flow, shape]);
  return null;
}

/** Reuses last render's object for an element whose content is unchanged. */
function useStable<T>(): (id: string, next: T) => T {
  const cache = useRef(new Map<string, { signature: string; value: T }>());
  return (id, next) => {
    const signature = JSON.stringify(next);
    const kept = cache.current.get(id);
    if (kept?.signature === signature) return kept.value;
    cache.current.set(id, { signature, value: next });
    return next;
  };
}

const MINIMAP_TONES: Record<string, string> = {
  running: '#3fb950',
  pending: '#d29922',
  waiting: '#e3b341',
  succeeded: '#8b949e',
  failed: '#f85149',
  terminating: '#6e7681',
  node: '#3fb95066',
  'node-not-ready': '#d2992299',
};

function minimapColor(node: Node): string {
  const tone = (node.data as { tone?: string }).tone ?? '';
  if (node.type === 'zone') return tone.startsWith('node') ? '#8b949e33' : 'transparent';
  return MINIMAP_TONES[tone] ?? '#4c9aff';
}

export function ClusterDiagram() {
  const objects = useCluster((state) => state.objects);
  const hops = useCluster((state) => state.hops);
  const speed = useCluster((state) => state.clock.speed);
  const expanded = useDiagramView((state) => state.expanded);
  const toggle = useDiagramView((state) => state.toggle);
  const select = useSelection((state) => state.select);
  const layout = useMemo(
    () =>
      layoutCluster({
        nodes: nodesOf(objects),
        pods: podsOf(objects),
        services: objectsWithPrefix<Service>(objects, '/registry/services/specs/'),
        endpointSlices: objectsWithPrefix<EndpointSlice>(objects, '/registry/endpointslices/'),
        expanded,
      }),
    [objects, expanded],
  );
  const positions = useBoxPositions(layout);
  const durationMs = speed === 'max' ? 120 : Math.max(120, HOP_MS / Math.max(speed, 1));

  const active = useMemo(() => {
    const names = new Set<string>();
    for (const hop of hops) {
      // The API server's own stages light its handler chain instead.
      if (hop.kind === 'internal' && hop.stage) continue;
      const from = drawnNodeOf(hop.from, layout.aliases);
      const to = drawnNodeOf(hop.to, layout.aliases);
      if (hop.kind === 'internal' || hop.kind === 'runtime') names.add(from);
      if (hop.kind === 'runtime' || from === to) names.add(to);
    }
    return names;
  }, [hops, layout]);
  const pipeline = useMemo(() => pipelineLights(hops), [hops]);

  const stableNode = useStable<Node>();
  const stableEdge = useStable<Edge>();

  const placed = useMemo(() => {
    if (!positions) return [];
    const shown = new Set<string>();
    const result: DiagramNode[] = [];
    for (const node of layout.nodes) {
      if (node.parentId ? !shown.has(node.parentId) : !positions.has(node.id)) continue;
      shown.add(node.id);
      result.push(
        node.parentId ? node : { ...node, position: positions.get(node.id) ?? node.position },
      );
    }
    return result;
  }, [layout, positions]);

  const nodes: Node[] = useMemo(
    () =>
      placed.map((node) =>
        stableNode(node.id, {
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
        }),
      ),
    // stableNode only reads and writes its cache.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [placed, active, pipeline],
  );

  const edges: Edge[] = useMemo(() => {
    const drawn = new Set(placed.map((node) => node.id));
    const tokens = tokensByEdge(hops, layout.edges, layout.aliases);
    return layout.edges
      .filter((edge) => drawn.has(edge.source) && drawn.has(edge.target))
      .map((edge) => {
        const carried = tokens.get(edge.id) ?? NO_TOKENS;
        const data: HopEdgeData = { tokens: carried, durationMs };
        const { quiet, ...ends } = edge;
        return stableEdge(edge.id, {
          ...ends,
          type: 'hop',
          hidden: Boolean(quiet) && carried.length === 0,
          data: data as unknown as Record<string, unknown>,
        });
      });
    // stableEdge only reads and writes its cache.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placed, layout, hops, durationMs]);

  const shape = positions
    ? placed
        .filter((node) => node.band)
        .map((node) => node.id)
        .join(',')
    : '';

  return (
    <div className="diagram" data-testid="diagram" data-elements={nodes.length + edges.length}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        nodesConnectable={false}
        elementsSelectable={false}
        onlyRenderVisibleElements={nodes.length + edges.length > VISIBLE_ONLY_FROM}
        onNodeClick={(_event, node) => {
          if (node.type === 'group') toggle(node.id);
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
        <MiniMap
          pannable
          zoomable
          position="bottom-right"
          nodeColor={minimapColor}
          nodeStrokeWidth={0}
          style={{ width: 150, height: 100 }}
          ariaLabel="Diagram overview"
        />
        <FitOnShape shape={shape} />
      </ReactFlow>
    </div>
  );
}
