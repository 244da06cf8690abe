// pkg/controller/deployment/sync.go: the new and old ReplicaSets of a sync (the new one from
// new-replica-set.ts), scaling on a resize or while paused (proportionally across the sets during
// a rollout), cleaning up old sets past revisionHistoryLimit, and writing the status.

import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { isNotFound } from '../../client/client.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  annotatedInt,
  replicasAnnotationsNeedUpdate,
  setReplicasAnnotations,
} from './annotations.ts';
import {
  REASONS,
  calculateStatus,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  newCondition,
  setCondition,
} from './conditions.ts';
import { updateDeploymentStatus, type SyncContext } from './context.ts';
import { getNewReplicaSet } from './new-replica-set.ts';
import { isRollingUpdate, maxSurge, replicasOf } from './fenceposts.ts';
import {
  activeReplicaSets,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  findActiveOrLatest,
  findOldReplicaSets,
  isSaturated,
  proportion,
  replicaCount,
  type MaybeReplicaSet,
} from './util.ts';

export interface ReplicaSets {
  newRS: MaybeReplicaSet;
  oldRSs: ReplicaSet[];
}

/** syncStatusOnly: a deployment being deleted only has its status brought up to date. */
export async function syncStatusOnly(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** sync: reconciles a resize, or a paused deployment, without rolling anything out. */
export async function sync(ctx: SyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await scale(ctx, d, newRS, oldRSs);
  if (d.spec?.paused && !getRollbackTo(d)) await cleanupDeployment(ctx, oldRSs, d);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** The deprecated rollbackTo, round-tripped through an annotation (rollback.go getRollbackTo). */
export function getRollbackTo(d: Deployment): { revision: number } | undefined {
  const revision = annotatedInt(d, 'deprecated.deployment.rollback.to');
  return revision === undefined ? undefined : { revision };
}

/**
 * checkPausedConditions: pausing and resuming set Progressing to Unknown, so a long pause is not
 * mistaken for a rollout that stopped making progress.
 */
export async function checkPausedConditions(ctx: SyncContext, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, 'Progressing');
  if (current?.reason === REASONS.timedOut) return;
  const pausedConditionExists = current?.reason === REASONS.pausedDeploy;
  const status = (d.status ??= {});
  if (d.spec?.paused && !pausedConditionExists) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'Unknown',
        REASONS.pausedDeploy,
        'Deployment is paused',
        ctx.now(),
      ),
    );
  } else if (!d.spec?.paused && pausedConditionExists) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'Unknown',
        REASONS.resumedDeploy,
        'Deployment is resumed',
        ctx.now(),
      ),
    );
  } else {
    return;
  }
  await updateDeploymentStatus(ctx, d);
}

/**
 * getAllReplicaSetsAndSyncRevision: the new set (created when asked and missing) with its
 * revision raised past every old one, and all the old sets.
 */
export async function getAllReplicaSetsAndSyncRevision(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
  createIfNotExisted: boolean,
): Promise<ReplicaSets> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(ctx, d, rsList, oldRSs, createIfNotExisted);
  return { newRS, oldRSs };
}

/**
 * scaleReplicaSet: one PUT sets the size and the replica annotations; the event follows a size
 * change. Returns the stored set.
 */
export async function scaleReplicaSet(
  ctx: SyncContext,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max))
    return { scaled: false, rs };
  const rsCopy = structuredClone(rs);
  (rsCopy.spec ??= { selector: {} }).replicas = newScale;
  setReplicasAnnotations(rsCopy, desired, max);
  const updated = await ctx.replicaSets(rsCopy.metadata?.namespace).update(rsCopy);
  if (!sizeNeedsUpdate) return { scaled: false, rs: updated };
  const operation = oldScale < newScale ? 'up' : 'down';
  ctx.event(
    d,
    'Normal',
    'ScalingReplicaSet',
    `Scaled ${operation} replica set ${updated.metadata?.name ?? ''} from ${String(oldScale)} to ${String(newScale)}`,
  );
  return { scaled: true, rs: updated };
}

/** scaleReplicaSetAndRecordEvent: nothing to do when the set already has that size. */
export async function scaleReplicaSetAndRecordEvent(
  ctx: SyncContext,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d);
}

/**
 * scale: one active set (or none) takes the whole size; a saturated new set sends the old ones to
 * zero; otherwise, in a rolling update, the difference is shared in proportion to the sets' sizes,
 * the largest first, leftovers to the first.
 */
export async function scale(
  ctx: SyncContext,
  d: Deployment,
  newRS: MaybeReplicaSet,
  oldRSs: ReplicaSet[],
): Promise<void> {
  const desired = replicasOf(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) !== desired)
      await scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, desired, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs))
      await scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = activeReplicaSets([...oldRSs, newRS]);
  const allowedSize = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(allRSs);
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const sizes = allRSs.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const share = proportion(rs, d, toAdd, added);
    added += share;
    return replicasOf(rs) + share;
  });
  for (const [index, rs] of allRSs.entries()) {
    let size = sizes[index] ?? 0;
    if (index === 0 && toAdd !== 0) size = Math.max(size + toAdd - added, 0);
    await scaleReplicaSet(ctx, rs, size, d);
  }
}

/** cleanupDeployment: deletes the oldest empty sets beyond revisionHistoryLimit. */
export async function cleanupDeployment(
  ctx: SyncContext,
  oldRSs: ReplicaSet[],
  d: Deployment,
): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - (d.spec?.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
    )
      continue;
    try {
      await ctx.replicaSets(rs.metadata?.namespace).delete(rs.metadata?.name ?? '');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

const COUNTERS = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
] as const;

/** reflect.DeepEqual of two statuses, where the server omits zero counters from what it stores. */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const normalize = (status: DeploymentStatus | undefined): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...status };
    for (const key of COUNTERS) if (!copy[key]) delete copy[key];
    if (!(copy.conditions as unknown[] | undefined)?.length) delete copy.conditions;
    if (copy.collisionCount === undefined) delete copy.collisionCount;
    return copy;
  };
  return jsonEqual(normalize(a), normalize(b));
}

/** syncDeploymentStatus: writes calculateStatus when it differs from what is stored. */
export async function syncDeploymentStatus(
  ctx: SyncContext,
  allRSs: MaybeReplicaSet[],
  newRS: MaybeReplicaSet,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, ctx.now());
  if (sameStatus(d.status, status)) return;
  await updateDeploymentStatus(ctx, { ...d, status });
}

/** isScalingEvent: an active set was sized for a different spec.replicas. */
export async function isScalingEvent(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = annotatedInt(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== replicasOf(d);
  });
}
