// printService, printEndpoints and printEndpointSlice of pkg/printers/internalversion/printers.go.
// The server prints wide, so load-balancer addresses are never clipped to 16 characters.

import type { EndpointPort, EndpointSlice, Endpoint } from 'kubernetes-types/discovery/v1';
import type { Endpoints, Service, ServicePort } from 'kubernetes-types/core/v1';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  column,
  formatLabels,
  listWithMore,
  nameOf,
  printer,
  wide,
} from './table.ts';

const SERVICE_COLUMNS = [
  NAME_COLUMN,
  column(
    'Type',
    'string',
    'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  ),
  column(
    'Cluster-IP',
    'string',
    'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  column(
    'External-IP',
    'string',
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.',
  ),
  column(
    'Port(s)',
    'string',
    'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  AGE_COLUMN,
  column(
    'Selector',
    'string',
    'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
    wide,
  ),
];

/** loadBalancerStatusStringer (wide): distinct IPs or hostnames, sorted, comma-joined. */
function loadBalancerAddresses(service: Service): string {
  const addresses = new Set<string>();
  for (const ingress of service.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) addresses.add(ingress.ip);
    else if (ingress.hostname) addresses.add(ingress.hostname);
  }
  return [...addresses].sort().join(',');
}

/** getServiceExternalIP */
function externalIP(service: Service): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (service.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const balancer = loadBalancerAddresses(service);
      if (externalIPs.length > 0) {
        return [...(balancer === '' ? [] : balancer.split(',')), ...externalIPs].join(',');
      }
      return balancer === '' ? '<pending>' : balancer;
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP`. */
function portString(ports: readonly ServicePort[]): string {
  return ports
    .map((port) => {
      const protocol = port.protocol ?? '';
      return port.nodePort
        ? `${port.port}:${port.nodePort}/${protocol}`
        : `${port.port}/${protocol}`;
    })
    .join(',');
}

export const servicePrinter = printer(SERVICE_COLUMNS, (service: Service, now) => [
  nameOf(service),
  service.spec?.type ?? '',
  service.spec?.clusterIPs?.[0] ?? '<none>',
  externalIP(service),
  portString(service.spec?.ports ?? []) || '<none>',
  ageOf(service, now),
  formatLabels(service.spec?.selector),
]);

const ENDPOINTS_COLUMNS = [
  NAME_COLUMN,
  column(
    'Endpoints',
    'string',
    'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
  ),
  AGE_COLUMN,
];

/** net.JoinHostPort: brackets around IPv6 hosts. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints with every port: up to three host:port pairs, then `+ N more...`. */
function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    // Headless services may have no ports: the addresses alone.
    const targets = (subset.ports ?? []).length === 0 ? [undefined] : (subset.ports ?? []);
    for (const port of targets) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port ? joinHostPort(address.ip, port.port) : address.ip);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter = printer(ENDPOINTS_COLUMNS, (endpoints: Endpoints, now) => [
  nameOf(endpoints),
  formatEndpoints(endpoints),
  ageOf(endpoints, now),
]);

const ENDPOINT_SLICE_COLUMNS = [
  NAME_COLUMN,
  column(
    'AddressType',
    'string',
    'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
  ),
  column(
    'Ports',
    'string',
    'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
  ),
  column(
    'Endpoints',
    'string',
    'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
  ),
  AGE_COLUMN,
];

/** The first three of `values`, whether there were more, and how many in all. */
function firstThree(values: readonly string[]): string {
  const max = 3;
  return listWithMore(values.slice(0, max), values.length > max, values.length, max);
}

/** formatDiscoveryPorts: the port number, else its name, else `*`. */
function discoveryPorts(ports: readonly EndpointPort[]): string {
  return firstThree(
    ports.map((port) => (port.port !== undefined ? String(port.port) : (port.name ?? '*'))),
  );
}

function discoveryEndpoints(endpoints: readonly Endpoint[]): string {
  return firstThree(endpoints.flatMap((endpoint) => endpoint.addresses));
}

export const endpointSlicePrinter = printer(ENDPOINT_SLICE_COLUMNS, (slice: EndpointSlice, now) => [
  nameOf(slice),
  slice.addressType,
  discoveryPorts(slice.ports ?? []),
  discoveryEndpoints(slice.endpoints),
  ageOf(slice, now),
]);
