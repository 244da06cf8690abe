import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';

const QUOTAS = '/api/v1/namespaces/default/resourcequotas';
const PODS = '/api/v1/namespaces/default/pods';
const SERVICES = '/api/v1/namespaces/default/services';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

type Hard = Record<string, string>;

/** A quota as the controller leaves it: status.hard from the spec, status.used as given. */
async function givenQuota(
  hard: Hard,
  used: Hard,
  spec: Partial<ResourceQuota['spec']> = {},
  name = 'q',
): Promise<void> {
  const created = expectOk(
    await api.request('POST', QUOTAS, { body: { metadata: { name }, spec: { hard, ...spec } } }),
    201,
  ) as ResourceQuota;
  expectOk(
    await api.request('PUT', `${QUOTAS}/${name}/status`, {
      body: { ...created, status: { hard, used } },
    }),
  );
}

async function usedOf(name = 'q'): Promise<Hard> {
  const quota = expectOk(await api.request('GET', `${QUOTAS}/${name}`)) as ResourceQuota;
  return quota.status?.used ?? {};
}

interface Resources {
  requests?: Hard;
  limits?: Hard;
}

function pod(name: string, resources: Resources = {}, spec: Record<string, unknown> = {}) {
  return {
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx', resources }], ...spec },
  };
}

const createPod = (body: unknown, query?: Record<string, string>) =>
  api.request('POST', PODS, { body, ...(query ? { query } : {}) });

