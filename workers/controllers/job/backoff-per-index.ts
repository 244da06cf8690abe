// backoffLimitPerIndex of Indexed Jobs (pkg/controller/job/indexed_job_utils.go and
// backoff_utils.go): each pod carries its index's failure count in an annotation; an index fails
// once a counted failure finds the count at the limit (or a FailIndex rule matches); the failed
// pod waits, finalizer kept, until its replacement has inherited the count.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { getFinishedTime, remainingBackoff } from './backoff-utils.ts';
import {
  getCompletionIndex,
  hasIndex,
  parseIndexes,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
  type OrderedIntervals,
} from './indexed-job-utils.ts';
import { hasJobTrackingFinalizer, isPodFailed } from './job-util.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';

export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION =
  'batch.kubernetes.io/job-index-ignored-failure-count';
const INT32_MAX = 2 ** 31 - 1;

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed' && job.spec.backoffLimitPerIndex !== undefined;
}

/** parseInt32: a non-negative int32, else 0. */
function annotationCount(pod: Pod, key: string): number {
  const value = pod.metadata?.annotations?.[key];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return 0;
  const count = Number(value);
  return count < 0 || count > INT32_MAX ? 0 : count;
}

export const indexFailureCount = (pod: Pod): number =>
  annotationCount(pod, INDEX_FAILURE_COUNT_ANNOTATION);

/** getIndexAbsoluteFailureCount: counted and ignored failures together. */
export const indexAbsoluteFailureCount = (pod: Pod): number =>
  indexFailureCount(pod) + annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);

/** isIndexFailed. */
export function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const match = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (match.action === 'FailIndex') return true;
  return match.countFailed && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: status.failedIndexes plus indexes failed since. */
export function calculateFailedIndexes(job: Job, pods: Pod[]): OrderedIntervals {
  const completions = job.spec?.completions ?? 0;
  const previous = parseIndexes(job.status?.failedIndexes ?? '', completions);
  const failed = new Set<number>();
  for (const pod of pods) {
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (
      index !== UNKNOWN_COMPLETION_INDEX &&
      index < completions &&
      hasJobTrackingFinalizer(pod) &&
      isIndexFailed(job, pod)
    )
      failed.add(index);
  }
  return withOrderedIndexes(
    previous,
    [...failed].sort((a, b) => a - b),
  );
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index neither succeeded, failed nor active, the latest
 * failed tracked pod, kept until a replacement has its failure count.
 */
export function podsWithDelayedDeletionPerIndex(
  job: Job,
  candidates: Pod[],
  activePods: Pod[],
  succeeded: OrderedIntervals,
  failed: OrderedIntervals,
): Map<number, Pod> {
  const completions = job.spec?.completions ?? 0;
  const active = new Set(activePods.map((pod) => getCompletionIndex(pod.metadata?.annotations)));
  const delayed = new Map<number, Pod>();
  for (const pod of candidates) {
    if (!isPodFailed(pod, job)) continue;
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (index === UNKNOWN_COMPLETION_INDEX || index >= completions) continue;
    if (hasIndex(succeeded, index) || hasIndex(failed, index) || active.has(index)) continue;
    const last = delayed.get(index);
    if (
      !last ||
      (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(pod) &&
        getFinishedTime(pod) >= getFinishedTime(last))
    )
      delayed.set(index, pod);
  }
  return delayed;
}

/** getNewIndexFailureCounts: the replaced pod's counts, plus its own failure. */
export function newIndexFailureCounts(
  job: Job,
  replaced: Pod | undefined,
): { failures: number; ignored: number } {
  if (!replaced) return { failures: 0, ignored: 0 };
  let failures = indexFailureCount(replaced);
  let ignored = annotationCount(replaced, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
  if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failures++;
  else ignored++;
  return { failures, ignored };
}

/** getRemainingTimePerIndex: the back-off of an index from its last failed pod. */
export function remainingBackoffPerIndex(lastFailed: Pod | undefined, now: number): number {
  if (!lastFailed) return 0;
  return remainingBackoff(
    {
      failuresAfterLastSuccess: indexAbsoluteFailureCount(lastFailed) + 1,
      lastFailureTime: getFinishedTime(lastFailed),
    },
    now,
  );
}
