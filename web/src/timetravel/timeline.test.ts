import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import { RevisionTimes, readHistory } from '../../../workers/etcd/history.ts';
import { MvccStore } from '../../../workers/etcd/mvcc-store.ts';
import { VirtualClock } from '../../../workers/host/clock.ts';
import { readyCluster } from '../../../workers/host/cluster-testing.ts';
import { CompactedRevisionError, Timeline, refOfKey, summarize } from './timeline.ts';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' } as const;

function deployment(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  };
}

function runningWebPods(objects: ReadonlyMap<string, KubeObject>): string[] {
  return [...objects]
    .filter(([key]) => key.startsWith('/registry/pods/default/web-'))
    .filter(([, pod]) => (pod as Pod).status?.phase === 'Running')
    .map(([key]) => key)
    .sort();
}

describe('Timeline over a running cluster', () => {
  it('shows the pods of a Deployment as they were before it was scaled up, and as they are now', async () => {
    const { host, objects } = await readyCluster('timetravel', 1);
    await host.kubectlDo((client) =>
      client.resource<Deployment>(DEPLOYMENTS, 'default').create(deployment(1)),
    );
    expect(await host.runUntil(() => runningWebPods(objects).length === 1)).toBe(true);
    await host.kubectlDo((client) =>
      client
        .resource<Deployment>(DEPLOYMENTS, 'default')
        .patch('web', 'merge', { spec: { replicas: 3 } }),
    );
    expect(await host.runUntil(() => runningWebPods(objects).length === 3)).toBe(true);

    const timeline = new Timeline(await host.etcdHistory());
    const scaled = timeline.entries.find((entry) =>
      entry.changes.some(
        (change) => change.ref === 'deployments/web' && change.type === 'updated' && change.notable,
      ),
    );
    if (!scaled) throw new Error('no revision updated the Deployment');
    expect(summarize(scaled)).toBe('deployments/web updated');
    expect(runningWebPods(timeline.objectsAt(scaled.revision - 1))).toHaveLength(1);
    const now = timeline.objectsAt(timeline.last);
    expect(runningWebPods(now)).toEqual(runningWebPods(objects));
    // Decoded as the API server serves them: same objects, same resourceVersions.
    for (const key of runningWebPods(objects)) expect(now.get(key)).toEqual(objects.get(key));
  });

  it('gives every revision since the cluster booted the virtual time it was written, in order', async () => {
    const { host } = await readyCluster('timetravel-times', 1);
    const timeline = new Timeline(await host.etcdHistory());
    const times = timeline.entries.slice(1).map((entry) => entry.time);
    expect(timeline.first).toBe(1);
    expect(times.every((time) => time !== null)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });
});

describe('Timeline bounds', () => {
  function compactedTimeline(): Timeline {
    const store = new MvccStore();
    const times = new RevisionTimes(store, new VirtualClock());
    for (const name of ['a', 'b', 'c', 'd'])
      store.put({ key: `/registry/configmaps/default/${name}`, value: '{"kind":"ConfigMap"}' });
    store.deleteRange({ key: '/registry/configmaps/default/a' });
    store.compact(3);
    return new Timeline(readHistory(store, times, '/registry/'));
  }

  it('starts at the compact revision and ends at the revision it was read at', () => {
    const timeline = compactedTimeline();
    expect([timeline.first, timeline.last, timeline.compactRevision]).toEqual([3, 6, 3]);
    expect([...timeline.kvsAt(3).keys()]).toEqual([
      '/registry/configmaps/default/a',
      '/registry/configmaps/default/b',
    ]);
    expect([...timeline.kvsAt(6).keys()].sort()).toEqual([
      '/registry/configmaps/default/b',
      '/registry/configmaps/default/c',
      '/registry/configmaps/default/d',
    ]);
  });

  it.each([2, 7])('refuses revision %i, outside what etcd retains', (revision) => {
    const timeline = compactedTimeline();
    expect(timeline.retains(revision)).toBe(false);
    expect(() => timeline.kvsAt(revision)).toThrow(CompactedRevisionError);
    expect(timeline.clamp(revision)).toBe(revision < 3 ? 3 : 6);
  });
});

describe('refOfKey', () => {
  it.each([
    ['/registry/pods/default/web-7d9f', 'pods/web-7d9f'],
    ['/registry/minions/node-1', 'nodes/node-1'],
    ['/registry/services/endpoints/default/kubernetes', 'endpoints/kubernetes'],
    ['/registry/services/specs/default/kubernetes', 'services/kubernetes'],
    ['/registry/deployments/default/web', 'deployments/web'],
    ['/registry/example.com/widgets/default/w', 'example.com/w'],
  ])('names %s as %s', (key, ref) => {
    expect(refOfKey(key)).toBe(ref);
  });
});
