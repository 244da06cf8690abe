// The object a create is compared with: the kind's zero Go struct as
// runtime.DefaultUnstructuredConverter.ToUnstructured renders it (apimachinery
// pkg/runtime/converter.go over the k8s.io/api types.go of each group, 1.32).

import type { Json } from '../../api/json-merge-patch.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import type { KubeObject } from '../../client/protocol.ts';

// ToUnstructured skips omitempty fields only when nil or zero-length; a struct value is never
// empty, and a zero metav1.Time renders as null, so value structs and times always appear, and
// fields without omitempty appear as their zero value (null for slices, maps and pointers).
const META: Json = { creationTimestamp: null };
const POD_TEMPLATE: Json = { metadata: META, spec: { containers: null } };
const WORKLOAD_SPEC = { selector: null, template: POD_TEMPLATE };
const ROLE_REF: Json = { apiGroup: '', kind: '', name: '' };

const ZERO_FIELDS: Readonly<Record<string, Readonly<Record<string, Json>>>> = {
  'v1/Pod': { spec: { containers: null }, status: {} },
  'v1/Service': { spec: {}, status: { loadBalancer: {} } },
  'v1/Namespace': { spec: {}, status: {} },
  'v1/LimitRange': { spec: { limits: null } },
  'v1/ResourceQuota': { spec: {}, status: {} },
  'v1/Node': {
    spec: {},
    status: {
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: '',
        osImage: '',
        containerRuntimeVersion: '',
        kubeletVersion: '',
        kubeProxyVersion: '',
        operatingSystem: '',
        architecture: '',
      },
    },
  },
  'v1/ReplicationController': { spec: {}, status: { replicas: 0 } },
  'v1/Event': {
    involvedObject: {},
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  },
  'events.k8s.io/v1/Event': {
    eventTime: null,
    regarding: {},
    deprecatedSource: {},
    deprecatedFirstTimestamp: null,
    deprecatedLastTimestamp: null,
  },
  'discovery.k8s.io/v1/EndpointSlice': { addressType: '', endpoints: null, ports: null },
  'apps/v1/Deployment': { spec: { ...WORKLOAD_SPEC, strategy: {} }, status: {} },
  'apps/v1/ReplicaSet': { spec: WORKLOAD_SPEC, status: { replicas: 0 } },
  'apps/v1/StatefulSet': {
    spec: { ...WORKLOAD_SPEC, serviceName: '', updateStrategy: {} },
    status: { replicas: 0, availableReplicas: 0 },
  },
  'apps/v1/DaemonSet': {
    spec: { ...WORKLOAD_SPEC, updateStrategy: {} },
    status: {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    },
  },
  'batch/v1/Job': { spec: { template: POD_TEMPLATE }, status: {} },
  'batch/v1/CronJob': {
    spec: { schedule: '', jobTemplate: { metadata: META, spec: { template: POD_TEMPLATE } } },
    status: {},
  },
  'policy/v1/PodDisruptionBudget': {
    spec: {},
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  },
  'coordination.k8s.io/v1/Lease': { spec: {} },
  'rbac.authorization.k8s.io/v1/Role': { rules: null },
  'rbac.authorization.k8s.io/v1/ClusterRole': { rules: null },
  'rbac.authorization.k8s.io/v1/RoleBinding': { roleRef: ROLE_REF },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { roleRef: ROLE_REF },
};

/** The kind's zero object; kinds without Go types (custom resources) have only their metadata. */
export function zeroObject(kind: GroupVersionKind): KubeObject {
  const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  return {
    apiVersion,
    kind: kind.kind,
    metadata: META,
    ...ZERO_FIELDS[`${apiVersion}/${kind.kind}`],
  } as KubeObject;
}
