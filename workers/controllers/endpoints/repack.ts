// Endpoints subsets as the API wants them (pkg/api/v1/endpoints/util.go RepackSubsets and
// pkg/controller/endpoint truncateEndpoints): addresses grouped by the set of ports they serve,
// ready beating not-ready for the same address, and at most 1000 addresses in all. Upstream sorts
// ports and subsets by a hash of their Go values; here ports sort by name, port and protocol
// and subsets by their first address, which is the same for the usual one-subset case.

import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1';

export const MAX_CAPACITY = 1000;
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

function addressKey(address: EndpointAddress): string {
  return `${address.ip}|${address.targetRef?.uid ?? ''}`;
}

function portKey(port: EndpointPort | null): string {
  return port
    ? JSON.stringify([port.name ?? '', port.port, port.protocol ?? '', port.appProtocol ?? ''])
    : 'sentinel';
}

function ipValue(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** LessEndpointAddress: by IP, then by the target's uid. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byIp = ipValue(a.ip) - ipValue(b.ip);
  if (byIp !== 0) return byIp;
  return (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return (
    (a.name ?? '').localeCompare(b.name ?? '') ||
    a.port - b.port ||
    (a.protocol ?? '').localeCompare(b.protocol ?? '')
  );
}

export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  // Each port (or the no-port sentinel) to its addresses and whether each is ready.
  const byPort = new Map<string, { port: EndpointPort | null; ready: Map<string, boolean> }>();
  const note = (address: EndpointAddress, port: EndpointPort | null, ready: boolean): void => {
    const key = addressKey(address);
    if (!addresses.has(key)) addresses.set(key, structuredClone(address));
    let entry = byPort.get(portKey(port));
    if (!entry) byPort.set(portKey(port), (entry = { port, ready: new Map() }));
    if (entry.ready.get(key) !== true) entry.ready.set(key, ready);
  };
  for (const subset of subsets) {
    const ports = subset.ports?.length ? subset.ports : [null];
    for (const port of ports) {
      for (const address of subset.addresses ?? []) note(address, port, true);
      for (const address of subset.notReadyAddresses ?? []) note(address, port, false);
    }
  }
  // Addresses that share a set of (address, ready) pairs share a subset.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready.entries()].sort());
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ready, ports: [] }));
    if (port) group.ports.push(port);
  }
  const final: EndpointSubset[] = [];
  for (const { ready, ports } of groups.values()) {
    const readyAddresses: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [key, isReady] of ready) {
      const address = addresses.get(key);
      if (address) (isReady ? readyAddresses : notReady).push(address);
    }
    readyAddresses.sort(compareAddresses);
    notReady.sort(compareAddresses);
    ports.sort(comparePorts);
    final.push({
      ...(readyAddresses.length > 0 ? { addresses: readyAddresses } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ...(ports.length > 0 ? { ports } : {}),
    });
  }
  const first = (subset: EndpointSubset): EndpointAddress | undefined =>
    subset.addresses?.[0] ?? subset.notReadyAddresses?.[0];
  return final.sort((a, b) => {
    const x = first(a);
    const y = first(b);
    return x && y ? compareAddresses(x, y) : 0;
  });
}

/**
 * truncateEndpoints: past capacity, drop not-ready addresses first, then share what room is left
 * among subsets in proportion to their size. Returns whether anything was cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const subset of subsets) {
    totalReady += subset.addresses?.length ?? 0;
    totalNotReady += subset.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const subset of subsets) {
    const inSubset = (truncateReady ? subset.addresses : subset.notReadyAddresses)?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      subset.addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      delete subset.notReadyAddresses;
      canBeAdded -= subset.addresses.length;
    } else {
      subset.notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= subset.notReadyAddresses.length;
    }
  }
  return true;
}

/** capacityAnnotationSetCorrectly */
export function capacityAnnotationSetCorrectly(
  annotations: Record<string, string> | undefined,
  subsets: EndpointSubset[],
): boolean {
  let count = 0;
  for (const subset of subsets)
    count += (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
  if (count > MAX_CAPACITY) return false;
  return annotations?.[ANNOTATION_OVER_CAPACITY] === undefined;
}
