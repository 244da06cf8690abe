// manageJob and its pod control (pkg/controller/job/job_controller.go): surplus pods are deleted
// first (duplicate indexes, then the youngest); missing ones are created after the back-off, in
// slow-start batches of 1, 2, 4 … that stop at the first failure, each from the template plus the
// job-tracking finalizer and, for Indexed Jobs, the completion-index annotation and label,
// JOB_COMPLETION_INDEX, the `<job>-<index>` hostname and the index's failure count.

import type { Job, JobStatus } from 'kubernetes-types/batch/v1';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { isNotFound } from '../../client/client.ts';
import { objectKey } from '../../client/informer.ts';
import type { Expectations } from '../expectations.ts';
import { isPodReady } from '../pod-util.ts';
import { compareActivePods } from './active-pods.ts';
import { remainingBackoff, type BackoffRecord } from './backoff-utils.ts';
import {
  hasBackoffLimitPerIndex,
  INDEX_FAILURE_COUNT_ANNOTATION,
  INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  newIndexFailureCounts,
  remainingBackoffPerIndex,
} from './backoff-per-index.ts';
import {
  COMPLETION_INDEX_ANNOTATION,
  getCompletionIndex,
  mergeIntervals,
  withOrderedIndexes,
  COMPLETION_INDEX_ENV_NAME,
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  isIndexedJob,
  podGenerateNameWithIndex,
  UNKNOWN_COMPLETION_INDEX,
  type OrderedIntervals,
} from './indexed-job-utils.ts';
import type { JobCondition } from 'kubernetes-types/batch/v1';
import type { PodControl } from './pod-control.ts';
import { hasJobTrackingFinalizer, onlyReplaceFailedPods, toError } from './job-util.ts';
import { JOB_TRACKING_FINALIZER } from './tracking-utils.ts';

/** syncJobCtx: what one sync of a Job has worked out so far. */
export interface SyncJobContext {
  key: string;
  job: Job & { status: JobStatus };
  pods: Pod[];
  activePods: Pod[];
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  expectedRmFinalizers: ReadonlySet<string>;
  finishedCondition: JobCondition | null;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  newBackoffRecord: BackoffRecord;
  /** With backoffLimitPerIndex: the failed indexes, and per index the failed pod kept for its count. */
  failedIndexes: OrderedIntervals | null;
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
}

/** The active count after manageJob, and the first error it met. */
export interface ManageResult {
  active: number;
  error: Error | null;
}

/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** What managing a Job's pods needs from the controller. */
export interface ManageDeps {
  podControl: PodControl;
  expectations: Expectations;
  now: number;
  /** Sync the Job again after `delayMs` (at least the batch period). */
  requeueAfter(delayMs: number): void;
}

/** controller.SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH_SIZE = 1;

function addCompletionIndexEnvVariable(container: Container): void {
  if (container.env?.some((variable) => variable.name === COMPLETION_INDEX_ENV_NAME)) return;
  container.env = [
    ...(container.env ?? []),
    {
      name: COMPLETION_INDEX_ENV_NAME,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX_ANNOTATION}']` } },
    },
  ];
}

/** The Job's template with the tracking finalizer (and, when Indexed, the index variable). */
function podTemplate(job: Job): PodTemplateSpec {
  const template = structuredClone(job.spec?.template ?? {});
  if (isIndexedJob(job) && template.spec) {
    for (const container of template.spec.initContainers ?? [])
      addCompletionIndexEnvVariable(container);
    for (const container of template.spec.containers) addCompletionIndexEnvVariable(container);
  }
  const meta = (template.metadata ??= {});
  const finalizers = meta.finalizers ?? [];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER))
    meta.finalizers = [...finalizers, JOB_TRACKING_FINALIZER];
  return template;
}

