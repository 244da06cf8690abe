import { describe, expect, it } from 'vitest';
import {
  clusterRoleBindings,
  clusterRoles,
  kubeadmClusterRoleBindings,
} from './bootstrap-policy.ts';
import { CONTROLLER_SERVICE_ACCOUNTS, controllerRoles } from './controller-policy.ts';
import { namespaceRoleBindings, namespaceRoles } from './namespace-policy.ts';

const byName = <T extends { metadata?: { name?: string } }>(
  items: T[],
  name: string,
): T | undefined => items.find((item) => item.metadata?.name === name);

describe('bootstrap policy', () => {
  it('labels and annotates every default role and binding as upstream', () => {
    for (const object of [
      ...clusterRoles(),
      ...clusterRoleBindings(),
      ...controllerRoles().roles,
    ]) {
      expect(object.metadata?.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
      expect(object.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate']).toBe(
        'true',
      );
    }
  });

  it('has cluster-admin hold everything, bound to system:masters', () => {
    expect(byName(clusterRoles(), 'cluster-admin')?.rules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
    expect(byName(clusterRoleBindings(), 'cluster-admin')?.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
    ]);
  });

  it('aggregates admin, edit and view from their aggregate-to labels, with no rules of their own', () => {
    const roles = clusterRoles();
    expect(byName(roles, 'admin')).toMatchObject({
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
        ],
      },
    });
    expect(byName(roles, 'edit')?.metadata?.labels).toEqual({
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'kubernetes.io/bootstrapping': 'rbac-defaults',
    });
    expect(byName(roles, 'view')?.rules).toBeUndefined();
  });

  it('lets every authenticated user discover and review itself', () => {
    expect(byName(clusterRoles(), 'system:basic-user')?.rules).toEqual([
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
    expect(
      byName(clusterRoleBindings(), 'system:public-info-viewer')?.subjects?.map((s) => s.name),
    ).toEqual(['system:authenticated', 'system:unauthenticated']);
  });

  it('binds each controller role to its kube-system service account', () => {
    const { roles, bindings } = controllerRoles();
    expect(roles.map((role) => role.metadata?.name)).toContain(
      'system:controller:replicaset-controller',
    );
    expect(byName(bindings, 'system:controller:replicaset-controller')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'kube-system' },
    ]);
    expect(CONTROLLER_SERVICE_ACCOUNTS).toHaveLength(roles.length);
  });

  it('adds kubeadm’s admin group binding and the kube-system leader-locking roles', () => {
    expect(kubeadmClusterRoleBindings()).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'kubeadm:cluster-admins' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'cluster-admin',
        },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' },
        ],
      },
    ]);
    expect(
      namespaceRoles().map((role) => `${role.metadata?.namespace}/${role.metadata?.name}`),
    ).toContain('kube-system/system::leader-locking-kube-scheduler');
    expect(
      byName(namespaceRoleBindings(), 'system::extension-apiserver-authentication-reader')?.roleRef
        .name,
    ).toBe('extension-apiserver-authentication-reader');
  });
});
