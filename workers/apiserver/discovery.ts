// Legacy discovery documents (k8s.io/apiserver/pkg/endpoints/discovery): /api (APIVersions),
// /apis (APIGroupList), and an APIResourceList per group-version, built from the served
// strategies. Aggregated discovery (apidiscovery.k8s.io/v2) is not served yet, so clients fall
// back to these, as kubectl does.

import { groupVersion } from '../api/resources.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Strategy } from './registry/strategy.ts';

const OBJECT_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  finalize: ['update'],
  scale: ['get', 'patch', 'update'],
};

/** Subresources served as another kind; eviction names its group and version, which kubectl drain reads. */
const SUBRESOURCE_KINDS: Record<string, { group?: string; version?: string; kind: string }> = {
  binding: { kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
};

export function apiVersions(serverAddress: string): KubeObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  } as KubeObject;
}

export function apiGroupList(strategies: readonly Strategy[]): KubeObject {
  const groups = new Map<string, Set<string>>();
  for (const strategy of strategies) {
    if (strategy.type.group === '') continue;
    const versions = groups.get(strategy.type.group) ?? new Set<string>();
    versions.add(strategy.type.version);
    groups.set(strategy.type.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map((version) => ({
        groupVersion: `${name}/${version}`,
        version,
      }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  } as KubeObject;
}

/** The APIResourceList of one group-version, or null when it is not served. */
export function apiResourceList(
  strategies: readonly Strategy[],
  group: string,
  version: string,
): KubeObject | null {
  const served = strategies.filter(
    (strategy) => strategy.type.group === group && strategy.type.version === version,
  );
  if (served.length === 0) return null;
  const resources: unknown[] = [];
  for (const { type } of served) {
    resources.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs ?? OBJECT_VERBS,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
    });
    for (const subresource of type.subresources ?? []) {
      resources.push({
        name: `${type.resource}/${subresource}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(SUBRESOURCE_KINDS[subresource] ?? { kind: type.kind }),
        verbs: SUBRESOURCE_VERBS[subresource] ?? ['get'],
      });
    }
  }
  // The legacy /api/v1 document carries no apiVersion; named groups' documents do.
  return {
    kind: 'APIResourceList',
    ...(group === '' ? {} : { apiVersion: 'v1' }),
    groupVersion: groupVersion({ group, version }),
    resources,
  } as KubeObject;
}
