// The default roles of the cluster's own components (plugin/pkg/auth/authorizer/rbac/
// bootstrappolicy/policy.go at 1.32, default feature gates): the kubelet's NodeRules, the
// scheduler, the controller manager, kube-proxy, CSR approvers and the other system: roles.

import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { rule, type PolicyRule } from './policy-rule.ts';
import {
  authenticationGroup,
  authorizationGroup,
  certificatesGroup,
  clusterRole,
  coordinationGroup,
  discoveryGroup,
  eventsRule,
  extensionsGroup,
  legacyGroup,
  appsGroup,
  policyGroup,
  READ,
  READ_UPDATE,
  storageGroup,
} from './policy-builders.ts';

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

export function componentRoles(): ClusterRole[] {
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
