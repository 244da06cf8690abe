// controller.ActivePods (pkg/controller/controller_utils.go): the order in which a Job removes
// surplus pods, earliest in their life first: unassigned, pending, not ready, ready for less time,
// more restarts, newer.

import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../../api/time.ts';
import { isPodReady } from '../pod-util.ts';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: Pod): number {
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  return ready?.lastTransitionTime ? parseTime(ready.lastTransitionTime) : 0;
}

function restarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));
}

function created(pod: Pod): number {
  const timestamp = pod.metadata?.creationTimestamp;
  return timestamp ? parseTime(timestamp) : 0;
}

/** Negative when `a` should be removed before `b`. */
export function compareActivePods(a: Pod, b: Pod): number {
  const assignedA = a.spec?.nodeName ? 1 : 0;
  const assignedB = b.spec?.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const phaseA = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  // Ready for a shorter time (a later transition) comes first.
  if (readyA && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return created(b) - created(a);
}
