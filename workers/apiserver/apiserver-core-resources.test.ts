import type { Endpoints, ReplicationController } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const ENDPOINTS = '/api/v1/namespaces/default/endpoints';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
const RCS = '/api/v1/namespaces/default/replicationcontrollers';
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

describe('Endpoints', () => {
  it('defaults port protocols to TCP and can be created by a PUT', async () => {
    const endpoints = expectOk(
      await api.request('PUT', `${ENDPOINTS}/web`, {
        body: {
          metadata: { name: 'web' },
          subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }],
        },
      }),
      201,
    ) as Endpoints;
    expect(endpoints.subsets?.[0]?.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
  });

  it.each([
    [
      'a subset without addresses',
      [{ ports: [{ port: 80 }] }],
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    ],
    [
      'a bad address',
      [{ addresses: [{ ip: 'x' }] }],
      '[subsets[0].addresses[0].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), subsets[0].addresses[0].ip: Invalid value: "x": must be a valid IP address]',
    ],
    [
      'a link-local address',
      [{ notReadyAddresses: [{ ip: '169.254.1.1' }] }],
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ],
    [
      'unnamed ports among several',
      [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }, { name: 'b', port: 81 }] }],
      'subsets[0].ports[0].name: Required value',
    ],
  ])('rejects %s', async (_name, subsets, message) => {
    expectFailure(
      await api.request('POST', ENDPOINTS, { body: { metadata: { name: 'web' }, subsets } }),
      422,
      'Invalid',
      `Endpoints "web" is invalid: ${message}`,
    );
  });
});

describe('EndpointSlices', () => {
  const slice = (fields: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ...fields,
  });

  it('defaults port names and protocols, writes missing endpoints as null and starts at generation 1', async () => {
    const created = expectOk(
      await api.request('POST', SLICES, { body: slice({ ports: [{ port: 80 }] }) }),
      201,
    ) as EndpointSlice;
    expect(created.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
    expect(created.endpoints).toBeNull();
    expect(created.metadata?.generation).toBe(1);
  });

  it('bumps the generation for endpoint and label changes, not for annotations', async () => {
    await api.request('POST', SLICES, {
      body: slice({ endpoints: [{ addresses: ['10.244.1.5'] }] }),
    });
    const patch = async (body: Record<string, unknown>): Promise<number | undefined> =>
      (
        expectOk(
          await api.request('PATCH', `${SLICES}/web-abc`, {
            body,
            contentType: 'application/merge-patch+json',
          }),
        ) as EndpointSlice
      ).metadata?.generation;
    expect(await patch({ metadata: { annotations: { note: 'x' } } })).toBe(1);
    expect(await patch({ endpoints: [{ addresses: ['10.244.1.6'] }] })).toBe(2);
    expect(await patch({ metadata: { labels: { extra: 'y' } } })).toBe(3);
  });

  it.each([
    ['no address type', { addressType: undefined }, 'addressType: Required value'],
    [
      'an unknown address type',
      { addressType: 'IP' },
      'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
    ],
    [
      'an IPv6 address in an IPv4 slice',
      { endpoints: [{ addresses: ['fd00::1'] }] },
      'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    ],
    [
      'an endpoint without addresses',
      { endpoints: [{ addresses: [] }] },
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ],
    [
      'a duplicate port name',
      { ports: [{ port: 80 }, { port: 81 }] },
      'ports[1].name: Duplicate value: ""',
    ],
    [
      'an FQDN with one label',
      { addressType: 'FQDN', endpoints: [{ addresses: ['web'] }] },
      'endpoints[0].addresses[0]: Invalid value: "web": should be a domain with at least two segments separated by dots',
    ],
  ])('rejects %s', async (_name, fields, message) => {
    expectFailure(
      await api.request('POST', SLICES, { body: slice(fields) }),
      422,
      'Invalid',
      `EndpointSlice.discovery.k8s.io "web-abc" is invalid: ${message}`,
    );
  });

  it('refuses a new address type', async () => {
    await api.request('POST', SLICES, { body: slice({}) });
    expectFailure(
      await api.request('PATCH', `${SLICES}/web-abc`, {
        body: { addressType: 'IPv6' },
        contentType: 'application/merge-patch+json',
      }),
      422,
      'Invalid',
      'EndpointSlice.discovery.k8s.io "web-abc" is invalid: addressType: Invalid value: "IPv6": field is immutable',
    );
  });
});

describe('ReplicationControllers', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };

  it('takes the selector and labels from the template, one replica and an empty status', async () => {
    const rc = expectOk(
      await api.request('POST', RCS, { body: { metadata: { name: 'web' }, spec: { template } } }),
      201,
    ) as ReplicationController;
    expect(rc.spec?.selector).toEqual({ app: 'web' });
    expect(rc.metadata?.labels).toEqual({ app: 'web' });
    expect(rc.spec?.replicas).toBe(1);
    expect(rc.metadata?.generation).toBe(1);
    expect(rc.status).toEqual({ replicas: 0 });
    expect(rc.spec?.template?.spec?.restartPolicy).toBe('Always');
  });

  it.each([
    [
      'no template and no selector',
      {},
      '[spec.selector: Required value, spec.template: Required value]',
    ],
    [
      'a selector the template does not match',
      { selector: { app: 'other' }, template },
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      'negative replicas',
      { replicas: -1, template },
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'a template that does not restart',
      { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } },
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'a template without containers',
      { template: { metadata: template.metadata, spec: {} } },
      'spec.template.spec.containers: Required value',
    ],
  ])('rejects %s', async (_name, spec, message) => {
    expectFailure(
      await api.request('POST', RCS, { body: { metadata: { name: 'web' }, spec } }),
      422,
      'Invalid',
      `ReplicationController "web" is invalid: ${message}`,
    );
  });

  it('selects on status.replicas', async () => {
    await api.request('POST', RCS, { body: { metadata: { name: 'web' }, spec: { template } } });
    const list = expectOk(
      await api.request('GET', RCS, { query: { fieldSelector: 'status.replicas=0' } }),
    ) as { items: ReplicationController[] };
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['web']);
  });

  it('validates status writes', async () => {
    await api.request('POST', RCS, { body: { metadata: { name: 'web' }, spec: { template } } });
    expectFailure(
      await api.request('PATCH', `${RCS}/web/status`, {
        body: { status: { replicas: 1, readyReplicas: 2 } },
        contentType: 'application/merge-patch+json',
      }),
      422,
      'Invalid',
      'ReplicationController "web" is invalid: status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    );
  });
});

