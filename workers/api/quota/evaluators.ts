// Quota evaluators: what an object charges against a quota and which quotas govern it
// (k8s.io/apiserver pkg/quota/v1/generic/evaluator.go, kubernetes/kubernetes
// pkg/quota/v1/evaluator/core/{pods,services,registry}.go, 1.32). Used by the ResourceQuota
// admission plugin and controller alike. Left out: PersistentVolumeClaims and ResourceClaims
// (not served), and the LimitedResources configuration.

import type { ResourceQuota, ScopedResourceSelectorRequirement } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { GroupResource } from '../errors.ts';
import { groupResource } from '../resources.ts';
import { podMatchesScope, podUsage, podConstraints, POD_RESOURCES } from './pods.ts';
import { add, count, intersection, type ResourceList } from './resource-list.ts';
import { isNativeResource } from './resource-names.ts';

/** Any stored object, as quota sees it. */
export interface QuotaObject {
  metadata?: ObjectMeta;
}

export type { GroupResource };

export type QuotaOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface Evaluator {
  readonly groupResource: GroupResource;
  /** Why the object may not be admitted under quota for `required` (failed quota), or null. */
  constraints(required: readonly string[], object: QuotaObject): string | null;
  handles(operation: QuotaOperation): boolean;
  /** The quota resources of `names` this evaluator measures. */
  matchingResources(names: readonly string[]): string[];
  /** Whether the object matches one scope selector requirement. */
  matchesScope(requirement: ScopedResourceSelectorRequirement, object: QuotaObject): boolean;
  /** What the object charges; `now` decides whether a terminating pod still counts. */
  usage(object: QuotaObject, now: number): ResourceList;
}

/** ObjectCountQuotaResourceNameFor: `count/pods`, `count/deployments.apps`. */
export function objectCountName(resource: GroupResource): string {
  return `count/${groupResource(resource)}`;
}

