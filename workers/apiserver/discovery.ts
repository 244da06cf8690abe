// Discovery documents built from the served strategies (k8s.io/apiserver
// pkg/endpoints/discovery: legacy APIVersions, APIGroupList, APIGroup and APIResourceList;
// aggregated/handler.go: APIGroupDiscoveryList of apidiscovery.k8s.io v2 and v2beta1). Groups and
// versions are ordered by kube-apiserver's APIService priorities, resources by name.

import { groupVersion, type ResourceType } from '../api/resources.ts';
import type { KubeObject } from '../client/protocol.ts';
import { storageVersionHash } from './etag.ts';
import type { Strategy } from './registry/strategy.ts';
import { resourceVerbs, subresourceInfo } from './subresources.ts';

/**
 * GroupPriorityMinimum and VersionPriority of the built-in groups (kubernetes/kubernetes
 * pkg/controlplane/apiserver/aggregator.go DefaultGenericAPIServicePriorities and
 * cmd/kube-apiserver/app/aggregator.go apiVersionPriorities, 1.32).
 */
const PRIORITIES: Record<string, [number, Record<string, number>]> = {
  '': [18000, { v1: 1 }],
  apps: [17800, { v1: 15 }],
  'events.k8s.io': [17750, { v1: 15, v1beta1: 5 }],
  'authentication.k8s.io': [17700, { v1: 15, v1beta1: 9, v1alpha1: 1 }],
  'authorization.k8s.io': [17600, { v1: 15 }],
  autoscaling: [17500, { v2: 30, v1: 15 }],
  batch: [17400, { v1: 15 }],
  'certificates.k8s.io': [17300, { v1: 15, v1beta1: 9, v1alpha1: 1 }],
  'networking.k8s.io': [17200, { v1: 15, v1beta1: 9, v1alpha1: 1 }],
  policy: [17100, { v1: 15 }],
  'rbac.authorization.k8s.io': [17000, { v1: 15 }],
  'storage.k8s.io': [16800, { v1: 15, v1beta1: 9, v1alpha1: 1 }],
  'admissionregistration.k8s.io': [16700, { v1: 15, v1beta1: 12, v1alpha1: 9 }],
  'apiextensions.k8s.io': [16700, { v1: 15 }],
  'scheduling.k8s.io': [16600, { v1: 15 }],
  'coordination.k8s.io': [16500, { v1: 15, v1beta1: 13, v1alpha2: 12 }],
  'node.k8s.io': [16300, { v1: 15 }],
  'discovery.k8s.io': [16200, { v1: 15 }],
  'flowcontrol.apiserver.k8s.io': [16100, { v1: 21, v1beta3: 18 }],
  // metrics-server's APIService (its manifests' groupPriorityMinimum and versionPriority).
  'metrics.k8s.io': [100, { v1beta1: 100 }],
};

/** An API group as discovery lists it: versions in preference order, resources by name. */
export interface ServedGroup {
  name: string;
  versions: { version: string; resources: ResourceType[] }[];
}

/** Groups by priority (then name), as the aggregator sorts APIServices. */
export function servedGroups(strategies: readonly Strategy[]): ServedGroup[] {
  const groups = new Map<string, Map<string, ResourceType[]>>();
  for (const { type } of strategies) {
    const versions = groups.get(type.group) ?? new Map<string, ResourceType[]>();
    versions.set(type.version, [...(versions.get(type.version) ?? []), type]);
    groups.set(type.group, versions);
  }
  const priority = (group: string) => PRIORITIES[group]?.[0] ?? 0;
  const versionPriority = (group: string, version: string) => PRIORITIES[group]?.[1][version] ?? 0;
  return [...groups]
    .sort(([a], [b]) => priority(b) - priority(a) || compare(a, b))
    .map(([name, versions]) => ({
      name,
      versions: [...versions]
        .sort(([a], [b]) => versionPriority(name, b) - versionPriority(name, a) || compare(a, b))
        .map(([version, resources]) => ({
          version,
          resources: [...resources].sort((a, b) => compare(a.resource, b.resource)),
        })),
    }));
}

export function apiVersions(serverAddress: string): KubeObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  } as KubeObject;
}