function indexedTemplate(
  job: Job,
  template: PodTemplateSpec,
  index: number,
  replaced: Pod | undefined,
): PodTemplateSpec {
  const indexed = structuredClone(template);
  const meta = (indexed.metadata ??= {});
  meta.annotations = { ...meta.annotations, [COMPLETION_INDEX_ANNOTATION]: String(index) };
  if (hasBackoffLimitPerIndex(job)) {
    const { failures, ignored } = newIndexFailureCounts(job, replaced);
    meta.annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
    if (ignored > 0) meta.annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
  }
  meta.labels = { ...meta.labels, [COMPLETION_INDEX_ANNOTATION]: String(index) };
  if (indexed.spec) indexed.spec.hostname = `${job.metadata?.name ?? ''}-${index}`;
  return indexed;
}

/** The indexes of pods being deleted (controller.FilterTerminatingPods). */
function terminatingIndexes(pods: Pod[]): OrderedIntervals {
  const indexes = pods
    .filter(
      (pod) =>
        pod.metadata?.deletionTimestamp !== undefined &&
        pod.status?.phase !== 'Succeeded' &&
        pod.status?.phase !== 'Failed',
    )
    .map((pod) => getCompletionIndex(pod.metadata?.annotations))
    .filter((index) => index !== UNKNOWN_COMPLETION_INDEX);
  return withOrderedIndexes(
    [],
    [...new Set(indexes)].sort((a, b) => a - b),
  );
}

/** Creates `diff` pods; returns the active count with the successful creations. */
async function createPods(
  deps: ManageDeps,
  ctx: SyncJobContext,
  count: number,
  activeBefore: number,
): Promise<ManageResult> {
  const job = ctx.job;
  const name = job.metadata?.name ?? '';
  let diff = count;
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    let unavailable = ctx.failedIndexes ?? [];
    if (onlyReplaceFailedPods(job))
      unavailable = mergeIntervals(unavailable, terminatingIndexes(ctx.pods));
    indexes = firstPendingIndexes(
      ctx.activePods,
      ctx.succeededIndexes,
      diff,
      job.spec?.completions ?? 0,
      unavailable,
    );
    if (hasBackoffLimitPerIndex(job)) {
      // getPodCreationInfoForIndependentIndexes: only indexes whose back-off is over.
      const remaining = indexes.map((index) =>
        remainingBackoffPerIndex(ctx.podsWithDelayedDeletionPerIndex.get(index), deps.now),
      );
      const ready = indexes.filter((_, i) => remaining[i] === 0);
      if (ready.length === 0 && indexes.length > 0) {
        deps.requeueAfter(Math.min(...remaining));
        return { active: activeBefore, error: null };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  deps.expectations.expectCreations(ctx.key, diff, deps.now);
  let active = activeBefore + diff;
  const template = podTemplate(job);
  let error: Error | null = null;
  for (
    let batch = Math.min(diff, SLOW_START_INITIAL_BATCH_SIZE);
    diff > 0;
    batch = Math.min(2 * batch, diff)
  ) {
    const results = await Promise.allSettled(
      Array.from({ length: batch }, () => {
        const index = indexes.shift() ?? UNKNOWN_COMPLETION_INDEX;
        return index === UNKNOWN_COMPLETION_INDEX
          ? deps.podControl.create(job, template, `${name}-`)
          : deps.podControl.create(
              job,
              indexedTemplate(job, template, index, ctx.podsWithDelayedDeletionPerIndex.get(index)),
              podGenerateNameWithIndex(name, index),
            );
      }),
    );
    const failures = results.filter((result) => result.status === 'rejected');
    for (const failure of failures) {
      // The informer will never see these pods.
      deps.expectations.creationObserved(ctx.key);
      active--;
      error ??= toError(failure.reason);
    }
    const skipped = diff - batch;
    if (failures.length > 0 && skipped > 0) {
      active -= skipped;
      for (let i = 0; i < skipped; i++) deps.expectations.creationObserved(ctx.key);
      break;
    }
    diff -= batch;
  }
  return { active, error };
}

interface Deletions {
  deletedReady: number;
  deleted: number;
  error: Error | null;
}

/** Deletes `pods` with `remove`; a pod already gone counts as deleted, as upstream counts it. */
async function deletePods(
  pods: Pod[],
  remove: (pod: Pod) => Promise<void>,
  onFailure: (pod: Pod) => void = () => undefined,
): Promise<Deletions> {
  const result: Deletions = { deletedReady: 0, deleted: pods.length, error: null };
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await remove(pod);
      } catch (failure) {
        onFailure(pod);
        if (!isNotFound(failure)) {
          result.deleted--;
          result.error = toError(failure);
        }
      }
      if (isPodReady(pod)) result.deletedReady++;
    }),
  );
  return result;
}

