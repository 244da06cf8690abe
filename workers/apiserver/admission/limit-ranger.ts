// LimitRanger admission (plugin/pkg/admission/limitranger/admission.go, 1.32): a new pod's
// containers and init containers take the default requests and limits of the LimitRanges in its
// namespace (noted in the kubernetes.io/limit-ranger annotation), then must keep within their
// min, max and maxLimitRequestRatio per Container and per Pod. Left out: PersistentVolumeClaims
// (not served) and the live lookup while the informer syncs.

import type { Container, LimitRange, LimitRangeItem, Pod } from 'kubernetes-types/core/v1';
import { aggregateMessage, forbidden } from '../../api/errors.ts';
import { aggregate } from '../../api/quota/pods.ts';
import {
  parseResourceList,
  quantityText,
  type ResourceList,
} from '../../api/quota/resource-list.ts';
import { ApiError, gr } from '../registry/generic.ts';
import {
  admissionName,
  isResource,
  type AdmissionAttributes,
  type AdmissionPlugin,
} from './admission.ts';

const ANNOTATION = 'kubernetes.io/limit-ranger';

type List = Record<string, string>;

/** defaultContainerResourceRequirements: the Container items' default limits and requests. */
function containerDefaults(limitRange: LimitRange): { requests: List; limits: List } {
  const requests: List = {};
  const limits: List = {};
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  return { requests, limits };
}

/** mergeContainerResources: fills what the container leaves out; says what it set. */
function mergeContainer(
  container: Container,
  defaults: { requests: List; limits: List },
  kind: string,
): string[] {
  const resources = (container.resources ??= {});
  const fill = (side: 'requests' | 'limits'): string[] => {
    const set = Object.keys(defaults[side]).filter((name) => !(name in (resources[side] ?? {})));
    if (set.length > 0) {
      const list = (resources[side] ??= {});
      for (const name of set) list[name] = defaults[side][name] ?? '';
    }
    return set.sort();
  };
  const limits = fill('limits');
  const requests = fill('requests');
  const notes: string[] = [];
  if (requests.length > 0)
    notes.push(`${requests.join(', ')} request for ${kind} ${container.name}`);
  if (limits.length > 0) notes.push(`${limits.join(', ')} limit for ${kind} ${container.name}`);
  return notes;
}

