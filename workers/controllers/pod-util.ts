// Pod helpers controllers share (pkg/controller/controller_utils.go, pkg/api/v1/pod/util.go).

import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../api/time.ts';

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

/**
 * podutil.UpdatePodCondition: sets `condition` in a copy of `status`, keeping the old transition
 * time when the status did not change. Returns the new status, or null when nothing changed.
 */
export function updatePodCondition(
  status: PodStatus | undefined,
  condition: PodCondition,
  now: number,
): PodStatus | null {
  const conditions = status?.conditions ?? [];
  const old = conditions.find((existing) => existing.type === condition.type);
  const next: PodCondition = {
    ...condition,
    lastTransitionTime: old?.status === condition.status ? old.lastTransitionTime : formatTime(now),
  };
  if (
    old?.status === next.status &&
    old.reason === next.reason &&
    old.message === next.message &&
    old.lastProbeTime === next.lastProbeTime &&
    old.lastTransitionTime === next.lastTransitionTime
  )
    return null;
  return {
    ...status,
    conditions: old
      ? conditions.map((existing) => (existing === old ? next : existing))
      : [...conditions, next],
  };
}
