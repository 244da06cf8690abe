// The service ports and endpoints one kube-proxy sees (pkg/proxy/servicechangetracker.go,
// endpointslicecache.go): Services with a cluster IP, not ExternalName, not for another proxy;
// each port's endpoints merged from its slices and sorted by address; and CategorizeEndpoints
// (pkg/proxy/topology.go) picking which of them Cluster and Local traffic use. Topology hints
// are left out.

import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

const DEFAULT_STICKY_SECONDS = 10800;
export const LABEL_SERVICE_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  isLocal: boolean;
  /** `ip:port`, endpointInfo.String(). */
  address: string;
}

export interface ServicePortInfo {
  /** ServicePortName.String(): `ns/name` plus `:port` when the port is named. */
  name: string;
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  internalLocal: boolean;
  externalLocal: boolean;
  stickySeconds: number | null;
  endpoints: ProxyEndpoint[];
}

/** The endpoints of one service port from its slices, merged and sorted by address. */
function endpointsFor(
  slices: EndpointSlice[],
  port: ServicePort,
  nodeName: string,
): ProxyEndpoint[] {
  const byAddress = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const slicePort = (slice.ports ?? []).find(
      (candidate) =>
        (candidate.name ?? '') === (port.name ?? '') &&
        (candidate.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
    );
    if (slicePort?.port === undefined) continue;
    const endpoints: unknown = slice.endpoints;
    for (const endpoint of Array.isArray(endpoints)
      ? (endpoints as EndpointSlice['endpoints'])
      : []) {
      const ip = endpoint.addresses[0];
      if (!ip) continue;
      const ready = endpoint.conditions?.ready ?? true;
      const address = `${ip}:${String(slicePort.port)}`;
      byAddress.set(address, {
        ip,
        port: slicePort.port,
        ready,
        serving: endpoint.conditions?.serving ?? ready,
        terminating: endpoint.conditions?.terminating ?? false,
        isLocal: endpoint.nodeName === nodeName,
        address,
      });
    }
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** Services kube-proxy programs: with a cluster IP, not ExternalName, not for another proxy. */
export function servicePorts(
  services: Service[],
  slices: EndpointSlice[],
  nodeName: string,
): ServicePortInfo[] {
  const ports: ServicePortInfo[] = [];
  for (const service of services) {
    const spec = service.spec ?? {};
    const clusterIP = spec.clusterIP ?? '';
    if (clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') continue;
    if (service.metadata?.labels?.[LABEL_SERVICE_PROXY_NAME] !== undefined) continue;
    const namespace = service.metadata?.namespace ?? '';
    const serviceName = service.metadata?.name ?? '';
    const own = slices.filter(
      (slice) =>
        slice.metadata?.namespace === namespace &&
        slice.metadata.labels?.['kubernetes.io/service-name'] === serviceName,
    );
    for (const port of spec.ports ?? []) {
      ports.push({
        name: `${namespace}/${serviceName}${port.name ? `:${port.name}` : ''}`,
        protocol: (port.protocol ?? 'TCP').toLowerCase(),
        clusterIP,
        port: port.port,
        nodePort: port.nodePort ?? 0,
        externalIPs: spec.externalIPs ?? [],
        internalLocal: spec.internalTrafficPolicy === 'Local',
        externalLocal: spec.externalTrafficPolicy === 'Local',
        stickySeconds:
          spec.sessionAffinity === 'ClientIP'
            ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_SECONDS)
            : null,
        endpoints: endpointsFor(own, port, nodeName),
      });
    }
  }
  return ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** CategorizeEndpoints: ready endpoints, or serving-and-terminating ones when none is ready. */
export function categorizeEndpoints(info: ServicePortInfo): {
  cluster: ProxyEndpoint[];
  local: ProxyEndpoint[];
  reachable: ProxyEndpoint[];
  hasAny: boolean;
} {
  const externallyAccessible = info.nodePort !== 0 || info.externalIPs.length > 0;
  const usesCluster = !info.internalLocal || (externallyAccessible && !info.externalLocal);
  const usesLocal = info.internalLocal || (externallyAccessible && info.externalLocal);
  let cluster: ProxyEndpoint[] = [];
  let hasAny = false;
  if (usesCluster) {
    cluster = info.endpoints.filter((ep) => ep.ready);
    if (cluster.length === 0) cluster = info.endpoints.filter((ep) => ep.serving && ep.terminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocal) return { cluster, local: [], reachable: cluster, hasAny };
  let local: ProxyEndpoint[] = [];
  let servingTerminating = false;
  if (info.endpoints.some((ep) => ep.ready || (ep.serving && ep.terminating))) hasAny = true;
  if (info.endpoints.some((ep) => ep.isLocal && ep.ready)) {
    local = info.endpoints.filter((ep) => ep.isLocal && ep.ready);
  } else if (info.endpoints.some((ep) => ep.isLocal && ep.serving && ep.terminating)) {
    servingTerminating = true;
    local = info.endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }
  if (!usesCluster) return { cluster, local, reachable: local, hasAny };
  if (!servingTerminating) return { cluster, local, reachable: cluster, hasAny };
  const merged = new Map([...cluster, ...local].map((ep) => [ep.address, ep]));
  return { cluster, local, reachable: [...merged.values()], hasAny };
}
