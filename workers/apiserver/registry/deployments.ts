// The Deployment registry (pkg/registry/apps/deployment/strategy.go): an empty status and
// generation 1 on create, a generation bump when the spec or the annotations change (the
// controller copies annotations to ReplicaSets), an immutable selector, and status and scale
// subresources. Left out: warnings, and the deprecated rollback subresource.

import type { Deployment, DeploymentSpec } from 'kubernetes-types/apps/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { defaultDeployment } from './apps-defaults.ts';
import { validateDeploymentSpec, validateDeploymentStatus } from './apps-validation.ts';
import type { Strategy } from './strategy.ts';
import { collisionCountDecremented, immutableSelector } from './workload-validation.ts';
import {
  bumpGenerationIf,
  checkTemplateQuantities,
  keepStatus,
  labelSelectorScale,
  setStatus,
  specChanged,
  statusSubresource,
} from './workload-strategy.ts';

const specOf = (object: KubeObject): DeploymentSpec =>
  (object as Deployment).spec ?? ({} as DeploymentSpec);

export const deploymentStrategy: Strategy = {
  type: builtinType('apps', 'deployments'),
  checkDecode: (object) => checkTemplateQuantities(specOf(object).template),
  applyDefaults: defaultDeployment,
  prepareForCreate(object) {
    setStatus(object, {});
    (object.metadata ??= {}).generation = 1;
  },
  prepareForUpdate(object, old) {
    keepStatus(object, old);
    const annotationsChanged = !jsonEqual(
      object.metadata?.annotations ?? {},
      old.metadata?.annotations ?? {},
    );
    bumpGenerationIf(object, old, specChanged(object, old) || annotationsChanged);
  },
  validate: (object) => validateDeploymentSpec(specOf(object)),
  validateUpdate(object, old) {
    return [
      ...validateDeploymentSpec(specOf(object)),
      ...immutableSelector(specOf(object).selector, specOf(old).selector),
    ];
  },
  status: statusSubresource({
    counters: {
      required: [],
      omitEmpty: [
        'replicas',
        'updatedReplicas',
        'readyReplicas',
        'availableReplicas',
        'unavailableReplicas',
      ],
    },
    keepLabels: true,
    validate: (object, old) => [
      ...validateDeploymentStatus((object as Deployment).status),
      ...collisionCountDecremented((object as Deployment).status, (old as Deployment).status),
    ],
  }),
  scaleSelector: labelSelectorScale,
};
