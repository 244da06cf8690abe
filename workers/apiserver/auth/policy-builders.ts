// The vocabulary the bootstrap policy is written in (plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy/policy.go and pkg/apis/rbac/v1 helpers.go): verb sets, API groups, the
// bootstrapping label and autoupdate annotation, and builders for roles, subjects and bindings.

import type { ClusterRole, ClusterRoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { rule, type PolicyRule } from './policy-rule.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const READ_WRITE = [...READ, ...WRITE];
export const READ_UPDATE = ['get', 'list', 'watch', 'update', 'patch'];

export const legacyGroup = '';
export const appsGroup = 'apps';
export const authenticationGroup = 'authentication.k8s.io';
export const authorizationGroup = 'authorization.k8s.io';
export const autoscalingGroup = 'autoscaling';
export const batchGroup = 'batch';
export const certificatesGroup = 'certificates.k8s.io';
export const coordinationGroup = 'coordination.k8s.io';
export const discoveryGroup = 'discovery.k8s.io';
export const extensionsGroup = 'extensions';
export const policyGroup = 'policy';
export const storageGroup = 'storage.k8s.io';
export const networkingGroup = 'networking.k8s.io';
export const eventsGroup = 'events.k8s.io';

export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

/** eventsRule: what every component needs to record events. */
export function eventsRule(): PolicyRule {
  return rule('create', 'update', 'patch')
    .groups(legacyGroup, eventsGroup)
    .resources('events')
    .build();
}

/** addDefaultMetadata: the bootstrapping label and the autoupdate annotation. */
export function withDefaultMetadata<T extends ClusterRole | ClusterRoleBinding>(object: T): T {
  const metadata = object.metadata ?? {};
  return {
    ...object,
    metadata: {
      ...metadata,
      labels: { ...metadata.labels, ...BOOTSTRAP_LABELS },
      annotations: { ...metadata.annotations, [AUTOUPDATE_ANNOTATION]: 'true' },
    },
  };
}

export function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: Partial<ClusterRole> & { labels?: Record<string, string> } = {},
): ClusterRole {
  const { labels, ...rest } = extra;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, ...(labels ? { labels } : {}) },
    ...(rules.length > 0 ? { rules } : {}),
    ...rest,
  };
}

export function aggregated(
  name: string,
  selectorLabel: string,
  labels?: Record<string, string>,
): ClusterRole {
  return clusterRole(name, [], {
    ...(labels ? { labels } : {}),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selectorLabel]: 'true' } }] },
  });
}

export const userSubject = (name: string): Subject => ({
  apiGroup: RBAC_GROUP,
  kind: 'User',
  name,
});
export const groupSubject = (name: string): Subject => ({
  apiGroup: RBAC_GROUP,
  kind: 'Group',
  name,
});
export const serviceAccountSubject = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});

/** NewClusterBinding(role): a binding named after the ClusterRole it grants. */
export function clusterBinding(role: string, subjects: Subject[], name = role): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    ...(subjects.length > 0 ? { subjects } : {}),
  };
}
