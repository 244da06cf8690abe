import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { readyCluster } from '../../../workers/host/cluster-testing.ts';
import { InProcessHost } from '../../../workers/host/in-process-host.ts';
import { memberState } from '../../../workers/etcd/etcd.ts';
import { RevisionTimes } from '../../../workers/etcd/history.ts';
import { Lessor } from '../../../workers/etcd/lessor.ts';
import { MvccStore } from '../../../workers/etcd/mvcc-store.ts';
import { VirtualClock } from '../../../workers/host/clock.ts';
import { stateAtRevision } from './fork.ts';
import { CompactedRevisionError, Timeline } from './timeline.ts';

const T0 = Date.UTC(2025, 0, 1);

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' } as const;

function webPods(objects: ReadonlyMap<string, KubeObject>): Pod[] {
  return [...objects]
    .filter(([key]) => key.startsWith('/registry/pods/default/web-'))
    .map(([, pod]) => pod as Pod);
}

const running = (objects: ReadonlyMap<string, KubeObject>, count: number): boolean => {
  const pods = webPods(objects);
  return pods.length === count && pods.every((pod) => pod.status?.phase === 'Running');
};

/** A one-replica Deployment scaled to three; the history and state read once all three run. */
const WEB_KEY = '/registry/deployments/default/web';

async function scaledCluster() {
  const { host, objects } = await readyCluster('fork', 1);
  const deployments = (client: Parameters<Parameters<InProcessHost['kubectlDo']>[0]>[0]) =>
    client.resource<Deployment>(DEPLOYMENTS, 'default');
  await host.kubectlDo((client) =>
    deployments(client).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    }),
  );
  expect(await host.runUntil(() => running(objects, 1))).toBe(true);
  await host.kubectlDo((client) =>
    deployments(client).patch('web', 'merge', { spec: { replicas: 3 } }),
  );
  expect(await host.runUntil(() => running(objects, 3))).toBe(true);
  const timeline = new Timeline(await host.etcdHistory());
  const state = await host.exportState();
  const scaleUp = timeline.entries.find((entry) =>
    entry.changes.some(
      (change) => change.ref === 'deployments/web' && change.notable && change.type === 'updated',
    ),
  );
  if (!scaleUp) throw new Error('no revision scaled the Deployment');
  return { timeline, state, before: scaleUp.revision - 1 };
}

function forkedHost(state: StoreState): { host: InProcessHost; objects: Map<string, KubeObject> } {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed: 'fork',
    nodes: 1,
    initialState: state,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  return { host, objects };
}

describe('stateAtRevision', () => {
  it('boots a cluster that stands where the old one stood before the scale-up, clock included, and takes kubectl', async () => {
    const { timeline, state, before } = await scaledCluster();
    const time = timeline.timeAt(before);
    if (time === null) throw new Error('no time for the revision');
    const { host, objects } = forkedHost(stateAtRevision(state, before, time));

    expect(await host.runUntil(() => webPods(objects).length > 0, 1000)).toBe(true);
    expect(host.coordinator.time).toBeGreaterThanOrEqual(time);
    const deployment = await host.kubectlDo((client) =>
      client.resource<Deployment>(DEPLOYMENTS, 'default').get('web'),
    );
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.metadata?.generation).toBe(1);
    expect(await host.runUntil(() => running(objects, 1))).toBe(true);

    await host.kubectlDo((client) =>
      client
        .resource<Deployment>(DEPLOYMENTS, 'default')
        .patch('web', 'merge', { spec: { replicas: 2 } }),
    );
    expect(await host.runUntil(() => running(objects, 2))).toBe(true);
    // The fork keeps the history up to where it forked: its own timeline reaches back past it.
    const forked = new Timeline(await host.etcdHistory());
    expect(forked.first).toBe(timeline.first);
    expect(forked.objectsAt(before)).toEqual(timeline.objectsAt(before));
    // Past the fork point the history is the fork's own: the old scale-up to 3 is not in it.
    const replicasAt = (history: Timeline, revision: number) =>
      (history.objectsAt(revision).get(WEB_KEY) as Deployment | undefined)?.spec?.replicas;
    expect(replicasAt(timeline, before + 1)).toBe(3);
    expect(replicasAt(forked, before + 1)).not.toBe(3);
  });

  it.each([
    ['past the newest revision', 1],
    ['below the compact revision', -1],
  ])('refuses a revision %s', (_case, side) => {
    const state: StoreState = {
      revision: 40,
      compactRevision: 30,
      base: [],
      historyStart: 30,
      history: [],
      leases: [],
      nextLeaseId: 1,
      time: 0,
    };
    expect(() => stateAtRevision(state, side > 0 ? 41 : 29, 0)).toThrow(CompactedRevisionError);
  });

  /**
   * Events a (lease 1, 60 s) and b (lease 2, 120 s) at revision 3; a pod at 4; lease 1 expires a
   * minute in, deleting a at 5; event c on lease 3 (30 s) at 6.
   */
  function withLeases(): StoreState {
    const clock = new VirtualClock(T0);
    const store = new MvccStore();
    const lessor = new Lessor(store, clock);
    const times = new RevisionTimes(store, clock);
    store.put({ key: '/registry/events/default/a', value: 'a', lease: lessor.grant(60).ID });
    store.put({ key: '/registry/events/default/b', value: 'b', lease: lessor.grant(120).ID });
    store.put({ key: '/registry/pods/default/p', value: 'p' });
    clock.advanceTo(T0 + 60_000);
    store.put({ key: '/registry/events/default/c', value: 'c', lease: lessor.grant(30).ID });
    clock.advanceTo(T0 + 61_000);
    return memberState(store, times, lessor, clock.now());
  }

  it.each([
    [
      3,
      [
        { id: 1, ttl: 60, remainingMs: 61_000 },
        { id: 2, ttl: 120, remainingMs: 121_000 },
      ],
      [],
    ],
    [5, [{ id: 2, ttl: 120, remainingMs: 121_000 }], [{ id: 1, ttl: 60, revision: 5 }]],
    [
      6,
      [
        { id: 2, ttl: 120, remainingMs: 121_000 },
        { id: 3, ttl: 30, remainingMs: 31_000 },
      ],
      [{ id: 1, ttl: 60, revision: 5 }],
    ],
  ])(
    'at revision %i gives the leases its keys name, each its granted TTL plus the election timeout',
    (revision, leases, revokedLeases) => {
      const state = withLeases();
      expect(state.revision).toBe(6);
      const cut = stateAtRevision(state, revision, T0);
      expect(cut).toMatchObject({ revision, leases, revokedLeases, nextLeaseId: 4 });
      expect(cut.historyTimes).toEqual(state.historyTimes?.slice(0, revision - 1));
    },
  );

  it('boots a store whose keys expire with the leases they had at the revision', () => {
    const cut = stateAtRevision(withLeases(), 3, T0);
    const clock = new VirtualClock(cut.time);
    const store = MvccStore.fromState(cut);
    new Lessor(store, clock).restore(cut.leases, cut.nextLeaseId, cut.revokedLeases);
    const events = () =>
      store
        .range({ key: '/registry/events/', range_end: '/registry/events0' })
        .kvs.map((kv) => kv.key);
    clock.advanceTo(T0 + 60_999);
    expect(events()).toEqual(['/registry/events/default/a', '/registry/events/default/b']);
    clock.advanceTo(T0 + 61_000);
    expect(events()).toEqual(['/registry/events/default/b']);
    clock.advanceTo(T0 + 121_000);
    expect(events()).toEqual([]);
  });
});
