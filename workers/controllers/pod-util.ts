// Pod helpers controllers share (pkg/controller/controller_utils.go, pkg/api/v1/pod/util.go).

import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../api/time.ts';

export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function isPodReady(pod: Pod): boolean {
  return (
    pod.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) ?? false
  );
}

/** podutil.IsPodAvailable: ready for longer than minReadySeconds. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = pod.status?.conditions?.find(
    (condition) => condition.type === 'Ready',
  )?.lastTransitionTime;
  return since !== undefined && parseTime(since) + minReadySeconds * 1000 < now;
}
