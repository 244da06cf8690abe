// Which pods a scaled-down ReplicaSet deletes first (controller.ActivePodsWithRanks.Less and
// replica_set.go getPodsToDelete): unassigned, then earlier phase, not ready, lower deletion cost,
// more related pods on the same node, more recently ready, more restarts, newer.

import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../../api/time.ts';
import { isPodActive, isPodReady } from '../pod-util.ts';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function readyTime(pod: Pod): number | null {
  const ready = pod.status?.conditions?.find(
    (condition) => condition.type === 'Ready' && condition.status === 'True',
  );
  return ready?.lastTransitionTime ? parseTime(ready.lastTransitionTime) : null;
}

/**
 * helper.GetDeletionCostFromPodAnnotations: an int32 in plain decimal (no `+`, no leading zeros,
 * as validFirstDigit and strconv.ParseInt(value, 10, 32) require); anything else counts as 0.
 */
function deletionCost(pod: Pod): number {
  const text = pod.metadata?.annotations?.[DELETION_COST] ?? '';
  if (!/^(0|-\d+|[1-9]\d*)$/.test(text)) return 0;
  const value = Number(text);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : 0;
}

function restarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount));
}

/** LogarithmicScaleDown: times compare by the power-of-two bucket of their age, then by uid. */
function newerFirst(
  a: number | null,
  b: number | null,
  aUid: string,
  bUid: string,
  now: number,
): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const bucket = (time: number): number => Math.floor(Math.log2(Math.max(1, (now - time) * 1e6)));
  const difference = bucket(a) - bucket(b);
  if (difference !== 0) return difference;
  return aUid < bUid ? -1 : aUid > bUid ? 1 : 0;
}

/** Negative when `a` should be deleted before `b`. */
function compare(a: Pod, b: Pod, rankOf: (pod: Pod) => number, now: number): number {
  const aAssigned = Boolean(a.spec?.nodeName);
  const bAssigned = Boolean(b.spec?.nodeName);
  if (aAssigned !== bAssigned) return aAssigned ? 1 : -1;
  const phase =
    (PHASE_ORDER[a.status?.phase ?? ''] ?? 0) - (PHASE_ORDER[b.status?.phase ?? ''] ?? 0);
  if (phase !== 0) return phase;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  const cost = deletionCost(a) - deletionCost(b);
  if (cost !== 0) return cost;
  const rank = rankOf(b) - rankOf(a);
  if (rank !== 0) return rank;
  const aUid = a.metadata?.uid ?? '';
  const bUid = b.metadata?.uid ?? '';
  if (isPodReady(a) && isPodReady(b)) {
    const ready = newerFirst(readyTime(a), readyTime(b), aUid, bUid, now);
    if (ready !== 0) return ready;
  }
  const restartOrder = restarts(b) - restarts(a);
  if (restartOrder !== 0) return restartOrder;
  const created = (pod: Pod): number | null =>
    pod.metadata?.creationTimestamp ? parseTime(pod.metadata.creationTimestamp) : null;
  return newerFirst(created(a), created(b), aUid, bUid, now);
}

export function podsToDelete(
  pods: readonly Pod[],
  related: readonly Pod[],
  count: number,
  now: number,
): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const perNode = new Map<string, number>();
  for (const pod of related) {
    if (isPodActive(pod))
      perNode.set(pod.spec?.nodeName ?? '', (perNode.get(pod.spec?.nodeName ?? '') ?? 0) + 1);
  }
  const rankOf = (pod: Pod): number => perNode.get(pod.spec?.nodeName ?? '') ?? 0;
  return [...pods].sort((a, b) => compare(a, b, rankOf, now)).slice(0, count);
}
