// Zone disruption in the node lifecycle controller (ComputeZoneState, handleDisruption and
// GetZoneKey of pkg/controller/nodelifecycle and component-helpers): each zone is normal,
// partially or fully disrupted by the share of its nodes not Ready, which sets how fast its nodes
// are tainted for eviction; when every zone is down the controller stops tainting altogether.

import type { Node, NodeCondition } from 'kubernetes-types/core/v1';

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/**
 * ComputeZoneState: fully disrupted when no node of the zone is Ready, partially when more than
 * two and at least `unhealthyThreshold` of them are not.
 */
export function computeZoneState(
  readyConditions: readonly (NodeCondition | undefined)[],
  unhealthyThreshold: number,
): { notReady: number; state: ZoneState } {
  const ready = readyConditions.filter((condition) => condition?.status === 'True').length;
  const notReady = readyConditions.length - ready;
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold)
    return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

/** topology.GetZoneKey: region and zone, "" when the node has neither label. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region =
    labels['topology.kubernetes.io/region'] ??
    labels['failure-domain.beta.kubernetes.io/region'] ??
    '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

export interface DisruptionDecision {
  /** Each zone's state after this pass. */
  states: Map<string, ZoneState>;
  /**
   * `enter`: every zone is now fully disrupted (untaint every node, stop tainting);
   * `exit`: the first node is back (every node gets a fresh grace period).
   */
  full: 'enter' | 'exit' | null;
  /** Zones whose tainting rate follows a new state, with their sizes. */
  limiters: { zone: string; size: number; state: ZoneState }[];
}

/**
 * handleDisruption's decision from the zones' Ready conditions of this pass. Unlike upstream,
 * whose map iteration may stop before it, every zone without nodes is forgotten at once.
 */
export function handleDisruption(
  previous: ReadonlyMap<string, ZoneState>,
  zoneConditions: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>,
  unhealthyThreshold: number,
): DisruptionDecision {
  const states = new Map(previous);
  const newStates = new Map<string, ZoneState>();
  let allAreFullyDisrupted = true;
  for (const [zone, conditions] of zoneConditions) {
    const { state } = computeZoneState(conditions, unhealthyThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    newStates.set(zone, state);
    if (!states.has(zone)) states.set(zone, 'Initial');
  }
  let allWasFullyDisrupted = true;
  for (const [zone, state] of [...states]) {
    if (!zoneConditions.has(zone)) states.delete(zone);
    else if (state !== 'FullDisruption') allWasFullyDisrupted = false;
  }
  const size = (zone: string): number => zoneConditions.get(zone)?.length ?? 0;
  if (allAreFullyDisrupted && allWasFullyDisrupted) return { states, full: null, limiters: [] };
  if (allAreFullyDisrupted) {
    for (const zone of states.keys()) states.set(zone, 'FullDisruption');
    return { states, full: 'enter', limiters: [] };
  }
  const limiters: DisruptionDecision['limiters'] = [];
  for (const [zone, state] of states) {
    const next = newStates.get(zone) ?? 'Normal';
    // Leaving full disruption resets every zone's rate; otherwise only the zones that changed.
    if (state === next && !allWasFullyDisrupted) continue;
    limiters.push({ zone, size: size(zone), state: next });
    states.set(zone, next);
  }
  return { states, full: allWasFullyDisrupted ? 'exit' : null, limiters };
}
