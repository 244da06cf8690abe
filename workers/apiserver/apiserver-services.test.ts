import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_USER } from '../host/kubectl-actor.ts';
import { expectFailure, expectOk, settle, startApiServer, type TestApiServer } from './testing.ts';

const SERVICES = '/api/v1/namespaces/default/services';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function serviceBody(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

async function createService(name: string, spec: Record<string, unknown>): Promise<Service> {
  return expectOk(
    await api.request('POST', SERVICES, { body: serviceBody(name, spec) }),
    201,
  ) as Service;
}

describe('the kubernetes Service', () => {
  it('exists from the start with 10.96.0.1 and port 443 to the API server', async () => {
    const service = expectOk(await api.request('GET', `${SERVICES}/kubernetes`)) as Service;
    expect(service.metadata?.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(service.spec).toEqual({
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
    });
  });

  it('has Endpoints and an EndpointSlice naming the API server at 172.18.0.2:6443', async () => {
    const endpoints = expectOk(
      await api.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes'),
    ) as Endpoints;
    expect(endpoints.metadata?.labels).toEqual({
      'endpointslice.kubernetes.io/skip-mirror': 'true',
    });
    expect(endpoints.subsets).toEqual([
      {
        addresses: [{ ip: '172.18.0.2' }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ]);
    const slice = expectOk(
      await api.request(
        'GET',
        '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes',
      ),
    );
    expect(slice).toMatchObject({
      addressType: 'IPv4',
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' }, generation: 1 },
      endpoints: [{ addresses: ['172.18.0.2'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  });

  it('gets its Endpoints back within the reconcile interval when they are deleted', async () => {
    expectOk(await api.request('DELETE', '/api/v1/namespaces/default/endpoints/kubernetes'));
    api.clock.advanceTo(api.clock.now() + 10_000);
    await settle();
    expectOk(await api.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes'));
  });
});

describe('Service defaults', () => {
  it.each([
    [
      'a ClusterIP Service',
      { ports: [{ port: 80 }] },
      {
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      },
    ],
    [
      'a NodePort Service',
      { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] },
      {
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }],
      },
    ],
    [
      'a LoadBalancer Service',
      { type: 'LoadBalancer', ports: [{ port: 443, protocol: 'UDP' }] },
      { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true },
    ],
    [
      'ClientIP affinity',
      { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
      { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } },
    ],
    [
      'a headless Service with no selector (dual-stack families on any cluster)',
      { clusterIP: 'None' },
      { clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] },
    ],
    [
      'a headless Service with a selector',
      { clusterIP: 'None', selector: { app: 'web' } },
      { clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] },
    ],
  ])('defaults %s', async (_name, spec, expected) => {
    const service = await createService('web', spec);
    expect(service.spec).toMatchObject(expected);
    expect(service.status).toEqual({ loadBalancer: {} });
  });

  it('gives an ExternalName Service no ClusterIP, families or traffic policies', async () => {
    const service = await createService('db', {
      type: 'ExternalName',
      externalName: 'db.example.com',
    });
    expect(service.spec).toEqual({
      type: 'ExternalName',
      externalName: 'db.example.com',
      sessionAffinity: 'None',
    });
  });
});

describe('Service validation', () => {
  it.each([
    ['no ports', { selector: { app: 'a' } }, 'spec.ports: Required value'],
    [
      'an unnamed port among several',
      { ports: [{ port: 80 }, { name: 'b', port: 81 }] },
      'spec.ports[0].name: Required value',
    ],
    [
      'port 0',
      { ports: [{ port: 0 }] },
      '[spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    ],
    [
      'a bad protocol',
      { ports: [{ port: 80, protocol: 'HTTP' }] },
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'a bad targetPort name',
      { ports: [{ port: 80, targetPort: 'Http' }] },
      'spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
    [
      'a duplicate port',
      {
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      },
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
    [
      'a nodePort on a ClusterIP Service',
      { ports: [{ port: 80, nodePort: 30080 }] },
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ],
    [
      'an unknown type',
      { type: 'Magic', ports: [{ port: 80 }] },
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      'a headless NodePort Service',
      { type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] },
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ],
    [
      'an ExternalName Service without a name',
      { type: 'ExternalName' },
      'spec.externalName: Required value',
    ],
    [
      'a ClientIP timeout out of range',
      {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } },
        ports: [{ port: 80 }],
      },
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ],
    [
      'a loopback external IP',
      { externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] },
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
    [
      'externalTrafficPolicy on a ClusterIP Service',
      { externalTrafficPolicy: 'Local', ports: [{ port: 80 }] },
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  ])('rejects %s', async (_name, spec, message) => {
    const status = expectFailure(
      await api.request('POST', SERVICES, { body: serviceBody('web', spec) }),
      422,
      'Invalid',
      `Service "web" is invalid: ${message}`,
    );
    expect(status.details).toMatchObject({ name: 'web', kind: 'Service' });
  });

  it.each([
    [
      'an invalid clusterIP',
      { clusterIP: '10.96.0.300', ports: [{ port: 80 }] },
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
    [
      'clusterIPs not starting with clusterIP',
      { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.21'], ports: [{ port: 80 }] },
      'spec.clusterIPs: Invalid value: []string{"10.96.0.21"}: first value must match `clusterIP`',
    ],
    [
      'an IPv6 clusterIP',
      { clusterIP: 'fd00::10', ports: [{ port: 80 }] },
      'spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster',
    ],
    [
      'RequireDualStack',
      { ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] },
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ],
  ])('refuses %s before allocating', async (_name, spec, message) => {
    expectFailure(
      await api.request('POST', SERVICES, { body: serviceBody('web', spec) }),
      422,
      'Invalid',
      `Service "web" is invalid: ${message}`,
    );
  });

  it('refuses topology annotations that disagree', async () => {
    const body = serviceBody('web', { ports: [{ port: 80 }] });
    body.metadata = {
      name: 'web',
      annotations: {
        'service.kubernetes.io/topology-mode': 'Auto',
        'service.kubernetes.io/topology-aware-hints': 'Disabled',
      },
    };
    expectFailure(
      await api.request('POST', SERVICES, { body }),
      422,
      'Invalid',
      'Service "web" is invalid: metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    );
  });

  it('names a Service by DNS-1035 label', async () => {
    expectFailure(
      await api.request('POST', SERVICES, { body: serviceBody('1web', { ports: [{ port: 80 }] }) }),
      422,
      'Invalid',
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });
});

describe('ClusterIP allocation', () => {
  it('draws from the upper part of 10.96.0.0/12, the same way for the same seed', async () => {
    const first = await createService('a', { ports: [{ port: 80 }] });
    const other = await startApiServer();
    const again = expectOk(
      await other.request('POST', SERVICES, { body: serviceBody('a', { ports: [{ port: 80 }] }) }),
      201,
    ) as Service;
    expect(first.spec?.clusterIP).toBe(again.spec?.clusterIP);
    expect(first.spec?.clusterIPs).toEqual([first.spec?.clusterIP]);
    const [, , third = 0, fourth = 0] = (first.spec?.clusterIP ?? '').split('.').map(Number);
    const offset =
      ((Number(first.spec?.clusterIP?.split('.')[1]) - 96) << 16) + (third << 8) + fourth;
    expect(offset).toBeGreaterThan(256);
  });

  it('gives every Service of a burst of concurrent creates its own IP', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api.request('POST', SERVICES, {
          body: serviceBody(`s${String(index)}`, { ports: [{ port: 80 }] }),
        }),
      ),
    );
    const ips = responses.map((response) => (expectOk(response, 201) as Service).spec?.clusterIP);
    expect(new Set(ips).size).toBe(20);
  });

  it('lets exactly one of two concurrent creates have a requested IP', async () => {
    const responses = await Promise.all(
      ['x', 'y'].map((name) =>
        api.request('POST', SERVICES, {
          body: serviceBody(name, { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }),
        }),
      ),
    );
    expect(responses.map((response) => response.code).sort()).toEqual([201, 422]);
  });

  it.each([
    [
      '10.96.0.1',
      'spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    ],
    [
      '1.1.1.1',
      'spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
    [
      '10.111.255.255',
      'spec.clusterIPs: Invalid value: []string{"10.111.255.255"}: failed to allocate IP 10.111.255.255: the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
  ])('refuses the requested IP %s', async (ip, message) => {
    expectFailure(
      await api.request('POST', SERVICES, {
        body: serviceBody('web', { clusterIP: ip, ports: [{ port: 80 }] }),
      }),
      422,
      'Invalid',
      `Service "web" is invalid: ${message}`,
    );
  });

  it('honours a free requested IP and hands it out again once the Service is deleted', async () => {
    const spec = { clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] };
    expect((await createService('dns', spec)).spec?.clusterIPs).toEqual(['10.96.0.10']);
    expectOk(await api.request('DELETE', `${SERVICES}/dns`));
    expect((await createService('dns2', spec)).spec?.clusterIP).toBe('10.96.0.10');
  });

  it('gives the IP back when the create fails after allocating it', async () => {
    await createService('web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    expectFailure(
      await api.request('POST', SERVICES, {
        body: serviceBody('web', { clusterIP: '10.96.0.21', ports: [{ port: 80 }] }),
      }),
      409,
      'AlreadyExists',
      'services "web" already exists',
    );
    expect(
      (await createService('other', { clusterIP: '10.96.0.21', ports: [{ port: 80 }] })).spec
        ?.clusterIP,
    ).toBe('10.96.0.21');
  });

  it('answers a dry run with the network address and keeps nothing', async () => {
    const response = await api.request('POST', SERVICES, {
      body: serviceBody('web', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] }),
      query: { dryRun: 'All' },
    });
    expect((expectOk(response, 201) as Service).spec?.clusterIP).toBe('10.96.0.30');
    const guess = await api.request('POST', SERVICES, {
      body: serviceBody('web', { ports: [{ port: 80 }] }),
      query: { dryRun: 'All' },
    });
    expect((expectOk(guess, 201) as Service).spec?.clusterIP).toBe('10.96.0.0');
    await createService('web', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] });
  });

  it('rebuilds its allocations from the stored Services when an API server starts', async () => {
    await createService('web', {
      clusterIP: '10.96.0.40',
      type: 'NodePort',
      ports: [{ port: 80, nodePort: 30040 }],
    });
    const { ApiServer } = await import('./apiserver.ts');
    const { SeededRng } = await import('../host/rng.ts');
    const restarted = new ApiServer(
      api.etcd,
      api.clock,
      new SeededRng('restart', 'kube-apiserver'),
    );
    await restarted.start();
    const response = await restarted.handle(
      {
        verb: 'POST',
        path: SERVICES,
        user: ADMIN_USER,
        body: serviceBody('again', {
          clusterIP: '10.96.0.40',
          type: 'NodePort',
          ports: [{ port: 80, nodePort: 30040 }],
        }),
      },
      'test#restart',
    );
    expectFailure(
      response,
      422,
      'Invalid',
      'Service "again" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.40"}: failed to allocate IP 10.96.0.40: provided IP is already allocated',
    );
  });
});

describe('the repair controllers', () => {
  it('free the IP of a Service removed behind the API server after three passes', async () => {
    await createService('web', { clusterIP: '10.96.0.70', ports: [{ port: 80 }] });
    await api.etcd.txn({
      compare: [],
      success: [{ request_delete_range: { key: '/registry/services/specs/default/web' } }],
      failure: [],
    });
    const request = () =>
      api.request('POST', SERVICES, {
        body: serviceBody('again', { clusterIP: '10.96.0.70', ports: [{ port: 80 }] }),
      });
    for (let pass = 1; pass <= 3; pass++) {
      expect((await request()).code).toBe(422);
      api.clock.advanceTo(api.clock.now() + 3 * 60_000);
      await settle();
    }
    expect((await request()).code).toBe(201);
  });
});

describe('NodePort allocation', () => {
  it('picks one port per service port from 30000-32767, outside the static band', async () => {
    const service = await createService('web', {
      type: 'NodePort',
      ports: [
        { name: 'http', port: 80 },
        { name: 'https', port: 443 },
      ],
    });
    const ports = (service.spec?.ports ?? []).map((port) => port.nodePort ?? 0);
    expect(new Set(ports).size).toBe(2);
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(30086);
    for (const port of ports) expect(port).toBeLessThanOrEqual(32767);
  });

  it('shares one nodePort between TCP and UDP of the same port', async () => {
    const service = await createService('dns', {
      type: 'NodePort',
      ports: [
        { name: 'tcp', port: 53 },
        { name: 'udp', port: 53, protocol: 'UDP' },
      ],
    });
    const [tcp, udp] = service.spec?.ports ?? [];
    expect(tcp?.nodePort).toBe(udp?.nodePort);
  });

  it.each([
    [30080, 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'],
    [
      80,
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ],
  ])('refuses the requested nodePort %d', async (nodePort, message) => {
    await createService('first', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    expectFailure(
      await api.request('POST', SERVICES, {
        body: serviceBody('second', { type: 'NodePort', ports: [{ port: 80, nodePort }] }),
      }),
      422,
      'Invalid',
      `Service "second" is invalid: ${message}`,
    );
  });

  it('releases nodePorts on delete and when the type drops them', async () => {
    await createService('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] });
    await createService('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30002 }] });
    expectOk(await api.request('DELETE', `${SERVICES}/a`));
    const patched = expectOk(
      await api.request('PATCH', `${SERVICES}/b`, {
        body: { spec: { type: 'ClusterIP' } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(patched.spec?.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(patched.spec?.externalTrafficPolicy).toBeUndefined();
    await createService('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] });
    await createService('d', { type: 'NodePort', ports: [{ port: 80, nodePort: 30002 }] });
  });

  it('allocates nodePorts when a ClusterIP Service becomes a NodePort', async () => {
    await createService('web', { ports: [{ port: 80 }] });
    const patched = expectOk(
      await api.request('PATCH', `${SERVICES}/web`, {
        body: { spec: { type: 'NodePort' } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(patched.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(patched.spec?.externalTrafficPolicy).toBe('Cluster');
  });
});

describe('health check node ports', () => {
  it('allocates one for a LoadBalancer that keeps traffic local, and frees it when that stops', async () => {
    const created = await createService('lb', {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      ports: [{ port: 80 }],
    });
    const port = created.spec?.healthCheckNodePort ?? 0;
    expect(port).toBeGreaterThanOrEqual(30000);
    const patched = expectOk(
      await api.request('PATCH', `${SERVICES}/lb`, {
        body: { spec: { externalTrafficPolicy: 'Cluster' } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(patched.spec?.healthCheckNodePort).toBeUndefined();
    await createService('np', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] });
  });
});

describe('Service updates', () => {
  it('keeps the allocated IP and ports when the same manifest is put again', async () => {
    const created = await createService('web', { type: 'NodePort', ports: [{ port: 80 }] });
    const replaced = expectOk(
      await api.request('PUT', `${SERVICES}/web`, {
        body: serviceBody('web', { type: 'NodePort', ports: [{ port: 80 }] }),
      }),
    ) as Service;
    expect(replaced.spec?.clusterIP).toBe(created.spec?.clusterIP);
    expect(replaced.spec?.ports?.[0]?.nodePort).toBe(created.spec?.ports?.[0]?.nodePort);
  });

  it('refuses a new clusterIP', async () => {
    const created = await createService('web', { ports: [{ port: 80 }] });
    const ip = created.spec?.clusterIP ?? '';
    expectFailure(
      await api.request('PATCH', `${SERVICES}/web`, {
        body: { spec: { clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] } },
        contentType: 'application/merge-patch+json',
      }),
      422,
      'Invalid',
      `Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set`,
    );
    expect(ip).not.toBe('10.96.0.99');
  });

  it('releases the ClusterIP when a Service becomes an ExternalName', async () => {
    await createService('web', { clusterIP: '10.96.0.60', ports: [{ port: 80 }] });
    const patched = expectOk(
      await api.request('PATCH', `${SERVICES}/web`, {
        body: { spec: { type: 'ExternalName', externalName: 'web.example.com' } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(patched.spec?.clusterIP).toBeUndefined();
    expect(patched.spec?.ipFamilies).toBeUndefined();
    expect(patched.spec).not.toHaveProperty('internalTrafficPolicy');
    expect(
      (await createService('other', { clusterIP: '10.96.0.60', ports: [{ port: 80 }] })).spec
        ?.clusterIP,
    ).toBe('10.96.0.60');
  });

  it('allocates a ClusterIP when an ExternalName Service becomes a ClusterIP one', async () => {
    await createService('web', { type: 'ExternalName', externalName: 'web.example.com' });
    const patched = expectOk(
      await api.request('PATCH', `${SERVICES}/web`, {
        body: { spec: { type: 'ClusterIP', externalName: null, ports: [{ port: 80 }] } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(patched.spec?.clusterIPs).toEqual([patched.spec?.clusterIP]);
    expect(patched.spec?.ipFamilies).toEqual(['IPv4']);
  });

  it('keeps status writers off the spec', async () => {
    await createService('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] });
    const updated = expectOk(
      await api.request('PATCH', `${SERVICES}/lb/status`, {
        body: {
          spec: { ports: [{ port: 8080 }] },
          status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
        },
        contentType: 'application/merge-patch+json',
      }),
    ) as Service;
    expect(updated.spec?.ports?.[0]?.port).toBe(80);
    expect(updated.status?.loadBalancer?.ingress).toEqual([{ ip: '203.0.113.9', ipMode: 'VIP' }]);
  });

  it('deletes the Endpoints of a deleted Service and answers with the Service', async () => {
    await createService('web', { ports: [{ port: 80 }] });
    expectOk(
      await api.request('POST', '/api/v1/namespaces/default/endpoints', {
        body: {
          metadata: { name: 'web' },
          subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }],
        },
      }),
      201,
    );
    const deleted = expectOk(await api.request('DELETE', `${SERVICES}/web`)) as Service;
    expect(deleted.kind).toBe('Service');
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/default/endpoints/web'),
      404,
      'NotFound',
      'endpoints "web" not found',
    );
  });
});
