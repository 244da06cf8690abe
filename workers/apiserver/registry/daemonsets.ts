// The DaemonSet registry (pkg/registry/apps/daemonset/strategy.go): an empty status and
// generation 1 on create, an immutable selector, the status subresource, and the internal
// templateGeneration, which apps/v1 carries in the deprecated.daemonset.template.generation
// annotation (pkg/apis/apps/v1/conversion.go): 1 on create, +1 whenever the template changes.
// Left out: warnings.

import type { DaemonSet, DaemonSetSpec } from 'kubernetes-types/apps/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { validateObjectMeta } from '../../api/validation.ts';
import { defaultDaemonSet } from './apps-defaults.ts';
import { validateDaemonSetSpec, validateDaemonSetStatus } from './apps-validation.ts';
import type { Strategy } from './strategy.ts';
import { collisionCountDecremented, immutableSelector } from './workload-validation.ts';
import {
  checkTemplateQuantities,
  keepStatus,
  setStatus,
  statusSubresource,
} from './workload-strategy.ts';

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

const specOf = (object: KubeObject): DaemonSetSpec =>
  (object as DaemonSet).spec ?? ({} as DaemonSetSpec);

function templateGeneration(object: KubeObject): number {
  const value = object.metadata?.annotations?.[TEMPLATE_GENERATION];
  return value === undefined ? 0 : Number(value);
}

function setTemplateGeneration(object: KubeObject, generation: number): void {
  const meta = (object.metadata ??= {});
  meta.annotations = { ...meta.annotations, [TEMPLATE_GENERATION]: String(generation) };
}

export const daemonSetStrategy: Strategy = {
  type: builtinType('apps', 'daemonsets'),
  tracksGeneration: true,
  checkDecode(object) {
    // The annotation is converted to an int64 while decoding, so a bad one fails the request.
    const value = object.metadata?.annotations?.[TEMPLATE_GENERATION];
    if (value !== undefined && !/^[+-]?\d+$/.test(value))
      return `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`;
    return checkTemplateQuantities(specOf(object).template);
  },
  applyDefaults: defaultDaemonSet,
  prepareForCreate(object) {
    setStatus(object, {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    setTemplateGeneration(object, Math.max(templateGeneration(object), 1));
  },
  prepareForUpdate(object, old) {
    keepStatus(object, old);
    const templateChanged = !jsonEqual(specOf(object).template, specOf(old).template);
    setTemplateGeneration(object, templateGeneration(old) + (templateChanged ? 1 : 0));
  },
  validate: (object) => validateDaemonSetSpec(specOf(object)),
  validateUpdate(object, old) {
    // Upstream validates the new object as if created, then as an update (which repeats the spec).
    const spec = validateDaemonSetSpec(specOf(object));
    return [
      ...validateObjectMeta(object.metadata ?? {}, { namespaced: true }),
      ...spec,
      ...spec,
      ...immutableSelector(specOf(object).selector, specOf(old).selector),
    ];
  },
  status: statusSubresource({
    counters: {
      required: [
        'currentNumberScheduled',
        'numberMisscheduled',
        'desiredNumberScheduled',
        'numberReady',
      ],
      omitEmpty: [
        'observedGeneration',
        'updatedNumberScheduled',
        'numberAvailable',
        'numberUnavailable',
      ],
    },
    // The template generation lives in the spec internally, so a status write keeps it too.
    keep: (object, old) => {
      setTemplateGeneration(object, templateGeneration(old));
    },
    validate: (object, old) => [
      ...validateDaemonSetStatus((object as DaemonSet).status),
      ...collisionCountDecremented((object as DaemonSet).status, (old as DaemonSet).status),
    ],
  }),
};
