// The default RBAC policy kube-apiserver 1.32 keeps in place at start
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, with 1.32's default feature gates:
// no DynamicResourceAllocation, ClusterTrustBundle or MultiCIDRServiceAllocator rules), plus the
// ClusterRoleBinding kubeadm adds for its admin.conf group.

import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1';
import { componentRoles } from './component-policy.ts';
import { rule } from './policy-rule.ts';
import {
  aggregated,
  AGGREGATE_TO_ADMIN,
  AGGREGATE_TO_EDIT,
  AGGREGATE_TO_VIEW,
  appsGroup,
  authenticationGroup,
  authorizationGroup,
  autoscalingGroup,
  batchGroup,
  clusterBinding,
  clusterRole,
  discoveryGroup,
  extensionsGroup,
  groupSubject,
  legacyGroup,
  networkingGroup,
  policyGroup,
  READ,
  READ_WRITE,
  serviceAccountSubject,
  userSubject,
  withDefaultMetadata,
  WRITE,
} from './policy-builders.ts';

function userFacingRoles(): ClusterRole[] {
  return [
    aggregated('admin', AGGREGATE_TO_ADMIN),
    aggregated('edit', AGGREGATE_TO_EDIT, { [AGGREGATE_TO_ADMIN]: 'true' }),
    aggregated('view', AGGREGATE_TO_VIEW, { [AGGREGATE_TO_EDIT]: 'true' }),
    clusterRole(
      'system:aggregate-to-admin',
      [
        rule('create').groups(authorizationGroup).resources('localsubjectaccessreviews').build(),
        rule(...READ_WRITE)
          .groups('rbac.authorization.k8s.io')
          .resources('roles', 'rolebindings')
          .build(),
      ],
      { labels: { [AGGREGATE_TO_ADMIN]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        rule(...READ)
          .groups(legacyGroup)
          .resources(
            'pods/attach',
            'pods/proxy',
            'pods/exec',
            'pods/portforward',
            'secrets',
            'services/proxy',
          )
          .build(),
        rule('impersonate').groups(legacyGroup).resources('serviceaccounts').build(),
        rule(...WRITE)
          .groups(legacyGroup)
          .resources('pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward')
          .build(),
        rule('create').groups(legacyGroup).resources('pods/eviction').build(),
        rule(...WRITE)
          .groups(legacyGroup)
          .resources(
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/proxy',
            'persistentvolumeclaims',
            'configmaps',
            'secrets',
          )
          .build(),
        rule('create').groups(legacyGroup).resources('serviceaccounts/token').build(),
        rule(...WRITE)
          .groups(appsGroup)
          .resources(
            'statefulsets',
            'statefulsets/scale',
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'replicasets',
            'replicasets/scale',
          )
          .build(),
        rule(...WRITE)
          .groups(autoscalingGroup)
          .resources('horizontalpodautoscalers')
          .build(),
        rule(...WRITE)
          .groups(batchGroup)
          .resources('jobs', 'cronjobs')
          .build(),
        rule(...WRITE)
          .groups(extensionsGroup)
          .resources(
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'ingresses',
            'replicasets',
            'replicasets/scale',
            'replicationcontrollers/scale',
            'networkpolicies',
          )
          .build(),
        rule(...WRITE)
          .groups(policyGroup)
          .resources('poddisruptionbudgets')
          .build(),
        rule(...WRITE)
          .groups(networkingGroup)
          .resources('networkpolicies', 'ingresses')
          .build(),
      ],
      { labels: { [AGGREGATE_TO_EDIT]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(...READ)
          .groups(legacyGroup)
          .resources(
            'pods',
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/status',
            'endpoints',
            'persistentvolumeclaims',
            'persistentvolumeclaims/status',
            'configmaps',
          )
          .build(),
        rule(...READ)
          .groups(legacyGroup)
          .resources(
            'limitranges',
            'resourcequotas',
            'bindings',
            'events',
            'pods/status',
            'resourcequotas/status',
            'namespaces/status',
            'replicationcontrollers/status',
            'pods/log',
          )
          .build(),
        rule(...READ)
          .groups(legacyGroup)
          .resources('namespaces')
          .build(),
        rule(...READ)
          .groups(discoveryGroup)
          .resources('endpointslices')
          .build(),
        rule(...READ)
          .groups(appsGroup)
          .resources(
            'controllerrevisions',
            'statefulsets',
            'statefulsets/status',
            'statefulsets/scale',
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/status',
            'deployments/scale',
            'replicasets',
            'replicasets/status',
            'replicasets/scale',
          )
          .build(),
        rule(...READ)
          .groups(autoscalingGroup)
          .resources('horizontalpodautoscalers', 'horizontalpodautoscalers/status')
          .build(),
        rule(...READ)
          .groups(batchGroup)
          .resources('jobs', 'jobs/status', 'cronjobs', 'cronjobs/status')
          .build(),
        rule(...READ)
          .groups(extensionsGroup)
          .resources(
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/scale',
            'deployments/status',
            'ingresses',
            'ingresses/status',
            'replicasets',
            'replicasets/scale',
            'replicasets/status',
            'replicationcontrollers/scale',
            'networkpolicies',
          )
          .build(),
        rule(...READ)
          .groups(policyGroup)
          .resources('poddisruptionbudgets', 'poddisruptionbudgets/status')
          .build(),
        rule(...READ)
          .groups(networkingGroup)
          .resources('ingresses', 'ingresses/status', 'networkpolicies')
          .build(),
      ],
      { labels: { [AGGREGATE_TO_VIEW]: 'true' } },
    ),
  ];
}
/** ClusterRoles(): the cluster-wide default roles. */
export function clusterRoles(): ClusterRole[] {
  const roles = [
    clusterRole('cluster-admin', [
      rule('*').groups('*').resources('*').build(),
      rule('*').urlPaths('*').build(),
    ]),
    clusterRole('system:discovery', [
      rule('get')
        .urlPaths(
          '/livez',
          '/readyz',
          '/healthz',
          '/version',
          '/version/',
          '/openapi',
          '/openapi/*',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
        )
        .build(),
    ]),
    clusterRole('system:monitoring', [
      rule('get')
        .urlPaths(
          '/metrics',
          '/metrics/slis',
          '/livez',
          '/readyz',
          '/healthz',
          '/livez/*',
          '/readyz/*',
          '/healthz/*',
        )
        .build(),
    ]),
    clusterRole('system:basic-user', [
      rule('create')
        .groups(authorizationGroup)
        .resources('selfsubjectaccessreviews', 'selfsubjectrulesreviews')
        .build(),
      rule('create').groups(authenticationGroup).resources('selfsubjectreviews').build(),
    ]),
    clusterRole('system:public-info-viewer', [
      rule('get').urlPaths('/livez', '/readyz', '/healthz', '/version', '/version/').build(),
    ]),
    ...userFacingRoles(),
    ...componentRoles(),
  ];
  return roles.map(withDefaultMetadata);
}

/** ClusterRoleBindings(): who holds the default roles. */
export function clusterRoleBindings(): ClusterRoleBinding[] {
  const bindings = [
    clusterBinding('cluster-admin', [groupSubject('system:masters')]),
    clusterBinding('system:monitoring', [groupSubject('system:monitoring')]),
    clusterBinding('system:discovery', [groupSubject('system:authenticated')]),
    clusterBinding('system:basic-user', [groupSubject('system:authenticated')]),
    clusterBinding('system:public-info-viewer', [
      groupSubject('system:authenticated'),
      groupSubject('system:unauthenticated'),
    ]),
    clusterBinding('system:node-proxier', [userSubject('system:kube-proxy')]),
    clusterBinding('system:kube-controller-manager', [
      userSubject('system:kube-controller-manager'),
    ]),
    clusterBinding('system:kube-dns', [serviceAccountSubject('kube-system', 'kube-dns')]),
    clusterBinding('system:kube-scheduler', [userSubject('system:kube-scheduler')]),
    clusterBinding('system:volume-scheduler', [userSubject('system:kube-scheduler')]),
    clusterBinding('system:service-account-issuer-discovery', [
      groupSubject('system:serviceaccounts'),
    ]),
    // Kubelets are authorized by the Node authorizer; the binding exists with no subjects.
    clusterBinding('system:node', []),
  ];
  return bindings.map(withDefaultMetadata);
}

/** kubeadm's `kubeadm:cluster-admins` binding: admin.conf's group holds cluster-admin. */
export function kubeadmClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterBinding(
      'cluster-admin',
      [groupSubject('kubeadm:cluster-admins')],
      'kubeadm:cluster-admins',
    ),
  ];
}