/** deleteActivePods: DELETE keeps the finalizers; tracking removes them once counted. */
export function deleteActivePods(
  podControl: PodControl,
  job: Job,
  pods: Pod[],
): Promise<Deletions> {
  return deletePods(pods, (pod) => podControl.delete(job, pod));
}

/** deleteJobPods: drop the finalizer, then delete; each failure is one deletion less to expect. */
function deleteJobPods(deps: ManageDeps, ctx: SyncJobContext, pods: Pod[]): Promise<Deletions> {
  return deletePods(
    pods,
    async (pod) => {
      if (hasJobTrackingFinalizer(pod))
        await deps.podControl.removeFinalizer(pod, JOB_TRACKING_FINALIZER);
      await deps.podControl.delete(ctx.job, pod);
    },
    (pod) => {
      deps.expectations.deletionObserved(ctx.key, objectKey(pod));
    },
  );
}

/**
 * manageJob: delete surplus pods (or all of a suspended Job's), else create the missing ones,
 * unless the failure back-off still runs. Returns the new active count.
 */
export async function manageJob(deps: ManageDeps, ctx: SyncJobContext): Promise<ManageResult> {
  const job = ctx.job;
  const active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  if (job.spec?.suspend === true) {
    const victims = activePodsForRemoval(job, ctx.activePods, active);
    return removePods(deps, ctx, victims, active);
  }
  const completions = job.spec?.completions;
  let wantActive: number;
  if (completions === undefined) {
    // Once a pod succeeded, whatever still runs may run out; nothing new starts.
    wantActive = ctx.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  }
  const surplus = Math.max(0, active - wantActive);
  const victims = activePodsForRemoval(job, ctx.activePods, surplus).slice(
    0,
    MAX_POD_CREATE_DELETE_PER_SYNC,
  );
  // Deletion takes precedence: one sync either deletes or creates.
  if (victims.length > 0) return removePods(deps, ctx, victims, active);
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  const diff = wantActive - terminating - active;
  if (diff <= 0) return { active, error: null };
  // With backoffLimitPerIndex each index backs off on its own.
  const remaining = hasBackoffLimitPerIndex(job)
    ? 0
    : remainingBackoff(ctx.newBackoffRecord, deps.now);
  if (remaining > 0) {
    deps.requeueAfter(remaining);
    return { active, error: null };
  }
  return createPods(deps, ctx, Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC), active);
}

async function removePods(
  deps: ManageDeps,
  ctx: SyncJobContext,
  victims: Pod[],
  active: number,
): Promise<ManageResult> {
  if (victims.length === 0) return { active, error: null };
  deps.expectations.expectDeletions(ctx.key, victims.map(objectKey), deps.now);
  const { deletedReady, deleted, error } = await deleteJobPods(deps, ctx, victims);
  ctx.terminating += deleted;
  ctx.ready -= deletedReady;
  return { active: active - deleted, error };
}

/** activePodsForRemoval: duplicated or out-of-range indexes first, then the youngest pods. */
function activePodsForRemoval(job: Job, pods: Pod[], atLeast: number): Pod[] {
  let remove: Pod[] = [];
  let keep = pods;
  if (isIndexedJob(job))
    ({ remove, keep } = duplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  if (remove.length < atLeast) {
    remove = [...remove, ...[...keep].sort(compareActivePods).slice(0, atLeast - remove.length)];
  }
  return remove;
}