/** getScopeSelectorsFromQuota: the scopes as Exists requirements, then the selector's own. */
export function quotaScopeSelectors(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  return [
    ...(quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

/** generic.Matches: the quota limits something this evaluator measures, and every scope matches. */
export function matchesQuota(
  evaluator: Evaluator,
  quota: ResourceQuota,
  object: QuotaObject,
): boolean {
  const hard = Object.keys(quota.status?.hard ?? {});
  return (
    evaluator.matchingResources(hard).length > 0 &&
    quotaScopeSelectors(quota).every((requirement) => evaluator.matchesScope(requirement, object))
  );
}

/** MatchingScopes: the requirements the object matches. */
export function matchingScopes(
  evaluator: Evaluator,
  object: QuotaObject,
  requirements: readonly ScopedResourceSelectorRequirement[],
): ScopedResourceSelectorRequirement[] {
  return requirements.filter((requirement) => evaluator.matchesScope(requirement, object));
}

/**
 * CalculateUsageStats: the summed usage of `objects` that match every scope, with each of
 * `resources` present (zero when nothing charges it).
 */
export function usageStats(
  evaluator: Evaluator,
  quota: ResourceQuota,
  resources: readonly string[],
  objects: readonly QuotaObject[],
  now: number,
): ResourceList {
  let used: ResourceList = new Map(resources.map((name) => [name, count(0)]));
  const requirements = quotaScopeSelectors(quota);
  for (const object of objects) {
    if (requirements.every((requirement) => evaluator.matchesScope(requirement, object)))
      used = add(used, evaluator.usage(object, now));
  }
  return used;
}

const NO_SCOPES = (): boolean => false;

/** NewObjectCountEvaluator: one `count/…` (and a legacy alias) per object, on create only. */
export function objectCountEvaluator(resource: GroupResource, alias?: string): Evaluator {
  const names = alias ? [objectCountName(resource), alias] : [objectCountName(resource)];
  return {
    groupResource: resource,
    constraints: () => null,
    handles: (operation) => operation === 'CREATE',
    matchingResources: (input) => intersection(input, names),
    matchesScope: NO_SCOPES,
    usage: () => new Map(names.map((name) => [name, count(1)])),
  };
}

const SERVICES = { group: '', resource: 'services' };
const SERVICE_RESOURCES = [
  objectCountName(SERVICES),
  'services',
  'services.nodeports',
  'services.loadbalancers',
];

interface ServiceShape {
  spec?: {
    type?: string;
    ports?: { nodePort?: number }[];
    allocateLoadBalancerNodePorts?: boolean;
  };
}

/** GetQuotaServiceType: NodePort and LoadBalancer Services count apart from the rest. */
export function quotaServiceType(object: QuotaObject): string {
  const type = (object as ServiceShape).spec?.type;
  return type === 'NodePort' || type === 'LoadBalancer' ? type : '';
}

/** The service evaluator: creates and updates, since a Service's type may change. */
export const serviceEvaluator: Evaluator = {
  groupResource: SERVICES,
  constraints: () => null,
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  matchingResources: (input) => intersection(input, SERVICE_RESOURCES),
  matchesScope: NO_SCOPES,
  usage(object) {
    const spec = (object as ServiceShape).spec ?? {};
    const ports = spec.ports ?? [];
    let nodePorts = 0;
    if (spec.type === 'NodePort') nodePorts = ports.length;
    if (spec.type === 'LoadBalancer') {
      // With node ports suppressed, only the ports that name one explicitly count.
      nodePorts =
        spec.allocateLoadBalancerNodePorts === false
          ? ports.filter((port) => (port.nodePort ?? 0) !== 0).length
          : ports.length;
    }
    return new Map([
      [objectCountName(SERVICES), count(1)],
      ['services', count(1)],
      ['services.loadbalancers', count(spec.type === 'LoadBalancer' ? 1 : 0)],
      ['services.nodeports', count(nodePorts)],
    ]);
  },
};

export const podEvaluator: Evaluator = {
  groupResource: { group: '', resource: 'pods' },
  constraints: podConstraints,
  // Pod updates are charged only with in-place resize, which 1.32 gates off.
  handles: (operation) => operation === 'CREATE',
  matchingResources(input) {
    const result = intersection(input, POD_RESOURCES);
    for (const name of input) {
      if (name.startsWith('hugepages-') || name.startsWith('requests.hugepages-'))
        result.push(name);
      else if (isExtendedQuotaName(name)) result.push(name);
    }
    return result;
  },
  matchesScope: podMatchesScope,
  usage: podUsage,
};

/** isExtendedResourceNameForQuota: `requests.<extended resource>`. */
function isExtendedQuotaName(name: string): boolean {
  return !isNativeResource(name) && name.startsWith('requests.');
}

/** legacyObjectCountAliases: the object counts quota named before `count/…` existed. */
const LEGACY_ALIASES: readonly [string, string][] = [
  ['configmaps', 'configmaps'],
  ['resourcequotas', 'resourcequotas'],
  ['replicationcontrollers', 'replicationcontrollers'],
  ['secrets', 'secrets'],
];

/** DefaultIgnoredResources: virtual resources and events are never quota-ed. */
const IGNORED = new Set([
  'bindings',
  'componentstatuses',
  'tokenreviews.authentication.k8s.io',
  'selfsubjectreviews.authentication.k8s.io',
  'subjectaccessreviews.authorization.k8s.io',
  'selfsubjectaccessreviews.authorization.k8s.io',
  'localsubjectaccessreviews.authorization.k8s.io',
  'selfsubjectrulesreviews.authorization.k8s.io',
  'events',
  'events.events.k8s.io',
]);

export function isIgnoredResource(resource: GroupResource): boolean {
  return IGNORED.has(groupResource(resource));
}

/**
 * The evaluator registry (quota.Registry): the special evaluators, the aliased object counts, and
 * a plain object count for any other resource, added on first use as admission does.
 */
export class EvaluatorRegistry {
  private readonly evaluators = new Map<string, Evaluator>();

  constructor() {
    for (const evaluator of [podEvaluator, serviceEvaluator]) this.add(evaluator);
    for (const [resource, alias] of LEGACY_ALIASES)
      this.add(objectCountEvaluator({ group: '', resource }, alias));
  }

  add(evaluator: Evaluator): void {
    this.evaluators.set(groupResource(evaluator.groupResource), evaluator);
  }

  get(resource: GroupResource): Evaluator | undefined {
    return this.evaluators.get(groupResource(resource));
  }

  /** The registered evaluator, or a new object count one for the resource. */
  getOrAdd(resource: GroupResource): Evaluator {
    const known = this.get(resource);
    if (known) return known;
    const evaluator = objectCountEvaluator(resource);
    this.add(evaluator);
    return evaluator;
  }

  list(): Evaluator[] {
    return [...this.evaluators.values()];
  }
}
