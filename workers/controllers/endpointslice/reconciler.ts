// The EndpointSlice reconciler (staging k8s.io/endpointslice reconciler.go): the slices a Service
// should have, reached from the existing ones with as little churn as possible — keep unchanged
// slices, fill slices being updated anyway, then the fullest-fitting unchanged slice, then new
// ones; a placeholder slice when there are no endpoints. Deterministic where upstream pops from a
// Go map: endpoints are placed in pod-name order. Left out: topology hints, dual stack.

import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  endpointKey,
  endpointsEqualBeyondHash,
  getEndpointPorts,
  podToEndpoint,
  portMapKey,
  serviceControllerRef,
  setEndpointSliceLabels,
  shouldPodBeInEndpoints,
} from './utils.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface ReconcileInput {
  service: Service;
  /** The pods the service selects. */
  pods: Pod[];
  /** The slices labelled as this service's and managed by this controller. */
  existingSlices: EndpointSlice[];
  /** The zone label of a node; null when the node does not exist. */
  zoneOf(nodeName: string): string | undefined | null;
  maxEndpointsPerSlice?: number;
}

export interface ReconcilePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
  /** Why pods were left out: their node is unknown (the sync is retried). */
  errors: string[];
}

interface PortGroup {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

/** A slice's endpoints; the API serializes none as `endpoints: null`. */
function endpointsOf(slice: EndpointSlice): Endpoint[] {
  const endpoints: unknown = slice.endpoints;
  return Array.isArray(endpoints) ? (endpoints as Endpoint[]) : [];
}

function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (reference) =>
      reference.uid === service.metadata?.uid &&
      reference.kind === 'Service' &&
      reference.apiVersion === 'v1',
  );
}

/** getEndpointSlicePrefix: `<service>-`, or `slice-` when that would not be a valid name. */
function slicePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  return /^[a-z0-9]([-a-z0-9.]*)?-$/.test(prefix) && prefix.length <= 253 ? prefix : 'slice-';
}

export function newEndpointSlice(service: Service, ports: EndpointPort[]): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(service.metadata?.name ?? ''),
      namespace: service.metadata?.namespace ?? '',
      ownerReferences: [serviceControllerRef(service)],
    },
    addressType: 'IPv4',
    endpoints: [],
    ...(ports.length > 0 ? { ports } : {}),
  };
  (slice.metadata ??= {}).labels = setEndpointSliceLabels(slice, service).labels;
  return slice;
}

function desiredGroups(input: ReconcileInput, errors: string[]): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  const pods = [...input.pods].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = getEndpointPorts(input.service, pod);
    const key = portMapKey(ports);
    let zone: string | undefined;
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      const found = input.zoneOf(nodeName);
      // A pod on a missing node is left out and retried, unless not-ready addresses are
      // published anyway.
      if (found === null && !input.service.spec?.publishNotReadyAddresses) {
        const meta = input.service.metadata ?? {};
        errors.push(
          `skipping Pod ${pod.metadata?.name ?? ''} for Service ${meta.namespace ?? ''}/${meta.name ?? ''}: Node ${nodeName} Not Found`,
        );
        continue;
      }
      zone = found ?? undefined;
    }
    const endpoint = podToEndpoint(pod, zone, input.service);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, endpoints: new Map() }));
    group.endpoints.set(endpointKey(endpoint), endpoint);
  }
  return groups;
}

function popAny(desired: Map<string, Endpoint>): Endpoint {
  const [key, endpoint] = desired.entries().next().value as [string, Endpoint];
  desired.delete(key);
  return endpoint;
}

/** getSliceToFill: the unchanged slice the remaining endpoints fill most closely. */
function sliceToFill(slices: EndpointSlice[], count: number, max: number): EndpointSlice | null {
  let closestDiff = max;
  let closest: EndpointSlice | null = null;
  for (const slice of slices) {
    const diff = max - (count + endpointsOf(slice).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) break;
    }
  }
  return closest;
}

