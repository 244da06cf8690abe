// Which tokens ride which edge in a round: hops between the same two components are grouped
// into one token (`watch ADDED ×3`), labelled by the first hop's label. A component folded into
// a node card or a pool sends and receives its hops there (the layout's aliases).

import type { TraceRecord } from '../../../workers/client/protocol.ts';
import type { Token } from './HopEdge.tsx';
import { drawnNodeOf, type DiagramEdge } from './layout.ts';

export function tokensByEdge(
  hops: readonly TraceRecord[],
  edges: readonly DiagramEdge[],
  aliases: ReadonlyMap<string, string> = new Map(),
): Map<string, Token[]> {
  const byPair = new Map<string, DiagramEdge>();
  for (const edge of edges) {
    byPair.set(`${edge.source}|${edge.target}`, edge);
    byPair.set(`${edge.target}|${edge.source}`, edge);
  }
  const groups = new Map<string, { edge: DiagramEdge; reverse: boolean; records: TraceRecord[] }>();
  for (const hop of hops) {
    const from = drawnNodeOf(hop.from, aliases);
    const to = drawnNodeOf(hop.to, aliases);
    const edge = byPair.get(`${from}|${to}`);
    if (!edge) continue;
    const reverse = edge.source !== from;
    const key = `${edge.id}|${reverse ? 'r' : 'f'}|${hop.label.split(' ').slice(0, 2).join(' ')}`;
    const group = groups.get(key) ?? { edge, reverse, records: [] };
    group.records.push(hop);
    groups.set(key, group);
  }
  const result = new Map<string, Token[]>();
  for (const group of groups.values()) {
    const first = group.records[0];
    if (!first) continue;
    const count = group.records.length;
    const tokens = result.get(group.edge.id) ?? [];
    tokens.push({
      key: `${first.seq}`,
      label: count > 1 ? `${first.label} ×${count}` : first.label,
      reverse: group.reverse,
      kind: first.kind,
      lane: tokens.length,
    });
    result.set(group.edge.id, tokens);
  }
  return result;
}
