// Replica arithmetic and ReplicaSet bookkeeping of pkg/controller/deployment/util/deployment_util.go
// and the ReplicaSet sorters of pkg/controller/controller_utils.go: surge and unavailability
// fenceposts, the new ReplicaSet's next size, proportional shares, and finding new and old sets.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { parseTime } from '../../api/time.ts';
import {
  annotatedInt,
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  revisionOf,
} from './annotations.ts';
import { isRollingUpdate, maxSurge, replicasOf } from './fenceposts.ts';

export type MaybeReplicaSet = ReplicaSet | undefined;

export function replicaCount(sets: MaybeReplicaSet[]): number {
  return sets.reduce((sum, rs) => sum + (rs ? replicasOf(rs) : 0), 0);
}

export function actualReplicaCount(sets: MaybeReplicaSet[]): number {
  return sets.reduce((sum, rs) => sum + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(sets: MaybeReplicaSet[]): number {
  return sets.reduce((sum, rs) => sum + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(sets: MaybeReplicaSet[]): number {
  return sets.reduce((sum, rs) => sum + (rs?.status?.availableReplicas ?? 0), 0);
}

/** controller.FilterActiveReplicaSets: the sets that want pods. */
export function activeReplicaSets(sets: MaybeReplicaSet[]): ReplicaSet[] {
  return sets.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(
  deployment: Deployment,
  allRSs: MaybeReplicaSet[],
  newRS: ReplicaSet,
): number {
  const desired = replicasOf(deployment);
  if (!isRollingUpdate(deployment)) return desired;
  const maxTotalPods = desired + maxSurge(deployment);
  const currentPodCount = replicaCount(allRSs);
  if (currentPodCount >= maxTotalPods) return replicasOf(newRS);
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, desired - replicasOf(newRS));
  return replicasOf(newRS) + scaleUpCount;
}

/** integer.RoundToInt32: math.Round, halves away from zero. */
function roundToInt(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** getReplicaSetFraction: this set's share of a resize, from the size it was made for. */
function replicaSetFraction(rs: ReplicaSet, deployment: Deployment): number {
  const desired = replicasOf(deployment);
  if (desired === 0) return -replicasOf(rs);
  const deploymentReplicas = desired + maxSurge(deployment);
  const annotated = annotatedInt(rs, MAX_REPLICAS_ANNOTATION) ?? deployment.status?.replicas ?? 0;
  return roundToInt((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}

/** GetProportion: the set's share, never past what is left to add (or remove). */
export function proportion(
  rs: MaybeReplicaSet,
  deployment: Deployment,
  toAdd: number,
  added: number,
): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, deployment);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** IsSaturated: the new set has all the pods the deployment wants, and all are available. */
export function isSaturated(deployment: Deployment, rs: MaybeReplicaSet): boolean {
  if (!rs) return false;
  const desired = replicasOf(deployment);
  return (
    replicasOf(rs) === desired &&
    annotatedInt(rs, DESIRED_REPLICAS_ANNOTATION) === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

function creationTime(rs: ReplicaSet): number {
  const timestamp = rs.metadata?.creationTimestamp;
  return timestamp ? parseTime(timestamp) : 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const difference = creationTime(a) - creationTime(b);
  if (difference !== 0) return difference;
  const [nameA, nameB] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first, then oldest (who scales down first). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: largest first, then newest (who scales up first). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(b, a);
}

/** ReplicaSetsByRevision: lowest revision first, ties by age. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const [revisionA, revisionB] = [revisionOf(a), revisionOf(b)];
  if (revisionA === undefined || revisionB === undefined || revisionA === revisionB)
    return byCreationTimestamp(a, b);
  return revisionA - revisionB;
}

/**
 * The value as Go decodes it, for Semantic.DeepEqual: null, empty lists and empty objects all
 * decode to the zero value a missing field has (a nil pointer, slice or map, or an empty struct).
 */
function goZeroed(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(goZeroed);
    return items.length > 0 ? items : undefined;
  }
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => [key, goZeroed(item)] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function withoutHash(template: PodTemplateSpec | undefined): unknown {
  const labels = { ...template?.metadata?.labels };
  delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return goZeroed({ ...template, metadata: { ...template?.metadata, labels } });
}

/** EqualIgnoreHash: the templates match once the pod-template-hash label is set aside. */
export function equalIgnoreHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return jsonEqual(withoutHash(a), withoutHash(b));
}

/** FindNewReplicaSet: the oldest set whose template is the deployment's. */
export function findNewReplicaSet(
  deployment: Deployment,
  sets: ReplicaSet[],
): ReplicaSet | undefined {
  return [...sets]
    .sort(byCreationTimestamp)
    .find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}

/** FindOldReplicaSets: every set but the new one. */
export function findOldReplicaSets(deployment: Deployment, sets: ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(deployment, sets);
  return sets.filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid);
}

/** FindActiveOrLatest: the one set with pods, or the newest when none has any; else nothing. */
export function findActiveOrLatest(
  newRS: MaybeReplicaSet,
  oldRSs: ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}
