// Where the diagram's top-level boxes go, laid out by ELK (elkjs): a layered graph, top to bottom,
// of three bands — kubectl; the control plane with the unscheduled pods and the Services beside
// it; the worker nodes packed in rows (rectpacking with a fixed target width, so a node that grows
// a row of pods pushes the rows below it down and never reflows the grid). Children sit inside
// their box where layout.ts put them. Options: https://eclipse.dev/elk/reference.html

import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { Band, DiagramNode } from './layout.ts';

export interface Box {
  id: string;
  band: Band;
  width: number;
  height: number;
}

/** The part of elkjs's ELK this module needs: the worker build in the tab, the bundled in tests. */
export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export type Positions = ReadonlyMap<string, { x: number; y: number }>;

const GAP = 24;
const CONTROL = 'control-row';
/** The API server's centre inside the control plane zone (layout.ts): kubectl's edge lands there. */
const API_SERVER_CENTRE = 350;
const WORKERS = 'workers';

export function boxesOf(nodes: readonly DiagramNode[]): Box[] {
  return nodes.flatMap((node) =>
    node.band ? [{ id: node.id, band: node.band, width: node.width, height: node.height }] : [],
  );
}

/** Boxes with the same ids, order and sizes lay out the same: no need to ask ELK again. */
export function layoutKey(boxes: readonly Box[]): string {
  return boxes.map((box) => `${box.id}:${box.width}x${box.height}`).join('|');
}

/** About as wide as tall for many nodes; a few nodes stay in one row, as in the classic picture. */
export function workerColumns(count: number): number {
  if (count <= 4) return Math.max(count, 1);
  return Math.ceil(Math.sqrt(count * 1.2));
}

function rowOptions(targetWidth: number): Record<string, string> {
  return {
    'elk.algorithm': 'rectpacking',
    'elk.rectpacking.widthApproximation.strategy': 'TARGET_WIDTH',
    'elk.rectpacking.widthApproximation.targetWidth': String(targetWidth),
    'elk.rectpacking.whiteSpaceElimination.strategy': 'NONE',
    'elk.rectpacking.packing.compaction.rowHeightReevaluation': 'false',
    'elk.spacing.nodeNode': String(GAP),
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    'elk.portConstraints': 'FIXED_POS',
  };
}

function port(id: string, x: number, y: number, side: 'NORTH' | 'SOUTH'): ElkPort {
  return { id, x, y, width: 1, height: 1, layoutOptions: { 'elk.port.side': side } };
}

/**
 * The root is layered top to bottom: kubectl, the control row (control plane, then the side
 * zones, in one row), the workers grid. Each edge ends on a fixed port, so layered placement
 * puts kubectl straight above the API server and centres the workers under it.
 */
export function elkGraph(boxes: readonly Box[]): ElkNode {
  const leaf = (box: Box): ElkNode => ({ id: box.id, width: box.width, height: box.height });
  const clients = boxes.filter((box) => box.band === 'client');
  const control = boxes.filter((box) => box.band === 'control');
  const workers = boxes.filter((box) => box.band === 'workers');
  const plane = control[0];
  const apiX = plane ? Math.min(API_SERVER_CENTRE, plane.width / 2) : 0;
  const controlHeight = Math.max(0, ...control.map((box) => box.height));
  const children: ElkNode[] = clients.map((box) => ({
    ...leaf(box),
    ports: [port(`${box.id}.out`, box.width / 2, box.height, 'SOUTH')],
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
  }));
  const edges: ElkExtendedEdge[] = [];
  if (control.length) {
    const width = control.reduce((sum, box) => sum + box.width + GAP, -GAP);
    children.push({
      id: CONTROL,
      layoutOptions: rowOptions(width),
      ports: [
        port(`${CONTROL}.in`, apiX, 0, 'NORTH'),
        port(`${CONTROL}.out`, apiX, controlHeight, 'SOUTH'),
      ],
      children: control.map(leaf),
    });
    for (const box of clients)
      edges.push({
        id: `${box.id}>${CONTROL}`,
        sources: [`${box.id}.out`],
        targets: [`${CONTROL}.in`],
      });
  }
  if (workers.length) {
    const cellWidth = Math.max(...workers.map((box) => box.width));
    const columns = Math.min(workerColumns(workers.length), workers.length);
    const width = columns * (cellWidth + GAP) - GAP;
    children.push({
      id: WORKERS,
      layoutOptions: rowOptions(width),
      ports: [port(`${WORKERS}.in`, width / 2, 0, 'NORTH')],
      children: workers.map(leaf),
    });
    if (control.length)
      edges.push({
        id: `${CONTROL}>${WORKERS}`,
        sources: [`${CONTROL}.out`],
        targets: [`${WORKERS}.in`],
      });
  }
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children,
    edges,
  };
}

/** Absolute positions of the top-level boxes from ELK's answer. */
export function positionsOf(result: ElkNode): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    if (child.id !== WORKERS && child.id !== CONTROL) {
      positions.set(child.id, { x: Math.round(x), y: Math.round(y) });
      continue;
    }
    for (const node of child.children ?? [])
      positions.set(node.id, {
        x: Math.round(x + (node.x ?? 0)),
        y: Math.round(y + (node.y ?? 0)),
      });
  }
  return positions;
}

export async function layoutBoxes(
  engine: ElkEngine,
  boxes: readonly Box[],
): Promise<Map<string, { x: number; y: number }>> {
  return positionsOf(await engine.layout(elkGraph(boxes)));
}
