// Finished-pod accounting of the Job controller (trackJobStatusAndRemoveFinalizers and
// flushUncountedAndRemoveFinalizers in pkg/controller/job/job_controller.go): a finished pod's uid
// goes to status.uncountedTerminatedPods first, then its job-tracking finalizer is removed, then
// it moves into succeeded/failed; the interim SuccessCriteriaMet/FailureTarget condition is
// written before the finalizers go, and Complete/Failed once nothing is uncounted or terminating.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime } from '../../api/time.ts';
import { isNotFound, type Client } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import type { BackoffRecord } from './backoff-utils.ts';
import {
  formatIntervals,
  getCompletionIndex,
  hasIndex,
  isIndexedJob,
  totalIndexes,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
} from './indexed-job-utils.ts';
import {
  ensureJobConditionStatus,
  hasJobTrackingFinalizer,
  isPodFailed,
  JOB_TYPE,
  newCondition,
  successCriteriaMet,
  toError,
} from './job-util.ts';
import type { SyncJobContext } from './manage-pods.ts';
import type { PodControl } from './pod-control.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { JOB_TRACKING_FINALIZER, type UidTrackingExpectations } from './tracking-utils.ts';

/** MaxUncountedPods: keeps uncountedTerminatedPods near 20 KB. */
export const MAX_UNCOUNTED_PODS = 500;

export interface TrackingDeps {
  client: Client;
  recorder: CoreEventRecorder;
  podControl: PodControl;
  finalizerExpectations: UidTrackingExpectations;
  now(): number;
  saveBackoffRecord(record: BackoffRecord): void;
}

/** cleanUncountedPodsWithoutFinalizers: uids whose finalizer is gone move into the counters. */
function cleanUncounted(job: SyncJobContext['job'], withFinalizer: Set<string>): boolean {
  const uncounted = (job.status.uncountedTerminatedPods ??= {});
  let updated = false;
  for (const kind of ['succeeded', 'failed'] as const) {
    const uids = uncounted[kind] ?? [];
    const kept = uids.filter((uid) => withFinalizer.has(uid));
    if (kept.length === uids.length) continue;
    updated = true;
    job.status[kind] = (job.status[kind] ?? 0) + uids.length - kept.length;
    if (kept.length > 0) uncounted[kind] = kept;
    else delete uncounted[kind];
  }
  return updated;
}

/** canRemoveFinalizer: a failed pod whose index awaits its replacement keeps it. */
function canRemoveFinalizer(ctx: SyncJobContext, pod: Pod, considerFailed: boolean): boolean {
  if (
    ctx.job.metadata?.deletionTimestamp !== undefined ||
    ctx.finishedCondition !== null ||
    pod.status?.phase === 'Succeeded'
  )
    return true;
  if (!considerFailed) return false;
  const index = getCompletionIndex(pod.metadata?.annotations);
  return ctx.podsWithDelayedDeletionPerIndex.get(index)?.metadata?.uid !== pod.metadata?.uid;
}

async function updateStatus(
  deps: TrackingDeps,
  job: SyncJobContext['job'],
): Promise<SyncJobContext['job']> {
  const updated = await deps.client
    .resource<Job>(JOB_TYPE, job.metadata?.namespace)
    .updateStatus(job);
  return { ...updated, status: updated.status ?? {} };
}

/** removeTrackingFinalizerFromPods: which removals succeeded (a pod already gone counts). */
async function removeFinalizers(
  deps: TrackingDeps,
  key: string,
  pods: Pod[],
): Promise<{ removed: boolean[]; error: Error | null }> {
  deps.finalizerExpectations.expectFinalizersRemoved(
    key,
    pods.map((pod) => pod.metadata?.uid ?? ''),
  );
  let error: Error | null = null;
  const removed = await Promise.all(
    pods.map(async (pod) => {
      try {
        await deps.podControl.removeFinalizer(pod, JOB_TRACKING_FINALIZER);
        return true;
      } catch (failure) {
        // No update will show the finalizer removed.
        deps.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata?.uid ?? '');
        if (isNotFound(failure)) return true;
        error = toError(failure);
        return false;
      }
    }),
  );
  return { removed, error };
}

/** Adds finished pods to uncountedTerminatedPods and picks the pods whose finalizer goes. */
function collectFinishedPods(ctx: SyncJobContext): {
  toRemove: Pod[];
  newSucceededIndexes: number[];
  needsFlush: boolean;
  reachedMax: boolean;
} {
  const job = ctx.job;
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  const uncounted = (job.status.uncountedTerminatedPods ??= {});
  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let needsFlush = false;
  const pods = indexed
    ? [...ctx.pods].sort(
        (a, b) =>
          getCompletionIndex(a.metadata?.annotations) - getCompletionIndex(b.metadata?.annotations),
      )
    : ctx.pods;
  for (const pod of pods) {
    const uid = pod.metadata?.uid ?? '';
    if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemove.push(pod);
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        if (
          index !== UNKNOWN_COMPLETION_INDEX &&
          index < completions &&
          !hasIndex(ctx.prevSucceededIndexes, index)
        ) {
          newSucceededIndexes.push(index);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
      }
    } else if (
      considerFailed ||
      (ctx.finishedCondition !== null && ctx.finishedCondition.type !== 'SuccessCriteriaMet')
    ) {
      // Once the Job is finishing, every pod not terminated counts as failed.
      const validIndex = !indexed || (index !== UNKNOWN_COMPLETION_INDEX && index < completions);
      if (!ctx.uncounted.failed.has(uid) && validIndex) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
          needsFlush = true;
          uncounted.failed = [...(uncounted.failed ?? []), uid];
        }
      }
    }
    const total =
      newSucceededIndexes.length +
      (uncounted.succeeded?.length ?? 0) +
      (uncounted.failed?.length ?? 0);
    if (total >= MAX_UNCOUNTED_PODS)
      return { toRemove, newSucceededIndexes, needsFlush, reachedMax: true };
  }
  return { toRemove, newSucceededIndexes, needsFlush, reachedMax: false };
}

