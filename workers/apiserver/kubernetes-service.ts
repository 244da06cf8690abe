// kube-apiserver's own `kubernetes` Service (pkg/controlplane/controller/kubernetesservice) and its
// endpoints as the lease reconciler and EndpointsAdapter write them (pkg/controlplane/reconcilers):
// ClusterIP 10.96.0.1, port 443 `https` to the API server's 6443, one Endpoints and one
// EndpointSlice naming the API server's address. Left out: the master leases in etcd.

import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { jsonEqual } from '../api/json-merge-patch.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { ApiServer } from './apiserver.ts';
import { LOOPBACK_USER } from './bootstrap.ts';

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
/** The control plane's node address in the kind-like numbering of the nodes (172.18.0.2). */
export const APISERVER_ADVERTISE_ADDRESS = '172.18.0.2';
export const APISERVER_SECURE_PORT = 6443;
const NAME = 'kubernetes';
const NAMESPACE = 'default';
const ENDPOINT_INTERVAL_MS = 10_000;
const REQUEST_ID = 'kube-apiserver#kubernetes-service';

const SERVICE_PORTS = [
  { name: 'https', protocol: 'TCP', port: 443, targetPort: APISERVER_SECURE_PORT },
];
const ENDPOINT_PORTS = [{ name: 'https', port: APISERVER_SECURE_PORT, protocol: 'TCP' }];

async function send(
  apiserver: ApiServer,
  verb: 'POST' | 'PUT',
  path: string,
  body: KubeObject,
): Promise<void> {
  await apiserver.handle({ verb, path, body, user: LOOPBACK_USER }, REQUEST_ID);
}

/** CreateOrUpdateMasterServiceIfNeeded; with `reconcile`, ports and type are put back. */
async function ensureService(apiserver: ApiServer, reconcile: boolean): Promise<void> {
  const current = apiserver.cache.get(`/registry/services/specs/${NAMESPACE}/${NAME}`) as
    Service | undefined;
  const path = `/api/v1/namespaces/${NAMESPACE}/services`;
  if (!current) {
    await send(apiserver, 'POST', path, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: NAME,
        namespace: NAMESPACE,
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        ports: SERVICE_PORTS,
        clusterIP: KUBERNETES_SERVICE_IP,
        ipFamilyPolicy: 'SingleStack',
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    } as KubeObject);
    return;
  }
  const ports = (current.spec?.ports ?? []).map(({ name, protocol, port, targetPort }) => ({
    name,
    protocol,
    port,
    targetPort,
  }));
  if (!reconcile || (jsonEqual(ports, SERVICE_PORTS) && current.spec?.type === 'ClusterIP')) return;
  await send(apiserver, 'PUT', `${path}/${NAME}`, {
    ...current,
    spec: { ...current.spec, ports: SERVICE_PORTS, type: 'ClusterIP' },
  } as KubeObject);
}

/** The lease reconciler's doReconcile for one API server, then EnsureEndpointSliceFromEndpoints. */
async function ensureEndpoints(apiserver: ApiServer): Promise<void> {
  const current = apiserver.cache.get(`/registry/services/endpoints/${NAMESPACE}/${NAME}`) as
    Endpoints | undefined;
  const desired = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(current?.metadata ?? { name: NAME, namespace: NAMESPACE }),
      // The EndpointSlice mirroring controller leaves this one to the API server.
      labels: { ...current?.metadata?.labels, 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip: APISERVER_ADVERTISE_ADDRESS }], ports: ENDPOINT_PORTS }],
  } as KubeObject;
  const path = `/api/v1/namespaces/${NAMESPACE}/endpoints`;
  if (!current) await send(apiserver, 'POST', path, desired);
  else if (!jsonEqual({ ...current, metadata: desired.metadata }, desired))
    await send(apiserver, 'PUT', `${path}/${NAME}`, desired);
  await ensureEndpointSlice(apiserver);
}

async function ensureEndpointSlice(apiserver: ApiServer): Promise<void> {
  const current = apiserver.cache.get(`/registry/endpointslices/${NAMESPACE}/${NAME}`) as
    EndpointSlice | undefined;
  const desired = {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: NAMESPACE, labels: { 'kubernetes.io/service-name': NAME } },
    endpoints: [{ addresses: [APISERVER_ADVERTISE_ADDRESS], conditions: { ready: true } }],
    ports: ENDPOINT_PORTS,
  };
  const path = `/apis/discovery.k8s.io/v1/namespaces/${NAMESPACE}/endpointslices`;
  if (!current) {
    await send(apiserver, 'POST', path, desired);
    return;
  }
  if (
    jsonEqual(current.endpoints, desired.endpoints) &&
    jsonEqual(current.ports, desired.ports) &&
    jsonEqual(current.metadata?.labels, desired.metadata.labels)
  ) {
    return;
  }
  await send(apiserver, 'PUT', `${path}/${NAME}`, {
    ...desired,
    metadata: { ...current.metadata, labels: desired.metadata.labels },
  });
}

/** UpdateKubernetesService at start (reconciling the Service), then every 10 s. */
export async function runKubernetesService(apiserver: ApiServer, clock: Clock): Promise<void> {
  const update = async (reconcile: boolean): Promise<void> => {
    await ensureService(apiserver, reconcile);
    await ensureEndpoints(apiserver);
  };
  const loop = (): void => {
    clock.setTimeout(() => {
      void update(false).then(loop);
    }, ENDPOINT_INTERVAL_MS);
  };
  await update(true);
  loop();
}
