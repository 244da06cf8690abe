// The StatefulSet registry (pkg/registry/apps/statefulset/strategy.go): names are DNS labels
// (they prefix pod hostnames), an empty status and generation 1 on create, most of the spec is
// fixed once created, and status and scale subresources. Left out: warnings.

import type { StatefulSet, StatefulSetSpec } from 'kubernetes-types/apps/v1';
import { builtinType } from '../../api/resources.ts';
import { nameIsDNSLabel } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { defaultStatefulSet } from './apps-defaults.ts';
import {
  validateStatefulSetSpec,
  validateStatefulSetStatus,
  validateStatefulSetUpdate,
} from './apps-validation.ts';
import type { Strategy } from './strategy.ts';
import { collisionCountDecremented } from './workload-validation.ts';
import {
  checkTemplateQuantities,
  keepStatus,
  labelSelectorScale,
  setStatus,
  statusSubresource,
} from './workload-strategy.ts';

const specOf = (object: KubeObject): StatefulSetSpec =>
  (object as StatefulSet).spec ?? ({} as StatefulSetSpec);

export const statefulSetStrategy: Strategy = {
  type: builtinType('apps', 'statefulsets'),
  nameValidator: nameIsDNSLabel,
  tracksGeneration: true,
  checkDecode: (object) => checkTemplateQuantities(specOf(object).template),
  applyDefaults: defaultStatefulSet,
  prepareForCreate(object) {
    // StatefulSetStatus{}: replicas and availableReplicas have no omitempty.
    setStatus(object, { replicas: 0, availableReplicas: 0 });
  },
  prepareForUpdate: keepStatus,
  validate: (object) => validateStatefulSetSpec(specOf(object)),
  validateUpdate: (object, old) => validateStatefulSetUpdate(specOf(object), specOf(old)),
  status: statusSubresource({
    counters: {
      required: ['replicas', 'availableReplicas'],
      omitEmpty: ['observedGeneration', 'readyReplicas', 'currentReplicas', 'updatedReplicas'],
    },
    validate: (object, old) => [
      ...validateStatefulSetStatus((object as StatefulSet).status),
      ...collisionCountDecremented((object as StatefulSet).status, (old as StatefulSet).status),
    ],
  }),
  scaleSelector: labelSelectorScale,
};
