// The PodDisruptionBudget registry (policy/v1): pkg/registry/policy/poddisruptionbudget/strategy.go
// (status reset, generation, updates that must name their resourceVersion) and
// pkg/apis/policy/validation/validation.go. Like upstream, PDB validation leaves names to the
// generic path-segment check. The disruption controller that fills the status is not built yet.

import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1';
import { field, fieldPath, type FieldError, type FieldPath } from '../../api/errors.ts';
import {
  goSyntax,
  intOrStringSyntax,
  validateLabelSelector,
  validateNonnegative,
  validatePathSegmentName,
} from '../../api/core-validation.ts';
import { builtinType } from '../../api/resources.ts';
import { isQualifiedName, regexError } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

function specOf(object: KubeObject): PodDisruptionBudgetSpec {
  return (object as PodDisruptionBudget).spec ?? {};
}

/** appsvalidation.ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function validateIntOrPercent(value: number | string, path: FieldPath): FieldError[] {
  if (typeof value === 'number') return validateNonnegative(value, path);
  if (!/^[0-9]+%$/.test(value)) {
    return [
      field.invalid(
        path,
        intOrStringSyntax(value),
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          '[0-9]+%',
          '1%',
          '93%',
        ),
      ),
    ];
  }
  return Number(value.slice(0, -1)) > 100
    ? [field.invalid(path, intOrStringSyntax(value), 'must not be greater than 100%')]
    : [];
}

/** %#v of the whole spec, whose pointers Go prints as addresses. */
function specSyntax(spec: PodDisruptionBudgetSpec): ReturnType<typeof goSyntax> {
  const pointer = (type: string, set: boolean, address: string): string =>
    `(*${type})(${set ? address : 'nil'})`;
  return goSyntax(
    `policy.PodDisruptionBudgetSpec{MinAvailable:${pointer('intstr.IntOrString', spec.minAvailable !== undefined, '0xc000a2e1c0')}, Selector:${pointer('v1.LabelSelector', spec.selector !== undefined, '0xc000a2e200')}, MaxUnavailable:${pointer('intstr.IntOrString', spec.maxUnavailable !== undefined, '0xc000a2e1e0')}, UnhealthyPodEvictionPolicy:${pointer('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy !== undefined, '0xc000a2e220')}}`,
  );
}

function validateSpec(object: KubeObject): FieldError[] {
  const spec = specOf(object);
  const path = fieldPath('spec');
  const errors: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    errors.push(
      field.invalid(path, specSyntax(spec), 'minAvailable and maxUnavailable cannot be both set'),
    );
  if (spec.minAvailable !== undefined)
    errors.push(...validateIntOrPercent(spec.minAvailable, path.child('minAvailable')));
  if (spec.maxUnavailable !== undefined)
    errors.push(...validateIntOrPercent(spec.maxUnavailable, path.child('maxUnavailable')));
  errors.push(...validateLabelSelector(spec.selector, path.child('selector')));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !EVICTION_POLICIES.includes(policy))
    errors.push(
      field.notSupported(path.child('unhealthyPodEvictionPolicy'), policy, EVICTION_POLICIES),
    );
  return errors;
}

/** ValidatePodDisruptionBudgetStatusUpdate for policy/v1, with meta/v1 ValidateConditions. */
function validateStatus(object: KubeObject): FieldError[] {
  const status = (object as PodDisruptionBudget).status;
  const path = fieldPath('status');
  const errors: FieldError[] = [];
  const types = new Set<string>();
  (status?.conditions ?? []).forEach((condition, index) => {
    const at = path.child('conditions').index(index);
    if (types.has(condition.type)) errors.push(field.duplicate(at.child('type'), condition.type));
    types.add(condition.type);
    for (const message of isQualifiedName(condition.type))
      errors.push(field.invalid(at.child('type'), condition.type, message));
    if (!['False', 'True', 'Unknown'].includes(condition.status))
      errors.push(
        field.notSupported(at.child('status'), condition.status, ['False', 'True', 'Unknown']),
      );
    if ((condition.observedGeneration ?? 0) < 0) {
      errors.push(
        field.invalid(
          at.child('observedGeneration'),
          condition.observedGeneration,
          'must be greater than or equal to zero',
        ),
      );
    }
    if (!condition.lastTransitionTime)
      errors.push(field.required(at.child('lastTransitionTime'), 'must be set'));
    errors.push(...validateConditionReason(condition.reason, at.child('reason')));
    if (condition.message.length > 32 * 1024)
      errors.push(field.tooLong(at.child('message'), '', 32 * 1024));
  });
  errors.push(
    ...validateNonnegative(status?.disruptionsAllowed ?? 0, path.child('disruptionsAllowed')),
  );
  errors.push(...validateNonnegative(status?.currentHealthy ?? 0, path.child('currentHealthy')));
  errors.push(...validateNonnegative(status?.desiredHealthy ?? 0, path.child('desiredHealthy')));
  errors.push(...validateNonnegative(status?.expectedPods ?? 0, path.child('expectedPods')));
  return errors;
}

function validateConditionReason(reason: string, path: FieldPath): FieldError[] {
  if (!reason) return [field.required(path, 'must be set')];
  const errors: FieldError[] = [];
  const format = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
  if (!new RegExp(`^${format}$`).test(reason)) {
    errors.push(
      field.invalid(
        path,
        reason,
        regexError(
          "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
          format,
          'my_name',
          'MY_NAME',
          'MyName',
          'ReasonA,ReasonB',
          'ReasonA:ReasonB',
        ),
      ),
    );
  }
  if (reason.length > 1024) errors.push(field.tooLong(path, '', 1024));
  return errors;
}

export const podDisruptionBudgetStrategy: Strategy = {
  type: builtinType('policy', 'poddisruptionbudgets'),
  nameValidator: validatePathSegmentName,
  tracksGeneration: true,
  unconditionalUpdate: false,
  prepareForCreate(object) {
    // PodDisruptionBudgetStatus{}: these four counts have no omitempty.
    (object as { status?: unknown }).status = {
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    };
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate: validateSpec,
  validateUpdate: validateSpec,
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate: validateStatus,
  },
};
