// Priority admission (plugin/pkg/admission/priority/admission.go): a new pod's
// spec.priorityClassName resolves into spec.priority and spec.preemptionPolicy (the global default
// class, or 0 and PreemptLowerPriority, when it names none); a pod may not ask for other values.
// Only one PriorityClass may be the global default.

import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { forbidden } from '../../api/errors.ts';
import { ApiError, gr } from '../registry/generic.ts';
import { PRIORITY_CLASS_TYPE } from '../registry/priorityclasses.ts';
import {
  admissionName,
  isResource,
  type AdmissionAttributes,
  type AdmissionPlugin,
  type ObjectLookup,
} from './admission.ts';

interface Resolved {
  className: string;
  priority: number;
  preemptionPolicy: string | undefined;
}

/** getDefaultPriorityClass: of several global defaults (a race), the lowest value wins. */
function defaultClass(lookup: ObjectLookup): PriorityClass | undefined {
  let chosen: PriorityClass | undefined;
  for (const object of lookup.list(PRIORITY_CLASS_TYPE)) {
    const candidate = object as PriorityClass;
    if (candidate.globalDefault && (!chosen || chosen.value > candidate.value)) chosen = candidate;
  }
  return chosen;
}

function refuse(attributes: AdmissionAttributes, reason: string): ApiError {
  return new ApiError(forbidden(gr(attributes.strategy), admissionName(attributes.object), reason));
}

async function resolve(
  lookup: ObjectLookup,
  attributes: AdmissionAttributes,
  className: string,
): Promise<Resolved> {
  if (!className) {
    const fallback = defaultClass(lookup);
    if (!fallback) return { className: '', priority: 0, preemptionPolicy: 'PreemptLowerPriority' };
    return {
      className: fallback.metadata?.name ?? '',
      priority: fallback.value,
      preemptionPolicy: fallback.preemptionPolicy,
    };
  }
  const found = (await lookup.get(
    PRIORITY_CLASS_TYPE,
    undefined,
    className,
  )) as PriorityClass | null;
  if (!found) throw refuse(attributes, `no PriorityClass with name ${className} was found`);
  return { className, priority: found.value, preemptionPolicy: found.preemptionPolicy };
}

async function admitPod(lookup: ObjectLookup, attributes: AdmissionAttributes): Promise<void> {
  const spec = ((attributes.object as Pod).spec ??= { containers: [] });
  const resolved = await resolve(lookup, attributes, spec.priorityClassName ?? '');
  if (resolved.className) spec.priorityClassName = resolved.className;
  if (spec.priority !== undefined && spec.priority !== resolved.priority) {
    throw refuse(
      attributes,
      `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${String(resolved.priority)} from the given PriorityClass name`,
    );
  }
  spec.priority = resolved.priority;
  const policy = resolved.preemptionPolicy;
  if (policy === undefined) return;
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
    throw refuse(
      attributes,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy = policy;
}

/** validatePriorityClass: a second global default is refused. */
function validatePriorityClass(lookup: ObjectLookup, attributes: AdmissionAttributes): void {
  const priorityClass = attributes.object as PriorityClass;
  if (!priorityClass.globalDefault) return;
  const existing = defaultClass(lookup);
  if (!existing) return;
  const existingName = existing.metadata?.name ?? '';
  if (attributes.operation === 'CREATE' || existingName !== priorityClass.metadata?.name) {
    throw refuse(
      attributes,
      `PriorityClass ${existingName} is already marked as default. Only one default can exist`,
    );
  }
}

export function priorityAdmission(lookup: ObjectLookup): AdmissionPlugin {
  return {
    name: 'Priority',
    async admit(attributes) {
      if (attributes.operation === 'CREATE' && isResource(attributes, '', 'pods')) {
        await admitPod(lookup, attributes);
      }
      return attributes.object;
    },
    validate(attributes) {
      if (attributes.operation === 'DELETE') return;
      if (isResource(attributes, 'scheduling.k8s.io', 'priorityclasses')) {
        validatePriorityClass(lookup, attributes);
      }
    },
  };
}
