// The taint eviction controller, after upstream's taint_eviction_test.go: the toleration helpers
// as tables, and the controller in a whole cluster, where a NoExecute taint put on a node by hand
// deletes its pods at once, after their tolerationSeconds, or never, and removing it cancels.

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import {
  eventsAbout,
  isRunningReady,
  podsIn,
  readyCluster,
  type Cluster,
} from '../workloads-testing.ts';
import { matchingTolerations, minTolerationTime } from './taint-eviction.ts';

const MAINTENANCE: Taint = { key: 'example.com/maintenance', effect: 'NoExecute' };
const DRAINING: Taint = { key: 'example.com/draining', value: 'yes', effect: 'NoExecute' };

function tolerate(taint: Taint, tolerationSeconds?: number): Toleration {
  return {
    key: taint.key,
    operator: 'Exists',
    effect: 'NoExecute',
    ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }),
  };
}

describe('getMinTolerationTime', () => {
  it.each<[string, Toleration[], number]>([
    ['no tolerations: at once', [], 0],
    ['no tolerationSeconds: forever', [tolerate(MAINTENANCE)], -1],
    ['one tolerationSeconds', [tolerate(MAINTENANCE, 10)], 10_000],
    ['the smallest of several', [tolerate(MAINTENANCE, 60), tolerate(DRAINING, 30)], 30_000],
    ['forever and bounded: the bound', [tolerate(MAINTENANCE), tolerate(DRAINING, 30)], 30_000],
    ['a negative one: at once', [tolerate(MAINTENANCE, -5), tolerate(DRAINING, 30)], 0],
  ])('%s', (_name, tolerations, expected) => {
    expect(minTolerationTime(tolerations)).toBe(expected);
  });
});

describe('GetMatchingTolerations', () => {
  it.each<[string, Taint[], Toleration[], boolean, Toleration[]]>([
    ['no taints are tolerated by anything', [], [], true, []],
    ['a taint without tolerations is not tolerated', [MAINTENANCE], [], false, []],
    [
      'each taint takes the first toleration that matches',
      [MAINTENANCE, DRAINING],
      [tolerate(DRAINING, 5), tolerate(MAINTENANCE, 7), tolerate(MAINTENANCE, 9)],
      true,
      [tolerate(MAINTENANCE, 7), tolerate(DRAINING, 5)],
    ],
    [
      'one untolerated taint fails them all',
      [MAINTENANCE, DRAINING],
      [tolerate(MAINTENANCE, 7)],
      false,
      [],
    ],
    [
      'an Equal toleration needs the value',
      [DRAINING],
      [{ key: DRAINING.key, operator: 'Equal', value: 'no', effect: 'NoExecute' }],
      false,
      [],
    ],
    [
      'an empty key with Exists tolerates every taint',
      [MAINTENANCE, DRAINING],
      [{ operator: 'Exists' }],
      true,
      [{ operator: 'Exists' }, { operator: 'Exists' }],
    ],
  ])('%s', (_name, taints, tolerations, allTolerated, used) => {
    expect(matchingTolerations(taints, tolerations)).toEqual({ allTolerated, used });
  });
});

function createPod(c: Cluster, name: string, tolerations: Toleration[]): Promise<Pod> {
  return c.run((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeName: 'node-1',
        tolerations,
        containers: [{ name: 'app', image: 'nginx' }],
      },
    }),
  );
}

async function setTaints(c: Cluster, taints: Taint[]): Promise<void> {
  await c.run((client) =>
    client.resource<Node>(NODE_TYPE).patch('node-1', 'merge', { spec: { taints } }),
  );
}

function podNamed(c: Cluster, name: string): Pod | undefined {
  return podsIn(c).find((pod) => pod.metadata?.name === name);
}

/** Virtual ms from now until the pod is marked for deletion, or null if it is not within `limitMs`. */
async function msUntilDeleted(c: Cluster, name: string, limitMs: number): Promise<number | null> {
  const start = c.host.coordinator.time;
  const deleted = await c.until(
    () => podNamed(c, name)?.metadata?.deletionTimestamp !== undefined,
    limitMs,
  );
  return deleted ? c.host.coordinator.time - start : null;
}

const marking = (name: string): string =>
  `TaintManagerEviction: Marking for deletion Pod default/${name}`;
const cancelling = (name: string): string =>
  `TaintManagerEviction: Cancelling deletion of Pod default/${name}`;

describe('taint eviction controller', () => {
  it.each<[string, Taint[], Toleration[], number | null]>([
    ['deletes a pod that does not tolerate the taint at once', [MAINTENANCE], [], 0],
    ['never deletes a pod that tolerates it forever', [MAINTENANCE], [tolerate(MAINTENANCE)], null],
    [
      'deletes a pod after its tolerationSeconds',
      [MAINTENANCE],
      [tolerate(MAINTENANCE, 30)],
      30_000,
    ],
    [
      'deletes a pod tolerating two taints after the smaller tolerationSeconds',
      [MAINTENANCE, DRAINING],
      [tolerate(MAINTENANCE, 90), tolerate(DRAINING, 45)],
      45_000,
    ],
    [
      'deletes a pod at once when one of two taints is not tolerated',
      [MAINTENANCE, DRAINING],
      [tolerate(MAINTENANCE, 90)],
      0,
    ],
  ])('%s', async (_name, taints, tolerations, expected) => {
    const c = await readyCluster(1, 'taint-eviction');
    await createPod(c, 'app', tolerations);
    expect(await c.until(() => isRunningReady(podNamed(c, 'app') ?? {}))).toBe(true);
    await setTaints(c, taints);
    expect(await msUntilDeleted(c, 'app', 120_000)).toBe(expected);
    if (expected === null) {
      expect(eventsAbout(c, 'Pod', 'app')).not.toContain(marking('app'));
      return;
    }
    expect(podNamed(c, 'app')?.status?.conditions).toContainEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: expect.any(String) as string,
    });
    await c.until(() => eventsAbout(c, 'Pod', 'app').includes(marking('app')));
    expect(eventsAbout(c, 'Pod', 'app')).toContain(marking('app'));
  });

  it('cancels a scheduled deletion when the taint is removed', async () => {
    const c = await readyCluster(1, 'taint-eviction');
    await createPod(c, 'app', [tolerate(MAINTENANCE, 60)]);
    expect(await c.until(() => isRunningReady(podNamed(c, 'app') ?? {}))).toBe(true);
    await setTaints(c, [MAINTENANCE]);
    expect(await msUntilDeleted(c, 'app', 20_000)).toBeNull();
    await setTaints(c, []);
    await c.until(() => eventsAbout(c, 'Pod', 'app').includes(cancelling('app')));
    expect(eventsAbout(c, 'Pod', 'app').slice(-1)).toEqual([cancelling('app')]);
    expect(await msUntilDeleted(c, 'app', 120_000)).toBeNull();
  });

  it('keeps the first deadline when a second tolerated taint arrives later', async () => {
    const c = await readyCluster(1, 'taint-eviction');
    await createPod(c, 'app', [tolerate(MAINTENANCE, 60), tolerate(DRAINING, 600)]);
    expect(await c.until(() => isRunningReady(podNamed(c, 'app') ?? {}))).toBe(true);
    await setTaints(c, [MAINTENANCE]);
    const taintedAt = c.host.coordinator.time;
    expect(await msUntilDeleted(c, 'app', 20_000)).toBeNull();
    await setTaints(c, [MAINTENANCE, DRAINING]);
    expect(await msUntilDeleted(c, 'app', 120_000)).not.toBeNull();
    expect(c.host.coordinator.time - taintedAt).toBe(60_000);
  });
});
