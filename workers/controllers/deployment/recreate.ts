// pkg/controller/deployment/recreate.go: scale every old ReplicaSet to zero, wait until none of
// their pods is left running, then create and scale up the new one.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { deploymentComplete } from './conditions.ts';
import type { SyncContext } from './context.ts';
import { replicasOf } from './fenceposts.ts';
import { syncRolloutStatus } from './progress.ts';
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
} from './sync.ts';
import { activeReplicaSets, actualReplicaCount, type MaybeReplicaSet } from './util.ts';

/** Pods by the uid of the ReplicaSet controlling them (getPodMapForDeployment). */
export type PodMap = Map<string, Pod[]>;

export async function rolloutRecreate(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
  podMap: PodMap,
): Promise<void> {
  // No new set yet: scaling down comes before scaling up.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs: MaybeReplicaSet[] = [...oldRSs, newRS];
  if (await scaleDownOldReplicaSetsForRecreate(ctx, activeReplicaSets(oldRSs), d)) {
    await syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    await syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) await scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(d), d);
  if (d.status && deploymentComplete(d, d.status)) await cleanupDeployment(ctx, oldRSs, d);
  await syncRolloutStatus(ctx, allRSs, newRS, d);
}

async function scaleDownOldReplicaSetsForRecreate(
  ctx: SyncContext,
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<boolean> {
  let scaled = false;
  for (const rs of oldRSs) {
    if (replicasOf(rs) === 0) continue;
    if ((await scaleReplicaSetAndRecordEvent(ctx, rs, 0, d)).scaled) scaled = true;
  }
  return scaled;
}

/** oldPodsRunning: an old set still reports pods, or one of its pods is not yet terminal. */
export function oldPodsRunning(
  newRS: MaybeReplicaSet,
  oldRSs: ReplicaSet[],
  podMap: PodMap,
): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded'))
      return true;
  }
  return false;
}
