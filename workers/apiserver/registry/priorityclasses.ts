// PriorityClasses (pkg/registry/scheduling/priorityclass, pkg/apis/scheduling/validation,
// pkg/apis/scheduling/v1/defaults.go and helpers.go): user classes up to one billion, names with the
// `system-` prefix reserved for the two classes the API server creates at start-up, which cannot be
// deleted; value and preemptionPolicy are fixed once created.

import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { field, forbidden, type FieldError, type Status } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const SYSTEM_PREFIX = 'system-';
/** HighestUserDefinablePriority. */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** SystemCriticalPriority: twice the highest user-definable priority. */
const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

export const PRIORITY_CLASS_TYPE = builtinType('scheduling.k8s.io', 'priorityclasses');

/** The classes every cluster has (SystemPriorityClasses), in upstream order. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: SYSTEM_CRITICAL_PRIORITY,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** IsKnownSystemPriorityClass: null when it is one, else why not. */
function unknownSystemClass(name: string, value: number, globalDefault: boolean): string | null {
  const known = SYSTEM_PRIORITY_CLASSES.find((system) => system.metadata?.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${String(known.value)}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return null;
}

function validate(object: KubeObject): FieldError[] {
  const priorityClass = object as PriorityClass;
  const name = priorityClass.metadata?.name ?? '';
  const errors: FieldError[] = [];
  if (name.startsWith(SYSTEM_PREFIX)) {
    const why = unknownSystemClass(name, priorityClass.value, priorityClass.globalDefault ?? false);
    if (why !== null) {
      errors.push(
        field.forbidden(
          'metadata.name',
          `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${why}`,
        ),
      );
    }
  } else if (priorityClass.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push(
      field.forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${String(HIGHEST_USER_DEFINABLE_PRIORITY)}`,
      ),
    );
  }
  const policy = priorityClass.preemptionPolicy;
  if (policy !== undefined) {
    if (policy === '') errors.push(field.required('preemptionPolicy'));
    else if (!PREEMPTION_POLICIES.includes(policy))
      errors.push(field.notSupported('preemptionPolicy', policy, PREEMPTION_POLICIES));
  }
  return errors;
}

function validateUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  const updated = object as PriorityClass;
  const previous = old as PriorityClass;
  const errors: FieldError[] = [];
  if (updated.value !== previous.value) {
    errors.push(field.forbidden('value', 'may not be changed in an update.'));
  }
  if (updated.preemptionPolicy !== previous.preemptionPolicy) {
    errors.push(
      field.invalid('preemptionPolicy', updated.preemptionPolicy ?? null, 'field is immutable'),
    );
  }
  return errors;
}

export const priorityClassStrategy: Strategy = {
  type: PRIORITY_CLASS_TYPE,
  applyDefaults(object) {
    (object as PriorityClass).preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate,
  validateUpdate,
  refuseDelete(name): Status | null {
    if (!SYSTEM_PRIORITY_CLASSES.some((system) => system.metadata?.name === name)) return null;
    return forbidden(
      { group: 'scheduling.k8s.io', resource: 'priorityclasses' },
      name,
      'this is a system priority class and cannot be deleted',
    );
  },
};
