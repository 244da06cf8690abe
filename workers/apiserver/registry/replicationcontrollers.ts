// The ReplicationController registry (pkg/registry/core/replicationcontroller/strategy.go) with
// SetDefaults_ReplicationController (selector and labels from the template, one replica) and
// ValidateReplicationController from pkg/apis/core/validation. The scale subresource is served
// by registry/scale.ts; no controller acts on these objects yet.

import type {
  PodTemplateSpec,
  ReplicationController,
  ReplicationControllerSpec,
} from 'kubernetes-types/core/v1';
import { field, fieldPath, type FieldError } from '../../api/errors.ts';
import { validateNonnegative } from '../../api/core-validation.ts';
import { builtinType } from '../../api/resources.ts';
import { validateAnnotations, validateLabels } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { checkPodSpecQuantities, defaultPodSpec } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import type { Strategy } from './strategy.ts';
import { selectorText } from './workload-validation.ts';

function specOf(object: KubeObject): ReplicationControllerSpec {
  return (object as ReplicationController).spec ?? {};
}

function selectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** ValidatePodTemplateSpecForRC. */
function validateTemplate(
  template: PodTemplateSpec | undefined,
  selector: Record<string, string>,
): FieldError[] {
  const path = fieldPath('spec', 'template');
  if (!template) return [field.required(path)];
  const errors: FieldError[] = [];
  const labels = template.metadata?.labels ?? {};
  if (Object.keys(selector).length > 0 && !selectorMatches(selector, labels)) {
    errors.push(
      field.invalid(
        path.child('metadata', 'labels'),
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
  // ValidatePodTemplateSpec checks labels and annotations at the template's own path.
  errors.push(...validateLabels(labels, path.child('labels')));
  errors.push(
    ...validateAnnotations(template.metadata?.annotations ?? {}, path.child('annotations')),
  );
  const specPath = path.child('spec');
  errors.push(...validatePodSpec(template.spec, specPath));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== 'Always')
    errors.push(
      field.notSupported(specPath.child('restartPolicy'), restartPolicy ?? '', ['Always']),
    );
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errors.push(
      field.forbidden(
        specPath.child('activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errors;
}

/** ValidateReplicationControllerSpec. */
function validateSpec(object: KubeObject): FieldError[] {
  const spec = specOf(object);
  const path = fieldPath('spec');
  const selector = spec.selector ?? {};
  return [
    ...validateNonnegative(spec.minReadySeconds ?? 0, path.child('minReadySeconds')),
    ...(Object.keys(selector).length === 0 ? [field.required(path.child('selector'))] : []),
    ...validateNonnegative(spec.replicas ?? 0, path.child('replicas')),
    ...validateTemplate(spec.template, selector),
  ];
}

function validateStatus(object: KubeObject): FieldError[] {
  const status = (object as ReplicationController).status;
  const path = fieldPath('status');
  const replicas = status?.replicas ?? 0;
  const fully = status?.fullyLabeledReplicas ?? 0;
  const ready = status?.readyReplicas ?? 0;
  const available = status?.availableReplicas ?? 0;
  const errors = [
    ...validateNonnegative(replicas, path.child('replicas')),
    ...validateNonnegative(fully, path.child('fullyLabeledReplicas')),
    ...validateNonnegative(ready, path.child('readyReplicas')),
    ...validateNonnegative(available, path.child('availableReplicas')),
    ...validateNonnegative(status?.observedGeneration ?? 0, path.child('observedGeneration')),
  ];
  const message = 'cannot be greater than status.replicas';
  if (fully > replicas)
    errors.push(field.invalid(path.child('fullyLabeledReplicas'), fully, message));
  if (ready > replicas) errors.push(field.invalid(path.child('readyReplicas'), ready, message));
  if (available > replicas)
    errors.push(field.invalid(path.child('availableReplicas'), available, message));
  if (available > ready)
    errors.push(
      field.invalid(
        path.child('availableReplicas'),
        available,
        'cannot be greater than readyReplicas',
      ),
    );
  return errors;
}

export const replicationControllerStrategy: Strategy = {
  type: builtinType('', 'replicationcontrollers'),
  tracksGeneration: true,
  // core/v1 keeps the orphaning default it had before server-side garbage collection.
  defaultGarbageCollectionPolicy: 'OrphanDependents',
  checkDecode(object) {
    return checkPodSpecQuantities(specOf(object).template?.spec);
  },
  applyDefaults(object) {
    const spec = ((object as { spec?: ReplicationControllerSpec }).spec ??= {});
    const labels = spec.template?.metadata?.labels;
    if (labels) {
      if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = labels;
      const meta = (object.metadata ??= {});
      if (Object.keys(meta.labels ?? {}).length === 0) meta.labels = labels;
    }
    spec.replicas ??= 1;
    if (spec.template?.spec) defaultPodSpec(spec.template.spec);
  },
  prepareForCreate(object) {
    // ReplicationControllerStatus{}: replicas has no omitempty.
    (object as { status?: unknown }).status = { replicas: 0 };
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate: validateSpec,
  // Upstream validates the new object twice on update; the message drops the repeats.
  validateUpdate(object) {
    return [...validateSpec(object), ...validateSpec(object)];
  },
  selectableFields(object) {
    const meta = object.metadata ?? {};
    return {
      'metadata.name': meta.name ?? '',
      'metadata.namespace': meta.namespace ?? '',
      'status.replicas': String((object as ReplicationController).status?.replicas ?? 0),
    };
  },
  // labels.SelectorFromSet(spec.selector).String().
  scaleSelector: (object) => selectorText({ matchLabels: specOf(object).selector ?? {} }),
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate: validateStatus,
  },
};
