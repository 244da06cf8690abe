import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KeyValue } from '../../client/protocol.ts';
import { WatchCache } from '../storage/watch-cache.ts';
import type { Attributes } from './authorizer.ts';
import { nodeRules } from './component-policy.ts';
import { NodeAuthorizer } from './node-authorizer.ts';
import { NodeGraph } from './node-graph.ts';

const KUBELET = {
  username: 'system:node:node-1',
  groups: ['system:nodes', 'system:authenticated'],
};

function kv(key: string, object: object, revision: number): KeyValue {
  return {
    key,
    value: JSON.stringify(object),
    create_revision: revision,
    mod_revision: revision,
    version: 1,
  };
}

const boundPod: Pod = {
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    nodeName: 'node-1',
    serviceAccountName: 'default',
    imagePullSecrets: [{ name: 'registry' }],
    containers: [
      {
        name: 'c',
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'a' } } }],
        envFrom: [{ configMapRef: { name: 'env-config' } }],
      },
    ],
    volumes: [
      { name: 'token', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
    ],
  },
};
const otherPod: Pod = {
  metadata: { name: 'db', namespace: 'default' },
  spec: {
    nodeName: 'node-2',
    containers: [],
    volumes: [{ name: 's', secret: { secretName: 'db-secret' } }],
  },
};

function authorizer(): NodeAuthorizer {
  const cache = new WatchCache(['/registry/pods/']);
  const graph = new NodeGraph(cache);
  cache.load(
    [kv('/registry/pods/default/web', boundPod, 2), kv('/registry/pods/default/db', otherPod, 3)],
    3,
  );
  graph.reload();
  return new NodeAuthorizer(graph, nodeRules());
}

function attributes(verb: string, resource: string, more: Partial<Attributes> = {}): Attributes {
  return {
    user: KUBELET,
    isResourceRequest: true,
    path: '',
    verb,
    apiPrefix: 'api',
    apiGroup: '',
    apiVersion: 'v1',
    namespace: '',
    resource,
    subresource: '',
    name: '',
    parts: [],
    ...more,
  };
}

describe('NodeAuthorizer', () => {
  it.each<[string, Attributes, string, string]>([
    ['its own Node', attributes('get', 'nodes', { name: 'node-1' }), 'Allow', ''],
    ['a watch of its own Node', attributes('watch', 'nodes', { name: 'node-1' }), 'Allow', ''],
    [
      'all Nodes',
      attributes('list', 'nodes'),
      'NoOpinion',
      "node 'node-1' cannot read all nodes, only its own Node object",
    ],
    [
      'another Node',
      attributes('get', 'nodes', { name: 'node-2' }),
      'NoOpinion',
      "node 'node-1' cannot read 'node-2', only its own Node object",
    ],
    [
      'its Node status',
      attributes('patch', 'nodes', { name: 'node-1', subresource: 'status' }),
      'Allow',
      '',
    ],
    [
      'pods selected by its node name',
      attributes('watch', 'pods', {
        fieldSelector: [{ field: 'spec.nodeName', operator: '=', value: 'node-1' }],
      }),
      'Allow',
      '',
    ],
    [
      'pods of another node',
      attributes('list', 'pods', {
        fieldSelector: [{ field: 'spec.nodeName', operator: '=', value: 'node-2' }],
      }),
      'NoOpinion',
      'can only list/watch pods with spec.nodeName field selector',
    ],
    [
      'a pod bound to it',
      attributes('get', 'pods', { namespace: 'default', name: 'web' }),
      'Allow',
      '',
    ],
    [
      'a pod bound elsewhere',
      attributes('get', 'pods', { namespace: 'default', name: 'db' }),
      'NoOpinion',
      "no relationship found between node 'node-1' and this object",
    ],
    [
      'pod status',
      attributes('patch', 'pods', { namespace: 'default', name: 'db', subresource: 'status' }),
      'Allow',
      '',
    ],
    [
      'a pull secret of its pod',
      attributes('get', 'secrets', { namespace: 'default', name: 'registry' }),
      'Allow',
      '',
    ],
    [
      'an env secret of its pod',
      attributes('watch', 'secrets', { namespace: 'default', name: 'env-secret' }),
      'Allow',
      '',
    ],
    [
      'a secret of another node’s pod',
      attributes('get', 'secrets', { namespace: 'default', name: 'db-secret' }),
      'NoOpinion',
      "no relationship found between node 'node-1' and this object",
    ],
    [
      'secrets at large',
      attributes('list', 'secrets', { namespace: 'default' }),
      'NoOpinion',
      'No Object name found',
    ],
    [
      'a projected configmap',
      attributes('get', 'configmaps', { namespace: 'default', name: 'kube-root-ca.crt' }),
      'Allow',
      '',
    ],
    [
      'an envFrom configmap',
      attributes('get', 'configmaps', { namespace: 'default', name: 'env-config' }),
      'Allow',
      '',
    ],
    [
      'writing a configmap',
      attributes('update', 'configmaps', { namespace: 'default', name: 'env-config' }),
      'NoOpinion',
      'can only read resources of this type',
    ],
    [
      'its pod’s claim',
      attributes('get', 'persistentvolumeclaims', { namespace: 'default', name: 'data' }),
      'Allow',
      '',
    ],
    [
      'a token for its pod’s service account',
      attributes('create', 'serviceaccounts', {
        namespace: 'default',
        name: 'default',
        subresource: 'token',
      }),
      'Allow',
      '',
    ],
    [
      'reading a service account',
      attributes('get', 'serviceaccounts', { namespace: 'default', name: 'default' }),
      'NoOpinion',
      'can only create tokens for individual service accounts',
    ],
    [
      'its own lease',
      attributes('update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-node-lease',
        name: 'node-1',
      }),
      'Allow',
      '',
    ],
    [
      'another node’s lease',
      attributes('update', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'kube-node-lease',
        name: 'node-2',
      }),
      'NoOpinion',
      'can only access node lease with the same name as the requesting node',
    ],
    [
      'a lease elsewhere',
      attributes('get', 'leases', {
        apiGroup: 'coordination.k8s.io',
        namespace: 'default',
        name: 'node-1',
      }),
      'NoOpinion',
      'can only access leases in the "kube-node-lease" system namespace',
    ],
    ['services, by the node rules', attributes('watch', 'services'), 'Allow', ''],
    [
      'events, by the node rules',
      attributes('create', 'events', { namespace: 'default' }),
      'Allow',
      '',
    ],
    [
      'deployments, outside the node rules',
      attributes('list', 'deployments', { apiGroup: 'apps' }),
      'NoOpinion',
      '',
    ],
  ])('%s', (_case, request, decision, reason) => {
    expect(authorizer().authorize(request)).toEqual({ decision, reason });
  });

  it('has no opinion on users who are not nodes', () => {
    const jane = { username: 'system:node:node-1', groups: ['system:authenticated'] };
    expect(
      authorizer().authorize({ ...attributes('get', 'nodes', { name: 'node-1' }), user: jane }),
    ).toEqual({
      decision: 'NoOpinion',
      reason: '',
    });
  });
});
