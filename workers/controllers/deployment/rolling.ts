// pkg/controller/deployment/rolling.go: a rolling update grows the new ReplicaSet within maxSurge,
// then shrinks old ones within maxUnavailable, unhealthy old replicas first, one step per sync.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { deploymentComplete } from './conditions.ts';
import type { SyncContext } from './context.ts';
import { maxUnavailable, replicasOf } from './fenceposts.ts';
import { syncRolloutStatus } from './progress.ts';
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from './sync.ts';
import {
  activeReplicaSets,
  availableReplicaCount,
  byCreationTimestamp,
  newRSNewReplicas,
  replicaCount,
  type MaybeReplicaSet,
} from './util.ts';

export async function rolloutRolling(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  if (!newRS) return;
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(ctx, allRSs, newRS, d)) {
    await syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (await reconcileOldReplicaSets(ctx, allRSs, activeReplicaSets(oldRSs), newRS, d)) {
    await syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (d.status && deploymentComplete(d, d.status)) await cleanupDeployment(ctx, oldRSs, d);
  await syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: scales the new set toward spec.replicas, as far as the surge allows. */
export async function reconcileNewReplicaSet(
  ctx: SyncContext,
  allRSs: MaybeReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  const desired = replicasOf(d);
  if (replicasOf(newRS) === desired) return false;
  const target = replicasOf(newRS) > desired ? desired : newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(ctx, newRS, target, d)).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go is what exceeds minAvailable once the new
 * set's unavailable pods are counted; unhealthy ones go first, then available ones while
 * availability stays above the minimum.
 */
export async function reconcileOldReplicaSets(
  ctx: SyncContext,
  allRSs: MaybeReplicaSet[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { oldRSs: ReplicaSet[]; count: number };
  let scaledDown: number;
  try {
    cleaned = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
    scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(
      ctx,
      [...cleaned.oldRSs, newRS],
      cleaned.oldRSs,
      d,
    );
  } catch {
    // Upstream drops these errors: the next sync starts over from fresh state.
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: removing not-available old pods costs no availability. */
export async function cleanupUnhealthyReplicas(
  ctx: SyncContext,
  oldRSs: ReplicaSet[],
  d: Deployment,
  maxCleanupCount: number,
): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sets = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (const [index, target] of sets.entries()) {
    if (total >= maxCleanupCount) break;
    const replicas = replicasOf(target);
    const available = target.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanupCount - total, replicas - available);
    const { rs } = await scaleReplicaSetAndRecordEvent(ctx, target, replicas - count, d);
    total += count;
    sets[index] = rs;
  }
  return { oldRSs: sets, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: the oldest sets give up available pods first. */
export async function scaleDownOldReplicaSetsForRollingUpdate(
  ctx: SyncContext,
  allRSs: MaybeReplicaSet[],
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const availablePodCount = availableReplicaCount(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  let total = 0;
  for (const target of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= totalScaleDownCount) break;
    if (replicasOf(target) === 0) continue;
    const count = Math.min(replicasOf(target), totalScaleDownCount - total);
    await scaleReplicaSetAndRecordEvent(ctx, target, replicasOf(target) - count, d);
    total += count;
  }
  return total;
}