/** trackJobStatusAndRemoveFinalizers. */
export async function trackJobStatusAndRemoveFinalizers(
  deps: TrackingDeps,
  ctx: SyncJobContext,
  needsStatusUpdate: boolean,
): Promise<void> {
  let needsFlush = needsStatusUpdate;
  const withFinalizer = new Set(
    ctx.pods
      .filter(
        (pod) =>
          hasJobTrackingFinalizer(pod) && !ctx.expectedRmFinalizers.has(pod.metadata?.uid ?? ''),
      )
      .map((pod) => pod.metadata?.uid ?? ''),
  );
  if (cleanUncounted(ctx.job, withFinalizer)) needsFlush = true;
  const collected = collectFinishedPods(ctx);
  if (collected.needsFlush) needsFlush = true;
  const job = ctx.job;
  if (isIndexedJob(job)) {
    ctx.succeededIndexes = withOrderedIndexes(
      ctx.succeededIndexes,
      [...collected.newSucceededIndexes].sort((a, b) => a - b),
    );
    const completed = formatIntervals(ctx.succeededIndexes);
    if (completed !== (job.status.completedIndexes ?? '')) needsFlush = true;
    job.status.succeeded = totalIndexes(ctx.succeededIndexes);
    // A string field with omitempty: empty is absent.
    if (completed === '') delete job.status.completedIndexes;
    else job.status.completedIndexes = completed;
    const failed = ctx.failedIndexes === null ? undefined : formatIntervals(ctx.failedIndexes);
    if (failed !== job.status.failedIndexes) {
      if (failed === undefined) delete job.status.failedIndexes;
      else job.status.failedIndexes = failed;
      needsFlush = true;
    }
  }
  const now = deps.now();
  const finished = ctx.finishedCondition;
  if (finished?.type === 'FailureTarget') {
    // The interim condition is saved before the finalizers go; Failed follows once they have.
    job.status.conditions = [...(job.status.conditions ?? []), finished];
    needsFlush = true;
    ctx.finishedCondition = newCondition(
      'Failed',
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      now,
    );
  } else if (finished?.type === 'SuccessCriteriaMet' && finished.status === 'True') {
    if (!successCriteriaMet(job)) {
      job.status.conditions = [...(job.status.conditions ?? []), finished];
      needsFlush = true;
    }
    ctx.finishedCondition = newCondition(
      'Complete',
      'True',
      finished.reason ?? '',
      finished.message ?? '',
      now,
    );
  }
  needsFlush = await flushUncountedAndRemoveFinalizers(
    deps,
    ctx,
    collected.toRemove,
    withFinalizer,
    needsFlush,
  );
  const jobFinished = !collected.reachedMax && enactJobFinished(ctx, deps.now());
  if (jobFinished) needsFlush = true;
  if (!needsFlush) return;
  ctx.job = await updateStatus(deps, ctx.job);
  if (jobFinished) recordJobFinished(deps.recorder, ctx);
}

async function flushUncountedAndRemoveFinalizers(
  deps: TrackingDeps,
  ctx: SyncJobContext,
  toRemove: Pod[],
  withFinalizer: Set<string>,
  needsFlushIn: boolean,
): Promise<boolean> {
  let needsFlush = needsFlushIn;
  if (needsFlush) {
    ctx.job = await updateStatus(deps, ctx.job);
    deps.saveBackoffRecord(ctx.newBackoffRecord);
    needsFlush = false;
  }
  let removeError: Error | null = null;
  if (toRemove.length > 0) {
    const { removed, error } = await removeFinalizers(deps, ctx.key, toRemove);
    removeError = error;
    toRemove.forEach((pod, index) => {
      if (removed[index]) withFinalizer.delete(pod.metadata?.uid ?? '');
    });
  }
  // Count what was removed, even when some removals failed.
  if (cleanUncounted(ctx.job, withFinalizer)) needsFlush = true;
  if (removeError) {
    if (needsFlush) ctx.job = await updateStatus(deps, ctx.job);
    throw removeError;
  }
  return needsFlush;
}

/** enactJobFinished: Complete or Failed once no pod is uncounted or still terminating. */
function enactJobFinished(ctx: SyncJobContext, now: number): boolean {
  const finished = ctx.finishedCondition;
  if (!finished) return false;
  const job = ctx.job;
  const uncounted = job.status.uncountedTerminatedPods;
  if ((uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const { conditions } = ensureJobConditionStatus(
    job.status.conditions ?? [],
    finished.type as 'Complete' | 'Failed',
    'True',
    finished.reason ?? '',
    finished.message ?? '',
    now,
  );
  job.status.conditions = conditions;
  if (finished.type === 'Complete') job.status.completionTime = formatTime(now);
  return true;
}

function recordJobFinished(recorder: CoreEventRecorder, ctx: SyncJobContext): void {
  const job = ctx.job;
  const finished = ctx.finishedCondition;
  if (!finished) return;
  if (finished.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && (job.status.succeeded ?? 0) > completions)
      recorder.event(
        job,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    recorder.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    recorder.event(job, 'Warning', finished.reason ?? '', finished.message ?? '');
  }
}
