// The built-in resource types the playground knows, with the names discovery publishes for them
// (kube-apiserver's `kubectl api-resources` for 1.32). The apiserver attaches a strategy to each
// entry it serves; everything else only uses the names.

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural: the URL segment and RBAC resource name. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Prefix of its etcd keys under /registry (kube-apiserver's historical names included). */
  etcdPrefix: string;
  subresources?: string[];
  /** Discovery verbs where not the full set (create-only reviews; namespaces lack deletecollection). */
  verbs?: string[];
}

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    etcdPrefix: 'namespaces',
    subresources: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    resource: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    etcdPrefix: 'minions',
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    etcdPrefix: 'pods',
    subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    etcdPrefix: 'events',
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    etcdPrefix: 'serviceaccounts',
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    resource: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    etcdPrefix: 'configmaps',
  },
  {
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    resource: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    etcdPrefix: 'services/endpoints',
  },
  {
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    singular: 'replicationcontroller',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    etcdPrefix: 'controllers',
    subresources: ['scale', 'status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    resource: 'secrets',
    singular: 'secret',
    namespaced: true,
    etcdPrefix: 'secrets',
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    etcdPrefix: 'services/specs',
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    resource: 'limitranges',
    singular: 'limitrange',
    namespaced: true,
    shortNames: ['limits'],
    etcdPrefix: 'limitranges',
  },
  {
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    resource: 'resourcequotas',
    singular: 'resourcequota',
    namespaced: true,
    shortNames: ['quota'],
    etcdPrefix: 'resourcequotas',
    subresources: ['status'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ControllerRevision',
    resource: 'controllerrevisions',
    singular: 'controllerrevision',
    namespaced: true,
    etcdPrefix: 'controllerrevisions',
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    etcdPrefix: 'daemonsets',
    subresources: ['status'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    etcdPrefix: 'deployments',
    subresources: ['scale', 'status'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    etcdPrefix: 'replicasets',
    subresources: ['scale', 'status'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    etcdPrefix: 'statefulsets',
    subresources: ['scale', 'status'],
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    resource: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    etcdPrefix: 'cronjobs',
    subresources: ['status'],
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    resource: 'jobs',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    etcdPrefix: 'jobs',
    subresources: ['status'],
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    resource: 'leases',
    singular: 'lease',
    namespaced: true,
    etcdPrefix: 'leases',
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    resource: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
    etcdPrefix: 'endpointslices',
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    kind: 'PriorityClass',
    resource: 'priorityclasses',
    singular: 'priorityclass',
    namespaced: false,
    shortNames: ['pc'],
    etcdPrefix: 'priorityclasses',
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    resource: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    etcdPrefix: 'poddisruptionbudgets',
    subresources: ['status'],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    etcdPrefix: 'horizontalpodautoscalers',
    subresources: ['status'],
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'NodeMetrics',
    resource: 'nodes',
    // metrics-server's GetSingularName answers ''.
    singular: '',
    namespaced: false,
    etcdPrefix: 'metrics.k8s.io/nodes',
    verbs: ['get', 'list'],
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'PodMetrics',
    resource: 'pods',
    singular: '',
    namespaced: true,
    etcdPrefix: 'metrics.k8s.io/pods',
    verbs: ['get', 'list'],
  },
  {
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    etcdPrefix: 'events',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    namespaced: false,
    etcdPrefix: 'clusterrolebindings',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    resource: 'clusterroles',
    singular: 'clusterrole',
    namespaced: false,
    etcdPrefix: 'clusterroles',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    resource: 'rolebindings',
    singular: 'rolebinding',
    namespaced: true,
    etcdPrefix: 'rolebindings',
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    resource: 'roles',
    singular: 'role',
    namespaced: true,
    etcdPrefix: 'roles',
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    namespaced: false,
    etcdPrefix: 'selfsubjectreviews',
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'LocalSubjectAccessReview',
    resource: 'localsubjectaccessreviews',
    singular: 'localsubjectaccessreview',
    namespaced: true,
    etcdPrefix: 'localsubjectaccessreviews',
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    namespaced: false,
    etcdPrefix: 'selfsubjectaccessreviews',
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectRulesReview',
    resource: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    namespaced: false,
    etcdPrefix: 'selfsubjectrulesreviews',
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SubjectAccessReview',
    resource: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    namespaced: false,
    etcdPrefix: 'subjectaccessreviews',
    verbs: ['create'],
  },
];

export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `pods` for the core group, `replicasets.apps` otherwise: the form used in error messages. */
export function groupResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

/** The URL of a collection or object, as client-go builds it. */
export function resourcePath(
  type: Pick<ResourceType, 'group' | 'version' | 'resource'>,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  let path = namespace
    ? `${prefix}/namespaces/${namespace}/${type.resource}`
    : `${prefix}/${type.resource}`;
  if (name) path += `/${name}`;
  if (name && subresource) path += `/${subresource}`;
  return path;
}

/** The plural of a kind from the built-in table, for trace labels; unknown kinds get a guess. */
export function resourceOfKind(kind: string): string {
  const known = BUILTIN_RESOURCES.find((type) => type.kind === kind);
  return known ? known.resource : `${kind.toLowerCase()}s`;
}

/** `pods/default/nginx` or `nodes/node-1`: how traces and the UI name an object. */
export function objectRef(resource: string, namespace: string | undefined, name: string): string {
  return namespace ? `${resource}/${namespace}/${name}` : `${resource}/${name}`;
}

/** A built-in type by group and resource; throws for names the table does not have. */
export function builtinType(group: string, resource: string): ResourceType {
  const type = BUILTIN_RESOURCES.find(
    (candidate) => candidate.group === group && candidate.resource === resource,
  );
  if (!type) throw new Error(`no built-in resource ${resource}${group ? `.${group}` : ''}`);
  return type;
}
