// pkg/controller/deployment/rollback.go: the deprecated server-side rollback, requested through
// the `deprecated.deployment.rollback.to` annotation (extensions/v1beta1's spec.rollbackTo).
// kubectl 1.32's `rollout undo` patches the template itself and never comes here.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  DEPRECATED_ROLLBACK_TO,
  lastRevision,
  revisionOf,
  setDeploymentAnnotationsTo,
} from './annotations.ts';
import type { SyncContext } from './context.ts';
import { getAllReplicaSetsAndSyncRevision, getRollbackTo } from './sync.ts';
import { equalIgnoreHash } from './util.ts';

const ROLLBACK_REVISION_NOT_FOUND = 'DeploymentRollbackRevisionNotFound';
const ROLLBACK_TEMPLATE_UNCHANGED = 'DeploymentRollbackTemplateUnchanged';
const ROLLBACK_DONE = 'DeploymentRollback';

async function updateDeploymentAndClearRollbackTo(ctx: SyncContext, d: Deployment): Promise<void> {
  delete d.metadata?.annotations?.[DEPRECATED_ROLLBACK_TO];
  await ctx.deployments(d.metadata?.namespace).update(d);
}

/** SetFromReplicaSetTemplate: the set's template without its pod-template-hash label. */
function setFromReplicaSetTemplate(d: Deployment, rs: ReplicaSet): void {
  const template = structuredClone(rs.spec?.template ?? {});
  const labels = { ...template.metadata?.labels };
  delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  template.metadata = { ...template.metadata, labels };
  (d.spec ??= { selector: {}, template: {} }).template = template;
}

export async function rollback(
  ctx: SyncContext,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  let revision = getRollbackTo(d)?.revision ?? 0;
  if (revision === 0) {
    revision = lastRevision(allRSs);
    if (revision === 0) {
      ctx.event(d, 'Warning', ROLLBACK_REVISION_NOT_FOUND, 'Unable to find last revision.');
      await updateDeploymentAndClearRollbackTo(ctx, d);
      return;
    }
  }
  const target = allRSs.find((rs) => revisionOf(rs) === revision);
  if (!target) {
    ctx.event(
      d,
      'Warning',
      ROLLBACK_REVISION_NOT_FOUND,
      'Unable to find the revision to rollback to.',
    );
    await updateDeploymentAndClearRollbackTo(ctx, d);
    return;
  }
  const name = JSON.stringify(d.metadata?.name ?? '');
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    ctx.event(
      d,
      'Warning',
      ROLLBACK_TEMPLATE_UNCHANGED,
      `The rollback revision contains the same template as current deployment ${name}`,
    );
    await updateDeploymentAndClearRollbackTo(ctx, d);
    return;
  }
  setFromReplicaSetTemplate(d, target);
  setDeploymentAnnotationsTo(d, target);
  await updateDeploymentAndClearRollbackTo(ctx, d);
  ctx.event(
    d,
    'Normal',
    ROLLBACK_DONE,
    `Rolled back deployment ${name} to revision ${String(revision)}`,
  );
}
