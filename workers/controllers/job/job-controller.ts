// The Job controller (pkg/controller/job/job_controller.go): runs pods until `completions` succeed
// (or, with no completions, until one does), at most `parallelism` at a time, backing off 10 s,
// 20 s, 40 s … after failures; fails the Job past backoffLimit, activeDeadlineSeconds or a FailJob
// podFailurePolicy rule; counts finished pods through the job-tracking finalizer and
// uncountedTerminatedPods; reports SuccessCriteriaMet/FailureTarget before Complete/Failed (1.32).
// Indexed Jobs may back off per index (backoffLimitPerIndex, maxFailedIndexes).
// Left out: adopting orphan pods (ControllerRefManager), managedBy other than the default, metrics.

import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../../api/time.ts';
import { isNotFound, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { Expectations } from '../expectations.ts';
import { isPodActive, isPodReady } from '../pod-util.ts';
import {
  calculateFailedIndexes,
  hasBackoffLimitPerIndex,
  podsWithDelayedDeletionPerIndex,
} from './backoff-per-index.ts';
import { newBackoffRecord, NO_BACKOFF, type BackoffRecord } from './backoff-utils.ts';
import { calculateSucceededIndexes, isIndexedJob, totalIndexes } from './indexed-job-utils.ts';
import {
  countTerminatingPods,
  ensureJobConditionStatus,
  failJobMessage,
  pastActiveDeadline,
  pastBackoffLimitOnFailure,
  failureTarget,
  hasJobTrackingFinalizer,
  isJobFinished,
  isPodFailed,
  JOB_TYPE,
  newCondition,
  successCriteriaMet,
} from './job-util.ts';
import { deleteActivePods, manageJob, type SyncJobContext } from './manage-pods.ts';
import { PodControl } from './pod-control.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { matchSuccessPolicy } from './success-policy.ts';
import { trackJobStatusAndRemoveFinalizers } from './job-status.ts';
import { JOB_TRACKING_FINALIZER, UidTrackingExpectations } from './tracking-utils.ts';

/** syncJobBatchPeriod: pod events and status updates are folded into one sync a second later. */
const SYNC_JOB_BATCH_PERIOD_MS = 1000;
const CONCURRENT_SYNCS = 5;
const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

function controllerRefOf(
  object: KubeObject,
): { uid: string; name: string; kind: string; apiVersion: string } | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

const jobSuspended = (job: Job): boolean => job.spec?.suspend === true;

export class JobController implements Controller {
  readonly name = 'job-controller';
  private context!: ControllerContext;
  private jobs!: Informer<Job>;
  private pods!: Informer<Pod>;
  private queue!: WorkQueue;
  private orphanQueue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private podControl!: PodControl;
  private readonly expectations = new Expectations();
  private readonly finalizerExpectations = new UidTrackingExpectations();
  private readonly backoffRecords = new Map<string, BackoffRecord>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.orphanQueue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.podControl = new PodControl(context.client, this.recorder);
    this.jobs = context.informers.for<Job>(JOB_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.jobs.addEventHandler({
      onAdd: (job) => {
        this.queue.add(objectKey(job));
      },
      onUpdate: (old, job) => {
        this.updateJob(old, job);
      },
      onDelete: (job) => {
        this.queue.add(objectKey(job));
        this.cleanupPodFinalizers(job);
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.addPod(pod);
      },
      onUpdate: (old, pod) => {
        this.updatePod(old, pod);
      },
      onDelete: (pod) => {
        this.deletePod(pod, true);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.syncJob(key));
    runWorkers(this.orphanQueue, 1, (key) => this.syncOrphanPod(key));
  }

  private get now(): number {
    return this.context.clock.now();
  }

  private enqueueBatched(job: Job): void {
    this.queue.addAfter(objectKey(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  /** The Job a controller reference points at, if it still exists with that uid. */
  private resolveControllerRef(pod: Pod): Job | undefined {
    const reference = controllerRefOf(pod);
    if (reference?.kind !== 'Job') return undefined;
    const job = this.jobs.get(`${pod.metadata?.namespace ?? ''}/${reference.name}`);
    return job?.metadata?.uid === reference.uid ? job : undefined;
  }

  private updateJob(old: Job, job: Job): void {
    const key = objectKey(job);
    // A spec change syncs at once; a status update waits for the batch period.
    if (old.metadata?.generation === job.metadata?.generation) this.enqueueBatched(job);
    else this.queue.add(key);
    if (isJobFinished(job)) this.cleanupPodFinalizers(job);
    const deadline = job.spec?.activeDeadlineSeconds;
    const startTime = job.status?.startTime;
    if (startTime && deadline !== undefined && old.spec?.activeDeadlineSeconds !== deadline) {
      this.queue.addAfter(key, deadline * 1000 - (this.now - parseTime(startTime)));
    }
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      this.deletePod(pod, false);
      return;
    }
    if (!controllerRefOf(pod)) {
      if (hasJobTrackingFinalizer(pod)) this.orphanQueue.add(objectKey(pod));
      return;
    }
    const job = this.resolveControllerRef(pod);
    if (!job) return;
    this.expectations.creationObserved(objectKey(job));
    this.enqueueBatched(job);
  }

  private updatePod(old: Pod, pod: Pod): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    if (pod.metadata?.deletionTimestamp) {
      this.deletePod(pod, false);
      return;
    }
    const finalizerRemoved = !hasJobTrackingFinalizer(pod);
    const oldJob = this.resolveControllerRef(old);
    const job = this.resolveControllerRef(pod);
    if (oldJob && oldJob.metadata?.uid !== job?.metadata?.uid) {
      if (finalizerRemoved)
        this.finalizerExpectations.finalizerRemovalObserved(
          objectKey(oldJob),
          pod.metadata?.uid ?? '',
        );
      this.enqueueBatched(oldJob);
    }
    if (job) {
      if (finalizerRemoved)
        this.finalizerExpectations.finalizerRemovalObserved(
          objectKey(job),
          pod.metadata?.uid ?? '',
        );
      this.enqueueBatched(job);
      return;
    }
    if (!controllerRefOf(pod) && hasJobTrackingFinalizer(pod)) this.orphanQueue.add(objectKey(pod));
  }

  /** `final` is the pod leaving the store; otherwise its deletion timestamp was just set. */
  private deletePod(pod: Pod, final: boolean): void {
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    const job = controllerRefOf(pod) ? this.resolveControllerRef(pod) : undefined;
    if (!job || isJobFinished(job)) {
      // syncJob will not remove this finalizer.
      if (hasFinalizer && !final) this.orphanQueue.add(objectKey(pod));
      return;
    }
    const key = objectKey(job);
    this.expectations.deletionObserved(key, objectKey(pod));
    if (final || !hasFinalizer)
      this.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata?.uid ?? '');
    this.enqueueBatched(job);
  }

  private cleanupPodFinalizers(job: Job): void {
    for (const pod of this.pods.list()) {
      if (
        pod.metadata?.namespace === job.metadata?.namespace &&
        controllerRefOf(pod)?.uid === job.metadata?.uid &&
        hasJobTrackingFinalizer(pod)
      )
        this.orphanQueue.add(objectKey(pod));
    }
  }

  /** syncOrphanPod: drop the tracking finalizer of a pod no unfinished Job controls. */
  private async syncOrphanPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    if (!pod) return;
    const reference = controllerRefOf(pod);
    if (reference) {
      if (reference.kind !== 'Job' || reference.apiVersion !== 'batch/v1') return;
      const job = this.resolveControllerRef(pod);
      if (job?.spec?.managedBy !== undefined && job.spec.managedBy !== JOB_CONTROLLER_NAME) return;
      if (job && !isJobFinished(job)) return;
    }
    if (!hasJobTrackingFinalizer(pod)) return;
    try {
      await this.podControl.removeFinalizer(pod, JOB_TRACKING_FINALIZER);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private podsForJob(job: Job): Pod[] {
    return this.pods
      .list()
      .filter(
        (pod) =>
          pod.metadata?.namespace === job.metadata?.namespace &&
          controllerRefOf(pod)?.uid === job.metadata?.uid,
      );
  }

  private newFailureCondition(reason: string, message: string): JobCondition {
    return newCondition('FailureTarget', 'True', reason, message, this.now);
  }

  private async syncJob(key: string): Promise<void> {
    const shared = this.jobs.get(key);
    if (!shared) {
      this.expectations.delete(key);
      this.finalizerExpectations.deleteExpectations(key);
      this.backoffRecords.delete(key);
      return;
    }
    const managedBy = shared.spec?.managedBy;
    if (managedBy !== undefined && managedBy !== JOB_CONTROLLER_NAME) return;
    const job = { ...structuredClone(shared), status: structuredClone(shared.status ?? {}) };
    if (isJobFinished(job)) {
      this.backoffRecords.delete(key);
      return;
    }
    const mode = job.spec?.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(
        job,
        'Warning',
        'UnknownCompletionMode',
        'Skipped Job sync because completion mode is unknown',
      );
      return;
    }
    const status = job.status;
    status.uncountedTerminatedPods ??= {};
    const satisfiedExpectations = this.expectations.satisfied(key, this.now);
    const pods = this.podsForJob(job);
    const activePods = pods.filter(isPodActive);
    const uncounted = {
      succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
      failed: new Set(status.uncountedTerminatedPods.failed ?? []),
    };
    const ctx: SyncJobContext = {
      key,
      job,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      terminating: countTerminatingPods(pods),
      uncounted,
      expectedRmFinalizers: this.finalizerExpectations.getExpectedUids(key),
      succeeded: 0,
      failed: 0,
      finishedCondition: null,
      prevSucceededIndexes: [],
      succeededIndexes: [],
      newBackoffRecord: NO_BACKOFF,
      failedIndexes: null,
      podsWithDelayedDeletionPerIndex: new Map(),
    };
    let active = activePods.length;
    const newSucceeded = this.validPods(
      ctx,
      uncounted.succeeded,
      (pod) => pod.status?.phase === 'Succeeded',
    );
    const newFailed = this.validPods(ctx, uncounted.failed, (pod) => isPodFailed(pod, job));
    const nonIgnoredFailed = newFailed.filter(
      (pod) => matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed,
    ).length;
    ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size;
    ctx.failed = (status.failed ?? 0) + nonIgnoredFailed + uncounted.failed.size;
    // The first start; a Job created suspended starts when resumed.
    if (!status.startTime && !jobSuspended(job)) status.startTime = formatTime(this.now);
    ctx.newBackoffRecord = newBackoffRecord(
      this.backoffRecords.get(key) ?? NO_BACKOFF,
      newSucceeded,
      newFailed,
    );

    ctx.finishedCondition = successCriteriaMet(job) ?? null;
    if (!ctx.finishedCondition) {
      const target = failureTarget(job);
      const failJob = failJobMessage(job, pods);
      if (target) {
        ctx.finishedCondition = newCondition(
          'Failed',
          'True',
          target.reason ?? '',
          target.message ?? '',
          this.now,
        );
      } else if (failJob !== null) {
        // The interim condition keeps the message while the finalizers are removed.
        ctx.finishedCondition = newCondition(
          'FailureTarget',
          'True',
          'PodFailurePolicy',
          failJob,
          this.now,
        );
      }
    }
    if (!ctx.finishedCondition) {
      const deadline = job.spec?.activeDeadlineSeconds;
      if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = this.newFailureCondition(
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
        );
      } else if (pastActiveDeadline(job, this.now)) {
        ctx.finishedCondition = this.newFailureCondition(
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
        );
      } else if (deadline !== undefined && !jobSuspended(job) && status.startTime) {
        this.queue.addAfter(key, deadline * 1000 - (this.now - parseTime(status.startTime)));
      }
    }
    if (isIndexedJob(job)) {
      const indexes = calculateSucceededIndexes(job, pods, hasJobTrackingFinalizer);
      ctx.prevSucceededIndexes = indexes.previous;
      ctx.succeededIndexes = indexes.current;
      ctx.succeeded = indexes.current.reduce((sum, i) => sum + i.last - i.first + 1, 0);
      if (hasBackoffLimitPerIndex(job)) this.trackFailedIndexes(ctx);
      if (!ctx.finishedCondition) {
        const message = matchSuccessPolicy(
          job.spec?.successPolicy,
          job.spec?.completions ?? 0,
          ctx.succeededIndexes,
        );
        if (message !== null)
          ctx.finishedCondition = newCondition(
            'SuccessCriteriaMet',
            'True',
            'SuccessPolicy',
            message,
            this.now,
          );
      }
    }

    let manageError: Error | null = null;
    let suspendConditionChanged = false;
    if (ctx.finishedCondition) {
      const { deletedReady, deleted, error } = await deleteActivePods(
        this.podControl,
        job,
        activePods,
      );
      if (deleted !== active || !satisfiedExpectations) {
        // Pods still to finish or to show up in the informer: not finished yet.
        ctx.finishedCondition = null;
      }
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      manageError = error;
    } else {
      let manageJobCalled = false;
      if (satisfiedExpectations && !job.metadata?.deletionTimestamp) {
        ({ active, error: manageError } = await manageJob(
          {
            podControl: this.podControl,
            expectations: this.expectations,
            now: this.now,
            requeueAfter: (delayMs) => {
              this.queue.addAfter(key, Math.max(delayMs, SYNC_JOB_BATCH_PERIOD_MS));
            },
          },
          ctx,
        ));
        manageJobCalled = true;
      }
      const completions = job.spec?.completions;
      const complete =
        completions === undefined
          ? ctx.succeeded > 0 && active === 0
          : ctx.succeeded >= completions && active === 0;
      if (complete) {
        ctx.finishedCondition = newCondition(
          'SuccessCriteriaMet',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          this.now,
        );
      } else if (manageJobCalled) {
        suspendConditionChanged = this.updateSuspendCondition(job);
      }
    }
    const needsStatusUpdate =
      suspendConditionChanged ||
      active !== (status.active ?? 0) ||
      ctx.ready !== status.ready ||
      ctx.terminating !== status.terminating;
    status.active = active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await trackJobStatusAndRemoveFinalizers(
      {
        client: this.context.client,
        recorder: this.recorder,
        podControl: this.podControl,
        finalizerExpectations: this.finalizerExpectations,
        now: () => this.now,
        saveBackoffRecord: (record) => this.backoffRecords.set(key, record),
      },
      ctx,
      needsStatusUpdate,
    );
    if (manageError) throw manageError;
  }

  /** Failed indexes, the conditions they imply, and the failed pods kept for their counts. */
  private trackFailedIndexes(ctx: SyncJobContext): void {
    const job = ctx.job;
    const failed = calculateFailedIndexes(job, ctx.pods);
    ctx.failedIndexes = failed;
    const failedCount = totalIndexes(failed);
    const maxFailed = job.spec?.maxFailedIndexes;
    if (!ctx.finishedCondition) {
      if (maxFailed !== undefined && failedCount > maxFailed) {
        ctx.finishedCondition = this.newFailureCondition(
          'MaxFailedIndexesExceeded',
          'Job has exceeded the specified maximal number of failed indexes',
        );
      } else if (failedCount > 0 && failedCount + ctx.succeeded >= (job.spec?.completions ?? 0)) {
        ctx.finishedCondition = this.newFailureCondition('FailedIndexes', 'Job has failed indexes');
      }
    }
    const candidates = this.validPods(ctx, new Set(), () => true);
    ctx.podsWithDelayedDeletionPerIndex = podsWithDelayedDeletionPerIndex(
      job,
      candidates,
      ctx.activePods,
      ctx.succeededIndexes,
      failed,
    );
  }

  /** Suspended / JobResumed conditions and events; resuming restarts the deadline clock. */
  private updateSuspendCondition(job: Job): boolean {
    const status = job.status ?? {};
    const suspended = jobSuspended(job);
    const { conditions, changed } = ensureJobConditionStatus(
      status.conditions ?? [],
      'Suspended',
      suspended ? 'True' : 'False',
      suspended ? 'JobSuspended' : 'JobResumed',
      suspended ? 'Job suspended' : 'Job resumed',
      this.now,
    );
    if (!changed) return false;
    status.conditions = conditions;
    if (suspended) {
      this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
    } else {
      this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
      status.startTime = formatTime(this.now);
    }
    return true;
  }

  /** getValidPodsWithFilter: tracked pods not yet counted (with a valid index when Indexed). */
  private validPods(
    ctx: SyncJobContext,
    uncounted: Set<string>,
    filter: (pod: Pod) => boolean,
  ): Pod[] {
    const completions = ctx.job.spec?.completions ?? 0;
    return ctx.pods.filter((pod) => {
      const uid = pod.metadata?.uid ?? '';
      if (!hasJobTrackingFinalizer(pod) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid))
        return false;
      if (isIndexedJob(ctx.job)) {
        const annotation = pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'];
        const index =
          annotation !== undefined && /^\d+$/.test(annotation) ? Number(annotation) : -1;
        if (index < 0 || index >= completions) return false;
      }
      return filter(pod);
    });
  }
}
