// The default RBAC policy kube-apiserver 1.32 keeps in place at start
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, with 1.32's default feature gates:
// no DynamicResourceAllocation, ClusterTrustBundle or MultiCIDRServiceAllocator rules), plus the
// ClusterRoleBinding kubeadm adds for its admin.conf group.

import type { ClusterRole, ClusterRoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { rule, type PolicyRule } from './policy-rule.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const READ_WRITE = [...READ, ...WRITE];
const READ_UPDATE = ['get', 'list', 'watch', 'update', 'patch'];

const legacyGroup = '';
const appsGroup = 'apps';
const authenticationGroup = 'authentication.k8s.io';
const authorizationGroup = 'authorization.k8s.io';
const autoscalingGroup = 'autoscaling';
const batchGroup = 'batch';
const certificatesGroup = 'certificates.k8s.io';
const coordinationGroup = 'coordination.k8s.io';
const discoveryGroup = 'discovery.k8s.io';
const extensionsGroup = 'extensions';
const policyGroup = 'policy';
const storageGroup = 'storage.k8s.io';
const networkingGroup = 'networking.k8s.io';
const eventsGroup = 'events.k8s.io';

const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

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

function aggregated(
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

/** NodeRules: what a kubelet may do, before the Node authorizer narrows it. */
export function nodeRules(): PolicyRule[] {
  return [
    rule('create').groups(authenticationGroup).resources('tokenreviews').build(),
    rule('create')
      .groups(authorizationGroup)
      .resources('subjectaccessreviews', 'localsubjectaccessreviews')
      .build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('services')
      .build(),
    rule('create', 'get', 'list', 'watch').groups(legacyGroup).resources('nodes').build(),
    rule('update', 'patch').groups(legacyGroup).resources('nodes/status').build(),
    rule('update', 'patch').groups(legacyGroup).resources('nodes').build(),
    rule('create', 'update', 'patch').groups(legacyGroup).resources('events').build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('pods')
      .build(),
    rule('create', 'delete').groups(legacyGroup).resources('pods').build(),
    rule('update', 'patch').groups(legacyGroup).resources('pods/status').build(),
    rule('create').groups(legacyGroup).resources('pods/eviction').build(),
    rule('get', 'list', 'watch').groups(legacyGroup).resources('secrets', 'configmaps').build(),
    rule('get')
      .groups(legacyGroup)
      .resources('persistentvolumeclaims', 'persistentvolumes')
      .build(),
    rule('get').groups(legacyGroup).resources('endpoints').build(),
    rule('create', 'get', 'list', 'watch')
      .groups(certificatesGroup)
      .resources('certificatesigningrequests')
      .build(),
    rule('get', 'create', 'update', 'patch', 'delete')
      .groups(coordinationGroup)
      .resources('leases')
      .build(),
    rule('get').groups(storageGroup).resources('volumeattachments').build(),
    rule('create').groups(legacyGroup).resources('serviceaccounts/token').build(),
    rule('get', 'update', 'patch')
      .groups(legacyGroup)
      .resources('persistentvolumeclaims/status')
      .build(),
    rule('get', 'watch', 'list').groups(storageGroup).resources('csidrivers').build(),
    rule('get', 'create', 'update', 'patch', 'delete')
      .groups(storageGroup)
      .resources('csinodes')
      .build(),
    rule('get', 'list', 'watch').groups('node.k8s.io').resources('runtimeclasses').build(),
  ];
}

function signerApprover(name: string, signer: string): ClusterRole {
  return clusterRole(name, [
    rule('approve').groups(certificatesGroup).resources('signers').resourceNames(signer).build(),
  ]);
}

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

function kubeSchedulerRules(): PolicyRule[] {
  return [
    eventsRule(),
    rule('create').groups(coordinationGroup).resources('leases').build(),
    rule('get', 'update')
      .groups(coordinationGroup)
      .resources('leases')
      .resourceNames('kube-scheduler')
      .build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('nodes')
      .build(),
    rule('get', 'list', 'watch', 'delete').groups(legacyGroup).resources('pods').build(),
    rule('create').groups(legacyGroup).resources('pods/binding', 'bindings').build(),
    rule('patch', 'update').groups(legacyGroup).resources('pods/status').build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('services', 'replicationcontrollers')
      .build(),
    rule(...READ)
      .groups(appsGroup, extensionsGroup)
      .resources('replicasets')
      .build(),
    rule(...READ)
      .groups(appsGroup)
      .resources('statefulsets')
      .build(),
    rule(...READ)
      .groups(policyGroup)
      .resources('poddisruptionbudgets')
      .build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('persistentvolumeclaims', 'persistentvolumes')
      .build(),
    rule('create').groups(authenticationGroup).resources('tokenreviews').build(),
    rule('create').groups(authorizationGroup).resources('subjectaccessreviews').build(),
    rule(...READ)
      .groups(storageGroup)
      .resources('csinodes')
      .build(),
    rule(...READ)
      .groups(legacyGroup)
      .resources('namespaces')
      .build(),
    rule(...READ)
      .groups(storageGroup)
      .resources('csidrivers')
      .build(),
    rule(...READ)
      .groups(storageGroup)
      .resources('csistoragecapacities')
      .build(),
  ];
}

function componentRoles(): ClusterRole[] {
  return [
    clusterRole('system:heapster', [
      rule(...READ)
        .groups(legacyGroup)
        .resources('events', 'pods', 'nodes', 'namespaces')
        .build(),
      rule(...READ)
        .groups(extensionsGroup)
        .resources('deployments')
        .build(),
    ]),
    clusterRole('system:node', nodeRules()),
    clusterRole('system:node-problem-detector', [
      rule('get').groups(legacyGroup).resources('nodes').build(),
      rule('patch').groups(legacyGroup).resources('nodes/status').build(),
      eventsRule(),
    ]),
    clusterRole('system:kubelet-api-admin', [
      rule('get', 'list', 'watch').groups(legacyGroup).resources('nodes').build(),
      rule('proxy').groups(legacyGroup).resources('nodes').build(),
      rule('*')
        .groups(legacyGroup)
        .resources('nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log')
        .build(),
    ]),
    clusterRole('system:node-bootstrapper', [
      rule('create', 'get', 'list', 'watch')
        .groups(certificatesGroup)
        .resources('certificatesigningrequests')
        .build(),
    ]),
    clusterRole('system:auth-delegator', [
      rule('create').groups(authenticationGroup).resources('tokenreviews').build(),
      rule('create').groups(authorizationGroup).resources('subjectaccessreviews').build(),
    ]),
    clusterRole('system:kube-aggregator', [
      rule(...READ)
        .groups(legacyGroup)
        .resources('services', 'endpoints')
        .build(),
    ]),
    clusterRole('system:kube-controller-manager', [
      eventsRule(),
      rule('create').groups(coordinationGroup).resources('leases').build(),
      rule('get', 'update')
        .groups(coordinationGroup)
        .resources('leases')
        .resourceNames('kube-controller-manager')
        .build(),
      rule('create').groups(legacyGroup).resources('secrets', 'serviceaccounts').build(),
      rule('delete').groups(legacyGroup).resources('secrets').build(),
      rule('get')
        .groups(legacyGroup)
        .resources('namespaces', 'secrets', 'serviceaccounts', 'configmaps')
        .build(),
      rule('update').groups(legacyGroup).resources('secrets', 'serviceaccounts').build(),
      rule('create').groups(authenticationGroup).resources('tokenreviews').build(),
      rule('create').groups(authorizationGroup).resources('subjectaccessreviews').build(),
      rule('list', 'watch').groups('*').resources('*').build(),
      rule('create').groups(legacyGroup).resources('serviceaccounts/token').build(),
    ]),
    clusterRole('system:kube-dns', [
      rule('list', 'watch').groups(legacyGroup).resources('endpoints', 'services').build(),
    ]),
    clusterRole('system:persistent-volume-provisioner', [
      rule('get', 'list', 'watch', 'create', 'delete')
        .groups(legacyGroup)
        .resources('persistentvolumes')
        .build(),
      rule('get', 'list', 'watch', 'update')
        .groups(legacyGroup)
        .resources('persistentvolumeclaims')
        .build(),
      rule(...READ)
        .groups(storageGroup)
        .resources('storageclasses')
        .build(),
      rule('watch').groups(legacyGroup).resources('events').build(),
      eventsRule(),
    ]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
      rule('create')
        .groups(certificatesGroup)
        .resources('certificatesigningrequests/nodeclient')
        .build(),
    ]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
      rule('create')
        .groups(certificatesGroup)
        .resources('certificatesigningrequests/selfnodeclient')
        .build(),
    ]),
    clusterRole('system:volume-scheduler', [
      rule(...READ_UPDATE)
        .groups(legacyGroup)
        .resources('persistentvolumes')
        .build(),
      rule(...READ)
        .groups(storageGroup)
        .resources('storageclasses')
        .build(),
      rule(...READ_UPDATE)
        .groups(legacyGroup)
        .resources('persistentvolumeclaims')
        .build(),
    ]),
    signerApprover(
      'system:certificates.k8s.io:legacy-unknown-approver',
      'kubernetes.io/legacy-unknown',
    ),
    signerApprover(
      'system:certificates.k8s.io:kubelet-serving-approver',
      'kubernetes.io/kubelet-serving',
    ),
    signerApprover(
      'system:certificates.k8s.io:kube-apiserver-client-approver',
      'kubernetes.io/kube-apiserver-client',
    ),
    signerApprover(
      'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
      'kubernetes.io/kube-apiserver-client-kubelet',
    ),
    clusterRole('system:service-account-issuer-discovery', [
      rule('get').urlPaths('/.well-known/openid-configuration', '/openid/v1/jwks').build(),
    ]),
    clusterRole('system:node-proxier', [
      rule('list', 'watch').groups(legacyGroup).resources('services', 'endpoints').build(),
      rule('get', 'list', 'watch').groups(legacyGroup).resources('nodes').build(),
      eventsRule(),
      rule('list', 'watch').groups(discoveryGroup).resources('endpointslices').build(),
    ]),
    clusterRole('system:kube-scheduler', kubeSchedulerRules()),
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
