import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
const MERGE = 'application/merge-patch+json';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

/** A pod bound to node-1 and, unless told otherwise, Running and Ready. */
async function runningPod(name: string, ready = true): Promise<void> {
  expectOk(
    await api.request('POST', PODS, {
      body: {
        metadata: { name, labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    }),
    201,
  );
  expectOk(
    await api.request('POST', `${PODS}/${name}/binding`, {
      body: { metadata: { name }, target: { kind: 'Node', name: 'node-1' } },
    }),
    201,
  );
  const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False' }];
  expectOk(
    await api.request('PATCH', `${PODS}/${name}/status`, {
      body: { status: { phase: 'Running', conditions } },
      contentType: MERGE,
    }),
  );
}

async function budget(
  name: string,
  status: Partial<PodDisruptionBudget['status']> & object,
  spec: Record<string, unknown> = {},
): Promise<void> {
  expectOk(
    await api.request('POST', PDBS, {
      body: {
        metadata: { name },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } }, ...spec },
      },
    }),
    201,
  );
  expectOk(
    await api.request('PATCH', `${PDBS}/${name}/status`, {
      body: { status: { observedGeneration: 1, ...status } },
      contentType: MERGE,
    }),
  );
}

function evict(
  name: string,
  deleteOptions?: Record<string, unknown>,
  query?: Record<string, string>,
) {
  return api.request('POST', `${PODS}/${name}/eviction`, {
    body: {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: 'default' },
      ...(deleteOptions ? { deleteOptions } : {}),
    },
    ...(query ? { query } : {}),
  });
}

async function getPod(name: string): Promise<Pod> {
  return expectOk(await api.request('GET', `${PODS}/${name}`)) as Pod;
}

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

describe('evicting a pod', () => {
  it('deletes a pod no budget covers, marking it as a disruption target first', async () => {
    await runningPod('web-1');
    const response = await evict('web-1');
    expect(response.code).toBe(201);
    expect(response.body).toEqual(SUCCESS);
    const pod = await getPod('web-1');
    expect(pod.metadata?.deletionTimestamp).toBe('2025-01-01T00:00:30Z');
    expect(pod.status?.conditions).toContainEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastProbeTime: null,
      lastTransitionTime: '2025-01-01T00:00:00Z',
    });
  });

  it("uses the Eviction's deleteOptions", async () => {
    await runningPod('web-1');
    expectOk(await evict('web-1', { gracePeriodSeconds: 0 }), 201);
    expectFailure(
      await api.request('GET', `${PODS}/web-1`),
      404,
      'NotFound',
      'pods "web-1" not found',
    );
  });

  it('takes one allowed disruption from the budget and notes the pod', async () => {
    await runningPod('web-1');
    await budget('web', {
      disruptionsAllowed: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
    });
    expectOk(await evict('web-1'), 201);
    const pdb = expectOk(await api.request('GET', `${PDBS}/web`)) as PodDisruptionBudget;
    expect(pdb.status).toMatchObject({
      disruptionsAllowed: 0,
      disruptedPods: { 'web-1': '2025-01-01T00:00:00Z' },
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'False',
          reason: 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
    });
  });

  it('refuses with 429 when the budget allows no disruption', async () => {
    await runningPod('web-1');
    await budget('web', {
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
    });
    const response = await evict('web-1');
    expect(response.code).toBe(429);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web needs 1 healthy pods and has 1 currently',
          },
        ],
      },
      code: 429,
    });
    expect((await getPod('web-1')).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('asks to come back in 10 s while the budget has not seen its latest spec', async () => {
    await runningPod('web-1');
    expectOk(
      await api.request('POST', PDBS, {
        body: {
          metadata: { name: 'web' },
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
        },
      }),
      201,
    );
    const response = await evict('web-1');
    expect(response.code).toBe(429);
    expect(response.body).toMatchObject({
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web is still being processed by the server.',
          },
        ],
        retryAfterSeconds: 10,
      },
    });
  });

  it('refuses a pod covered by two budgets', async () => {
    await runningPod('web-1');
    await budget('a', { disruptionsAllowed: 1 });
    await budget('b', { disruptionsAllowed: 1 });
    const response = await evict('web-1');
    expect(response.code).toBe(500);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
  });

  it.each([
    [
      'a pending pod',
      async () => {
        await api.request('POST', PODS, {
          body: {
            metadata: { name: 'web-1', labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        });
      },
    ],
    ['an unready pod while the budget is healthy', async () => runningPod('web-1', false)],
  ])('deletes %s without spending the budget', async (_name, setup) => {
    await setup();
    await budget('web', {
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 3,
    });
    expectOk(await evict('web-1'), 201);
    const pdb = expectOk(await api.request('GET', `${PDBS}/web`)) as PodDisruptionBudget;
    expect(pdb.status?.disruptionsAllowed).toBe(0);
  });

  it('deletes an unready pod whatever the budget when its policy is AlwaysAllow', async () => {
    await runningPod('web-1', false);
    await budget(
      'web',
      { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 1 },
      { unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    );
    expectOk(await evict('web-1'), 201);
  });

  it('changes nothing on a dry run', async () => {
    await runningPod('web-1');
    await budget('web', {
      disruptionsAllowed: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
    });
    expectOk(await evict('web-1', undefined, { dryRun: 'All' }), 201);
    const pod = await getPod('web-1');
    expect(pod.metadata?.deletionTimestamp).toBeUndefined();
    expect(pod.status?.conditions?.map((condition) => condition.type)).not.toContain(
      'DisruptionTarget',
    );
    const pdb = expectOk(await api.request('GET', `${PDBS}/web`)) as PodDisruptionBudget;
    expect(pdb.status?.disruptionsAllowed).toBe(1);
  });

  it.each([
    [
      'an Eviction for another pod',
      () => api.request('POST', `${PODS}/web-1/eviction`, { body: { metadata: { name: 'x' } } }),
      400,
      'BadRequest',
      'name in URL does not match name in Eviction object',
    ],
    ['a missing pod', () => evict('ghost'), 404, 'NotFound', 'pods "ghost" not found'],
  ])('answers %s', async (_name, send, code, reason, message) => {
    await runningPod('web-1');
    expectFailure(await send(), code, reason, message);
  });
});
