// Authorization end to end through ApiServer.handle: the Forbidden answers, RBAC bindings taking
// effect, impersonation, escalation prevention and the access reviews.

import { beforeEach, describe, expect, it } from 'vitest';
import type { UserInfo } from '../client/protocol.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const JANE: UserInfo = { username: 'jane', groups: ['system:authenticated'] };
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
// `view` gets its rules from the aggregation controller, which these tests do not run.
const VIEW = 'system:aggregate-to-view';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function bindJane(role: string, kind = 'ClusterRole', name = `jane-${role}`) {
  return api.request('POST', `${RBAC}/namespaces/default/rolebindings`, {
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
      subjects: [{ kind: 'User', name: 'jane' }],
    },
  });
}

describe('the Forbidden answer', () => {
  it.each([
    [
      'a namespaced list',
      'GET',
      '/api/v1/namespaces/default/pods',
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      'a named object',
      'GET',
      '/api/v1/namespaces/default/pods/nginx',
      'pods "nginx" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"',
    ],
    [
      'the cluster scope',
      'GET',
      '/api/v1/nodes',
      'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
    ],
    [
      'a subresource',
      'POST',
      '/api/v1/namespaces/default/pods/nginx/exec',
      'pods "nginx" is forbidden: User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    ],
    [
      'a named group',
      'DELETE',
      '/apis/apps/v1/namespaces/default/replicasets',
      'replicasets.apps is forbidden: User "jane" cannot deletecollection resource "replicasets" in API group "apps" in the namespace "default"',
    ],
    ['a non-resource path', 'GET', '/metrics', 'forbidden: User "jane" cannot get path "/metrics"'],
  ] as const)('names what was refused: %s', async (_case, verb, path, message) => {
    expectFailure(await api.request(verb, path, { user: JANE }), 403, 'Forbidden', message);
  });

  it('lets the discovery paths through for any authenticated user', async () => {
    expectOk(await api.request('GET', '/version', { user: JANE }));
    expectOk(await api.request('GET', '/apis', { user: JANE }));
  });

  it('carries the group, the plural and the name in details', async () => {
    const status = expectFailure(
      await api.request('GET', '/apis/apps/v1/namespaces/default/replicasets/web', { user: JANE }),
      403,
      'Forbidden',
      'replicasets.apps "web" is forbidden: User "jane" cannot get resource "replicasets" in API group "apps" in the namespace "default"',
    );
    expect(status.details).toEqual({ name: 'web', group: 'apps', kind: 'replicasets' });
  });

  it('adds the reason RBAC gives when a bound role is missing', async () => {
    expectOk(await bindJane('missing'), 201);
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/default/pods', { user: JANE }),
      403,
      'Forbidden',
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default": RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    );
  });
});

describe('RBAC bindings', () => {
  it('grant a ClusterRole within one namespace through a RoleBinding', async () => {
    expectOk(await bindJane(VIEW, 'ClusterRole', 'jane-view'), 201);
    expectOk(await api.request('GET', '/api/v1/namespaces/default/pods', { user: JANE }));
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/kube-system/pods', { user: JANE }),
      403,
      'Forbidden',
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"',
    );
  });

  it('stop granting once deleted', async () => {
    expectOk(await bindJane('view'), 201);
    expectOk(await api.request('DELETE', `${RBAC}/namespaces/default/rolebindings/jane-view`));
    expect((await api.request('GET', '/api/v1/namespaces/default/pods', { user: JANE })).code).toBe(
      403,
    );
  });

  it('apply to a service account named in a ClusterRoleBinding', async () => {
    const robot: UserInfo = {
      username: 'system:serviceaccount:default:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
    };
    expectOk(
      await api.request('POST', `${RBAC}/clusterrolebindings`, {
        body: {
          metadata: { name: 'robot-view' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: VIEW },
          subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'default' }],
        },
      }),
      201,
    );
    expectOk(await api.request('GET', '/api/v1/pods', { user: robot }));
  });
});

