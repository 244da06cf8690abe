// The per-controller roles of kube-controller-manager's `--use-service-account-credentials`
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go at 1.32 with its default
// feature gates): `system:controller:<name>`, each bound to the service account
// kube-system/<name> the controller acts as.

import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1';
import {
  clusterBinding,
  clusterRole,
  eventsRule,
  serviceAccountSubject,
  withDefaultMetadata,
} from './policy-builders.ts';
import { rule, type PolicyRule } from './policy-rule.ts';

export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

const legacy = '';
const apps = 'apps';
const extensions = 'extensions';
const batch = 'batch';
const storage = 'storage.k8s.io';
const discovery = 'discovery.k8s.io';
const policy = 'policy';
const autoscaling = 'autoscaling';
const certificates = 'certificates.k8s.io';

/** The rules of each controller's role, by the controller's service account name. */
const CONTROLLER_RULES: Record<string, () => PolicyRule[]> = {
  'attachdetach-controller': () => [
    rule('list', 'watch')
      .groups(legacy)
      .resources('persistentvolumes', 'persistentvolumeclaims')
      .build(),
    rule('get', 'list', 'watch').groups(legacy).resources('nodes').build(),
    rule('patch', 'update').groups(legacy).resources('nodes/status').build(),
    rule('list', 'watch').groups(legacy).resources('pods').build(),
    eventsRule(),
    rule('get', 'create', 'delete', 'list', 'watch')
      .groups(storage)
      .resources('volumeattachments')
      .build(),
    rule('get', 'watch', 'list').groups(storage).resources('csidrivers').build(),
    rule('get', 'watch', 'list').groups(storage).resources('csinodes').build(),
  ],
  'clusterrole-aggregation-controller': () => [
    rule('escalate', 'get', 'list', 'watch', 'update', 'patch')
      .groups('rbac.authorization.k8s.io')
      .resources('clusterroles')
      .build(),
  ],
  'cronjob-controller': () => [
    rule('get', 'list', 'watch', 'update').groups(batch).resources('cronjobs').build(),
    rule('get', 'list', 'watch', 'create', 'update', 'delete', 'patch')
      .groups(batch)
      .resources('jobs')
      .build(),
    rule('update').groups(batch).resources('cronjobs/status').build(),
    rule('update').groups(batch).resources('cronjobs/finalizers').build(),
    rule('list', 'delete').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'daemon-set-controller': () => [
    rule('get', 'list', 'watch').groups(extensions, apps).resources('daemonsets').build(),
    rule('update').groups(extensions, apps).resources('daemonsets/status').build(),
    rule('update').groups(extensions, apps).resources('daemonsets/finalizers').build(),
    rule('list', 'watch').groups(legacy).resources('nodes').build(),
    rule('list', 'watch', 'create', 'delete', 'patch').groups(legacy).resources('pods').build(),
    rule('create').groups(legacy).resources('pods/binding').build(),
    rule('get', 'list', 'watch', 'create', 'delete', 'update', 'patch')
      .groups(apps)
      .resources('controllerrevisions')
      .build(),
    eventsRule(),
  ],
  'deployment-controller': () => [
    rule('get', 'list', 'watch', 'update')
      .groups(extensions, apps)
      .resources('deployments')
      .build(),
    rule('update').groups(extensions, apps).resources('deployments/status').build(),
    rule('update').groups(extensions, apps).resources('deployments/finalizers').build(),
    rule('get', 'list', 'watch', 'create', 'update', 'patch', 'delete')
      .groups(apps, extensions)
      .resources('replicasets')
      .build(),
    rule('get', 'list', 'watch', 'update').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'disruption-controller': () => [
    rule('get', 'list', 'watch').groups(extensions, apps).resources('deployments').build(),
    rule('get', 'list', 'watch').groups(apps, extensions).resources('replicasets').build(),
    rule('get', 'list', 'watch').groups(legacy).resources('replicationcontrollers').build(),
    rule('get', 'list', 'watch').groups(policy).resources('poddisruptionbudgets').build(),
    rule('get', 'list', 'watch').groups(apps).resources('statefulsets').build(),
    rule('update').groups(policy).resources('poddisruptionbudgets/status').build(),
    rule('patch', 'update').groups(legacy).resources('pods/status').build(),
    rule('get').groups('*').resources('*/scale').build(),
    eventsRule(),
  ],
  'endpoint-controller': () => [
    rule('get', 'list', 'watch').groups(legacy).resources('services', 'pods').build(),
    rule('get', 'list', 'create', 'update', 'delete').groups(legacy).resources('endpoints').build(),
    rule('create').groups(legacy).resources('endpoints/restricted').build(),
    eventsRule(),
  ],
  'endpointslice-controller': () => [
    rule('get', 'list', 'watch').groups(legacy).resources('services', 'pods', 'nodes').build(),
    rule('update').groups(legacy).resources('services/finalizers').build(),
    rule('get', 'list', 'create', 'update', 'delete')
      .groups(discovery)
      .resources('endpointslices')
      .build(),
    eventsRule(),
  ],
  'endpointslicemirroring-controller': () => [
    rule('get', 'list', 'watch').groups(legacy).resources('services', 'endpoints').build(),
    rule('update').groups(legacy).resources('services/finalizers').build(),
    rule('update').groups(legacy).resources('endpoints/finalizers').build(),
    rule('get', 'list', 'create', 'update', 'delete')
      .groups(discovery)
      .resources('endpointslices')
      .build(),
    eventsRule(),
  ],
  'expand-controller': () => [
    rule('get', 'list', 'watch', 'update', 'patch')
      .groups(legacy)
      .resources('persistentvolumes')
      .build(),
    rule('update', 'patch').groups(legacy).resources('persistentvolumeclaims/status').build(),
    rule('get', 'list', 'watch').groups(legacy).resources('persistentvolumeclaims').build(),
    rule('get', 'list', 'watch').groups(storage).resources('storageclasses').build(),
    rule('get').groups(legacy).resources('services', 'endpoints').build(),
    rule('get').groups(legacy).resources('secrets').build(),
    eventsRule(),
  ],
  'ephemeral-volume-controller': () => [
    rule('get', 'list', 'watch').groups(legacy).resources('pods').build(),
    rule('update').groups(legacy).resources('pods/finalizers').build(),
    rule('get', 'list', 'watch', 'create')
      .groups(legacy)
      .resources('persistentvolumeclaims')
      .build(),
    eventsRule(),
  ],
  'generic-garbage-collector': () => [
    rule('get', 'list', 'watch', 'patch', 'update', 'delete').groups('*').resources('*').build(),
    eventsRule(),
  ],
  'horizontal-pod-autoscaler': () => [
    rule('get', 'list', 'watch').groups(autoscaling).resources('horizontalpodautoscalers').build(),
    rule('update').groups(autoscaling).resources('horizontalpodautoscalers/status').build(),
    rule('get', 'update').groups('*').resources('*/scale').build(),
    rule('list').groups(legacy).resources('pods').build(),
    rule('list').groups('metrics.k8s.io').resources('pods').build(),
    rule('get', 'list').groups('custom.metrics.k8s.io').resources('*').build(),
    rule('get', 'list').groups('external.metrics.k8s.io').resources('*').build(),
    eventsRule(),
  ],
  'job-controller': () => [
    rule('get', 'list', 'watch', 'update', 'patch').groups(batch).resources('jobs').build(),
    rule('update').groups(batch).resources('jobs/status').build(),
    rule('update').groups(batch).resources('jobs/finalizers').build(),
    rule('list', 'watch', 'create', 'delete', 'patch').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'namespace-controller': () => [
    rule('get', 'list', 'watch', 'delete').groups(legacy).resources('namespaces').build(),
    rule('update').groups(legacy).resources('namespaces/finalize', 'namespaces/status').build(),
    rule('get', 'list', 'delete', 'deletecollection').groups('*').resources('*').build(),
  ],
  'node-controller': () => [
    rule('get', 'list', 'update', 'delete', 'patch').groups(legacy).resources('nodes').build(),
    rule('patch', 'update').groups(legacy).resources('nodes/status').build(),
    // used for pod deletion
    rule('patch', 'update').groups(legacy).resources('pods/status').build(),
    rule('list', 'get', 'delete').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'persistent-volume-binder': () => [
    rule('get', 'list', 'watch', 'update', 'create', 'delete')
      .groups(legacy)
      .resources('persistentvolumes')
      .build(),
    rule('update').groups(legacy).resources('persistentvolumes/status').build(),
    rule('get', 'list', 'watch', 'update')
      .groups(legacy)
      .resources('persistentvolumeclaims')
      .build(),
    rule('update').groups(legacy).resources('persistentvolumeclaims/status').build(),
    rule('list', 'watch', 'get', 'create', 'delete').groups(legacy).resources('pods').build(),
    rule('get', 'create', 'delete').groups(legacy).resources('services', 'endpoints').build(),
    rule('get').groups(legacy).resources('secrets').build(),
    rule('get', 'list').groups(legacy).resources('nodes').build(),
    rule('watch', 'list', 'get').groups(storage).resources('storageclasses').build(),
    eventsRule(),
  ],
  'pod-garbage-collector': () => [
    rule('list', 'watch', 'delete').groups(legacy).resources('pods').build(),
    rule('get', 'list').groups(legacy).resources('nodes').build(),
    rule('patch').groups(legacy).resources('pods/status').build(),
  ],
  'replicaset-controller': () => [
    rule('get', 'list', 'watch', 'update')
      .groups(apps, extensions)
      .resources('replicasets')
      .build(),
    rule('update').groups(apps, extensions).resources('replicasets/status').build(),
    rule('update').groups(apps, extensions).resources('replicasets/finalizers').build(),
    rule('list', 'watch', 'patch', 'create', 'delete').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'replication-controller': () => [
    rule('get', 'list', 'watch', 'update')
      .groups(legacy)
      .resources('replicationcontrollers')
      .build(),
    rule('update').groups(legacy).resources('replicationcontrollers/status').build(),
    rule('update').groups(legacy).resources('replicationcontrollers/finalizers').build(),
    rule('list', 'watch', 'patch', 'create', 'delete').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'resourcequota-controller': () => [
    rule('list', 'watch').groups('*').resources('*').build(),
    rule('update').groups(legacy).resources('resourcequotas/status').build(),
    eventsRule(),
  ],
  'route-controller': () => [
    rule('list', 'watch').groups(legacy).resources('nodes').build(),
    rule('patch').groups(legacy).resources('nodes/status').build(),
    eventsRule(),
  ],
  'service-account-controller': () => [
    rule('create').groups(legacy).resources('serviceaccounts').build(),
    eventsRule(),
  ],
  'service-controller': () => [
    rule('get', 'list', 'watch').groups(legacy).resources('services').build(),
    rule('patch', 'update').groups(legacy).resources('services/status').build(),
    rule('list', 'watch').groups(legacy).resources('nodes').build(),
    eventsRule(),
  ],
  'statefulset-controller': () => [
    rule('list', 'watch').groups(legacy).resources('pods').build(),
    rule('get', 'list', 'watch').groups(apps).resources('statefulsets').build(),
    rule('update').groups(apps).resources('statefulsets/status').build(),
    rule('update').groups(apps).resources('statefulsets/finalizers').build(),
    rule('get', 'create', 'delete', 'update', 'patch').groups(legacy).resources('pods').build(),
    rule('get', 'create', 'delete', 'update', 'patch', 'list', 'watch')
      .groups(apps)
      .resources('controllerrevisions')
      .build(),
    rule('get', 'create').groups(legacy).resources('persistentvolumeclaims').build(),
    rule('update', 'patch').groups(legacy).resources('persistentvolumeclaims').build(),
    eventsRule(),
  ],
  'ttl-controller': () => [
    rule('update', 'patch', 'list', 'watch').groups(legacy).resources('nodes').build(),
    eventsRule(),
  ],
  'certificate-controller': () => [
    rule('get', 'list', 'watch', 'delete')
      .groups(certificates)
      .resources('certificatesigningrequests')
      .build(),
    rule('update')
      .groups(certificates)
      .resources('certificatesigningrequests/status', 'certificatesigningrequests/approval')
      .build(),
    rule('approve')
      .groups(certificates)
      .resources('signers')
      .resourceNames('kubernetes.io/kube-apiserver-client-kubelet')
      .build(),
    rule('sign')
      .groups(certificates)
      .resources('signers')
      .resourceNames(
        'kubernetes.io/legacy-unknown',
        'kubernetes.io/kube-apiserver-client',
        'kubernetes.io/kube-apiserver-client-kubelet',
        'kubernetes.io/kubelet-serving',
      )
      .build(),
    rule('create').groups('authorization.k8s.io').resources('subjectaccessreviews').build(),
    eventsRule(),
  ],
  'pvc-protection-controller': () => [
    rule('get', 'list', 'watch', 'update')
      .groups(legacy)
      .resources('persistentvolumeclaims')
      .build(),
    rule('list', 'watch', 'get').groups(legacy).resources('pods').build(),
    eventsRule(),
  ],
  'pv-protection-controller': () => [
    rule('get', 'list', 'watch', 'update').groups(legacy).resources('persistentvolumes').build(),
    eventsRule(),
  ],
  'ttl-after-finished-controller': () => [
    rule('get', 'list', 'watch', 'delete').groups(batch).resources('jobs').build(),
    eventsRule(),
  ],
  'root-ca-cert-publisher': () => [
    rule('create', 'update').groups(legacy).resources('configmaps').build(),
    eventsRule(),
  ],
  'validatingadmissionpolicy-status-controller': () => [
    rule('get', 'list', 'watch')
      .groups('admissionregistration.k8s.io')
      .resources('validatingadmissionpolicies')
      .build(),
    rule('get', 'patch', 'update')
      .groups('admissionregistration.k8s.io')
      .resources('validatingadmissionpolicies/status')
      .build(),
    eventsRule(),
  ],
  'legacy-service-account-token-cleaner': () => [
    rule('get')
      .groups(legacy)
      .resources('configmaps')
      .resourceNames('kube-apiserver-legacy-service-account-token-tracking')
      .build(),
    rule('patch', 'delete').groups(legacy).resources('secrets').build(),
  ],
};

/** The service accounts the controller roles are bound to, in kube-system. */
export const CONTROLLER_SERVICE_ACCOUNTS: readonly string[] = Object.keys(CONTROLLER_RULES);

/** buildControllerRoles: `system:controller:<name>` roles and their bindings to kube-system/<name>. */
export function controllerRoles(): { roles: ClusterRole[]; bindings: ClusterRoleBinding[] } {
  const roles: ClusterRole[] = [];
  const bindings: ClusterRoleBinding[] = [];
  for (const [name, rules] of Object.entries(CONTROLLER_RULES)) {
    const role = `${CONTROLLER_ROLE_PREFIX}${name}`;
    roles.push(withDefaultMetadata(clusterRole(role, rules())));
    bindings.push(
      withDefaultMetadata(clusterBinding(role, [serviceAccountSubject('kube-system', name)])),
    );
  }
  return { roles, bindings };
}
