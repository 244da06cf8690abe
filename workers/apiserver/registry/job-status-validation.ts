// Job status validation (pkg/apis/batch/validation/validation.go validateJobStatus and
// ValidateJobStatusUpdate) with the options the 1.32 job registry sets while JobManagedBy is on:
// most transition rules apply only when the fields they guard change.

import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import { field, fieldPath, type FieldError, type GoSyntax } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { goQuote } from '../../api/errors.ts';
import { countIndexes, indexesOverlap } from './job-indexes.ts';
import { nonnegative } from './workload-validation.ts';
import { parseTime } from '../../api/time.ts';

const STATUS = fieldPath('status');

function conditionTrue(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some(
    (condition: JobCondition) => condition.type === type && condition.status === 'True',
  );
}

const isComplete = (job: Job): boolean => conditionTrue(job, 'Complete');
const isFailed = (job: Job): boolean => conditionTrue(job, 'Failed');
const isFinished = (job: Job): boolean => isComplete(job) || isFailed(job);
const isFailureTarget = (job: Job): boolean => conditionTrue(job, 'FailureTarget');
const successCriteriaMet = (job: Job): boolean => conditionTrue(job, 'SuccessCriteriaMet');

function conditionsError(detail: string): FieldError {
  const error = field.invalid(STATUS.child('conditions'), null, detail);
  delete error.badValue;
  return error;
}

/** A metav1.Time prints with time.Time's String(). */
function timeGo(timestamp: string): GoSyntax {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z$/.exec(timestamp);
  return { goSyntax: match ? `${match[1] ?? ''} ${match[2] ?? ''} +0000 UTC` : timestamp };
}

function uncountedGo(uncounted: NonNullable<JobStatus['uncountedTerminatedPods']>): GoSyntax {
  const uids = (values: readonly string[] | undefined): string =>
    values === undefined
      ? '[]types.UID(nil)'
      : `[]types.UID{${values.map((v) => goQuote(v)).join(', ')}}`;
  return {
    goSyntax: `batch.UncountedTerminatedPods{Succeeded:${uids(uncounted.succeeded)}, Failed:${uids(uncounted.failed)}}`,
  };
}

function validateUncounted(status: JobStatus): FieldError[] {
  const uncounted = status.uncountedTerminatedPods;
  if (!uncounted) return [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const key of ['succeeded', 'failed'] as const) {
    (uncounted[key] ?? []).forEach((uid, index) => {
      const path = STATUS.child('uncountedTerminatedPods', key).index(index);
      if (uid === '') errors.push(field.invalid(path, uid, 'must not be empty'));
      else if (seen.has(uid)) errors.push(field.duplicate(path, uid));
      else seen.add(uid);
    });
  }
  return errors;
}

/** Which status fields this write changes; the transition rules look only at those. */
function changes(job: Job, old: Job) {
  const status = job.status ?? {};
  const previous = old.status ?? {};
  return {
    finished: isFinished(old) !== isFinished(job),
    complete: isComplete(old) !== isComplete(job),
    failed: isFailed(old) !== isFailed(job),
    failureTarget: isFailureTarget(old) !== isFailureTarget(job),
    completedIndexes: (previous.completedIndexes ?? '') !== (status.completedIndexes ?? ''),
    failedIndexes: previous.failedIndexes !== status.failedIndexes,
    active: (previous.active ?? 0) !== (status.active ?? 0),
    startTime: previous.startTime !== status.startTime,
    completionTime: previous.completionTime !== status.completionTime,
    uncounted: !jsonEqual(
      previous.uncountedTerminatedPods ?? null,
      status.uncountedTerminatedPods ?? null,
    ),
  };
}

