// The Job registry (pkg/registry/batch/job/strategy.go): on create the selector is generated
// from the Job's uid unless manualSelector, and the template gets the job-name and controller-uid
// labels (prefixed and legacy); generation tracks the spec; the template and most of the spec are
// immutable; status transitions are checked; `status.successful` is a selectable field.
// Left out: warnings, and the batch/v1 default of orphaning pods on delete (no garbage collector).

import type { Job, JobSpec } from 'kubernetes-types/batch/v1';
import { goQuote } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { validateObjectMeta } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { copyTemplateLabels, defaultJob } from './batch-defaults.ts';
import {
  CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  validateJob,
  validateJobSpecUpdate,
} from './batch-validation.ts';
import { validateJobStatusUpdate } from './job-status-validation.ts';
import type { Template } from './pod-template.ts';
import type { Strategy } from './strategy.ts';
import {
  checkTemplateQuantities,
  keepStatus,
  setStatus,
  statusSubresource,
} from './workload-strategy.ts';

const specOf = (object: KubeObject): JobSpec => (object as Job).spec ?? ({} as JobSpec);

/** Go encodes maps with sorted keys. */
function sortedKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** generateSelector: labels the template already has are kept (validation reports conflicts). */
function generateSelector(object: KubeObject): void {
  const spec = specOf(object) as JobSpec & { selector?: { matchLabels?: Record<string, string> } };
  const meta = object.metadata ?? {};
  const template = spec.template as Template;
  const templateMeta = (template.metadata ??= {});
  const labels = { ...templateMeta.labels };
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= meta.name ?? '';
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL])
    labels[key] ??= meta.uid ?? '';
  templateMeta.labels = sortedKeys(labels);
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels[CONTROLLER_UID_LABEL] ??= meta.uid ?? '';
}

/** Whether the Job's own labels are (a copy of) its template's, as defaulting left them. */
function labelsFromTemplate(object: KubeObject): boolean {
  const labels = object.metadata?.labels ?? {};
  const templateLabels = (specOf(object).template as Template | undefined)?.metadata?.labels ?? {};
  const keys = Object.keys(labels);
  return (
    keys.length === 0 ||
    (keys.length === Object.keys(templateLabels).length &&
      keys.every((key) => labels[key] === templateLabels[key]))
  );
}

function hasPrefixedLabels(object: KubeObject): boolean {
  const labels = (specOf(object).template as Template | undefined)?.metadata?.labels ?? {};
  return JOB_NAME_LABEL in labels && CONTROLLER_UID_LABEL in labels;
}

export const jobStrategy: Strategy = {
  type: builtinType('batch', 'jobs'),
  tracksGeneration: true,
  // batch/v1 keeps the orphaning default it had before server-side garbage collection.
  defaultGarbageCollectionPolicy: 'OrphanDependents',
  checkDecode: (object) => checkTemplateQuantities(specOf(object).template),
  applyDefaults: defaultJob,
  prepareForCreate(object) {
    // Defaulting shares the template's label map with the Job when the Job has none, so the
    // generated labels show on the Job too.
    const shared = labelsFromTemplate(object);
    if (specOf(object).manualSelector !== true) generateSelector(object);
    if (shared) {
      delete object.metadata?.labels;
      copyTemplateLabels(object);
    }
    setStatus(object, {});
  },
  prepareForUpdate: keepStatus,
  validate: (object) => validateJob(object, specOf(object), true),
  validateUpdate(object, old) {
    const oldJob = old as Job;
    return [
      ...validateObjectMeta(object.metadata ?? {}, { namespaced: true }),
      ...validateJob(object, specOf(object), hasPrefixedLabels(old)),
      ...validateJobSpecUpdate(specOf(object), specOf(old), {
        mutableScheduling: oldJob.spec?.suspend === true && !oldJob.status?.startTime,
      }),
    ];
  },
  selectableFields(object) {
    const meta = object.metadata ?? {};
    return {
      'metadata.name': meta.name ?? '',
      'metadata.namespace': meta.namespace ?? '',
      'status.successful': String((object as Job).status?.succeeded ?? 0),
    };
  },
  unknownFieldLabel: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
  status: statusSubresource({
    counters: { required: [], omitEmpty: ['active', 'succeeded', 'failed'] },
    validate: (object, old) => validateJobStatusUpdate(object as Job, old as Job),
  }),
};
