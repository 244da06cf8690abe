// Field numbers of the Kubernetes protobuf messages the decoder knows, from k8s.io/api and
// k8s.io/apimachinery generated.proto at 1.32, for the bodies typed clients send (kubectl create
// namespace, serviceaccount, service, secret, configmap, pdb; evictions). Fields marked `keep` are
// Go pointers: sent only when set, so even a zero value means something. Others are dropped when
// zero, as Go's JSON would drop them (`emit` marks the few that Go's JSON keeps anyway).

export interface FieldSpec {
  name: string;
  /** string, int32, int64, bool or bytes; or a message of MESSAGES (Time, IntOrString: special forms). */
  type: string;
  repeated?: boolean;
  /** map<string, type>. */
  map?: boolean;
  keep?: boolean;
  emit?: boolean;
}

export type MessageSpec = Record<number, FieldSpec>;

const s = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'string',
  ...extra,
});
const list = (name: string, type = 'string'): FieldSpec => ({ name, type, repeated: true });
const stringMap = (name: string): FieldSpec => ({ name, type: 'string', map: true });

export const MESSAGES: Record<string, MessageSpec> = {
  ObjectMeta: {
    1: s('name'),
    2: s('generateName'),
    3: s('namespace'),
    4: s('selfLink'),
    5: s('uid'),
    6: s('resourceVersion'),
    7: { name: 'generation', type: 'int64' },
    8: { name: 'creationTimestamp', type: 'Time' },
    9: { name: 'deletionTimestamp', type: 'Time', keep: true },
    10: { name: 'deletionGracePeriodSeconds', type: 'int64', keep: true },
    11: stringMap('labels'),
    12: stringMap('annotations'),
    13: list('ownerReferences', 'OwnerReference'),
    14: list('finalizers'),
  },
  OwnerReference: {
    1: s('kind'),
    3: s('name'),
    4: s('uid'),
    5: s('apiVersion'),
    6: { name: 'controller', type: 'bool', keep: true },
    7: { name: 'blockOwnerDeletion', type: 'bool', keep: true },
  },
  LabelSelector: {
    1: stringMap('matchLabels'),
    2: list('matchExpressions', 'LabelSelectorRequirement'),
  },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: list('values') },
  DeleteOptions: {
    1: { name: 'gracePeriodSeconds', type: 'int64', keep: true },
    2: { name: 'preconditions', type: 'Preconditions', keep: true },
    3: { name: 'orphanDependents', type: 'bool', keep: true },
    4: s('propagationPolicy', { keep: true }),
    5: list('dryRun'),
  },
  Preconditions: { 1: s('uid', { keep: true }), 2: s('resourceVersion', { keep: true }) },
  ObjectReference: {
    1: s('kind'),
    2: s('namespace'),
    3: s('name'),
    4: s('uid'),
    5: s('apiVersion'),
    6: s('resourceVersion'),
    7: s('fieldPath'),
  },
  LocalObjectReference: { 1: s('name') },
  Namespace: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: { name: 'spec', type: 'NamespaceSpec' },
  },
  NamespaceSpec: { 1: list('finalizers') },
  ServiceAccount: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: list('secrets', 'ObjectReference'),
    3: list('imagePullSecrets', 'LocalObjectReference'),
    4: { name: 'automountServiceAccountToken', type: 'bool', keep: true },
  },
  Service: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: { name: 'spec', type: 'ServiceSpec' },
    3: { name: 'status', type: 'ServiceStatus' },
  },
  ServiceSpec: {
    1: list('ports', 'ServicePort'),
    2: stringMap('selector'),
    3: s('clusterIP'),
    4: s('type'),
    5: list('externalIPs'),
    7: s('sessionAffinity'),
    8: s('loadBalancerIP'),
    9: list('loadBalancerSourceRanges'),
    10: s('externalName'),
    11: s('externalTrafficPolicy'),
    12: { name: 'healthCheckNodePort', type: 'int32' },
    13: { name: 'publishNotReadyAddresses', type: 'bool' },
    14: { name: 'sessionAffinityConfig', type: 'SessionAffinityConfig', keep: true },
    17: s('ipFamilyPolicy', { keep: true }),
    18: list('clusterIPs'),
    19: list('ipFamilies'),
    20: { name: 'allocateLoadBalancerNodePorts', type: 'bool', keep: true },
    21: s('loadBalancerClass', { keep: true }),
    22: s('internalTrafficPolicy', { keep: true }),
    23: s('trafficDistribution', { keep: true }),
  },
  ServicePort: {
    1: s('name'),
    2: s('protocol'),
    3: { name: 'port', type: 'int32', emit: true },
    4: { name: 'targetPort', type: 'IntOrString' },
    5: { name: 'nodePort', type: 'int32' },
    6: s('appProtocol', { keep: true }),
  },
  SessionAffinityConfig: { 1: { name: 'clientIP', type: 'ClientIPConfig', keep: true } },
  ClientIPConfig: { 1: { name: 'timeoutSeconds', type: 'int32', keep: true } },
  ServiceStatus: { 1: { name: 'loadBalancer', type: 'LoadBalancerStatus' } },
  LoadBalancerStatus: { 1: list('ingress', 'LoadBalancerIngress') },
  LoadBalancerIngress: { 1: s('ip'), 2: s('hostname'), 3: s('ipMode', { keep: true }) },
  Secret: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: { name: 'data', type: 'bytes', map: true },
    3: s('type'),
    4: stringMap('stringData'),
    5: { name: 'immutable', type: 'bool', keep: true },
  },
  ConfigMap: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: stringMap('data'),
    3: { name: 'binaryData', type: 'bytes', map: true },
    4: { name: 'immutable', type: 'bool', keep: true },
  },
  PodDisruptionBudget: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: { name: 'spec', type: 'PodDisruptionBudgetSpec' },
  },
  PodDisruptionBudgetSpec: {
    1: { name: 'minAvailable', type: 'IntOrString', keep: true },
    2: { name: 'selector', type: 'LabelSelector', keep: true },
    3: { name: 'maxUnavailable', type: 'IntOrString', keep: true },
    4: s('unhealthyPodEvictionPolicy', { keep: true }),
  },
  Eviction: {
    1: { name: 'metadata', type: 'ObjectMeta' },
    2: { name: 'deleteOptions', type: 'DeleteOptions', keep: true },
  },
};

/** The message of each kind the decoder reads, by `apiVersion/kind`. */
export const KINDS: Record<string, string> = {
  'v1/Namespace': 'Namespace',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/Secret': 'Secret',
  'v1/ConfigMap': 'ConfigMap',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'policy/v1/Eviction': 'Eviction',
};
