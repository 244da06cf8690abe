// Cluster DNS names as CoreDNS's kubernetes plugin answers them (cluster domain cluster.local)
// and as a ClusterFirst pod's resolver asks (search `<ns>.svc.cluster.local svc.cluster.local
// cluster.local`, ndots:5): a service's A record is its ClusterIP, a headless service's are its
// ready endpoints, `<hostname>.<svc>.<ns>.svc` names one endpoint, `<a-b-c-d>.<ns>.pod` a pod.
// Left out: SRV records, ExternalName CNAMEs to names outside the cluster, and AAAA.

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';

export const CLUSTER_DOMAIN = 'cluster.local';
/** kubeadm's clusterDNS: the tenth address of the 10.96.0.0/12 service range. */
export const CLUSTER_DNS_IP = '10.96.0.10';
const NDOTS = 5;

export function searchPath(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/**
 * A ClusterFirst pod's /etc/resolv.conf as containerd writes it from the kubelet's DNS config
 * (search, nameserver, options lines).
 */
export function resolvConf(namespace: string): string {
  return `search ${searchPath(namespace).join(' ')}\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:${String(NDOTS)}\n`;
}

/** The names a resolver tries, in order (ndots:5 puts the search list first). */
export function candidateNames(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const searched = searchPath(namespace).map((domain) => `${name}.${domain}`);
  const dots = name.split('.').length - 1;
  return dots >= NDOTS ? [name, ...searched] : [...searched, name];
}

function readyAddresses(slices: EndpointSlice[], service: Service, hostname?: string): string[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses ?? false;
  const addresses: string[] = [];
  for (const slice of slices) {
    if (
      slice.metadata?.namespace !== service.metadata?.namespace ||
      slice.metadata?.labels?.['kubernetes.io/service-name'] !== service.metadata?.name
    )
      continue;
    const endpoints: unknown = slice.endpoints;
    for (const endpoint of Array.isArray(endpoints)
      ? (endpoints as EndpointSlice['endpoints'])
      : []) {
      if (!publishNotReady && endpoint.conditions?.ready === false) continue;
      if (hostname !== undefined && endpoint.hostname !== hostname) continue;
      addresses.push(...endpoint.addresses);
    }
  }
  return [...new Set(addresses)].sort();
}

/** One fully qualified name's A records, or null for NXDOMAIN. */
export function lookup(
  fqdn: string,
  services: Service[],
  slices: EndpointSlice[],
): string[] | null {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return null;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  const kind = labels[labels.length - 1];
  if (kind === 'pod' && labels.length === 3) {
    const ip = (labels[0] ?? '').replaceAll('-', '.');
    return /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? [ip] : null;
  }
  if (kind !== 'svc' || labels.length < 3 || labels.length > 4) return null;
  const [namespace, name] = [labels[labels.length - 2], labels[labels.length - 3]];
  const service = services.find(
    (candidate) => candidate.metadata?.namespace === namespace && candidate.metadata?.name === name,
  );
  if (!service || service.spec?.type === 'ExternalName') return null;
  const clusterIP = service.spec?.clusterIP ?? '';
  if (labels.length === 4) {
    const addresses = readyAddresses(slices, service, labels[0]);
    return clusterIP === 'None' && addresses.length > 0 ? addresses : null;
  }
  if (clusterIP === 'None') {
    const addresses = readyAddresses(slices, service);
    return addresses.length > 0 ? addresses : null;
  }
  return clusterIP ? [clusterIP] : null;
}

export interface Resolution {
  name: string;
  addresses: string[];
}

/** What a pod in `namespace` gets for `name`: the first candidate that resolves. */
export function resolve(
  name: string,
  namespace: string,
  services: Service[],
  slices: EndpointSlice[],
): Resolution | null {
  for (const candidate of candidateNames(name.toLowerCase(), namespace)) {
    const addresses = lookup(candidate, services, slices);
    if (addresses) return { name: candidate, addresses };
  }
  return null;
}
