// printJob and printCronJob of pkg/printers/internalversion/printers.go: a job's STATUS from its
// conditions, COMPLETIONS (`1/3`, or `0/1 of 3` for a parallel job without completions) and
// DURATION; a cron job's schedule, time zone, suspension, active jobs and last schedule.

import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import { humanDuration } from '../../api/duration.ts';
import { parseTime } from '../../api/time.ts';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  ageOf,
  column,
  containerCells,
  formatLabelSelector,
  nameOf,
  printBoolPtr,
  printer,
  translateTimestampSince,
  wide,
} from './table.ts';

const JOB_SELECTOR_COLUMN = column(
  'Selector',
  'string',
  'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
  wide,
);

/** hasJobCondition: the first condition of the type decides. */
function hasCondition(conditions: readonly JobCondition[], type: string): boolean {
  return conditions.find((condition) => condition.type === type)?.status === 'True';
}

function jobStatus(job: Job): string {
  const conditions = job.status?.conditions ?? [];
  if (hasCondition(conditions, 'Complete')) return 'Complete';
  if (hasCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const wanted = job.spec?.completions;
  if (wanted !== undefined) return `${succeeded}/${wanted}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Empty until the job starts; running time until it completes; then start to completion. */
function jobDuration(job: Job, now: number): string {
  const { startTime, completionTime } = job.status ?? {};
  if (!startTime) return '';
  const end = completionTime ? parseTime(completionTime) : now;
  return humanDuration(end - parseTime(startTime));
}

export const jobPrinter = printer(
  [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column(
      'Completions',
      'string',
      'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
    ),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    JOB_SELECTOR_COLUMN,
  ],
  (job: Job, now) => [
    nameOf(job),
    jobStatus(job),
    completions(job),
    jobDuration(job, now),
    ageOf(job, now),
    ...containerCells(job.spec?.template.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
);

export const cronJobPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Schedule',
      'string',
      'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.',
    ),
    column(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
    ),
    column(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
    ),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    JOB_SELECTOR_COLUMN,
  ],
  (cronJob: CronJob, now) => {
    const lastSchedule = cronJob.status?.lastScheduleTime;
    const jobSpec = cronJob.spec?.jobTemplate.spec;
    return [
      nameOf(cronJob),
      cronJob.spec?.schedule ?? '',
      cronJob.spec?.timeZone ?? '<none>',
      printBoolPtr(cronJob.spec?.suspend),
      cronJob.status?.active?.length ?? 0,
      lastSchedule ? translateTimestampSince(lastSchedule, now) : '<none>',
      ageOf(cronJob, now),
      ...containerCells(jobSpec?.template.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
);