describe('ResourceQuota admission', () => {
  it('admits a pod below the quota and charges it into status.used', async () => {
    await givenQuota(
      { pods: '3', 'requests.cpu': '1', 'requests.memory': '1Gi' },
      { pods: '1', 'requests.cpu': '100m', 'requests.memory': '0' },
    );
    expectOk(await createPod(pod('web', { requests: { cpu: '500m', memory: '128Mi' } })), 201);
    expect(await usedOf()).toEqual({
      pods: '2',
      'requests.cpu': '600m',
      'requests.memory': '128Mi',
    });
  });

  it.each([
    [
      'the pod count',
      { pods: '2' },
      { pods: '2' },
      {},
      'exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    ],
    [
      'cpu requests, naming only what is exceeded',
      { pods: '5', 'requests.cpu': '1' },
      { pods: '1', 'requests.cpu': '800m' },
      { requests: { cpu: '500m' } },
      'exceeded quota: q, requested: requests.cpu=500m, used: requests.cpu=800m, limited: requests.cpu=1',
    ],
    [
      'memory limits and requests together',
      { 'limits.memory': '1Gi', 'requests.memory': '512Mi' },
      { 'limits.memory': '768Mi', 'requests.memory': '384Mi' },
      { requests: { memory: '256Mi' }, limits: { memory: '512Mi' } },
      'exceeded quota: q, requested: limits.memory=512Mi,requests.memory=256Mi, used: limits.memory=768Mi,requests.memory=384Mi, limited: limits.memory=1Gi,requests.memory=512Mi',
    ],
  ])('refuses a pod that would exceed %s', async (_name, hard, used, resources, message) => {
    await givenQuota(hard, used);
    expectFailure(
      await createPod(pod('web', resources)),
      403,
      'Forbidden',
      `pods "web" is forbidden: ${message}`,
    );
    expect(await usedOf()).toEqual(used);
  });

  it.each([
    [
      'requests.cpu',
      { 'requests.cpu': '1' },
      {},
      'failed quota: q: must specify requests.cpu for: c',
    ],
    [
      'cpu and memory limits',
      { 'limits.cpu': '1', 'limits.memory': '1Gi' },
      { requests: { cpu: '100m' } },
      'failed quota: q: must specify limits.cpu for: c; limits.memory for: c',
    ],
  ])('refuses a pod that does not specify %s', async (_name, hard, resources, message) => {
    await givenQuota(hard, Object.fromEntries(Object.keys(hard).map((key) => [key, '0'])));
    expectFailure(
      await createPod(pod('web', resources)),
      403,
      'Forbidden',
      `pods "web" is forbidden: ${message}`,
    );
  });

  it('refuses while the controller has not measured every resource of the quota', async () => {
    await givenQuota({ pods: '2', 'requests.cpu': '1' }, { pods: '0' });
    expectFailure(
      await createPod(pod('web', { requests: { cpu: '100m' } })),
      403,
      'Forbidden',
      'pods "web" is forbidden: status unknown for quota: q, resources: pods,requests.cpu',
    );
  });

  it('charges twice for two creates in a row, so the second over the limit is refused', async () => {
    await givenQuota({ pods: '1' }, { pods: '0' });
    expectOk(await createPod(pod('a')), 201);
    expectFailure(
      await createPod(pod('b')),
      403,
      'Forbidden',
      'pods "b" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  it('checks a dry run without charging it', async () => {
    await givenQuota({ pods: '1' }, { pods: '0' });
    expectOk(await createPod(pod('a'), { dryRun: 'All' }), 201);
    expect(await usedOf()).toEqual({ pods: '0' });
  });

  it.each([
    ['a BestEffort quota ignores a Burstable pod', ['BestEffort'], { requests: { cpu: '1' } }, '0'],
    ['a BestEffort quota counts a BestEffort pod', ['BestEffort'], {}, '1'],
    ['a NotBestEffort quota ignores a BestEffort pod', ['NotBestEffort'], {}, '0'],
    ['a Terminating quota ignores a pod without a deadline', ['Terminating'], {}, '0'],
    ['a NotTerminating quota counts a pod without a deadline', ['NotTerminating'], {}, '1'],
  ])('%s', async (_name, scopes, resources, charged) => {
    await givenQuota({ pods: '5' }, { pods: '0' }, { scopes });
    expectOk(await createPod(pod('web', resources)), 201);
    expect(await usedOf()).toEqual({ pods: charged });
  });

  it('matches the PriorityClass scope selector on the pod class name', async () => {
    expectOk(
      await api.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
        body: { metadata: { name: 'high' }, value: 1000 },
      }),
      201,
    );
    await givenQuota(
      { pods: '1' },
      { pods: '1' },
      {
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
        },
      },
    );
    expectOk(await createPod(pod('low')), 201);
    expectFailure(
      await createPod(pod('urgent', {}, { priorityClassName: 'high' })),
      403,
      'Forbidden',
      'pods "urgent" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  it('counts services, node ports and load balancers, and charges a type change', async () => {
    await givenQuota(
      { services: '5', 'services.nodeports': '1', 'services.loadbalancers': '0' },
      { services: '0', 'services.nodeports': '0', 'services.loadbalancers': '0' },
    );
    const ports = [{ port: 80 }];
    const created = expectOk(
      await api.request('POST', SERVICES, { body: { metadata: { name: 'web' }, spec: { ports } } }),
      201,
    );
    expect(await usedOf()).toEqual({
      services: '1',
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    });
    const service = created as { spec: Record<string, unknown> };
    expectFailure(
      await api.request('PUT', `${SERVICES}/web`, {
        body: { ...service, spec: { ...service.spec, type: 'LoadBalancer' } },
      }),
      403,
      'Forbidden',
      'services "web" is forbidden: exceeded quota: q, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
  });

  it.each([
    [
      'configmaps',
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'x' } },
      'configmaps',
    ],
    [
      'count/configmaps',
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'x' } },
      'configmaps',
    ],
    ['secrets', '/api/v1/namespaces/default/secrets', { metadata: { name: 'x' } }, 'secrets'],
    [
      'count/deployments.apps',
      '/apis/apps/v1/namespaces/default/deployments',
      {
        metadata: { name: 'x' },
        spec: {
          selector: { matchLabels: { app: 'x' } },
          template: {
            metadata: { labels: { app: 'x' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      },
      'deployments.apps',
    ],
  ])('counts objects against %s', async (resource, path, body, resourceText) => {
    await givenQuota({ [resource]: '0' }, { [resource]: '0' });
    expectFailure(
      await api.request('POST', path, { body }),
      403,
      'Forbidden',
      `${resourceText} "x" is forbidden: exceeded quota: q, requested: ${resource}=1, used: ${resource}=0, limited: ${resource}=0`,
    );
  });

  it('ignores events and namespaces without quotas', async () => {
    await givenQuota({ 'count/events': '0' }, { 'count/events': '0' });
    expectOk(
      await api.request('POST', '/api/v1/namespaces/default/events', {
        body: { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' } },
      }),
      201,
    );
    expectOk(
      await api.request('POST', '/api/v1/namespaces/kube-system/configmaps', {
        body: { metadata: { name: 'free' } },
      }),
      201,
    );
  });
});
