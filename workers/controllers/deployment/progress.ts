// pkg/controller/deployment/progress.go: the Progressing condition during a rollout
// (ReplicaSetUpdated while pods move, NewReplicaSetAvailable once complete,
// ProgressDeadlineExceeded after progressDeadlineSeconds without progress, on the virtual clock),
// ReplicaFailure carried over from the sets, and a requeue to check the deadline in time.

import type { Deployment, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { parseTime } from '../../api/time.ts';
import {
  REASONS,
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  replicaFailure,
  setCondition,
} from './conditions.ts';
import { type SyncContext, updateDeploymentStatus } from './context.ts';
import { sameStatus } from './sync.ts';
import type { MaybeReplicaSet } from './util.ts';

function about(d: Deployment, newRS: MaybeReplicaSet, outcome: string): string {
  return newRS
    ? `ReplicaSet ${JSON.stringify(newRS.metadata?.name ?? '')} ${outcome}`
    : `Deployment ${JSON.stringify(d.metadata?.name ?? '')} ${outcome}`;
}

function estimateProgress(
  ctx: SyncContext,
  d: Deployment,
  newRS: MaybeReplicaSet,
  status: DeploymentStatus,
): void {
  const now = ctx.now();
  if (deploymentComplete(d, status)) {
    const message = about(d, newRS, 'has successfully progressed.');
    setCondition(status, newCondition('Progressing', 'True', REASONS.newRSAvailable, message, now));
  } else if (deploymentProgressing(d, status)) {
    // Progress refreshes lastUpdateTime even when the reason stays the same, so the deadline
    // counts from the last sign of progress.
    const message = about(d, newRS, 'is progressing.');
    const condition = newCondition('Progressing', 'True', REASONS.replicaSetUpdated, message, now);
    const current = getCondition(d.status, 'Progressing');
    if (current) {
      if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
    }
    setCondition(status, condition);
  } else if (deploymentTimedOut(d, status, now)) {
    const message = about(d, newRS, 'has timed out progressing.');
    setCondition(status, newCondition('Progressing', 'False', REASONS.timedOut, message, now));
  }
}

/**
 * requeueStuckDeployment: without progress the deployment is looked at again when its deadline
 * passes (a second late, as upstream), so the timeout is noticed without a resync.
 */
export function requeueStuckDeployment(
  ctx: SyncContext,
  d: Deployment,
  status: DeploymentStatus,
): void {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === REASONS.timedOut) return;
  const lastUpdate = parseTime(current.lastUpdateTime ?? '');
  const after = lastUpdate + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - ctx.now();
  if (after < 1000) ctx.enqueueRateLimited(d);
  else ctx.enqueueAfter(d, after + 1000);
}

/** syncRolloutStatus: calculateStatus plus the Progressing and ReplicaFailure conditions. */
export async function syncRolloutStatus(
  ctx: SyncContext,
  allRSs: MaybeReplicaSet[],
  newRS: MaybeReplicaSet,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, ctx.now());
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isCompleteDeployment =
    (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
    current?.reason === REASONS.newRSAvailable;
  if (hasProgressDeadline(d) && !isCompleteDeployment) estimateProgress(ctx, d, newRS, status);
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (sameStatus(d.status, status)) {
    requeueStuckDeployment(ctx, d, status);
    return;
  }
  await updateDeploymentStatus(ctx, { ...d, status });
}