/** PodMutateLimitFunc, through mergePodResourceRequirements. */
function mutatePod(limitRange: LimitRange, pod: Pod): void {
  const defaults = containerDefaults(limitRange);
  const spec = pod.spec ?? { containers: [] };
  const notes = [
    ...spec.containers.flatMap((container) => mergeContainer(container, defaults, 'container')),
    ...(spec.initContainers ?? []).flatMap((container) =>
      mergeContainer(container, defaults, 'init container'),
    ),
  ];
  if (notes.length === 0) return;
  const meta = (pod.metadata ??= {});
  meta.annotations = {
    ...meta.annotations,
    [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

type Constraint = (
  type: string,
  name: string,
  enforced: string,
  requests: ResourceList,
  limits: ResourceList,
) => string | null;

const text = (list: ResourceList, name: string): string => quantityText(list.get(name));

/** The enforced quantity in milli-units, and as Quantity.String() shows it. */
function enforcedValue(name: string, enforcedText: string): [number, string] {
  const list = parseResourceList({ [name]: enforcedText });
  return [list.get(name)?.milliValue ?? 0, text(list, name)];
}

/** minConstraint. */
const minConstraint: Constraint = (type, name, enforcedText, requests, limits) => {
  const [enforced, shown] = enforcedValue(name, enforcedText);
  const request = requests.get(name);
  const limit = limits.get(name);
  if (!request) return `minimum ${name} usage per ${type} is ${shown}.  No request is specified`;
  if (request.milliValue < enforced)
    return `minimum ${name} usage per ${type} is ${shown}, but request is ${text(requests, name)}`;
  if (limit && limit.milliValue < enforced)
    return `minimum ${name} usage per ${type} is ${shown}, but limit is ${text(limits, name)}`;
  return null;
};

/** maxConstraint. */
const maxConstraint: Constraint = (type, name, enforcedText, requests, limits) => {
  const [enforced, shown] = enforcedValue(name, enforcedText);
  const request = requests.get(name);
  const limit = limits.get(name);
  if (!limit) return `maximum ${name} usage per ${type} is ${shown}.  No limit is specified`;
  if (limit.milliValue > enforced)
    return `maximum ${name} usage per ${type} is ${shown}, but limit is ${text(limits, name)}`;
  if (request && request.milliValue > enforced)
    return `maximum ${name} usage per ${type} is ${shown}, but request is ${text(requests, name)}`;
  return null;
};

/** limitRequestRatioConstraint. */
const ratioConstraint: Constraint = (type, name, enforcedText, requests, limits) => {
  const [enforced, shown] = enforcedValue(name, enforcedText);
  const request = requests.get(name)?.milliValue ?? 0;
  const limit = limits.get(name)?.milliValue ?? 0;
  const prefix = `${name} max limit to request ratio per ${type} is ${shown}`;
  if (request === 0) return `${prefix}, but no request is specified or request is 0`;
  if (limit === 0) return `${prefix}, but no limit is specified or limit is 0`;
  const ratio = limit / request;
  return ratio * 1000 > enforced ? `${prefix}, but provided ratio is ${ratio.toFixed(6)}` : null;
};

function check(item: LimitRangeItem, requests: ResourceList, limits: ResourceList): string[] {
  const errors: string[] = [];
  const run = (list: Record<string, string> | undefined, constraint: Constraint): void => {
    for (const [name, enforced] of Object.entries(list ?? {})) {
      const error = constraint(item.type, name, enforced, requests, limits);
      if (error !== null) errors.push(error);
    }
  };
  run(item.min, minConstraint);
  run(item.max, maxConstraint);
  run(item.maxLimitRequestRatio, ratioConstraint);
  return errors;
}

/** PodValidateLimitFunc: each container against Container items, the whole pod against Pod items. */
function validatePod(limitRange: LimitRange, pod: Pod): string[] {
  const errors: string[] = [];
  const spec = pod.spec ?? { containers: [] };
  for (const item of limitRange.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
        errors.push(
          ...check(
            item,
            parseResourceList(container.resources?.requests),
            parseResourceList(container.resources?.limits),
          ),
        );
      }
    }
    if (item.type === 'Pod')
      errors.push(...check(item, aggregate(pod, 'requests'), aggregate(pod, 'limits')));
  }
  return errors;
}

/** The limit ranges of a namespace, from the watch cache. */
export type LimitRangeLister = (namespace: string) => LimitRange[];

/** Pods only, and only on create: their containers' resources cannot change afterwards. */
function supports(attributes: AdmissionAttributes): boolean {
  return attributes.operation === 'CREATE' && isResource(attributes, '', 'pods');
}

export function limitRanger(list: LimitRangeLister): AdmissionPlugin {
  const rangesFor = (attributes: AdmissionAttributes): LimitRange[] =>
    list(attributes.object.metadata?.namespace ?? '');
  return {
    name: 'LimitRanger',
    admit(attributes) {
      if (!supports(attributes)) return attributes.object;
      for (const limitRange of rangesFor(attributes))
        mutatePod(limitRange, attributes.object as Pod);
      return attributes.object;
    },
    validate(attributes) {
      if (!supports(attributes)) return;
      for (const limitRange of rangesFor(attributes)) {
        const errors = validatePod(limitRange, attributes.object as Pod);
        if (errors.length > 0) {
          throw new ApiError(
            forbidden(
              gr(attributes.strategy),
              admissionName(attributes.object),
              aggregateMessage(errors),
            ),
          );
        }
      }
    },
  };
}
