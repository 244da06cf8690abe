// CronJob helpers (pkg/controller/cronjob/utils.go): the active list, the most recent missed
// schedule (approximating how many were missed from the gap between two activations), when to
// sync next, Job names in minutes since the epoch, and a Job from the CronJob's template.

import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { CronSchedule } from '../../api/cron.ts';
import { formatRfc3339In, nextActivation } from '../../api/cron-schedule.ts';
import { parseTime } from '../../api/time.ts';

export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION =
  'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** nextScheduleDelta: requeue 100 ms after the activation, against clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

export function inActiveList(cronJob: CronJob, uid: string | undefined): boolean {
  return cronJob.status?.active?.some((reference) => reference.uid === uid) ?? false;
}

export function inActiveListByName(cronJob: CronJob, namespace: string, name: string): boolean {
  return (
    cronJob.status?.active?.some(
      (reference) => reference.name === name && reference.namespace === namespace,
    ) ?? false
  );
}

/** deleteFromActiveList; an empty list is left out, as omitempty drops it. */
export function deleteFromActiveList(cronJob: CronJob, uid: string | undefined): void {
  const status = (cronJob.status ??= {});
  const active = (status.active ?? []).filter((reference) => reference.uid !== uid);
  if (active.length > 0) status.active = active;
  else delete status.active;
}

/** Go's zero time, 0001-01-01T00:00:00Z: what Next returns when no activation comes. */
const ZERO_TIME = -62_135_596_800_000;
function next(schedule: CronSchedule, after: number): number {
  return nextActivation(schedule, after) ?? ZERO_TIME;
}

/**
 * mostRecentScheduleTime: the earliest time considered (last schedule or creation, or the
 * starting deadline), the latest activation not after `now` (or null), and how many were missed.
 */
export function mostRecentScheduleTime(
  cronJob: CronJob,
  now: number,
  schedule: CronSchedule,
  includeStartingDeadlineSeconds: boolean,
): { earliest: number; mostRecent: number | null; missed: MissedSchedules; error?: string } {
  let earliest = parseTime(cronJob.metadata?.creationTimestamp ?? '');
  const lastSchedule = cronJob.status?.lastScheduleTime;
  if (lastSchedule) earliest = parseTime(lastSchedule);
  const deadline = cronJob.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && deadline !== undefined) {
    // Nothing before this point will be scheduled.
    earliest = Math.max(earliest, now - deadline * 1000);
  }
  const t1 = next(schedule, earliest);
  const t2 = next(schedule, t1);
  if (now < t1) return { earliest, mostRecent: null, missed: 'none' };
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  // A schedule such as `59 23 31 2 *` parses but never fires: both activations are the zero time.
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1)
    return {
      earliest,
      mostRecent: null,
      missed: 'none',
      error: 'time difference between two schedules is less than 1 second',
    };
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  // Start one interval early and let the schedule find the exact latest activation.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecent: number | null = null;
  for (let t = next(schedule, potentialEarliest); t <= now; t = next(schedule, t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: how long until the sync after the next activation. */
export function nextScheduleTimeDuration(
  cronJob: CronJob,
  now: number,
  schedule: CronSchedule,
): number {
  const { earliest, mostRecent, missed, error } = mostRecentScheduleTime(
    cronJob,
    now,
    schedule,
    false,
  );
  let from: number;
  if (error !== undefined) from = now;
  else if (mostRecent === null) from = missed === 'none' ? earliest : now;
  else from = mostRecent;
  return next(schedule, from) + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function getJobName(cronJob: CronJob, scheduledTime: number): string {
  return `${cronJob.metadata?.name ?? ''}-${Math.floor(scheduledTime / 60_000)}`;
}

/** getJobFromTemplate2: the template's labels, annotations and spec, owned by the CronJob. */
export function getJobFromTemplate(cronJob: CronJob, scheduledTime: number): Job {
  const template = cronJob.spec?.jobTemplate;
  const meta = cronJob.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: getJobName(cronJob, scheduledTime),
      labels: { ...template?.metadata?.labels },
      annotations: {
        ...template?.metadata?.annotations,
        [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: formatRfc3339In(
          scheduledTime,
          cronJob.spec?.timeZone ?? '',
        ),
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: meta.name ?? '',
          uid: meta.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(template?.spec ?? { template: {} }),
  };
}

/** getFinishedStatus: Complete or Failed, when one is True. */
export function getFinishedStatus(job: Job): 'Complete' | 'Failed' | null {
  for (const condition of job.status?.conditions ?? []) {
    if (
      (condition.type === 'Complete' || condition.type === 'Failed') &&
      condition.status === 'True'
    )
      return condition.type;
  }
  return null;
}

/** byJobStartTime: started before unstarted, earlier first, then by name. */
export function compareJobStartTime(a: Job, b: Job): number {
  const startA = a.status?.startTime;
  const startB = b.status?.startTime;
  if (!startA && startB) return 1;
  if (startA && !startB) return -1;
  if (startA === startB || (startA && startB && parseTime(startA) === parseTime(startB))) {
    const nameA = a.metadata?.name ?? '';
    const nameB = b.metadata?.name ?? '';
    return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
  }
  return parseTime(startA ?? '') - parseTime(startB ?? '');
}
