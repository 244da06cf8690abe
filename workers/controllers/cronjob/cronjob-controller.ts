// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): at each activation of
// the schedule (in spec.timeZone) it creates the Job `<cronjob>-<minutes since epoch>`, honouring
// concurrencyPolicy, startingDeadlineSeconds and suspend; it keeps status.active,
// lastScheduleTime and lastSuccessfulTime, prunes finished Jobs past the history limits, and
// requeues itself 100 ms after the next activation.

import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { parseStandardSchedule, type CronSchedule } from '../../api/cron.ts';
import { goQuote, isParseError } from '../../api/errors.ts';
import { formatTime, parseTime } from '../../api/time.ts';
import { loadLocationError } from '../../api/time-zone.ts';
import { isAlreadyExists, isNotFound } from '../../client/client.ts';
import { referenceTo, type CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { JOB_TYPE, toError } from '../job/job-util.ts';
import {
  compareJobStartTime,
  deleteFromActiveList,
  getFinishedStatus,
  getJobFromTemplate,
  getJobName,
  inActiveList,
  inActiveListByName,
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
} from './utils.ts';

export const CRON_JOB_TYPE = { group: 'batch', version: 'v1', resource: 'cronjobs' } as const;
const CONCURRENT_SYNCS = 5;

function controllerRefOf(
  object: KubeObject,
): { uid: string; name: string; kind: string } | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

/** time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function formatRfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** What one sync concluded: when to sync again, and whether status changed. */
interface SyncResult {
  requeueAfter: number | null;
  updateStatus: boolean;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  private context!: ControllerContext;
  private cronJobs!: Informer<CronJob>;
  private jobs!: Informer<Job>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.cronJobs = context.informers.for<CronJob>(CRON_JOB_TYPE);
    this.jobs = context.informers.for<Job>(JOB_TYPE);
    this.jobs.addEventHandler({
      onAdd: (job) => {
        this.enqueueOwner(job);
      },
      onUpdate: (old, job) => {
        if (old.metadata?.resourceVersion === job.metadata?.resourceVersion) return;
        if (controllerRefOf(old)?.uid !== controllerRefOf(job)?.uid) this.enqueueOwner(old);
        this.enqueueOwner(job);
      },
      onDelete: (job) => {
        this.enqueueOwner(job);
      },
    });
    this.cronJobs.addEventHandler({
      onAdd: (cronJob) => {
        this.queue.add(objectKey(cronJob));
      },
      onUpdate: (old, cronJob) => {
        this.updateCronJob(old, cronJob);
      },
      onDelete: (cronJob) => {
        this.queue.add(objectKey(cronJob));
      },
    });
  }

  run(): void {
    for (let i = 0; i < CONCURRENT_SYNCS; i++) void this.worker();
  }

  private get now(): number {
    return this.context.clock.now();
  }

  /** processNextWorkItem: errors retry with back-off; a requeue time replaces the back-off. */
  private async worker(): Promise<void> {
    for (let key = await this.queue.get(); key !== null; key = await this.queue.get()) {
      try {
        const requeueAfter = await this.sync(key);
        if (requeueAfter !== null) {
          this.queue.forget(key);
          this.queue.addAfter(key, requeueAfter);
        }
      } catch {
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private enqueueOwner(job: Job): void {
    const reference = controllerRefOf(job);
    if (reference?.kind !== 'CronJob') return;
    const key = `${job.metadata?.namespace ?? ''}/${reference.name}`;
    if (this.cronJobs.get(key)?.metadata?.uid === reference.uid) this.queue.add(key);
  }

  /** A new schedule or time zone requeues for its next activation; other changes sync now. */
  private updateCronJob(old: CronJob, cronJob: CronJob): void {
    const key = objectKey(cronJob);
    if (
      old.spec?.schedule === cronJob.spec?.schedule &&
      old.spec?.timeZone === cronJob.spec?.timeZone
    ) {
      this.queue.add(key);
      return;
    }
    const schedule = parseStandardSchedule(this.formatSchedule(cronJob, false));
    if (isParseError(schedule)) {
      this.recorder.event(
        cronJob,
        'Warning',
        'UnParseableCronJobSchedule',
        `unparseable schedule for cronjob: ${cronJob.spec?.schedule ?? ''}`,
      );
      return;
    }
    this.queue.addAfter(key, nextScheduleTimeDuration(cronJob, this.now, schedule));
  }

  /** formatSchedule: spec.timeZone becomes a TZ= prefix; a TZ in the schedule itself is warned about. */
  private formatSchedule(cronJob: CronJob, warn: boolean): string {
    const schedule = cronJob.spec?.schedule ?? '';
    if (schedule.includes('TZ')) {
      if (warn)
        this.recorder.event(
          cronJob,
          'Warning',
          'UnsupportedSchedule',
          `CRON_TZ or TZ used in schedule ${goQuote(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
        );
      return schedule;
    }
    const timeZone = cronJob.spec?.timeZone;
    if (timeZone !== undefined && loadLocationError(timeZone) === null)
      return `TZ=${timeZone} ${schedule}`;
    return schedule;
  }

  private jobsOf(cronJob: CronJob): Job[] {
    return this.jobs
      .list()
      .filter(
        (job) =>
          job.metadata?.namespace === cronJob.metadata?.namespace &&
          controllerRefOf(job)?.name === cronJob.metadata?.name,
      );
  }

  private async sync(key: string): Promise<number | null> {
    const shared = this.cronJobs.get(key);
    if (!shared) return null;
    const jobs = this.jobsOf(shared);
    // One copy gathers every change, for a single status update.
    const cronJob = structuredClone(shared);
    const updateAfterCleanup = await this.cleanupFinishedJobs(cronJob, jobs);
    let result: SyncResult;
    let syncError: Error | null = null;
    try {
      result = await this.syncCronJob(cronJob, jobs);
    } catch (error) {
      syncError = toError(error);
      result = { requeueAfter: null, updateStatus: false };
    }
    if (updateAfterCleanup || result.updateStatus) {
      await this.context.client
        .resource<CronJob>(CRON_JOB_TYPE, cronJob.metadata?.namespace)
        .updateStatus(cronJob);
    }
    if (result.requeueAfter !== null) return result.requeueAfter;
    if (syncError) throw syncError;
    return null;
  }

  /** The active list against the Jobs that exist, and lastSuccessfulTime. */
  private async reconcileJobs(cronJob: CronJob, jobs: Job[]): Promise<boolean> {
    let updateStatus = false;
    const status = (cronJob.status ??= {});
    const children = new Set(jobs.map((job) => job.metadata?.uid));
    for (const job of jobs) {
      const finished = getFinishedStatus(job);
      const found = inActiveList(cronJob, job.metadata?.uid);
      if (!found && finished === null) {
        const fresh = await this.context.client
          .resource<CronJob>(CRON_JOB_TYPE, cronJob.metadata?.namespace)
          .get(cronJob.metadata?.name ?? '');
        if (inActiveList(fresh, job.metadata?.uid)) {
          status.active = fresh.status?.active ?? [];
          continue;
        }
        this.recorder.event(
          cronJob,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${job.metadata?.name ?? ''}`,
        );
      } else if (found && finished !== null) {
        deleteFromActiveList(cronJob, job.metadata?.uid);
        this.recorder.event(
          cronJob,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${job.metadata?.name ?? ''}, status: ${finished}`,
        );
        updateStatus = true;
      } else if (finished === 'Complete') {
        const completion = job.status?.completionTime;
        const last = status.lastSuccessfulTime;
        if (completion && (!last || parseTime(completion) > parseTime(last))) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
    // Drop references to Jobs that are gone, asking the server in case the informer lags.
    for (const reference of [...(status.active ?? [])]) {
      if (children.has(reference.uid)) continue;
      try {
        await this.context.client
          .resource<Job>(JOB_TYPE, reference.namespace)
          .get(reference.name ?? '');
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.recorder.event(
          cronJob,
          'Normal',
          'MissingJob',
          `Active job went missing: ${reference.name ?? ''}`,
        );
        deleteFromActiveList(cronJob, reference.uid);
        updateStatus = true;
      }
    }
    return updateStatus;
  }

  /** syncCronJob. */
  private async syncCronJob(cronJob: CronJob, jobs: Job[]): Promise<SyncResult> {
    const now = this.now;
    let updateStatus = await this.reconcileJobs(cronJob, jobs);
    const done = (requeueAfter: number | null): SyncResult => ({ requeueAfter, updateStatus });
    if (cronJob.metadata?.deletionTimestamp) return done(null);
    const timeZone = cronJob.spec?.timeZone;
    if (timeZone !== undefined) {
      const error = loadLocationError(timeZone);
      if (error !== null) {
        this.recorder.event(
          cronJob,
          'Warning',
          'UnknownTimeZone',
          `invalid timeZone: ${goQuote(timeZone)}: ${error}`,
        );
        return done(null);
      }
    }
    if (cronJob.spec?.suspend === true) return done(null);
    const parsed = parseStandardSchedule(this.formatSchedule(cronJob, true));
    if (isParseError(parsed)) {
      this.recorder.event(
        cronJob,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${goQuote(cronJob.spec?.schedule ?? '')} : ${parsed.error}`,
      );
      return done(null);
    }
    const schedule: CronSchedule = parsed;
    const {
      mostRecent: scheduledTime,
      missed,
      error,
    } = mostRecentScheduleTime(cronJob, now, schedule, true);
    if (scheduledTime !== null && scheduledTime <= now && missed === 'many') {
      this.recorder.event(
        cronJob,
        'Warning',
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    }
    if (error !== undefined) {
      this.recorder.event(
        cronJob,
        'Warning',
        'InvalidSchedule',
        `invalid schedule: ${cronJob.spec?.schedule ?? ''} : ${error}`,
      );
      return done(null);
    }
    const requeue = (): SyncResult => done(nextScheduleTimeDuration(cronJob, now, schedule));
    if (scheduledTime === null || scheduledTime > now) return requeue();
    const deadline = cronJob.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && scheduledTime + deadline * 1000 < now) {
      this.recorder.event(
        cronJob,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${formatRfc1123z(scheduledTime)}`,
      );
      return requeue();
    }
    const namespace = cronJob.metadata?.namespace ?? '';
    const lastSchedule = cronJob.status?.lastScheduleTime;
    if (
      inActiveListByName(cronJob, namespace, getJobName(cronJob, scheduledTime)) ||
      (lastSchedule !== undefined && parseTime(lastSchedule) === scheduledTime)
    )
      return requeue();
    const policy = cronJob.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (cronJob.status?.active?.length ?? 0) > 0) {
      this.recorder.event(
        cronJob,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return requeue();
    }
    if (policy === 'Replace') {
      for (const reference of [...(cronJob.status?.active ?? [])]) {
        let job: Job;
        try {
          job = await this.context.client
            .resource<Job>(JOB_TYPE, reference.namespace)
            .get(reference.name ?? '');
        } catch (failure) {
          this.recorder.event(
            cronJob,
            'Warning',
            'FailedGet',
            `Get job: ${failure instanceof Error ? failure.message : String(failure)}`,
          );
          throw failure;
        }
        if (!(await this.deleteJob(cronJob, job)))
          throw new Error(
            `could not replace job ${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`,
          );
        updateStatus = true;
      }
    }
    const request = getJobFromTemplate(cronJob, scheduledTime);
    const jobClient = this.context.client.resource<Job>(JOB_TYPE, namespace);
    let created: Job;
    try {
      created = await jobClient.create(request);
      this.recorder.event(
        cronJob,
        'Normal',
        'SuccessfulCreate',
        `Created job ${created.metadata?.name ?? ''}`,
      );
    } catch (failure) {
      if (!isAlreadyExists(failure)) {
        this.recorder.event(
          cronJob,
          'Warning',
          'FailedCreate',
          `Error creating job: ${failure instanceof Error ? failure.message : String(failure)}`,
        );
        throw failure;
      }
      // Created before, but the status update that followed was lost: record it now.
      created = await jobClient.get(request.metadata?.name ?? '');
      if (controllerRefOf(created)?.uid !== cronJob.metadata?.uid) return done(null);
      if (inActiveList(cronJob, created.metadata?.uid)) return done(null);
    }
    const status = (cronJob.status ??= {});
    status.active = [...(status.active ?? []), referenceTo(created)];
    status.lastScheduleTime = formatTime(scheduledTime);
    updateStatus = true;
    return requeue();
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit and failedJobsHistoryLimit. */
  private async cleanupFinishedJobs(cronJob: CronJob, jobs: Job[]): Promise<boolean> {
    const successfulLimit = cronJob.spec?.successfulJobsHistoryLimit;
    const failedLimit = cronJob.spec?.failedJobsHistoryLimit;
    if (successfulLimit === undefined && failedLimit === undefined) return false;
    const successful = jobs.filter((job) => getFinishedStatus(job) === 'Complete');
    const failed = jobs.filter((job) => getFinishedStatus(job) === 'Failed');
    let updateStatus = false;
    if (
      successfulLimit !== undefined &&
      (await this.removeOldestJobs(cronJob, successful, successfulLimit))
    )
      updateStatus = true;
    if (failedLimit !== undefined && (await this.removeOldestJobs(cronJob, failed, failedLimit)))
      updateStatus = true;
    return updateStatus;
  }

  private async removeOldestJobs(cronJob: CronJob, jobs: Job[], keep: number): Promise<boolean> {
    const count = jobs.length - keep;
    if (count <= 0) return false;
    let updateStatus = false;
    for (const job of [...jobs].sort(compareJobStartTime).slice(0, count)) {
      if (await this.deleteJob(cronJob, job)) updateStatus = true;
    }
    return updateStatus;
  }

  /** deleteJob: delete in the background (the Job's pods go with it) and drop it from active. */
  private async deleteJob(cronJob: CronJob, job: Job): Promise<boolean> {
    const name = job.metadata?.name ?? '';
    try {
      await this.context.client
        .resource<Job>(JOB_TYPE, job.metadata?.namespace)
        .delete(name, { propagationPolicy: 'Background' });
    } catch (error) {
      this.recorder.event(
        cronJob,
        'Warning',
        'FailedDelete',
        `Deleted job: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
    deleteFromActiveList(cronJob, job.metadata?.uid);
    this.recorder.event(cronJob, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    return true;
  }
}
