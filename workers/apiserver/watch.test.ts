import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject, WatchResponse } from '../client/protocol.ts';
import { EVENT_WINDOW, TooOldResourceVersionError, WatchCache } from './storage/watch-cache.ts';
import {
  eventSummary,
  recordWatch,
  startApiServer,
  type TestApiServer,
  type WatchRecorder,
} from './testing.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const MERGE_PATCH = 'application/merge-patch+json';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createConfigMap(
  name: string,
  labels: Record<string, string> = {},
  namespace = 'default',
): Promise<ConfigMap> {
  const response = await api.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, {
    body: { metadata: { name, labels } },
  });
  expect(response.code).toBe(201);
  return response.body as ConfigMap;
}

async function relabel(name: string, labels: Record<string, string | null>): Promise<ConfigMap> {
  const response = await api.request('PATCH', `${CONFIGMAPS}/${name}`, {
    body: { metadata: { labels } },
    contentType: MERGE_PATCH,
  });
  expect(response.code).toBe(200);
  return response.body as ConfigMap;
}

function watch(path: string, query: Record<string, string> = {}): WatchRecorder {
  const recorder = recordWatch(api.server, path, query);
  if ('code' in recorder) throw new Error(JSON.stringify(recorder.body));
  return recorder;
}

function revisionOf(object: KubeObject | undefined): string {
  return object?.metadata?.resourceVersion ?? '';
}

describe('start point', () => {
  it.each([
    ['unset', {}],
    ['0', { resourceVersion: '0' }],
  ])(
    'with resourceVersion %s sends ADDED for what exists, then the changes',
    async (_case, query) => {
      await createConfigMap('a');
      await createConfigMap('b');
      const stream = watch(CONFIGMAPS, query);
      expect(eventSummary(stream.events)).toEqual(['ADDED a', 'ADDED b']);
      await createConfigMap('c');
      await relabel('a', { app: 'web' });
      await api.request('DELETE', `${CONFIGMAPS}/b`);
      expect(eventSummary(stream.events)).toEqual([
        'ADDED a',
        'ADDED b',
        'ADDED c',
        'MODIFIED a',
        'DELETED b',
      ]);
    },
  );

  it('with resourceVersion N sends only the changes after N', async () => {
    await createConfigMap('a');
    const b = await createConfigMap('b');
    await createConfigMap('c');
    const stream = watch(CONFIGMAPS, { resourceVersion: revisionOf(b) });
    expect(eventSummary(stream.events)).toEqual(['ADDED c']);
    await relabel('a', { app: 'web' });
    expect(eventSummary(stream.events)).toEqual(['ADDED c', 'MODIFIED a']);
  });

  it('sends a DELETED event carrying the last state at the revision of the deletion', async () => {
    const a = await createConfigMap('a', { app: 'web' });
    const stream = watch(CONFIGMAPS, { resourceVersion: revisionOf(a) });
    await api.request('DELETE', `${CONFIGMAPS}/a`);
    const event = stream.events[0];
    expect(event?.type).toBe('DELETED');
    expect(event?.object.metadata?.labels).toEqual({ app: 'web' });
    expect(Number(revisionOf(event?.object))).toBeGreaterThan(Number(revisionOf(a)));
  });

  it('sees only its namespace', async () => {
    const stream = watch('/api/v1/namespaces/kube-system/configmaps');
    await createConfigMap('a');
    await createConfigMap('z', {}, 'kube-system');
    expect(eventSummary(stream.events)).toEqual(['ADDED z']);
  });

  it('refuses a watch on a path that names one object', () => {
    const refused = recordWatch(api.server, `${CONFIGMAPS}/a`);
    expect(refused).toMatchObject({ code: 404 });
  });
});

