import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const CLASSES = '/apis/scheduling.k8s.io/v1/priorityclasses';
const PODS = '/api/v1/namespaces/default/pods';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function priorityClass(name: string, value: number, more: Partial<PriorityClass> = {}) {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    ...more,
  };
}

async function createPod(name: string, spec: Partial<Pod['spec']> = {}) {
  return api.request('POST', PODS, {
    body: { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } },
  });
}

describe('PriorityClasses', () => {
  it('has the two system classes from the start, which cannot be deleted', async () => {
    const list = expectOk(await api.request('GET', CLASSES)) as { items: PriorityClass[] };
    expect(
      list.items.map(({ metadata, value, preemptionPolicy }) => [
        metadata?.name,
        value,
        preemptionPolicy,
      ]),
    ).toEqual([
      ['system-cluster-critical', 2_000_000_000, 'PreemptLowerPriority'],
      ['system-node-critical', 2_000_001_000, 'PreemptLowerPriority'],
    ]);
    expectFailure(
      await api.request('DELETE', `${CLASSES}/system-node-critical`),
      403,
      'Forbidden',
      'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    );
  });

  it.each<[string, object, string]>([
    [
      'a user class above one billion',
      priorityClass('huge', 1_000_000_001),
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ],
    [
      'a system- name that is not a system class',
      priorityClass('system-mine', 5),
      'PriorityClass.scheduling.k8s.io "system-mine" is invalid: metadata.name: Forbidden: priority class names with \'system-\' prefix are reserved for system use only. error: system-mine is not a known system priority class',
    ],
    [
      'an unknown preemption policy',
      priorityClass('odd', 5, { preemptionPolicy: 'Sometimes' }),
      'PriorityClass.scheduling.k8s.io "odd" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    ],
  ])('refuses %s', async (_case, body, message) => {
    expectFailure(await api.request('POST', CLASSES, { body }), 422, 'Invalid', message);
  });

  it('keeps value and preemptionPolicy fixed', async () => {
    expectOk(await api.request('POST', CLASSES, { body: priorityClass('high', 1000) }), 201);
    expectFailure(
      await api.request('PATCH', `${CLASSES}/high`, {
        body: { value: 2000, preemptionPolicy: 'Never' },
        contentType: 'application/merge-patch+json',
      }),
      422,
      'Invalid',
      'PriorityClass.scheduling.k8s.io "high" is invalid: [value: Forbidden: may not be changed in an update., preemptionPolicy: Invalid value: "Never": field is immutable]',
    );
  });

  it('allows one global default', async () => {
    expectOk(
      await api.request('POST', CLASSES, {
        body: priorityClass('first', 10, { globalDefault: true }),
      }),
      201,
    );
    expectFailure(
      await api.request('POST', CLASSES, {
        body: priorityClass('second', 20, { globalDefault: true }),
      }),
      403,
      'Forbidden',
      'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist',
    );
  });
});

describe('Priority admission', () => {
  it('resolves a class into the pod’s priority and preemption policy', async () => {
    expectOk(
      await api.request('POST', CLASSES, {
        body: priorityClass('batch', 100, { preemptionPolicy: 'Never' }),
      }),
      201,
    );
    const pod = expectOk(await createPod('job', { priorityClassName: 'batch' }), 201) as Pod;
    expect(pod.spec).toMatchObject({
      priorityClassName: 'batch',
      priority: 100,
      preemptionPolicy: 'Never',
    });
  });

  it('gives a pod without a class the global default', async () => {
    expectOk(
      await api.request('POST', CLASSES, {
        body: priorityClass('everyone', 7, { globalDefault: true }),
      }),
      201,
    );
    const pod = expectOk(await createPod('plain'), 201) as Pod;
    expect(pod.spec).toMatchObject({
      priorityClassName: 'everyone',
      priority: 7,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('gives 0 without a default, and refuses a class that does not exist', async () => {
    const pod = expectOk(await createPod('plain'), 201) as Pod;
    expect(pod.spec?.priority).toBe(0);
    expect(pod.spec?.priorityClassName).toBeUndefined();
    expectFailure(
      await createPod('lost', { priorityClassName: 'nope' }),
      403,
      'Forbidden',
      'pods "lost" is forbidden: no PriorityClass with name nope was found',
    );
  });
});