describe('impersonation', () => {
  it('acts as the impersonated user, with system:authenticated added', async () => {
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/default/pods', {
        headers: { 'impersonate-user': ['jane'] },
      }),
      403,
      'Forbidden',
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    const review = expectOk(
      await api.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        headers: { 'impersonate-user': ['jane'], 'impersonate-group': ['devs'] },
      }),
      201,
    );
    expect(review).toMatchObject({
      status: { userInfo: { username: 'jane', groups: ['devs', 'system:authenticated'] } },
    });
  });

  it('gives a service account its fixed groups', async () => {
    const review = expectOk(
      await api.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: {},
        headers: { 'impersonate-user': ['system:serviceaccount:default:robot'] },
      }),
      201,
    );
    expect(review).toMatchObject({
      status: {
        userInfo: {
          username: 'system:serviceaccount:default:robot',
          groups: [
            'system:serviceaccounts',
            'system:serviceaccounts:default',
            'system:authenticated',
          ],
        },
      },
    });
  });

  it.each([
    [
      { 'impersonate-user': ['bob'] },
      'users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
    ],
    [
      { 'impersonate-user': ['system:serviceaccount:default:robot'] },
      'serviceaccounts "robot" is forbidden: User "jane" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "default"',
    ],
  ])('refuses callers without the impersonate verb: %j', async (headers, message) => {
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/default/pods', { user: JANE, headers }),
      403,
      'Forbidden',
      message,
    );
  });

  it('checks each extra value, and carries the extras once allowed', async () => {
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/default/pods', {
        user: JANE,
        headers: { 'impersonate-user': ['jane'], 'impersonate-extra-scopes': ['view'] },
      }),
      403,
      'Forbidden',
      'users "jane" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const review = expectOk(
      await api.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: {},
        headers: {
          'impersonate-user': ['jane'],
          'impersonate-uid': ['u-1'],
          'impersonate-extra-acme.com%2fscopes': ['view', 'edit'],
        },
      }),
      201,
    );
    expect(review).toMatchObject({
      status: {
        userInfo: {
          username: 'jane',
          uid: 'u-1',
          groups: ['system:authenticated'],
          extra: { 'acme.com/scopes': ['view', 'edit'] },
        },
      },
    });
  });

  it('answers a group without a user with upstream plain-text 500', async () => {
    const response = await api.request('GET', '/api/v1/pods', {
      headers: { 'impersonate-group': ['g1'] },
      query: { limit: '500' },
    });
    expect(response).toEqual({
      code: 500,
      body: 'Internal Server Error: "/api/v1/pods?limit=500": requested [{Group  g1    }] without impersonating a user\n',
      contentType: 'text/plain; charset=utf-8',
    });
  });
});

describe('escalation prevention', () => {
  const secretReader = {
    metadata: { name: 'secret-reader' },
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
  };

  beforeEach(async () => {
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, {
        body: {
          metadata: { name: 'rbac-writer' },
          rules: [
            {
              apiGroups: ['rbac.authorization.k8s.io'],
              resources: ['roles', 'rolebindings'],
              verbs: ['create', 'update'],
            },
          ],
        },
      }),
      201,
    );
    expectOk(await bindJane('rbac-writer', 'Role'), 201);
  });

  it('refuses a role granting what the author lacks', async () => {
    expectFailure(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, {
        user: JANE,
        body: secretReader,
      }),
      403,
      'Forbidden',
      'roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    );
  });

  it('allows a role within the author’s own permissions', async () => {
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, {
        user: JANE,
        body: {
          metadata: { name: 'binder' },
          rules: [
            { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['create'] },
          ],
        },
      }),
      201,
    );
  });

  it('refuses a binding to a role the author does not hold', async () => {
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, { body: secretReader }),
      201,
    );
    expectFailure(
      await api.request('POST', `${RBAC}/namespaces/default/rolebindings`, {
        user: JANE,
        body: {
          metadata: { name: 'read-secrets' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
          subjects: [{ kind: 'User', name: 'jane' }],
        },
      }),
      403,
      'Forbidden',
      'rolebindings.rbac.authorization.k8s.io "read-secrets" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}',
    );
  });

  it('refuses a binding to a missing role with the storage error', async () => {
    expectFailure(
      await api.request('POST', `${RBAC}/namespaces/default/rolebindings`, {
        user: JANE,
        body: {
          metadata: { name: 'ghost' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'ghost' },
          subjects: [{ kind: 'User', name: 'jane' }],
        },
      }),
      403,
      'Forbidden',
      'rolebindings.rbac.authorization.k8s.io "ghost" is forbidden: roles.rbac.authorization.k8s.io "ghost" not found',
    );
  });

  it('lets the bind verb stand in for holding the role', async () => {
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, { body: secretReader }),
      201,
    );
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, {
        body: {
          metadata: { name: 'bind-secret-reader' },
          rules: [
            {
              apiGroups: ['rbac.authorization.k8s.io'],
              resources: ['roles'],
              resourceNames: ['secret-reader'],
              verbs: ['bind'],
            },
          ],
        },
      }),
      201,
    );
    expectOk(await bindJane('bind-secret-reader', 'Role'), 201);
    expectOk(
      await api.request('POST', `${RBAC}/namespaces/default/rolebindings`, {
        user: JANE,
        body: {
          metadata: { name: 'read-secrets' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
          subjects: [{ kind: 'User', name: 'jane' }],
        },
      }),
      201,
    );
  });
});

