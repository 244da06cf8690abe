// Pod templates inside workloads: the defaults a template gets (pkg/apis/*/v1
// zz_generated.defaults.go runs SetDefaults_PodSpec on every template) and ValidatePodTemplateSpec
// (pkg/apis/core/validation/validation.go). Left out: the seccomp, AppArmor and toleration
// annotations, which the playground's pods do not model either.

import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { field, type FieldError, type FieldPath } from '../../api/errors.ts';
import { validateAnnotations, validateLabels } from '../../api/validation.ts';
import { defaultPodSpec } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';

export type Template = PodTemplateSpec & { metadata?: { creationTimestamp?: string | null } };

/**
 * A template's ObjectMeta is a struct, never omitted, and its zero creationTimestamp encodes as
 * null: 1.32 serves every template with `metadata: {creationTimestamp: null}`.
 */
export function defaultTemplateMetadata(template: { metadata?: object }): void {
  const metadata = (template.metadata ??= {}) as { creationTimestamp?: string | null };
  metadata.creationTimestamp ??= null;
}

/** Fills a workload's pod template the way the scheme does, creating what Go's structs imply. */
export function defaultPodTemplate(template: Template): void {
  defaultTemplateMetadata(template);
  const spec = ((template as { spec?: PodSpec }).spec ??= { containers: [] });
  defaultPodSpec(spec);
}

const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** helper.GetDeletionCostFromPodAnnotations: no plus sign, no leading zeros, an int32. */
function isValidDeletionCost(value: string): boolean {
  if (!/^(0|[1-9]\d*|-\d+)$/.test(value)) return false;
  const cost = Number(value);
  return cost >= INT32_MIN && cost <= INT32_MAX;
}

/** ValidatePodTemplateSpec's checks of the template's metadata (labels are reported at `<path>.labels`). */
export function validateTemplateMetadata(template: Template, path: FieldPath): FieldError[] {
  const errors = [
    ...validateLabels(template.metadata?.labels ?? {}, path.child('labels')),
    ...validateAnnotations(template.metadata?.annotations ?? {}, path.child('annotations')),
  ];
  const cost = template.metadata?.annotations?.[POD_DELETION_COST];
  if (cost !== undefined && !isValidDeletionCost(cost)) {
    errors.push(
      field.invalid(
        path.child('annotations').key(POD_DELETION_COST),
        cost,
        'must be a 32bit integer',
      ),
    );
  }
  return errors;
}

/** ValidatePodTemplateSpec: metadata, the pod spec, and no ephemeral containers. */
export function validatePodTemplateSpec(template: Template, path: FieldPath): FieldError[] {
  const spec = template.spec;
  const errors = [
    ...validateTemplateMetadata(template, path),
    ...validatePodSpec(spec, path.child('spec')),
  ];
  if ((spec?.ephemeralContainers?.length ?? 0) > 0) {
    errors.push(
      field.forbidden(
        path.child('spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errors;
}