describe('PodDisruptionBudgets', () => {
  const pdb = (spec: Record<string, unknown>, name = 'web'): Record<string, unknown> => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec,
  });

  it('starts with an empty status and generation 1', async () => {
    const created = expectOk(
      await api.request('POST', PDBS, {
        body: pdb({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } }),
      }),
      201,
    ) as PodDisruptionBudget;
    expect(created.status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
    expect(created.metadata?.generation).toBe(1);
  });

  it.each([
    [
      'both minAvailable and maxUnavailable',
      { minAvailable: 1, maxUnavailable: 1 },
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a2e1c0), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000a2e1e0), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
    ],
    [
      'a bad percentage',
      { minAvailable: 'half' },
      "spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
    [
      'more than 100%',
      { maxUnavailable: '150%' },
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ],
    [
      'a negative count',
      { minAvailable: -1 },
      'spec.minAvailable: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'a selector operator that does not exist',
      { selector: { matchExpressions: [{ key: 'app', operator: 'Is', values: ['web'] }] } },
      'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
    ],
    [
      'an unknown eviction policy',
      { unhealthyPodEvictionPolicy: 'Never' },
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ],
  ])('rejects %s', async (_name, spec, message) => {
    expectFailure(
      await api.request('POST', PDBS, { body: pdb(spec) }),
      422,
      'Invalid',
      `PodDisruptionBudget.policy "web" is invalid: ${message}`,
    );
  });

  it('names budgets by path segment only, as upstream does', async () => {
    expectOk(
      await api.request('POST', PDBS, { body: pdb({ minAvailable: 1 }, 'Web_Budget') }),
      201,
    );
  });

  it('refuses an update that does not name the resourceVersion it read', async () => {
    await api.request('POST', PDBS, { body: pdb({ minAvailable: 1 }) });
    expectFailure(
      await api.request('PUT', `${PDBS}/web`, { body: pdb({ minAvailable: 2 }) }),
      422,
      'Invalid',
      'poddisruptionbudgets.policy "web" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    );
  });

  it('validates status conditions', async () => {
    await api.request('POST', PDBS, { body: pdb({ minAvailable: 1 }) });
    expectFailure(
      await api.request('PATCH', `${PDBS}/web/status`, {
        body: {
          status: {
            conditions: [
              { type: 'DisruptionAllowed', status: 'Maybe', reason: 'x y', message: '' },
            ],
          },
        },
        contentType: 'application/merge-patch+json',
      }),
      422,
      'Invalid',
      "PodDisruptionBudget.policy \"web\" is invalid: [status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\", status.conditions[0].lastTransitionTime: Required value: must be set, status.conditions[0].reason: Invalid value: \"x y\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')]",
    );
  });
});
