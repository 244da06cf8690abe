import type { LimitRange, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';

const LIMIT_RANGES = '/api/v1/namespaces/default/limitranges';
const PODS = '/api/v1/namespaces/default/pods';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

type List = Record<string, string>;

async function givenLimitRange(limits: Record<string, unknown>[]): Promise<LimitRange> {
  return expectOk(
    await api.request('POST', LIMIT_RANGES, {
      body: { metadata: { name: 'limits' }, spec: { limits } },
    }),
    201,
  ) as LimitRange;
}

function pod(containers: { requests?: List; limits?: List }[], init?: { requests?: List }) {
  return {
    metadata: { name: 'web' },
    spec: {
      containers: containers.map((resources, index) => ({
        name: `c${String(index)}`,
        image: 'nginx',
        resources,
      })),
      ...(init ? { initContainers: [{ name: 'init', image: 'busybox', resources: init }] } : {}),
    },
  };
}

describe('LimitRange registry', () => {
  it('defaults a Container item: the limit from max, the request from the limit, then min', async () => {
    const created = await givenLimitRange([
      { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { 'ephemeral-storage': '1Mi' } },
    ]);
    expect(created.spec?.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '2', memory: '1Gi' },
      min: { 'ephemeral-storage': '1Mi' },
      default: { cpu: '2', memory: '1Gi' },
      defaultRequest: { cpu: '2', memory: '1Gi', 'ephemeral-storage': '1Mi' },
    });
  });

  it.each([
    [
      'an unknown limit type',
      [{ type: 'Node', max: { cpu: '1' } }],
      'spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified',
    ],
    [
      'a repeated type',
      [{ type: 'Pod' }, { type: 'Pod' }],
      'spec.limits[1].type: Duplicate value: "Pod"',
    ],
    [
      'defaults on a Pod item',
      [{ type: 'Pod', default: { cpu: '1' } }],
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
    ],
    [
      'a resource containers cannot have, also in the defaults it gave',
      [{ type: 'Container', max: { pods: '1' } }],
      '[spec.limits[0].max[pods]: Invalid value: "pods": must be a standard resource for containers, spec.limits[0].default[pods]: Invalid value: "pods": must be a standard resource for containers, spec.limits[0].defaultRequest[pods]: Invalid value: "pods": must be a standard resource for containers]',
    ],
    [
      'min above max',
      [{ type: 'Pod', min: { cpu: '2' }, max: { cpu: '1' } }],
      'spec.limits[0].min[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2", Format:"DecimalSI"}: min value 2 is greater than max value 1',
    ],
    [
      'a default request above the default limit',
      [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '1' } }],
      'spec.limits[0].defaultRequest[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}: default request value 1 is greater than default limit value 500m',
    ],
    [
      'a ratio below 1',
      [{ type: 'Pod', maxLimitRequestRatio: { cpu: '500m' } }],
      'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: ratio 500m is less than 1',
    ],
  ])('rejects %s', async (_name, limits, message) => {
    expectFailure(
      await api.request('POST', LIMIT_RANGES, {
        body: { metadata: { name: 'limits' }, spec: { limits } },
      }),
      422,
      'Invalid',
      `LimitRange "limits" is invalid: ${message}`,
    );
  });
});

describe('LimitRanger admission', () => {
  it('fills in default requests and limits, and says so in an annotation', async () => {
    await givenLimitRange([
      {
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '100m' },
      },
    ]);
    const created = expectOk(
      await api.request('POST', PODS, {
        body: pod([{ limits: { memory: '128Mi' } }], {}),
      }),
      201,
    ) as Pod;
    expect(created.spec?.containers[0]?.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '128Mi' },
    });
    expect(created.spec?.initContainers?.[0]?.resources).toEqual({
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(created.metadata?.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container c0; cpu limit for container c0; cpu, memory request for init container init; cpu, memory limit for init container init',
    );
    expect(created.status?.qosClass).toBe('Burstable');
  });

  it.each([
    [
      'a container request below the minimum',
      [{ type: 'Container', min: { cpu: '200m' } }],
      pod([{ requests: { cpu: '100m' } }]),
      'minimum cpu usage per Container is 200m, but request is 100m',
    ],
    [
      'a container limit above the maximum',
      [{ type: 'Container', max: { memory: '1Gi' }, default: { memory: '512Mi' } }],
      pod([{ limits: { memory: '2Gi' } }]),
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ],
    [
      'a limit too far above the request',
      [{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }],
      pod([{ requests: { cpu: '100m' }, limits: { cpu: '1' } }]),
      'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
    ],
    [
      'pod totals above the maximum, with each error',
      [{ type: 'Pod', max: { cpu: '1', memory: '1Gi' } }],
      pod([
        { requests: { cpu: '600m' }, limits: { cpu: '600m' } },
        { requests: { cpu: '600m' }, limits: { cpu: '600m' } },
      ]),
      '[maximum cpu usage per Pod is 1, but limit is 1200m, maximum memory usage per Pod is 1Gi.  No limit is specified]',
    ],
  ])('refuses %s', async (_name, limits, body, message) => {
    await givenLimitRange(limits);
    expectFailure(
      await api.request('POST', PODS, { body }),
      403,
      'Forbidden',
      `pods "web" is forbidden: ${message}`,
    );
  });

  it('lets a ResourceQuota on limits count the defaults', async () => {
    await givenLimitRange([{ type: 'Container', default: { cpu: '300m' } }]);
    const quota = expectOk(
      await api.request('POST', '/api/v1/namespaces/default/resourcequotas', {
        body: { metadata: { name: 'q' }, spec: { hard: { 'limits.cpu': '1' } } },
      }),
      201,
    ) as Record<string, unknown>;
    expectOk(
      await api.request('PUT', '/api/v1/namespaces/default/resourcequotas/q/status', {
        body: { ...quota, status: { hard: { 'limits.cpu': '1' }, used: { 'limits.cpu': '0' } } },
      }),
    );
    expectOk(await api.request('POST', PODS, { body: pod([{}]) }), 201);
    const charged = expectOk(
      await api.request('GET', '/api/v1/namespaces/default/resourcequotas/q'),
    ) as { status: { used: List } };
    expect(charged.status.used).toEqual({ 'limits.cpu': '300m' });
  });
});
