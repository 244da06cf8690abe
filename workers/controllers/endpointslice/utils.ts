// Helpers the EndpointSlice and Endpoints controllers share: staging k8s.io/endpointslice utils.go
// and util/controller_utils.go (ShouldPodBeInEndpoints, podToEndpoint, getEndpointPorts,
// setEndpointSliceLabels), pkg/api/v1/pod FindPort and the trigger-time tracker of
// pkg/controller/util/endpoint. IPv4 only: pods carry one address family here.

import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { parseTime } from '../../api/time.ts';
import type { EventHandlers } from '../../client/informer.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export const SERVICE_TYPE = { group: '', version: 'v1', resource: 'services' } as const;
export const ENDPOINTS_TYPE = { group: '', version: 'v1', resource: 'endpoints' } as const;
export const ENDPOINT_SLICE_TYPE = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
} as const;

/** helper.IsServiceIPSet: a ClusterIP that is neither empty nor `None`. */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

export function podIP(pod: Pod): string {
  return pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip ?? '';
}

/** The pods in the service's namespace its selector matches (a selector is required). */
export function podsForService(service: Service, pods: Pod[]): Pod[] {
  const selector = labelSelectorFromObject({ matchLabels: service.spec?.selector ?? {} });
  if (isParseError(selector)) return [];
  return pods.filter(
    (pod) =>
      pod.metadata?.namespace === service.metadata?.namespace &&
      matchesLabels(selector, pod.metadata?.labels),
  );
}

/** GetPodServiceMemberships: the services with a selector that selects the pod. */
export function servicesSelecting(pod: Pod, services: Service[]): Service[] {
  return services.filter(
    (service) => Boolean(service.spec?.selector) && podsForService(service, [pod]).length > 0,
  );
}

/**
 * The pod handlers both endpoints controllers register: a pod added, changed or gone queues the
 * services that select it, before and after a change of labels.
 */
export function podServiceHandlers(
  services: () => Service[],
  enqueue: (service: Service) => void,
): EventHandlers<Pod> {
  const enqueueSelecting = (pod: Pod): void => {
    for (const service of servicesSelecting(pod, services())) enqueue(service);
  };
  return {
    onAdd: enqueueSelecting,
    onUpdate: (old, pod) => {
      if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
      enqueueSelecting(old);
      enqueueSelecting(pod);
    },
    onDelete: enqueueSelecting,
  };
}

/** endpointsliceutil.ShouldPodBeInEndpoints */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (podIP(pod) === '') return false;
  return includeTerminating || !pod.metadata?.deletionTimestamp;
}

/** endpointsliceutil.ShouldSetHostname */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  return (
    (pod.spec?.hostname ?? '') !== '' &&
    pod.spec?.subdomain === service.metadata?.name &&
    pod.metadata?.namespace === service.metadata?.namespace
  );
}

export function isPodReady(pod: Pod): boolean {
  return (
    pod.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) ?? false
  );
}

/** podutil.FindPort: a named targetPort resolves against the pod's container ports. */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  // A numeric string is a port number (intstr parsed as a string).
  return /^\d+$/.test(target) ? Number(target) : undefined;
}

/** getEndpointPorts: the service's ports as this pod serves them. */
export function getEndpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      name: servicePort.name ?? '',
      port,
      protocol: servicePort.protocol ?? 'TCP',
      ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return ports;
}

/** podToEndpoint: ready means serving and not terminating, unless publishNotReadyAddresses. */
export function podToEndpoint(pod: Pod, zone: string | undefined, service: Service): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp !== undefined;
  const ready = (service.spec?.publishNotReadyAddresses ?? false) || (serving && !terminating);
  const meta = pod.metadata ?? {};
  const endpoint: Endpoint = {
    addresses: [podIP(pod)],
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: meta.namespace ?? '',
      name: meta.name ?? '',
      uid: meta.uid ?? '',
    },
  };
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec?.hostname;
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  if (zone) endpoint.zone = zone;
  return endpoint;
}

/** The key endpoints and slices are grouped by: their ports (NewPortMapKey). */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  const sorted = [...(ports ?? [])].map((port) => [
    port.name ?? '',
    port.port ?? 0,
    port.protocol ?? '',
    port.appProtocol ?? '',
  ]);
  sorted.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return JSON.stringify(sorted);
}

/** The identity of an endpoint in a set (endpointsliceutil.EndpointSet's hash key). */
export function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.addresses.join(',')}|${endpoint.targetRef?.uid ?? ''}`;
}

/** EndpointsEqualBeyondHash */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  const conditions = (endpoint: Endpoint): string =>
    JSON.stringify([
      endpoint.conditions?.ready,
      endpoint.conditions?.serving,
      endpoint.conditions?.terminating,
    ]);
  const reference = (endpoint: Endpoint): string =>
    JSON.stringify([
      endpoint.targetRef?.kind,
      endpoint.targetRef?.namespace,
      endpoint.targetRef?.name,
      endpoint.targetRef?.uid,
    ]);
  return (
    conditions(a) === conditions(b) &&
    a.addresses.join(',') === b.addresses.join(',') &&
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.hostname === b.hostname &&
    reference(a) === reference(b)
  );
}

function isReservedLabel(key: string): boolean {
  return key === LABEL_SERVICE_NAME || key === LABEL_MANAGED_BY || key === LABEL_HEADLESS;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * setEndpointSliceLabels: the service's labels plus the reserved ones; `changed` says whether
 * the slice's own (non-reserved) labels differ from the service's.
 */
export function setEndpointSliceLabels(
  slice: EndpointSlice,
  service: Service,
): { labels: Record<string, string>; changed: boolean } {
  const sliceLabels: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(slice.metadata?.labels ?? {}))
    if (!isReservedLabel(key)) sliceLabels[key] = value;
  for (const [key, value] of Object.entries(service.metadata?.labels ?? {}))
    if (!isReservedLabel(key)) labels[key] = value;
  const changed = !sameLabels(sliceLabels, labels);
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = service.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return { labels, changed };
}

/** metav1.NewControllerRef to the Service. */
export function serviceControllerRef(service: Service): {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
} {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    name: service.metadata?.name ?? '',
    uid: service.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime: the earliest pod Ready transition (or
 * service creation) that changed since the last sync; the service's creation on its first sync.
 * Undefined when nothing changed.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<
    string,
    { pods: Map<string, number>; service: number | undefined }
  >();

  compute(service: Service, pods: Pod[]): number | undefined {
    const key = `${service.metadata?.namespace ?? ''}/${service.metadata?.name ?? ''}`;
    const previous = this.states.get(key);
    let earliest: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
      if (!ready?.lastTransitionTime) continue;
      const time = parseTime(ready.lastTransitionTime);
      podTimes.set(pod.metadata?.name ?? '', time);
      if (time > (previous?.pods.get(pod.metadata?.name ?? '') ?? 0))
        earliest = Math.min(earliest ?? time, time);
    }
    const created = service.metadata?.creationTimestamp;
    const serviceTime = created ? parseTime(created) : undefined;
    if (serviceTime !== undefined && serviceTime > (previous?.service ?? 0))
      earliest = Math.min(earliest ?? serviceTime, serviceTime);
    this.states.set(key, { pods: podTimes, service: serviceTime });
    return previous ? earliest : serviceTime;
  }

  delete(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
