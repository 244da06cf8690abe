// The annotations a Deployment and its ReplicaSets carry (deployment_util.go): the revision and
// its history, the desired and max replicas a set was sized for, and the user's annotations
// (kubernetes.io/change-cause among them) copied from the Deployment to its new ReplicaSet.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { maxSurge, replicasOf } from './fenceposts.ts';

export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** sync.go maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

export function skipCopyAnnotation(key: string): boolean {
  return ANNOTATIONS_TO_SKIP.has(key);
}

function parseInt64(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

/** An integer annotation, or undefined when missing or not a number. */
export function annotatedInt(
  object: { metadata?: { annotations?: Record<string, string> } },
  key: string,
): number | undefined {
  return parseInt64(object.metadata?.annotations?.[key]);
}

/** deploymentutil.Revision; undefined where upstream gets a parse error. */
export function revisionOf(object: {
  metadata?: { annotations?: Record<string, string> };
}): number | undefined {
  return annotatedInt(object, REVISION_ANNOTATION);
}

/** MaxRevision: the highest revision among the sets (0 when none has one). */
export function maxRevision(sets: ReplicaSet[]): number {
  return sets.reduce((max, rs) => Math.max(max, revisionOf(rs) ?? 0), 0);
}

/** LastRevision: the second highest revision, the one `rollout undo` goes back to. */
export function lastRevision(sets: ReplicaSet[]): number {
  let max = 0;
  let secondMax = 0;
  for (const rs of sets) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    if (revision >= max) {
      secondMax = max;
      max = revision;
    } else if (revision > secondMax) {
      secondMax = revision;
    }
  }
  return secondMax;
}

function annotationsOf(rs: ReplicaSet): Record<string, string> {
  const meta = (rs.metadata ??= {});
  return (meta.annotations ??= {});
}

/** copyDeploymentAnnotationsToReplicaSet: every annotation but the controller's own. */
function copyDeploymentAnnotationsToReplicaSet(deployment: Deployment, rs: ReplicaSet): boolean {
  const annotations = annotationsOf(rs);
  let changed = false;
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: records the size the set was made for; true when something changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = annotationsOf(rs);
  let changed = false;
  for (const [key, value] of [
    [DESIRED_REPLICAS_ANNOTATION, String(desired)],
    [MAX_REPLICAS_ANNOTATION, String(max)],
  ] as const) {
    if (annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(
  rs: ReplicaSet,
  desired: number,
  max: number,
): boolean {
  const annotations = rs.metadata?.annotations;
  return (
    annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    annotations[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/** Appends `oldRevision` to revision-history, dropping the oldest entries past the limit. */
function appendRevisionHistory(rs: ReplicaSet, oldRevision: string, limitInChars: number): void {
  const annotations = annotationsOf(rs);
  const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
  const oldRevisions = history.split(',');
  if (oldRevisions[0] === '') {
    annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  let totalLength = history.length + oldRevision.length + 1;
  let start = 0;
  while (totalLength > limitInChars && start < oldRevisions.length) {
    totalLength -= (oldRevisions[start]?.length ?? 0) + 1;
    start++;
  }
  if (totalLength <= limitInChars) {
    annotations[REVISION_HISTORY_ANNOTATION] = [...oldRevisions.slice(start), oldRevision].join(
      ',',
    );
  }
}

/**
 * SetNewReplicaSetAnnotations: copies the deployment's annotations, raises the revision when the
 * set's is lower (keeping the one it had in revision-history: a rollback), and on a set about to
 * be created records the replica annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(
  deployment: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  limitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(deployment, rs);
  const annotations = annotationsOf(rs);
  const oldRevision = annotations[REVISION_ANNOTATION];
  let oldRevisionInt = parseInt64(oldRevision);
  if (oldRevisionInt === undefined) {
    if (oldRevision !== undefined && oldRevision !== '') return false;
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseInt64(newRevision);
  if (newRevisionInt === undefined) return false;
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (oldRevision !== undefined) appendRevisionHistory(rs, oldRevision, limitInChars);
  }
  const desired = replicasOf(deployment);
  if (!exists && setReplicasAnnotations(rs, desired, desired + maxSurge(deployment)))
    changed = true;
  return changed;
}

/** SetDeploymentRevision: true when the deployment's revision annotation changed. */
export function setDeploymentRevision(deployment: Deployment, revision: string): boolean {
  const meta = (deployment.metadata ??= {});
  const annotations = (meta.annotations ??= {});
  if (annotations[REVISION_ANNOTATION] === revision) return false;
  annotations[REVISION_ANNOTATION] = revision;
  return true;
}

/** SetDeploymentAnnotationsTo: a rollback takes the target set's user annotations. */
export function setDeploymentAnnotationsTo(deployment: Deployment, rollbackTo: ReplicaSet): void {
  const meta = (deployment.metadata ??= {});
  const kept = Object.entries(meta.annotations ?? {}).filter(([key]) => skipCopyAnnotation(key));
  const copied = Object.entries(rollbackTo.metadata?.annotations ?? {}).filter(
    ([key]) => !skipCopyAnnotation(key),
  );
  meta.annotations = Object.fromEntries([...kept, ...copied]);
}
