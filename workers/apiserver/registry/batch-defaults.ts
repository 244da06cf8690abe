// Scheme defaulting for batch/v1 (pkg/apis/batch/v1/defaults.go, and zz_generated.defaults.go
// for the pod templates), with 1.32's JobPodReplacementPolicy gate on. A CronJob's job template
// gets only pod template defaults: SetDefaults_Job runs on Jobs alone.

import type { CronJobSpec, JobSpec } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../client/protocol.ts';
import { specOf } from './apps-defaults.ts';
import { defaultPodTemplate, defaultTemplateMetadata, type Template } from './pod-template.ts';

const MAX_INT32 = 2147483647;

/**
 * Kept apart from SetDefaults_Job: the registry reads every Job back through the scheme, so a Job
 * without labels of its own always shows its template's (generated ones included).
 */
export function copyTemplateLabels(object: KubeObject): void {
  const spec = specOf<JobSpec>(object);
  const labels = spec.template?.metadata?.labels;
  const meta = (object.metadata ??= {});
  if (labels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
}

/** SetDefaults_Job. */
export function defaultJob(object: KubeObject): void {
  const spec = specOf<JobSpec>(object);
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : MAX_INT32;
  copyTemplateLabels(object);
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? [])
      (pattern as { status?: string }).status ||= 'True';
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  defaultPodTemplate((spec.template ??= {}));
}

/** SetDefaults_CronJob, and the template defaults inside its job template. */
export function defaultCronJob(object: KubeObject): void {
  const spec = specOf<CronJobSpec>(object);
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = (spec.jobTemplate ??= {});
  defaultTemplateMetadata(jobTemplate);
  const jobSpec = ((jobTemplate as { spec?: JobSpec }).spec ??= {} as JobSpec);
  defaultPodTemplate(((jobSpec as { template?: Template }).template ??= {} as Template));
}
