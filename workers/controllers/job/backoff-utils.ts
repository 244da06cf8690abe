// The pod-failure back-off of a Job (pkg/controller/job/backoff_utils.go): failures since the last
// success, the time of the last one (from container finish times, the Ready=False transition, or
// the deletion timestamp), and the delay before a replacement: 10 s doubling to the cap.

import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../../api/time.ts';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number | null;
}

export const NO_BACKOFF: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: null };

/** The latest finishedAt of the containers, or null while one has not terminated. */
function finishTimeFromContainers(pod: Pod): number | null {
  let latest: number | null = null;
  const sidecars = new Set(
    (pod.spec?.initContainers ?? [])
      .filter((container) => container.restartPolicy === 'Always')
      .map((container) => container.name),
  );
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []).filter((status) => sidecars.has(status.name)),
  ];
  for (const status of statuses) {
    const finishedAt = status.state?.terminated?.finishedAt;
    if (!finishedAt) return null;
    const time = parseTime(finishedAt);
    if (latest === null || latest < time) latest = time;
  }
  return latest;
}

/** getFinishedTime. */
export function getFinishedTime(pod: Pod): number {
  const fromContainers = finishTimeFromContainers(pod);
  if (fromContainers !== null) return fromContainers;
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime)
    return parseTime(ready.lastTransitionTime);
  const deletion = pod.metadata?.deletionTimestamp;
  if (deletion) return parseTime(deletion) - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata?.creationTimestamp ?? '') || 0;
}

const byFinishedTime = (a: Pod, b: Pod): number => getFinishedTime(a) - getFinishedTime(b);

/** backoffStore.newBackoffRecord: the record after the newly finished pods of one sync. */
export function newBackoffRecord(
  previous: BackoffRecord,
  newSucceeded: Pod[],
  newFailed: Pod[],
): BackoffRecord {
  const succeeded = [...newSucceeded].sort(byFinishedTime);
  const failed = [...newFailed].sort(byFinishedTime);
  const lastFailed = failed[failed.length - 1];
  const lastSucceeded = succeeded[succeeded.length - 1];
  if (!lastSucceeded) {
    if (!lastFailed) return previous;
    return {
      failuresAfterLastSuccess: previous.failuresAfterLastSuccess + failed.length,
      lastFailureTime: getFinishedTime(lastFailed),
    };
  }
  const record: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: null };
  const lastSuccessTime = getFinishedTime(lastSucceeded);
  for (let i = failed.length - 1; i >= 0; i--) {
    const failedTime = getFinishedTime(failed[i] as Pod);
    if (failedTime <= lastSuccessTime) break;
    record.lastFailureTime ??= failedTime;
    record.failuresAfterLastSuccess++;
  }
  return record;
}

/** getRemainingTimeForFailuresCount: how long a replacement still waits, 0 when it may start. */
export function remainingBackoff(
  record: BackoffRecord,
  now: number,
  defaultBackoffMs = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  maxBackoffMs = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === null) return 0;
  let backoff = defaultBackoffMs;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= maxBackoffMs) {
      backoff = maxBackoffMs;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
