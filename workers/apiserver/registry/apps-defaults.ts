// Scheme defaulting for apps/v1 workloads (pkg/apis/apps/v1/defaults.go and the generated
// zz_generated.defaults.go that also defaults their pod templates and claim templates), with
// 1.32's feature gates: StatefulSetAutoDeletePVC on, MaxUnavailableStatefulSet off.

import type { DaemonSetSpec, DeploymentSpec, StatefulSetSpec } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/protocol.ts';
import { defaultPodTemplate, defaultTemplateMetadata } from './pod-template.ts';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] } & Record<string, unknown>;

/** The spec of a decoded workload, created when absent (Go decodes into a zero struct). */
export function specOf<T>(object: KubeObject): Mutable<T> {
  return ((object as { spec?: Mutable<T> }).spec ??= {} as Mutable<T>);
}

function defaultTemplate(spec: { template?: unknown }): void {
  defaultPodTemplate((spec.template ??= {}));
}

/** SetDefaults_Deployment. */
export function defaultDeployment(object: KubeObject): void {
  const spec = specOf<DeploymentSpec>(object);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {}) as Mutable<NonNullable<DeploymentSpec['strategy']>>;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec);
}

/** SetDefaults_DaemonSet. */
export function defaultDaemonSet(object: KubeObject): void {
  const spec = specOf<DaemonSetSpec>(object);
  const strategy = (spec.updateStrategy ??= {}) as Mutable<
    NonNullable<DaemonSetSpec['updateStrategy']>
  >;
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
}

/**
 * SetDefaults_PersistentVolumeClaim and _Spec on a claim template; the v1 conversion also names
 * the claim's kind (StatefulSetSpec conversion keeps the pre-1.17 behaviour).
 */
function defaultClaimTemplate(claim: PersistentVolumeClaim): void {
  const mutable = claim as Mutable<PersistentVolumeClaim>;
  mutable.apiVersion = 'v1';
  mutable.kind = 'PersistentVolumeClaim';
  defaultTemplateMetadata(mutable);
  const spec = (mutable.spec ??= {}) as { volumeMode?: string };
  spec.volumeMode ??= 'Filesystem';
  const status = (mutable.status ??= {}) as { phase?: string };
  status.phase ??= 'Pending';
}

/** SetDefaults_StatefulSet. */
export function defaultStatefulSet(object: KubeObject): void {
  const spec = specOf<StatefulSetSpec>(object);
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {}) as Mutable<
    NonNullable<StatefulSetSpec['updateStrategy']>
  >;
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
    strategy.rollingUpdate.partition ??= 0;
  }
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
  for (const claim of spec.volumeClaimTemplates ?? []) defaultClaimTemplate(claim);
}