function apiGroupBody(group: ServedGroup): Record<string, unknown> {
  const versions = group.versions.map(({ version }) => ({
    groupVersion: `${group.name}/${version}`,
    version,
  }));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(strategies: readonly Strategy[]): KubeObject {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups(strategies)
      .filter((group) => group.name !== '')
      .map(apiGroupBody),
  } as KubeObject;
}

/** /apis/<group>, or null when the group is not served. */
export function apiGroup(strategies: readonly Strategy[], name: string): KubeObject | null {
  const group = servedGroups(strategies).find((served) => served.name === name && name !== '');
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupBody(group) } : null;
}

/** The APIResourceList of one group-version, or null when it is not served. */
export function apiResourceList(
  strategies: readonly Strategy[],
  group: string,
  version: string,
): KubeObject | null {
  const served = servedGroups(strategies)
    .find((candidate) => candidate.name === group)
    ?.versions.find((candidate) => candidate.version === version);
  if (!served) return null;
  const resources: Record<string, unknown>[] = [];
  for (const type of served.resources) {
    resources.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: resourceVerbs(type),
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
      storageVersionHash: storageVersionHash(type.group, type.version, type.kind),
    });
    for (const subresource of type.subresources ?? []) {
      const { kind, verbs } = subresourceInfo(type, subresource);
      const foreign = kind.group !== type.group || kind.version !== type.version;
      resources.push({
        name: `${type.resource}/${subresource}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(foreign ? { group: kind.group, version: kind.version } : {}),
        kind: kind.kind,
        verbs,
      });
    }
  }
  resources.sort((a, b) => compare(String(a.name), String(b.name)));
  // The legacy /api/v1 document carries no apiVersion; named groups' documents do.
  return {
    kind: 'APIResourceList',
    ...(group === '' ? {} : { apiVersion: 'v1' }),
    groupVersion: groupVersion({ group, version }),
    resources,
  } as KubeObject;
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** The aggregated discovery document of /api (`core`) or /apis (`groups`). */
export function aggregatedDiscovery(
  strategies: readonly Strategy[],
  prefix: 'api' | 'apis',
  version: AggregatedVersion,
): KubeObject {
  const groups = servedGroups(strategies).filter((group) =>
    prefix === 'api' ? group.name === '' : group.name !== '',
  );
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => ({
      // ObjectMeta's zero creationTimestamp marshals as null; the core group has no name.
      metadata: { ...(group.name ? { name: group.name } : {}), creationTimestamp: null },
      versions: group.versions.map(({ version: groupVersion, resources }) => ({
        version: groupVersion,
        resources: resources.map(resourceDiscovery),
        freshness: 'Current',
      })),
    })),
  } as unknown as KubeObject;
}

function resourceDiscovery(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.resource,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: resourceVerbs(type),
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.categories ? { categories: type.categories } : {}),
    ...(type.subresources?.length
      ? {
          subresources: [...type.subresources].sort(compare).map((subresource) => {
            const { kind, verbs } = subresourceInfo(type, subresource);
            return { subresource, responseKind: kind, verbs };
          }),
        }
      : {}),
  };
}

/**
 * The aggregated discovery version an Accept header asks for (negotiation.go with
 * DiscoveryEndpointRestrictions): the first acceptable clause decides; a plain application/json
 * before it means the legacy documents.
 */
export function aggregatedVersionFor(accept: string | undefined): AggregatedVersion | undefined {
  for (const clause of (accept ?? '').split(',')) {
    const [type = '', ...parameters] = clause.split(';').map((part) => part.trim());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const params = Object.fromEntries(
      parameters.map((parameter) => {
        const [key = '', value = ''] = parameter.split('=');
        return [key.trim(), value.trim()];
      }),
    );
    if (params.g === undefined && params.v === undefined && params.as === undefined) {
      return undefined;
    }
    if (
      params.g === 'apidiscovery.k8s.io' &&
      (params.v === 'v2' || params.v === 'v2beta1') &&
      params.as === 'APIGroupDiscoveryList'
    ) {
      return params.v;
    }
  }
  return undefined;
}

/** The Content-Type of an aggregated discovery answer. */
export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