describe('RBAC validation and defaults', () => {
  it('defaults the API group of roleRef and of user subjects', async () => {
    const created = expectOk(
      await api.request('POST', `${RBAC}/clusterrolebindings`, {
        body: {
          metadata: { name: 'devs' },
          roleRef: { kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'Group', name: 'devs' }],
        },
      }),
      201,
    );
    expect(created).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'devs' }],
    });
  });

  it('refuses rules without verbs or resources, with their field paths', async () => {
    expectFailure(
      await api.request('POST', `${RBAC}/namespaces/default/roles`, {
        body: {
          metadata: { name: 'bad' },
          rules: [{ verbs: [] }, { verbs: ['get'], nonResourceURLs: ['/x'] }],
        },
      }),
      422,
      'Invalid',
      'Role.rbac.authorization.k8s.io "bad" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[0].resources: Required value: resource rules must supply at least one resource, rules[1].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs]',
    );
  });

  it('refuses a ClusterRoleBinding to a Role and a service account without namespace', async () => {
    expectFailure(
      await api.request('POST', `${RBAC}/clusterrolebindings`, {
        body: {
          metadata: { name: 'bad' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' },
          subjects: [{ kind: 'ServiceAccount', name: 'robot' }],
        },
      }),
      422,
      'Invalid',
      'ClusterRoleBinding.rbac.authorization.k8s.io "bad" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value]',
    );
  });

  it('keeps roleRef immutable', async () => {
    expectOk(await bindJane('view'), 201);
    expectFailure(
      await api.request('PATCH', `${RBAC}/namespaces/default/rolebindings/jane-view`, {
        contentType: 'application/merge-patch+json',
        body: { roleRef: { name: 'edit' } },
      }),
      422,
      'Invalid',
      'RoleBinding.rbac.authorization.k8s.io "jane-view" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });
});

describe('watches', () => {
  it('are authorized before they start', () => {
    const refused = api.server.watch(
      {
        verb: 'GET',
        path: '/api/v1/namespaces/default/pods',
        query: { watch: 'true' },
        user: JANE,
      },
      { send: () => undefined, end: () => undefined },
    );
    expect(refused).toMatchObject({
      code: 403,
      body: {
        message:
          'pods is forbidden: User "jane" cannot watch resource "pods" in API group "" in the namespace "default"',
      },
    });
  });
});

describe('access reviews', () => {
  const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

  it('answers SelfSubjectAccessReview for the caller, with the RBAC reason', async () => {
    const spec = { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } };
    expect(expectOk(await api.request('POST', SSAR, { user: JANE, body: { spec } }), 201)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: false },
    });
    expectOk(await bindJane(VIEW, 'ClusterRole', 'jane-view'), 201);
    expect(
      expectOk(await api.request('POST', SSAR, { user: JANE, body: { spec } }), 201),
    ).toMatchObject({
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by RoleBinding "jane-view/default" of ClusterRole "system:aggregate-to-view" to User "jane"',
      },
    });
  });

  it('refuses a review with neither kind of attributes', async () => {
    expectFailure(
      await api.request('POST', SSAR, { user: JANE, body: { spec: {} } }),
      422,
      'Invalid',
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });

  it('keeps a LocalSubjectAccessReview to its namespace', async () => {
    expectFailure(
      await api.request(
        'POST',
        '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews',
        {
          body: {
            spec: {
              user: 'jane',
              resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'kube-system' },
            },
          },
        },
      ),
      422,
      'Invalid',
      'LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "kube-system": must match metadata.namespace',
    );
  });

  it('checks someone else with SubjectAccessReview, without adding groups', async () => {
    const review = expectOk(
      await api.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        body: {
          spec: { user: 'jane', nonResourceAttributes: { verb: 'get', path: '/version' } },
        },
      }),
      201,
    );
    expect(review).toMatchObject({ status: { allowed: false } });
  });

  it('lists the caller’s rules in a namespace with SelfSubjectRulesReview', async () => {
    const review = expectOk(
      await api.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        user: JANE,
        body: { spec: { namespace: 'default' } },
      }),
      201,
    ) as { status: { resourceRules: unknown[]; incomplete: boolean } };
    expect(review.status.incomplete).toBe(false);
    expect(review.status.resourceRules).toEqual([
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      {
        verbs: ['create'],
        apiGroups: ['authentication.k8s.io'],
        resources: ['selfsubjectreviews'],
      },
    ]);
  });

  it('says who the caller is with SelfSubjectReview', async () => {
    const review = expectOk(
      await api.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: {} }),
      201,
    );
    expect(review).toMatchObject({
      kind: 'SelfSubjectReview',
      status: {
        userInfo: {
          username: 'kubernetes-admin',
          groups: ['kubeadm:cluster-admins', 'system:authenticated'],
        },
      },
    });
  });
});

