// The ReplicaSet registry (pkg/registry/apps/replicaset/strategy.go, pkg/apis/apps/validation):
// replicas default to 1, the template gets pod defaults, the selector must match the template's
// labels, and metadata.generation counts spec changes for the controller's observedGeneration.

import type { ReplicaSet, ReplicaSetSpec } from 'kubernetes-types/apps/v1';
import { field, fieldPath, type FieldError } from '../../api/errors.ts';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { checkPodSpecQuantities, defaultPodSpec } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import type { Strategy } from './strategy.ts';
import { labelSelectorScale } from './workload-strategy.ts';

const REPLICA_SET_TYPE = builtinType('apps', 'replicasets');

function specOf(object: KubeObject): ReplicaSetSpec {
  return (object as ReplicaSet).spec ?? ({} as ReplicaSetSpec);
}

function validateSpec(spec: ReplicaSetSpec): FieldError[] {
  const path = fieldPath('spec');
  const errors: FieldError[] = [];
  if ((spec.replicas ?? 0) < 0)
    errors.push(
      field.invalid(path.child('replicas'), spec.replicas, 'must be greater than or equal to 0'),
    );
  if ((spec.minReadySeconds ?? 0) < 0) {
    errors.push(
      field.invalid(
        path.child('minReadySeconds'),
        spec.minReadySeconds,
        'must be greater than or equal to 0',
      ),
    );
  }
  const template = spec.template;
  if (!spec.selector) {
    errors.push(field.required(path.child('selector')));
  } else if (
    Object.keys(spec.selector.matchLabels ?? {}).length +
      (spec.selector.matchExpressions?.length ?? 0) ===
    0
  ) {
    errors.push(
      field.invalid(
        path.child('selector'),
        spec.selector,
        'empty selector is invalid for deployment',
      ),
    );
  } else {
    const selector = labelSelectorFromObject(spec.selector);
    const labels = template?.metadata?.labels ?? {};
    if (!isParseError(selector) && !matchesLabels(selector, labels)) {
      errors.push(
        field.invalid(
          path.child('template', 'metadata', 'labels'),
          labels,
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (!template) {
    errors.push(field.required(path.child('template')));
    return errors;
  }
  const templateSpecPath = path.child('template', 'spec');
  errors.push(...validatePodSpec(template.spec, templateSpecPath));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== undefined && restartPolicy !== 'Always') {
    errors.push(
      field.notSupported(templateSpecPath.child('restartPolicy'), restartPolicy, ['Always']),
    );
  }
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errors.push(
      field.forbidden(
        templateSpecPath.child('activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return errors;
}

export const replicaSetStrategy: Strategy = {
  type: REPLICA_SET_TYPE,
  tracksGeneration: true,
  checkDecode(object) {
    return checkPodSpecQuantities(specOf(object).template?.spec);
  },
  applyDefaults(object) {
    const spec = ((object as { spec?: Partial<ReplicaSetSpec> }).spec ??=
      {}) as Partial<ReplicaSetSpec> & { replicas?: number };
    spec.replicas ??= 1;
    if (spec.template?.spec) defaultPodSpec(spec.template.spec);
  },
  prepareForCreate(object) {
    // ReplicaSetStatus{}: replicas has no omitempty, so an empty status still shows it.
    (object as { status?: unknown }).status = { replicas: 0 };
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate(object) {
    return validateSpec(specOf(object));
  },
  validateUpdate(object, old) {
    const errors = validateSpec(specOf(object));
    if (JSON.stringify(specOf(object).selector) !== JSON.stringify(specOf(old).selector)) {
      errors.push(field.invalid('spec.selector', specOf(object).selector, 'field is immutable'));
    }
    return errors;
  },
  scaleSelector: labelSelectorScale,
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate(object) {
      const status = (object as ReplicaSet).status;
      const errors: FieldError[] = [];
      for (const key of [
        'replicas',
        'fullyLabeledReplicas',
        'readyReplicas',
        'availableReplicas',
      ] as const) {
        const value = status?.[key];
        if (value !== undefined && value < 0)
          errors.push(field.invalid(`status.${key}`, value, 'must be greater than or equal to 0'));
      }
      return errors;
    },
  },
};
