// The framework.Handle plugins read: the cache's node list and the informers' objects the default
// plugins consult (namespaces for namespaceSelector; Services, ReplicationControllers,
// ReplicaSets and StatefulSets for helper.DefaultSelector, pkg/scheduler/framework/plugins/helper).

import type { StatefulSet, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Namespace, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import {
  everything,
  labelSelectorFromObject,
  newRequirement,
  type Labels,
  type Requirement,
  type Selector,
} from '../api/labels.ts';
import type { SchedulerCache } from './cache.ts';
import type { Handle } from './framework.ts';

export interface Listers {
  namespaces(): readonly Namespace[];
  services(): readonly Service[];
  get(
    kind: 'ReplicationController',
    namespace: string,
    name: string,
  ): ReplicationController | undefined;
  get(kind: 'ReplicaSet', namespace: string, name: string): ReplicaSet | undefined;
  get(kind: 'StatefulSet', namespace: string, name: string): StatefulSet | undefined;
}

export const NO_LISTERS: Listers = {
  namespaces: () => [],
  services: () => [],
  get: () => undefined,
};

function setRequirements(set: Readonly<Record<string, string>>): Requirement[] {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(set)) {
    const requirement = newRequirement(key, '=', [value]);
    if (!('error' in requirement)) requirements.push(requirement);
  }
  return requirements;
}

/** helper.DefaultSelector. */
export function defaultSelector(listers: Listers, pod: Pod): Selector {
  const namespace = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels;
  let set: Record<string, string> = {};
  for (const service of listers.services()) {
    if (service.metadata?.namespace !== namespace) continue;
    const selector = service.spec?.selector;
    if (!selector) continue;
    if (Object.entries(selector).every(([key, value]) => labels?.[key] === value))
      set = { ...set, ...selector };
  }
  const owner = pod.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  if (!owner) return { requirements: setRequirements(set) };
  if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const rc = listers.get('ReplicationController', namespace, owner.name);
    if (rc) set = { ...set, ...rc.spec?.selector };
    return { requirements: setRequirements(set) };
  }
  const requirements = setRequirements(set);
  if (
    owner.apiVersion === 'apps/v1' &&
    (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')
  ) {
    const workload =
      owner.kind === 'ReplicaSet'
        ? listers.get('ReplicaSet', namespace, owner.name)
        : listers.get('StatefulSet', namespace, owner.name);
    const parsed = workload ? labelSelectorFromObject(workload.spec?.selector) : everything();
    if ('requirements' in parsed) requirements.push(...parsed.requirements);
  }
  return { requirements };
}

export function newHandle(cache: SchedulerCache, listers: Listers = NO_LISTERS): Handle {
  return {
    nodes: () => cache.nodeInfos(),
    havePodsWithAffinity: () => cache.havePodsWithAffinity(),
    havePodsWithRequiredAntiAffinity: () => cache.havePodsWithRequiredAntiAffinity(),
    imageNumNodes: (image) => cache.imageNumNodes(image),
    namespaceLabels: (namespace): Labels =>
      listers.namespaces().find((ns) => ns.metadata?.name === namespace)?.metadata?.labels,
    namespaces: () =>
      listers
        .namespaces()
        .map((ns) => ({ name: ns.metadata?.name ?? '', labels: ns.metadata?.labels })),
    defaultSelector: (pod) => defaultSelector(listers, pod),
  };
}