describe('selectors', () => {
  it('turns an object that starts matching into ADDED and one that stops into DELETED', async () => {
    const stream = watch(CONFIGMAPS, { labelSelector: 'app=web' });
    await createConfigMap('x', { app: 'db' });
    expect(stream.events).toEqual([]);
    const matching = await relabel('x', { app: 'web' });
    await relabel('x', { tier: 'fe' });
    const leaving = await relabel('x', { app: 'db' });
    await api.request('DELETE', `${CONFIGMAPS}/x`);
    expect(eventSummary(stream.events)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x']);
    expect(revisionOf(stream.events[0]?.object)).toBe(revisionOf(matching));
    // The DELETED event shows the object as it last matched, at the revision that ended it.
    expect(stream.events[2]?.object.metadata?.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(revisionOf(stream.events[2]?.object)).toBe(revisionOf(leaving));
  });

  it("shows a pod to a node's watch when it is bound there", async () => {
    const stream = watch('/api/v1/pods', { fieldSelector: 'spec.nodeName=node-1' });
    await api.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        metadata: { name: 'nginx' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
    });
    expect(stream.events).toEqual([]);
    await api.request('POST', '/api/v1/namespaces/default/pods/nginx/binding', {
      body: { metadata: { name: 'nginx' }, target: { kind: 'Node', name: 'node-1' } },
    });
    expect(eventSummary(stream.events)).toEqual(['ADDED nginx']);
    expect((stream.events[0]?.object as Pod).spec?.nodeName).toBe('node-1');
  });

  it('refuses a field selector the kind does not publish', () => {
    const refused = recordWatch(api.server, '/api/v1/pods', { fieldSelector: 'spec.hostname=x' });
    expect(refused).toMatchObject({
      code: 400,
      body: { reason: 'BadRequest', message: 'field label not supported: spec.hostname' },
    });
  });
});

describe('bookmarks and the end of the stream', () => {
  it('sends a bookmark a minute on when the store moved without this watch seeing it', async () => {
    const stream = watch(CONFIGMAPS, { allowWatchBookmarks: 'true', timeoutSeconds: '300' });
    const elsewhere = await createConfigMap('z', {}, 'kube-system');
    api.clock.advanceTo(api.clock.now() + 60_000);
    expect(stream.events).toEqual([
      {
        type: 'BOOKMARK',
        object: {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { resourceVersion: revisionOf(elsewhere) },
        },
      },
    ]);
  });

  it('sends no bookmark unless the client allows them', async () => {
    const stream = watch(CONFIGMAPS, { timeoutSeconds: '300' });
    await createConfigMap('z', {}, 'kube-system');
    api.clock.advanceTo(api.clock.now() + 120_000);
    expect(stream.events).toEqual([]);
  });

  it('ends the stream at timeoutSeconds, with a bookmark just before', async () => {
    const stream = watch(CONFIGMAPS, { allowWatchBookmarks: 'true', timeoutSeconds: '10' });
    await createConfigMap('z', {}, 'kube-system');
    api.clock.advanceTo(api.clock.now() + 8_000);
    expect(eventSummary(stream.events)).toEqual(['BOOKMARK ']);
    expect(stream.ended).toBe(false);
    api.clock.advanceTo(api.clock.now() + 2_000);
    expect(stream.ended).toBe(true);
    await createConfigMap('late');
    expect(stream.events).toHaveLength(1);
  });

  it('sends nothing more once stopped', async () => {
    const stream = watch(CONFIGMAPS);
    stream.stop();
    await createConfigMap('a');
    expect(stream.events).toEqual([]);
    expect(stream.ended).toBe(false);
  });

  it('ends the initial events of a streaming list with an annotated bookmark', async () => {
    await createConfigMap('a');
    const stream = watch(CONFIGMAPS, {
      sendInitialEvents: 'true',
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: 'true',
    });
    expect(eventSummary(stream.events)).toEqual(['ADDED a', 'BOOKMARK ']);
    expect(stream.events[1]?.object.metadata?.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });
});

describe('a resourceVersion older than the watch cache keeps', () => {
  it('answers with one ERROR event holding a 410 Expired Status, then ends', async () => {
    const first = await createConfigMap('cm-0');
    let last = first;
    for (let i = 1; i <= EVENT_WINDOW; i++) last = await createConfigMap(`cm-${i}`);
    // Consecutive revisions: the oldest event still kept is cm-1's, one after cm-0's.
    const stream = watch(CONFIGMAPS, { resourceVersion: String(Number(revisionOf(first)) - 1) });
    expect(stream.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${Number(revisionOf(first)) - 1} (${revisionOf(first)})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    expect(stream.ended).toBe(true);
    expect(watch(CONFIGMAPS, { resourceVersion: revisionOf(first) }).events).toHaveLength(
      EVENT_WINDOW,
    );
    expect(revisionOf(last)).toBe(String(Number(revisionOf(first)) + EVENT_WINDOW));
  });
});

describe('WatchCache window', () => {
  const CM = '/registry/configmaps/';
  const POD = '/registry/pods/';

  function put(key: string, revision: number): WatchResponse {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const value = JSON.stringify({ metadata: { name, namespace: 'default' } });
    return {
      header: { revision },
      watch_id: 1,
      events: [
        {
          type: 'PUT',
          kv: { key, value, create_revision: revision, mod_revision: revision, version: 1 },
        },
      ],
    };
  }

  function tooOld(cache: WatchCache, prefix: string, from: number): string | null {
    try {
      cache.watch(prefix, prefix, { matches: () => true, deliver: () => undefined }, from)();
      return null;
    } catch (error) {
      if (error instanceof TooOldResourceVersionError) return error.message;
      throw error;
    }
  }

  it('accepts a watch from the revision it was loaded at, not before', () => {
    const cache = new WatchCache([CM, POD]);
    cache.load([], 10);
    expect(tooOld(cache, CM, 9)).toBe('too old resource version: 9 (10)');
    expect(tooOld(cache, CM, 10)).toBeNull();
  });

  it('tells its taps what a loaded (restored) store holds, as ADDED events', () => {
    const cache = new WatchCache([CM, POD]);
    const tapped: string[] = [];
    cache.addTap((events) => {
      for (const event of events) tapped.push(`${event.type} ${event.key} ${event.revision}`);
    });
    const kv = (key: string, revision: number) => ({
      key,
      value: '{"metadata":{}}',
      mod_revision: revision,
      create_revision: revision,
      version: 1,
    });
    cache.load([kv(`${CM}default/a`, 4), kv('/registry/unserved/x', 5)], 7);
    expect(tapped).toEqual([`ADDED ${CM}default/a 4`]);
  });

  it('once events were dropped, names one below the oldest kept event, as watch_cache.go', () => {
    const cache = new WatchCache([CM, POD]);
    cache.load([], 10);
    cache.apply(put(`${CM}default/first`, 11));
    // A write to another resource: the configmaps' history has a gap at 12.
    cache.apply(put(`${POD}default/nginx`, 12));
    for (let i = 0; i < EVENT_WINDOW; i++) cache.apply(put(`${CM}default/cm-${i}`, 13 + i));
    expect(tooOld(cache, CM, 11)).toBe('too old resource version: 11 (12)');
    expect(tooOld(cache, CM, 12)).toBeNull();
    // The pods' own window is untouched.
    expect(tooOld(cache, POD, 10)).toBeNull();
  });
});
