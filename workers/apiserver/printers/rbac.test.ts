import type { ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.ts';
import { NOW, ago } from './testing.ts';

describe('role binding rows', () => {
  it('prints the role and, wide, users, groups and service accounts in subject order', () => {
    const binding: RoleBinding = {
      metadata: { name: 'dev-view', namespace: 'team-a', creationTimestamp: ago(600) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'team-a' },
        { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'User', name: 'joe', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'tools' },
      ],
    };
    expect(roleBindingPrinter.print(binding, NOW).cells).toEqual([
      'dev-view',
      'ClusterRole/view',
      '10m',
      'jane, joe',
      'devs',
      'team-a/ci, tools/deployer',
    ]);
    expect(roleBindingPrinter.columns.map((column) => column.description).slice(3)).toEqual([
      'Users in the roleBinding',
      'Groups in the roleBinding',
      'ServiceAccounts in the roleBinding',
    ]);
  });

  it('prints a cluster role binding without subjects', () => {
    const binding: ClusterRoleBinding = {
      metadata: { name: 'cluster-admin', creationTimestamp: ago(86400 * 3) },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
    };
    expect(clusterRoleBindingPrinter.print(binding, NOW).cells).toEqual([
      'cluster-admin',
      'ClusterRole/cluster-admin',
      '3d',
      '',
      '',
      '',
    ]);
  });
});
