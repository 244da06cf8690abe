// The pod quota evaluator's rules (kubernetes/kubernetes pkg/quota/v1/evaluator/core/pods.go and
// component-helpers resource.PodRequests/PodLimits, 1.32): what a pod charges (nothing but its
// object count once terminal), which scopes it falls in, and the cpu/memory requests and limits
// every container must name when a quota tracks them.

import type { Container, Pod, ScopedResourceSelectorRequirement } from 'kubernetes-types/core/v1';
import { parseTime } from '../time.ts';
import {
  add,
  count,
  mask,
  parseResourceList,
  resourceNames,
  type ResourceList,
} from './resource-list.ts';
import { isExtendedResourceName } from './resource-names.ts';

export const POD_RESOURCES = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];

/**
 * Quotas on these make every container name them: a mistake upstream keeps for compatibility,
 * and limits to this list.
 */
const VALIDATION_SET = [
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
];

/** maxResourceList: each resource of `other` raised into `into`. */
function raise(into: ResourceList, other: ResourceList): void {
  for (const [name, quantity] of other) {
    const current = into.get(name);
    if (!current || quantity.milliValue > current.milliValue) into.set(name, quantity);
  }
}

type Side = 'requests' | 'limits';

function containerList(container: Container, side: Side): ResourceList {
  return parseResourceList(container.resources?.[side]);
}

/**
 * AggregateContainerRequests / AggregateContainerLimits: containers summed, init containers at
 * their peak, sidecars (restartable init containers) running alongside everything after them.
 */
export function aggregate(pod: Pod, side: Side): ResourceList {
  let total: ResourceList = new Map();
  for (const container of pod.spec?.containers ?? [])
    total = add(total, containerList(container, side));
  let sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const container of pod.spec?.initContainers ?? []) {
    const own = containerList(container, side);
    if (container.restartPolicy === 'Always') {
      total = add(total, own);
      sidecars = add(sidecars, own);
      raise(initPeak, sidecars);
    } else {
      raise(initPeak, add(own, sidecars));
    }
  }
  raise(total, initPeak);
  return total;
}

/** PodRequests: the aggregate plus the pod overhead. */
export function podRequests(pod: Pod): ResourceList {
  return add(aggregate(pod, 'requests'), parseResourceList(pod.spec?.overhead));
}

/** PodLimits: the aggregate, with the overhead added only to resources that have a limit. */
export function podLimits(pod: Pod): ResourceList {
  const limits = aggregate(pod, 'limits');
  const overhead = mask(parseResourceList(pod.spec?.overhead), resourceNames(limits));
  return add(limits, overhead);
}

/** podComputeUsageHelper: requests and limits as quota names them. */
export function podComputeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const result: ResourceList = new Map([['pods', count(1)]]);
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const request = requests.get(name);
    if (request) {
      result.set(name, request);
      result.set(`requests.${name}`, request);
    }
    const limit = limits.get(name);
    if (limit) result.set(`limits.${name}`, limit);
  }
  for (const [name, request] of requests) {
    if (name.startsWith('hugepages-')) {
      result.set(name, request);
      result.set(`requests.${name}`, request);
    }
    if (isExtendedResourceName(name)) result.set(`requests.${name}`, request);
  }
  return result;
}

/** QuotaV1Pod: terminal pods, and pods past their deletion grace period, are not charged. */
export function chargedPod(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const meta = pod.metadata;
  if (meta?.deletionTimestamp && meta.deletionGracePeriodSeconds !== undefined) {
    const deadline = parseTime(meta.deletionTimestamp) + meta.deletionGracePeriodSeconds * 1000;
    if (now > deadline) return false;
  }
  return true;
}

/** PodUsageFunc: the object count always, compute resources while the pod is charged. */
export function podUsage(object: unknown, now: number): ResourceList {
  const pod = object as Pod;
  const result: ResourceList = new Map([['count/pods', count(1)]]);
  if (!chargedPod(pod, now)) return result;
  return add(result, podComputeUsage(podRequests(pod), podLimits(pod)));
}

/** qos.GetPodQOS is BestEffort: no container asks for or limits cpu or memory. */
function isBestEffort(pod: Pod): boolean {
  if (pod.status?.qosClass) return pod.status.qosClass === 'BestEffort';
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return containers.every((container) =>
    (['requests', 'limits'] as const).every((side) => {
      const list = containerList(container, side);
      return ['cpu', 'memory'].every((name) => (list.get(name)?.milliValue ?? 0) <= 0);
    }),
  );
}

function isTerminating(pod: Pod): boolean {
  const deadline = pod.spec?.activeDeadlineSeconds;
  return deadline !== undefined && deadline >= 0;
}

/** usesCrossNamespacePodAffinity: a term names other namespaces or selects them. */
function usesCrossNamespacePodAffinity(pod: Pod): boolean {
  const affinity = pod.spec?.affinity;
  const terms = [affinity?.podAffinity, affinity?.podAntiAffinity].flatMap((kind) => [
    ...(kind?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(kind?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (weighted) => weighted.podAffinityTerm,
    ),
  ]);
  return terms.some(
    (term) => (term.namespaces?.length ?? 0) > 0 || term.namespaceSelector !== undefined,
  );
}

/** podMatchesSelector: the PriorityClass scope as a label selector over {PriorityClass: name}. */
function priorityClassMatches(pod: Pod, requirement: ScopedResourceSelectorRequirement): boolean {
  const className = pod.spec?.priorityClassName ?? '';
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return className !== '' && values.includes(className);
    case 'NotIn':
      return className === '' || !values.includes(className);
    case 'Exists':
      return className !== '';
    case 'DoesNotExist':
      return className === '';
    default:
      return false;
  }
}

/** podMatchesScopeFunc. */
export function podMatchesScope(
  requirement: ScopedResourceSelectorRequirement,
  object: unknown,
): boolean {
  const pod = object as Pod;
  switch (requirement.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass':
      return priorityClassMatches(pod, requirement);
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/**
 * Constraints: with cpu or memory under quota, each container (init ones too) must set what the
 * quota tracks; `must specify limits.cpu for: a,b; requests.memory for: c`.
 */
export function podConstraints(required: readonly string[], object: unknown): string | null {
  const pod = object as Pod;
  const requiredSet = VALIDATION_SET.filter((name) => required.includes(name));
  const missing = new Map<string, Set<string>>();
  for (const container of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const usage = podComputeUsage(
      containerList(container, 'requests'),
      containerList(container, 'limits'),
    );
    for (const name of requiredSet) {
      if (usage.has(name)) continue;
      const names = missing.get(name) ?? new Set<string>();
      names.add(container.name);
      missing.set(name, names);
    }
  }
  if (missing.size === 0) return null;
  const parts = [...missing.keys()]
    .sort()
    .map((name) => `${name} for: ${[...(missing.get(name) ?? [])].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