/** validateJobStatus. */
function validateJobStatus(job: Job, old: Job): FieldError[] {
  const status = job.status ?? {};
  const spec = job.spec;
  const changed = changes(job, old);
  const errors = [
    ...(['active', 'succeeded', 'failed', 'ready', 'terminating'] as const).flatMap((key) =>
      nonnegative(status[key], STATUS.child(key)),
    ),
    ...validateUncounted(status),
  ];
  const complete = isComplete(job);
  const finished = isFinished(job);
  if ((changed.complete || changed.failed) && complete && isFailed(job))
    errors.push(conditionsError('cannot set Complete=True and Failed=true conditions'));
  if ((changed.complete || changed.failureTarget) && complete && isFailureTarget(job))
    errors.push(conditionsError('cannot set Complete=True and FailureTarget=true conditions'));
  const completionPath = STATUS.child('completionTime');
  if ((changed.complete || changed.completionTime) && status.completionTime && !complete) {
    errors.push(
      field.invalid(
        completionPath,
        timeGo(status.completionTime),
        'cannot set completionTime when there is no Complete=True condition',
      ),
    );
  }
  if ((changed.complete || changed.completionTime) && !status.completionTime && complete)
    errors.push(field.required(completionPath, 'completionTime is required for Complete jobs'));
  if (
    (changed.startTime || changed.completionTime) &&
    status.startTime &&
    status.completionTime &&
    parseTime(status.completionTime) < parseTime(status.startTime)
  ) {
    errors.push(
      field.invalid(
        completionPath,
        timeGo(status.completionTime),
        'completionTime cannot be set before startTime',
      ),
    );
  }
  if ((changed.finished || changed.active) && (status.active ?? 0) > 0 && finished)
    errors.push(
      field.invalid(STATUS.child('active'), status.active, 'active>0 is invalid for finished job'),
    );
  if ((changed.finished || changed.startTime) && !status.startTime && finished)
    errors.push(
      field.required(STATUS.child('startTime'), 'startTime is required for finished job'),
    );
  const uncounted = status.uncountedTerminatedPods;
  if (
    (changed.finished || changed.uncounted) &&
    finished &&
    uncounted &&
    (uncounted.failed?.length ?? 0) + (uncounted.succeeded?.length ?? 0) > 0
  ) {
    errors.push(
      field.invalid(
        STATUS.child('uncountedTerminatedPods'),
        uncountedGo(uncounted),
        'uncountedTerminatedPods needs to be empty for finished job',
      ),
    );
  }
  errors.push(...validateIndexes(job, changed));
  if (successCriteriaMet(job) && isFailed(job))
    errors.push(conditionsError('cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (successCriteriaMet(job) && isFailureTarget(job))
    errors.push(
      conditionsError('cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'),
    );
  if (spec?.successPolicy && !successCriteriaMet(job) && complete)
    errors.push(
      conditionsError(
        'cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True',
      ),
    );
  return errors;
}

function validateIndexes(job: Job, changed: ReturnType<typeof changes>): FieldError[] {
  const status = job.status ?? {};
  const spec = job.spec;
  const completions = spec?.completions;
  const completed = status.completedIndexes ?? '';
  const failed = status.failedIndexes;
  const errors: FieldError[] = [];
  const completedPath = STATUS.child('completedIndexes');
  const failedPath = STATUS.child('failedIndexes');
  if (changed.completedIndexes && completions !== undefined) {
    const counted = countIndexes(completed, completions);
    if (typeof counted === 'string')
      errors.push(
        field.invalid(completedPath, completed, `error parsing completedIndexes: ${counted}`),
      );
  }
  if (
    changed.failedIndexes &&
    completions !== undefined &&
    spec?.backoffLimitPerIndex !== undefined &&
    failed !== undefined
  ) {
    const counted = countIndexes(failed, completions);
    if (typeof counted === 'string')
      errors.push(field.invalid(failedPath, failed, `error parsing failedIndexes: ${counted}`));
  }
  if (changed.completedIndexes && completed !== '' && spec?.completionMode !== 'Indexed')
    errors.push(
      field.invalid(
        completedPath,
        completed,
        'cannot set non-empty completedIndexes when non-indexed completion mode',
      ),
    );
  if (changed.failedIndexes && spec?.backoffLimitPerIndex === undefined && failed !== undefined)
    errors.push(
      field.invalid(
        failedPath,
        failed,
        'cannot set non-null failedIndexes when backoffLimitPerIndex is null',
      ),
    );
  if (
    (changed.failedIndexes || changed.completedIndexes) &&
    completions !== undefined &&
    failed !== undefined
  ) {
    const overlap = indexesOverlap(completed, failed, completions);
    if (overlap !== null) errors.push(field.invalid(failedPath, failed, overlap));
  }
  return errors;
}

/** ValidateJobStatusUpdate (after ObjectMeta). */
export function validateJobStatusUpdate(job: Job, old: Job): FieldError[] {
  const errors = validateJobStatus(job, old);
  const status = job.status ?? {};
  const previous = old.status ?? {};
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (conditionTrue(old, type) && !conditionTrue(job, type))
      errors.push(conditionsError(`cannot disable the terminal ${type}=True condition`));
  }
  if ((status.failed ?? 0) < (previous.failed ?? 0))
    errors.push(
      field.invalid(
        STATUS.child('failed'),
        status.failed ?? 0,
        'cannot decrease the failed counter',
      ),
    );
  const indexed = job.spec?.completionMode === 'Indexed';
  const elastic = indexed && job.spec?.completions === job.spec?.parallelism;
  if (!elastic && (status.succeeded ?? 0) < (previous.succeeded ?? 0))
    errors.push(
      field.invalid(
        STATUS.child('succeeded'),
        status.succeeded ?? 0,
        'cannot decrease the succeeded counter',
      ),
    );
  if (
    status.completionTime &&
    previous.completionTime &&
    status.completionTime !== previous.completionTime
  )
    errors.push(
      field.invalid(
        STATUS.child('completionTime'),
        timeGo(status.completionTime),
        'completionTime cannot be mutated',
      ),
    );
  if (previous.startTime && previous.startTime !== status.startTime && job.spec?.suspend !== true)
    errors.push(
      field.required(STATUS.child('startTime'), 'startTime cannot be removed for unsuspended job'),
    );
  if (successCriteriaMet(old) && !successCriteriaMet(job))
    errors.push(conditionsError('cannot disable the SuccessCriteriaMet=True condition'));
  if (isComplete(old) && !successCriteriaMet(old) && successCriteriaMet(job))
    errors.push(
      conditionsError(
        'cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions',
      ),
    );
  return errors;
}
