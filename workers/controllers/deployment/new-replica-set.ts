// The new ReplicaSet of sync.go getNewReplicaSet: found by template (its revision raised past
// the old ones, the deployment's revision following it), or created as `<deployment>-<hash>` with
// the pod-template-hash label, a controller reference, and a collision count bump on a clash.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { isAlreadyExists } from '../../client/client.ts';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  REVISION_ANNOTATION,
  maxRevision,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
} from './annotations.ts';
import {
  REASONS,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
} from './conditions.ts';
import { updateDeploymentStatus, type SyncContext } from './context.ts';
import { computeHash } from './hash.ts';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  newRSNewReplicas,
  type MaybeReplicaSet,
} from './util.ts';

async function syncExistingNewReplicaSet(
  ctx: SyncContext,
  d: Deployment,
  existing: ReplicaSet,
  newRevision: string,
): Promise<ReplicaSet> {
  const rsCopy = structuredClone(existing);
  const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
  const minReadySeconds = d.spec?.minReadySeconds ?? 0;
  if (annotationsUpdated || (rsCopy.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
    (rsCopy.spec ??= { selector: {} }).minReadySeconds = minReadySeconds;
    return ctx.replicaSets(rsCopy.metadata?.namespace).update(rsCopy);
  }
  // The set's own revision annotation is the reliable one: it was written before.
  let needsUpdate = setDeploymentRevision(
    d,
    rsCopy.metadata?.annotations?.[REVISION_ANNOTATION] ?? '',
  );
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    const message = `Found new replica set ${JSON.stringify(rsCopy.metadata?.name ?? '')}`;
    setCondition(
      (d.status ??= {}),
      newCondition('Progressing', 'True', REASONS.foundNewRS, message, ctx.now()),
    );
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return rsCopy;
}

function newReplicaSetFor(d: Deployment): ReplicaSet {
  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  const labels = { ...template.metadata?.labels, [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  template.metadata = { ...template.metadata, labels };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // The name is deterministic, so a second create after a stale read fails instead of doubling.
      name: `${d.metadata?.name ?? ''}-${hash}`,
      namespace: d.metadata?.namespace,
      labels: { ...labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: d.metadata?.name ?? '',
          uid: d.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec?.minReadySeconds ?? 0,
      selector,
      template,
    },
  };
}

/**
 * A name already taken is ours when the set there is controlled by this deployment and has its
 * template; otherwise it is a hash collision: bump collisionCount and retry with a new hash.
 */
async function adoptOrBumpCollision(
  ctx: SyncContext,
  d: Deployment,
  newRS: ReplicaSet,
  error: unknown,
): Promise<ReplicaSet> {
  const existing = ctx.cachedReplicaSet(newRS.metadata?.namespace, newRS.metadata?.name ?? '');
  if (!existing) throw error;
  const owner = existing.metadata?.ownerReferences?.find((reference) => reference.controller);
  if (
    owner?.uid === d.metadata?.uid &&
    equalIgnoreHash(d.spec?.template, existing.spec?.template)
  ) {
    return existing;
  }
  const status = (d.status ??= {});
  status.collisionCount = (status.collisionCount ?? 0) + 1;
  await ctx.deployments(d.metadata?.namespace).updateStatus(d);
  throw error;
}

async function createNewReplicaSet(
  ctx: SyncContext,
  d: Deployment,
  oldRSs: ReplicaSet[],
  newRevision: string,
): Promise<ReplicaSet> {
  const newRS = newReplicaSetFor(d);
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  (newRS.spec ??= { selector: {} }).replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await ctx.replicaSets(d.metadata?.namespace).create(newRS);
  } catch (error) {
    if (isAlreadyExists(error)) {
      alreadyExists = true;
      created = await adoptOrBumpCollision(ctx, d, newRS, error);
    } else {
      const cause = error instanceof Error ? error.message : String(error);
      const message = `Failed to create new replica set ${JSON.stringify(newRS.metadata?.name ?? '')}: ${cause}`;
      if (hasProgressDeadline(d)) {
        setCondition(
          (d.status ??= {}),
          newCondition('Progressing', 'False', REASONS.failedRSCreate, message, ctx.now()),
        );
        await ctx
          .deployments(d.metadata?.namespace)
          .updateStatus(d)
          .catch(() => undefined);
      }
      ctx.event(d, 'Warning', REASONS.failedRSCreate, message);
      throw error;
    }
  }
  const name = created.metadata?.name ?? '';
  if (!alreadyExists && newReplicasCount > 0) {
    ctx.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${name} from 0 to ${String(newReplicasCount)}`,
    );
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const message = `Created new replica set ${JSON.stringify(name)}`;
    setCondition(
      (d.status ??= {}),
      newCondition('Progressing', 'True', REASONS.newReplicaSet, message, ctx.now()),
    );
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return created;
}

/** getNewReplicaSet: the set with the deployment's template, its revision synced; created if asked. */
export async function getNewReplicaSet(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: ReplicaSet[],
  createIfNotExisted: boolean,
): Promise<MaybeReplicaSet> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) return syncExistingNewReplicaSet(ctx, d, existing, newRevision);
  if (!createIfNotExisted) return undefined;
  return createNewReplicaSet(ctx, d, oldRSs, newRevision);
}