/** reconcileByPortMapping for one set of ports. */
function reconcileByPortMapping(
  service: Service,
  existing: EndpointSlice[],
  group: PortGroup,
  max: number,
): { create: EndpointSlice[]; update: EndpointSlice[]; delete: EndpointSlice[] } {
  const desired = new Map(group.endpoints);
  const update: EndpointSlice[] = [];
  const remove: EndpointSlice[] = [];
  let unchanged: EndpointSlice[] = [];
  // 1. Keep what is still desired in each existing slice.
  for (const slice of existing) {
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of endpointsOf(slice)) {
      const key = endpointKey(endpoint);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, endpoint)) endpointUpdated = true;
      desired.delete(key);
    }
    const { labels, changed } = setEndpointSliceLabels(slice, service);
    if (endpointUpdated || kept.length !== endpointsOf(slice).length) {
      if (kept.length === 0) remove.push(slice);
      else
        update.push({
          ...structuredClone(slice),
          metadata: { ...structuredClone(slice.metadata), labels },
          endpoints: kept,
        });
    } else if (changed) {
      update.push({ ...structuredClone(slice), metadata: { ...slice.metadata, labels } });
    } else {
      unchanged.push(slice);
    }
  }
  // 2. Fill the slices being updated anyway, fullest first.
  if (desired.size > 0 && update.length > 0) {
    update.sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const slice of update)
      while (desired.size > 0 && slice.endpoints.length < max)
        slice.endpoints.push(popAny(desired));
  }
  // 3. Fit the rest into one unchanged slice if one has room, else into new slices.
  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let target: EndpointSlice | null = null;
    if (desired.size < max && unchanged.length > 0) {
      const found = sliceToFill(unchanged, desired.size, max);
      if (found) {
        unchanged = unchanged.filter((slice) => slice !== found);
        target = { ...structuredClone(found), endpoints: [...endpointsOf(found)] };
        update.push(target);
      }
    }
    if (!target) {
      target = newEndpointSlice(service, group.ports);
      create.push(target);
    }
    while (desired.size > 0 && target.endpoints.length < max)
      target.endpoints.push(popAny(desired));
  }
  return { create, update, delete: remove };
}

function samePlaceholder(a: EndpointSlice, b: EndpointSlice): boolean {
  const labels = (slice: EndpointSlice): string =>
    JSON.stringify(Object.entries(slice.metadata?.labels ?? {}).sort());
  return (
    a.metadata?.namespace === b.metadata?.namespace &&
    labels(a) === labels(b) &&
    a.addressType === b.addressType &&
    JSON.stringify(a.ports ?? []) === JSON.stringify(b.ports ?? []) &&
    endpointsOf(a).length === 0 &&
    endpointsOf(b).length === 0
  );
}

/** reconcile + reconcileByAddressType + finalize's turning of deletes into updates. */
export function reconcile(input: ReconcileInput): ReconcilePlan {
  const { service } = input;
  const max = input.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const errors: string[] = [];
  let create: EndpointSlice[] = [];
  const update: EndpointSlice[] = [];
  let remove: EndpointSlice[] = [];
  const existingByPorts = new Map<string, EndpointSlice[]>();
  const existing = input.existingSlices.filter((slice) => {
    if (slice.addressType === 'IPv4') return true;
    remove.push(slice);
    return false;
  });
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      remove.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }
  const groups = desiredGroups(input, errors);
  for (const [key, group] of groups) {
    const plan = reconcileByPortMapping(service, existingByPorts.get(key) ?? [], group, max);
    create.push(...plan.create);
    update.push(...plan.update);
    remove.push(...plan.delete);
  }
  for (const [key, slices] of existingByPorts) if (!groups.has(key)) remove.push(...slices);
  if (input.existingSlices.length === remove.length && create.length === 0) {
    const placeholder = newEndpointSlice(service, []);
    const only = remove[0];
    if (remove.length === 1 && only && samePlaceholder(only, placeholder)) remove = [];
    else create.push(placeholder);
  }
  // Reuse the names of slices about to be deleted rather than create new ones.
  for (let i = 0; i < remove.length && create.length > 0;) {
    const doomed = remove[i];
    const fresh = create[create.length - 1];
    if (doomed && fresh && ownedBy(doomed, service) && doomed.addressType === fresh.addressType) {
      update.push({
        ...fresh,
        metadata: {
          ...fresh.metadata,
          name: doomed.metadata?.name ?? '',
          resourceVersion: doomed.metadata?.resourceVersion ?? '',
        },
      });
      create = create.slice(0, -1);
      remove = remove.filter((_, index) => index !== i);
    } else i++;
  }
  return { create, update, delete: remove, errors };
}
