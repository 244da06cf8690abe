// Priority admission (plugin/pkg/admission/priority/admission.go): resolves
// spec.priorityClassName into spec.priority and sets the preemption policy. PriorityClass objects
// are not served yet, so only the two built-in system classes resolve.

import type { Pod } from 'kubernetes-types/core/v1';
import { forbidden } from '../../api/errors.ts';
import { ApiError, gr } from '../registry/generic.ts';
import { admissionName, isResource, type AdmissionPlugin } from './admission.ts';

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2_000_000_000,
  'system-node-critical': 2_000_001_000,
};

export function priorityAdmission(): AdmissionPlugin {
  return {
    name: 'Priority',
    admit(attributes) {
      const { operation, object } = attributes;
      if (operation !== 'CREATE' || !isResource(attributes, '', 'pods')) return object;
      const pod = object as Pod;
      const spec = (pod.spec ??= { containers: [] });
      let priority = 0;
      if (spec.priorityClassName) {
        const resolved = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
        if (resolved === undefined) {
          throw new ApiError(
            forbidden(
              gr(attributes.strategy),
              admissionName(pod),
              `no PriorityClass with name ${spec.priorityClassName} was found`,
            ),
          );
        }
        priority = resolved;
      }
      if (spec.priority !== undefined && spec.priority !== priority) {
        throw new ApiError(
          forbidden(
            gr(attributes.strategy),
            admissionName(pod),
            `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
          ),
        );
      }
      spec.priority = priority;
      // Without a global default class the computed policy is PreemptLowerPriority, as it is for
      // the system classes; a pod may not ask for another.
      const preemptionPolicy = 'PreemptLowerPriority';
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== preemptionPolicy) {
        throw new ApiError(
          forbidden(
            gr(attributes.strategy),
            admissionName(pod),
            `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
          ),
        );
      }
      spec.preemptionPolicy = preemptionPolicy;
      return object;
    },
  };
}
