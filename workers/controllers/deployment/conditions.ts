// Deployment status and conditions (deployment_util.go condition helpers and progress checks,
// sync.go calculateStatus): the Available and Progressing conditions with upstream's reasons and
// messages, and whether a rollout is complete, progressing, or past its deadline.

import type { Deployment, DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { formatTime, parseTime } from '../../api/time.ts';
import { maxUnavailable, replicasOf } from './fenceposts.ts';
import {
  actualReplicaCount,
  availableReplicaCount,
  readyReplicaCount,
  replicaCount,
  type MaybeReplicaSet,
} from './util.ts';

export type ConditionType = 'Available' | 'Progressing' | 'ReplicaFailure';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export const REASONS = {
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  failedRSCreate: 'ReplicaSetCreateError',
  pausedDeploy: 'DeploymentPaused',
  resumedDeploy: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

const MAX_INT32 = 2147483647;

export function newCondition(
  type: ConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const time = formatTime(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getCondition(
  status: DeploymentStatus | undefined,
  type: ConditionType,
): DeploymentCondition | undefined {
  return status?.conditions?.find((condition) => condition.type === type);
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is left alone; one whose
 * status is unchanged keeps its lastTransitionTime; the new one goes last.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type as ConditionType);
  if (current?.status === condition.status && current.reason === condition.reason) return;
  const updated =
    current?.status === condition.status
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  status.conditions = [...removed(status.conditions, condition.type), updated];
}

function removed(
  conditions: DeploymentCondition[] | undefined,
  type: string,
): DeploymentCondition[] {
  return (conditions ?? []).filter((condition) => condition.type !== type);
}

export function removeCondition(status: DeploymentStatus, type: ConditionType): void {
  const rest = removed(status.conditions, type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

export function hasProgressDeadline(deployment: Deployment): boolean {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== MAX_INT32;
}

export function hasRevisionHistoryLimit(deployment: Deployment): boolean {
  const limit = deployment.spec?.revisionHistoryLimit;
  return limit !== undefined && limit !== MAX_INT32;
}

/** DeploymentComplete: every pod updated and available, and this generation observed. */
export function deploymentComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const desired = replicasOf(deployment);
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than before. */
export function deploymentProgressing(deployment: Deployment, status: DeploymentStatus): boolean {
  const old = deployment.status ?? {};
  const oldOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOldReplicas = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOldReplicas < oldOldReplicas ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress since the Progressing condition's lastUpdateTime + deadline. */
export function deploymentTimedOut(
  deployment: Deployment,
  status: DeploymentStatus,
  now: number,
): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition) return false;
  if (condition.reason === REASONS.newRSAvailable) return false;
  if (condition.reason === REASONS.timedOut) return true;
  const from = parseTime(condition.lastUpdateTime ?? '');
  return from + (deployment.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/** calculateStatus: counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(
  allRSs: MaybeReplicaSet[],
  newRS: MaybeReplicaSet,
  deployment: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(replicaCount(allRSs) - available, 0);
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    ...(deployment.status?.collisionCount !== undefined
      ? { collisionCount: deployment.status.collisionCount }
      : {}),
  };
  const conditions = deployment.status?.conditions;
  if (conditions) status.conditions = conditions.map((condition) => ({ ...condition }));
  const minAvailable = replicasOf(deployment) - maxUnavailable(deployment);
  setCondition(
    status,
    available >= minAvailable
      ? newCondition(
          'Available',
          'True',
          REASONS.minimumReplicasAvailable,
          'Deployment has minimum availability.',
          now,
        )
      : newCondition(
          'Available',
          'False',
          REASONS.minimumReplicasUnavailable,
          'Deployment does not have minimum availability.',
          now,
        ),
  );
  return status;
}

/** getReplicaFailures: the new set's ReplicaFailure condition, else an old set's. */
export function replicaFailure(
  allRSs: MaybeReplicaSet[],
  newRS: MaybeReplicaSet,
): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs.filter((set) => set !== newRS)]) {
    const failure = rs?.status?.conditions?.find(
      (condition) => condition.type === 'ReplicaFailure',
    );
    if (failure) {
      return {
        type: failure.type,
        status: failure.status,
        lastUpdateTime: failure.lastTransitionTime,
        lastTransitionTime: failure.lastTransitionTime,
        reason: failure.reason,
        message: failure.message,
      };
    }
  }
  return undefined;
}
