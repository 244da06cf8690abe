// StatefulSet helpers (pkg/controller/statefulset/stateful_set_utils.go): ordinals and identity
// (`<set>-<ordinal>`, the pod-name and pod-index labels, hostname and subdomain), the pod a
// revision wants at an ordinal, pod health, and the status counts. Volumes are left out: the
// playground has no PersistentVolumeClaims, so storage always matches.

import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { CONTROLLER_REVISION_HASH_LABEL } from '../history.ts';
import { podFromTemplate } from '../pod-control.ts';
import { isPodAvailable, isPodReady } from '../pod-util.ts';

export const STATEFUL_SET_KIND = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const STATEFUL_POD_NAME = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: the set name and ordinal a pod name encodes, ordinal -1 if none. */
export function parentAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const match = STATEFUL_POD_NAME.exec(pod.metadata?.name ?? '');
  if (!match) return { parent: '', ordinal: -1 };
  const ordinal = Number(match[2]);
  return Number.isSafeInteger(ordinal) && ordinal <= 2 ** 31 - 1
    ? { parent: match[1] ?? '', ordinal }
    : { parent: '', ordinal: -1 };
}

export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod).ordinal;

/** isMemberOf: the pod's name says it belongs to this set. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod).parent === set.metadata?.name;
}

export const startOrdinal = (set: StatefulSet): number => set.spec?.ordinals?.start ?? 0;
export const endOrdinal = (set: StatefulSet): number =>
  startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const ordinal = ordinalOf(pod);
  return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
}

export const podName = (set: StatefulSet, ordinal: number): string =>
  `${set.metadata?.name ?? ''}-${String(ordinal)}`;

export const podRevision = (pod: Pod): string =>
  pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

/** identityMatches: name, namespace and the identity labels are what the ordinal implies. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  const labels = pod.metadata?.labels;
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    pod.metadata?.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    labels?.[POD_NAME_LABEL] === pod.metadata.name &&
    labels[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** updateIdentity: the identity labels and namespace the ordinal implies. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  const meta = (pod.metadata ??= {});
  meta.name = podName(set, ordinal);
  meta.namespace = set.metadata?.namespace;
  meta.labels = {
    ...meta.labels,
    [POD_NAME_LABEL]: meta.name,
    [POD_INDEX_LABEL]: String(ordinal),
  };
}

/** ApplyRevision: the set with the template the revision recorded. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const recorded = (
    revision.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } }
  ).spec?.template;
  if (!recorded || !set.spec) return set;
  const { $patch: _replace, ...template } = structuredClone(recorded);
  return { ...set, spec: { ...set.spec, template } };
}

/** newStatefulSetPod: GetPodFromTemplate, then the ordinal's name, identity and DNS names. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const pod = podFromTemplate(set.spec?.template, set, STATEFUL_SET_KIND);
  (pod.metadata ??= {}).name = podName(set, ordinal);
  updateIdentity(set, pod);
  if (pod.spec) {
    pod.spec.hostname = pod.metadata.name;
    if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
  }
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition keep the current revision. Upstream's
 * condition groups as (RollingUpdate && no rollingUpdate && below start) || (below partition).
 */
export function newVersionedStatefulSetPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const start = startOrdinal(currentSet);
  const keepsCurrent =
    (strategy?.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start) ||
    (strategy?.rollingUpdate !== undefined &&
      ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(keepsCurrent ? currentSet : updateSet, ordinal);
  const meta = (pod.metadata ??= {});
  meta.labels = {
    ...meta.labels,
    [CONTROLLER_REVISION_HASH_LABEL]: keepsCurrent ? currentRevision : updateRevision,
  };
  return pod;
}

/** isCreated: the pod exists in the API (it has a phase). */
export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? '') !== '';
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp !== undefined;
export const isFinished = (pod: Pod): boolean =>
  pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
export const isRunningAndReady = (pod: Pod): boolean =>
  pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now: number): boolean =>
  pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);

export type ReplicaCounts = Required<
  Pick<
    StatefulSetStatus,
    'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'
  >
>;

/** updateStatus over computeReplicaStatus: the counts of every pod list given. */
export function replicaCounts(
  pods: readonly Pod[],
  minReadySeconds: number,
  now: number,
  currentRevision: string,
  updateRevision: string,
): ReplicaCounts {
  const counts: ReplicaCounts = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pod of pods) {
    if (isCreated(pod)) counts.replicas++;
    if (isRunningAndReady(pod)) {
      counts.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) counts.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === currentRevision) counts.currentReplicas++;
      if (podRevision(pod) === updateRevision) counts.updatedReplicas++;
    }
  }
  return counts;
}
