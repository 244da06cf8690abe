// TaintNodesByCondition (plugin/pkg/admission/nodetaint): a new Node starts tainted not-ready, so
// nothing is scheduled onto it until the node lifecycle controller sees it Ready.

import type { Node } from 'kubernetes-types/core/v1';
import { isResource, type AdmissionPlugin } from './admission.ts';

export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';

export function taintNodesByCondition(): AdmissionPlugin {
  return {
    name: 'TaintNodesByCondition',
    admit(attributes) {
      const { operation, object } = attributes;
      if (operation !== 'CREATE' || !isResource(attributes, '', 'nodes')) return object;
      const spec = ((object as Node).spec ??= {});
      const taints = (spec.taints ??= []);
      if (
        !taints.some((taint) => taint.key === NOT_READY_TAINT_KEY && taint.effect === 'NoSchedule')
      ) {
        taints.push({ key: NOT_READY_TAINT_KEY, effect: 'NoSchedule' });
      }
      return object;
    },
  };
}