describe('NodeRestriction', () => {
  const KUBELET: UserInfo = {
    username: 'system:node:node-1',
    groups: ['system:nodes', 'system:authenticated'],
  };
  const pod = (name: string, node: string, annotations?: Record<string, string>) => ({
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] },
  });

  it('lets a kubelet create only mirror pods bound to itself', async () => {
    expectFailure(
      await api.request('POST', '/api/v1/namespaces/default/pods', {
        user: KUBELET,
        body: pod('plain', 'node-1'),
      }),
      403,
      'Forbidden',
      'pods "plain" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "node-1" can only create mirror pods',
    );
    expectFailure(
      await api.request('POST', '/api/v1/namespaces/default/pods', {
        user: KUBELET,
        body: pod('elsewhere', 'node-2', { 'kubernetes.io/config.mirror': 'x' }),
      }),
      403,
      'Forbidden',
      'pods "elsewhere" is forbidden: node "node-1" can only create pods with spec.nodeName set to itself',
    );
  });

  it('lets a kubelet delete only pods bound to itself', async () => {
    expectOk(
      await api.request('POST', '/api/v1/namespaces/default/pods', { body: pod('db', 'node-2') }),
      201,
    );
    expectFailure(
      await api.request('DELETE', '/api/v1/namespaces/default/pods/db', { user: KUBELET }),
      403,
      'Forbidden',
      'pods "db" is forbidden: node "node-1" can only delete pods with spec.nodeName set to itself',
    );
  });

  it('keeps a kubelet to its own Node and the labels it may set', async () => {
    expectFailure(
      await api.request('POST', '/api/v1/nodes', {
        user: KUBELET,
        body: { metadata: { name: 'node-2' } },
      }),
      403,
      'Forbidden',
      'nodes "node-2" is forbidden: node "node-1" is not allowed to modify node "node-2"',
    );
    expectFailure(
      await api.request('POST', '/api/v1/nodes', {
        user: KUBELET,
        body: {
          metadata: {
            name: 'node-1',
            labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/os': 'linux' },
          },
        },
      }),
      403,
      'Forbidden',
      'nodes "node-1" is forbidden: node "node-1" is not allowed to set the following labels: node-role.kubernetes.io/control-plane',
    );
  });
});
