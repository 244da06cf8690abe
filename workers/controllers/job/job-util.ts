// Job conditions and pod tests (pkg/controller/job/util/utils.go and helpers of job_controller.go):
// a Job is finished once Complete or Failed is True; conditions are appended, or replaced when
// their status, reason or message change; when pods count as failed or terminating, and when a
// Job is past its deadline or its backoffLimit of container restarts.

import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../../api/time.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';
import { JOB_TRACKING_FINALIZER } from './tracking-utils.ts';

export const JOB_TYPE = { group: 'batch', version: 'v1', resource: 'jobs' } as const;

export type JobConditionType =
  'Suspended' | 'Complete' | 'Failed' | 'FailureTarget' | 'SuccessCriteriaMet';

export function newCondition(
  type: JobConditionType,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const time = formatTime(now);
  return { type, status, lastProbeTime: time, lastTransitionTime: time, reason, message };
}

export function findCondition(
  conditions: JobCondition[] | undefined,
  type: JobConditionType,
): JobCondition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

function conditionTrue(job: Job, type: JobConditionType): JobCondition | undefined {
  const condition = findCondition(job.status?.conditions, type);
  return condition?.status === 'True' ? condition : undefined;
}

/** util.FinishedCondition: the Complete or Failed condition that is True. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return conditionTrue(job, 'Complete') ?? conditionTrue(job, 'Failed');
}

export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

export function successCriteriaMet(job: Job): JobCondition | undefined {
  return conditionTrue(job, 'SuccessCriteriaMet');
}

export function failureTarget(job: Job): JobCondition | undefined {
  return conditionTrue(job, 'FailureTarget');
}

/**
 * ensureJobConditionStatus: replaces a condition whose status, reason or message differ, or
 * appends a new one unless it would be False (nothing to False says nothing).
 */
export function ensureJobConditionStatus(
  conditions: JobCondition[],
  type: JobConditionType,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): { conditions: JobCondition[]; changed: boolean } {
  const index = conditions.findIndex((condition) => condition.type === type);
  const existing = conditions[index];
  if (existing) {
    if (existing.status === status && existing.reason === reason && existing.message === message)
      return { conditions, changed: false };
    const next = [...conditions];
    next[index] = newCondition(type, status, reason, message, now);
    return { conditions: next, changed: true };
  }
  if (status === 'False') return { conditions, changed: false };
  return {
    conditions: [...conditions, newCondition(type, status, reason, message, now)],
    changed: true,
  };
}

export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed, which a podFailurePolicy implies. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before succeeding. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata?.deletionTimestamp !== undefined && pod.status?.phase !== 'Succeeded';
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** controller.CountTerminatingPods. */
export function countTerminatingPods(pods: Pod[]): number {
  return pods.filter(
    (pod) =>
      pod.metadata?.deletionTimestamp !== undefined &&
      pod.status?.phase !== 'Succeeded' &&
      pod.status?.phase !== 'Failed',
  ).length;
}

/** pastBackoffLimitOnFailure: container restarts of running pods count when restartPolicy is OnFailure. */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const status of [
      ...(pod.status.initContainerStatuses ?? []),
      ...(pod.status.containerStatuses ?? []),
    ])
      restarts += status.restartCount;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** pastActiveDeadline: never while suspended. */
export function pastActiveDeadline(job: Job, now: number): boolean {
  const deadline = job.spec?.activeDeadlineSeconds;
  const startTime = job.status?.startTime;
  if (deadline === undefined || !startTime || job.spec?.suspend === true) return false;
  return now - parseTime(startTime) >= deadline * 1000;
}

/** getFailJobMessage: the message of the first failed pod matching a FailJob rule. */
export function failJobMessage(job: Job, pods: Pod[]): string | null {
  if (!job.spec?.podFailurePolicy) return null;
  for (const pod of pods) {
    if (!isPodFailed(pod, job)) continue;
    const message = matchPodFailurePolicy(job.spec.podFailurePolicy, pod).jobFailureMessage;
    if (message !== null) return message;
  }
  return null;
}
