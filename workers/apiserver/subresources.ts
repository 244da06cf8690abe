// What each subresource takes and answers, and the verbs it serves, as kube-apiserver's REST
// storage registers them (pkg/registry/*/rest storage, e.g. core/pod/storage/storage.go):
// pods/binding takes a v1 Binding, */scale an autoscaling/v1 Scale, pods/eviction a policy/v1
// Eviction; status-like subresources the resource's own kind.

import type { ResourceType } from '../api/resources.ts';
import type { GroupVersionKind } from '../api/schema/types.ts';

export interface SubresourceInfo {
  /** The kind of the request body and of the answer (discovery's responseKind). */
  kind: GroupVersionKind;
  verbs: string[];
}

/** The verbs of a resource itself, as discovery lists them. */
export function resourceVerbs(type: ResourceType): string[] {
  return (
    type.verbs ?? [
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]
  );
}

const OWN_KIND_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  ephemeralcontainers: ['get', 'patch', 'update'],
  resize: ['get', 'patch', 'update'],
  finalize: ['update'],
  log: ['get'],
};

const OTHER_KINDS: Record<string, SubresourceInfo> = {
  binding: { kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
  eviction: { kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
  scale: {
    kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    verbs: ['get', 'patch', 'update'],
  },
  token: {
    kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    verbs: ['create'],
  },
};

/** Options kinds of the connect subresources (exec, attach, portforward, proxy). */
const CONNECT: Record<string, SubresourceInfo> = {
  exec: { kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] },
  attach: {
    kind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
    verbs: ['create', 'get'],
  },
  portforward: {
    kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
    verbs: ['create', 'get'],
  },
};

const PROXY_VERBS = ['create', 'delete', 'get', 'patch', 'update'];

export function subresourceInfo(type: ResourceType, subresource: string): SubresourceInfo {
  const own = { group: type.group, version: type.version, kind: type.kind };
  const known = OTHER_KINDS[subresource] ?? CONNECT[subresource];
  if (known) return known;
  if (subresource === 'proxy') {
    return {
      kind: { group: '', version: 'v1', kind: `${type.kind}ProxyOptions` },
      verbs: PROXY_VERBS,
    };
  }
  return { kind: own, verbs: OWN_KIND_VERBS[subresource] ?? ['get'] };
}
