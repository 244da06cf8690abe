import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { SeededRng } from '../host/rng.ts';
import { flush } from '../host/testing.ts';
import { POD_TYPE, ResourceClient } from './client.ts';
import { Informer, InformerFactory, objectKey, type EventHandlers } from './informer.ts';
import type { ApiRequest, ApiResponse, KubeObject, WatchEvent } from './protocol.ts';
import type { Transport, WatchHandler, WatchStream } from './transport.ts';

const T0 = 1_000_000;

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
}

function pod(name: string, resourceVersion: string, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, resourceVersion } };
}

/** A list as the API server returns it: items without apiVersion/kind. */
function podList(resourceVersion: string, ...items: Pod[]): ApiResponse {
  return {
    code: 200,
    body: {
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion },
      items: items.map(({ metadata }) => ({ metadata })),
    },
  };
}

const EXPIRED: WatchEvent = {
  type: 'ERROR',
  object: {
    kind: 'Status',
    apiVersion: 'v1',
    code: 410,
    reason: 'Expired',
    message: 'too old resource version: 1 (5)',
  } as KubeObject,
};

interface OpenWatch {
  query: Record<string, string>;
  handler: WatchHandler;
  stopped: boolean;
}

/** A transport whose list replies are queued by the test and whose watches the test drives. */
class FakeApi implements Transport {
  readonly lists: Record<string, string>[] = [];
  readonly watches: OpenWatch[] = [];
  private readonly replies: ApiResponse[] = [];

  replyToList(...responses: ApiResponse[]): void {
    this.replies.push(...responses);
  }

  request(request: ApiRequest): Promise<ApiResponse> {
    this.lists.push(request.query ?? {});
    const reply = this.replies.shift() ?? {
      code: 500,
      body: { kind: 'Status', apiVersion: 'v1', code: 500, message: 'no reply queued' },
    };
    return Promise.resolve(reply);
  }

  watch(request: ApiRequest, handler: WatchHandler): WatchStream {
    const open: OpenWatch = { query: request.query ?? {}, handler, stopped: false };
    this.watches.push(open);
    return {
      stop: () => {
        open.stopped = true;
      },
    };
  }

  /** The newest watch, which must still be open. */
  get current(): OpenWatch {
    const open = this.watches.at(-1);
    if (!open || open.stopped) throw new Error('no open watch');
    return open;
  }

  send(...events: WatchEvent[]): void {
    this.current.handler.onEvents(events);
  }
}

/** Records handler calls as `add a@1`, `update a@1->a@2`, `delete a@2`. */
function recording(log: string[]): EventHandlers<Pod> {
  const show = (object: Pod): string =>
    `${object.metadata?.name ?? ''}@${object.metadata?.resourceVersion ?? ''}`;
  return {
    onAdd: (object) => log.push(`add ${show(object)}`),
    onUpdate: (old, object) => log.push(`update ${show(old)}->${show(object)}`),
    onDelete: (object) => log.push(`delete ${show(object)}`),
  };
}

async function started(
  firstList: ApiResponse,
  options: { labelSelector?: string; fieldSelector?: string } = {},
): Promise<{ api: FakeApi; informer: Informer<Pod>; clock: VirtualClock; log: string[] }> {
  const api = new FakeApi();
  api.replyToList(firstList);
  const clock = new VirtualClock(T0);
  const informer = new Informer<Pod>(
    new ResourceClient<Pod>(api, POD_TYPE),
    clock,
    new SeededRng(1, 'informer'),
    options,
  );
  const log: string[] = [];
  informer.addEventHandler(recording(log));
  await informer.start();
  await flush();
  return { api, informer, clock, log };
}

function names(informer: Informer<Pod>): string[] {
  return informer
    .list()
    .map((object) => `${object.metadata?.name ?? ''}@${object.metadata?.resourceVersion ?? ''}`)
    .sort();
}

describe('objectKey', () => {
  it.each<[string, KubeObject, string]>([
    ['namespaced objects as namespace/name', pod('nginx', '1'), 'default/nginx'],
    ['cluster-scoped objects by name', { metadata: { name: 'node-1' } }, 'node-1'],
    ['objects without metadata as the empty key', {}, ''],
  ])('keys %s', (_name, object, key) => {
    expect(objectKey(object)).toBe(key);
  });
});

describe('Informer', () => {
  it('fills its store from the first list, calls onAdd and restores apiVersion and kind', async () => {
    const { informer, log, api } = await started(podList('10', pod('a', '3'), pod('b', '7')));
    expect(informer.hasSynced).toBe(true);
    expect(log).toEqual(['add a@3', 'add b@7']);
    expect(informer.get('default/a')).toEqual(pod('a', '3'));
    expect(api.lists).toEqual([{ resourceVersion: '0' }]);
  });

  it('watches from the list resourceVersion with bookmarks and a 5 to 10 minute timeout', async () => {
    const { api } = await started(podList('10'), {
      fieldSelector: 'spec.nodeName=node-1',
      labelSelector: 'app=web',
    });
    expect(api.lists).toEqual([
      { fieldSelector: 'spec.nodeName=node-1', labelSelector: 'app=web', resourceVersion: '0' },
    ]);
    const { query } = api.current;
    expect(query).toMatchObject({
      resourceVersion: '10',
      allowWatchBookmarks: 'true',
      fieldSelector: 'spec.nodeName=node-1',
      labelSelector: 'app=web',
    });
    expect(Number(query.timeoutSeconds)).toBeGreaterThanOrEqual(300);
    expect(Number(query.timeoutSeconds)).toBeLessThan(600);
  });

  it.each<[string, WatchEvent[], string[], string[]]>([
    [
      'adds a new object',
      [{ type: 'ADDED', object: pod('c', '11') }],
      ['add c@11'],
      ['a@3', 'c@11'],
    ],
    [
      'updates a known object with its old and new versions',
      [{ type: 'MODIFIED', object: pod('a', '11') }],
      ['update a@3->a@11'],
      ['a@11'],
    ],
    ['deletes an object', [{ type: 'DELETED', object: pod('a', '12') }], ['delete a@12'], []],
    [
      'treats ADDED for a known key as an update',
      [{ type: 'ADDED', object: pod('a', '11') }],
      ['update a@3->a@11'],
      ['a@11'],
    ],
    [
      'applies a batch in order',
      [
        { type: 'ADDED', object: pod('c', '11') },
        { type: 'MODIFIED', object: pod('c', '12') },
        { type: 'DELETED', object: pod('a', '13') },
      ],
      ['add c@11', 'update c@11->c@12', 'delete a@13'],
      ['c@12'],
    ],
    [
      'only moves the resourceVersion on a BOOKMARK',
      [{ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '20' } } }],
      [],
      ['a@3'],
    ],
  ])('%s', async (_name, events, calls, store) => {
    const { api, informer, log } = await started(podList('10', pod('a', '3')));
    log.length = 0;
    api.send(...events);
    expect(log).toEqual(calls);
    expect(names(informer)).toEqual(store);
  });

  it.each<[string, WatchEvent[], string]>([
    ['the list', [], '10'],
    [
      'the last event',
      [
        { type: 'ADDED', object: pod('c', '11') },
        { type: 'DELETED', object: pod('c', '14') },
      ],
      '14',
    ],
    [
      'a bookmark',
      [
        { type: 'ADDED', object: pod('c', '11') },
        { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '25' } } },
      ],
      '25',
    ],
  ])(
    'resumes a watch the server closed from the resourceVersion of %s, without listing',
    async (_name, events, resourceVersion) => {
      const { api } = await started(podList('10', pod('a', '3')));
      api.send(...events);
      api.current.handler.onEnd();
      expect(api.watches).toHaveLength(2);
      expect(api.current.query.resourceVersion).toBe(resourceVersion);
      await flush();
      expect(api.lists).toHaveLength(1);
    },
  );

  it('re-lists on a 410 ERROR event, stopping the old watch and telling handlers what changed meanwhile', async () => {
    const { api, informer, log } = await started(
      podList('10', pod('a', '3'), pod('b', '4'), pod('c', '5')),
    );
    log.length = 0;
    const expired = api.current;
    api.replyToList(podList('30', pod('b', '4'), pod('c', '21'), pod('d', '22')));
    api.send(EXPIRED);
    await flush();
    expect(expired.stopped).toBe(true);
    expect(log).toEqual(['delete a@3', 'update c@5->c@21', 'add d@22']);
    expect(names(informer)).toEqual(['b@4', 'c@21', 'd@22']);
    expect(api.lists).toHaveLength(2);
    expect(api.current.query.resourceVersion).toBe('30');
  });

  it('ignores the rest of a batch after an ERROR event', async () => {
    const { api, log } = await started(podList('10'));
    api.replyToList(podList('30'));
    api.send(EXPIRED, { type: 'ADDED', object: pod('late', '11') });
    await flush();
    expect(log).toEqual([]);
  });

  it('re-lists at once when the watch is refused with 410 Gone', async () => {
    const { api, informer, log } = await started(podList('10', pod('a', '3')));
    log.length = 0;
    api.replyToList(podList('40', pod('e', '39')));
    api.current.handler.onEnd({
      code: 410,
      body: { kind: 'Status', code: 410, reason: 'Expired' },
    });
    await flush();
    expect(log).toEqual(['delete a@3', 'add e@39']);
    expect(names(informer)).toEqual(['e@39']);
    expect(api.current.query.resourceVersion).toBe('40');
  });

  it('backs off 800 ms, then doubling, when listing fails, and resets after a success', async () => {
    const api = new FakeApi();
    const clock = new VirtualClock(T0);
    const informer = new Informer<Pod>(
      new ResourceClient<Pod>(api, POD_TYPE),
      clock,
      new SeededRng(1, 'informer'),
    );
    let synced = false;
    void informer.start().then(() => (synced = true));
    await flush();
    expect(api.lists).toHaveLength(1);
    expect(clock.nextDue()).toBe(T0 + 800);
    clock.advanceTo(T0 + 800);
    await flush();
    expect(api.lists).toHaveLength(2);
    expect(clock.nextDue()).toBe(T0 + 800 + 1_600);
    api.replyToList(podList('5', pod('a', '5')));
    clock.advanceTo(T0 + 2_400);
    await flush();
    expect(synced).toBe(true);
    expect(api.lists).toHaveLength(3);
    // A refused watch is retried with the reset back-off.
    api.current.handler.onEnd({ code: 500, body: { kind: 'Status', code: 500 } });
    expect(clock.nextDue()).toBe(T0 + 2_400 + 800);
  });

  it('gives a late handler the current items as adds', async () => {
    const { informer } = await started(podList('10', pod('a', '3'), pod('b', '4')));
    const late: string[] = [];
    informer.addEventHandler(recording(late));
    expect(late).toEqual(['add a@3', 'add b@4']);
  });

  it('stops watching and does not come back when stopped', async () => {
    const { api, informer } = await started(podList('10'));
    const open = api.current;
    informer.stop();
    expect(open.stopped).toBe(true);
    open.handler.onEnd();
    await flush();
    expect(api.watches).toHaveLength(1);
  });

  it('resolves every start() once the first list is in', async () => {
    const { informer } = await started(podList('10'));
    await expect(informer.start()).resolves.toBeUndefined();
  });
});

describe('InformerFactory', () => {
  it('shares one informer per resource and selector', () => {
    const api = new FakeApi();
    const factory = new InformerFactory(
      {
        resource: <T extends KubeObject>(type: typeof POD_TYPE) => new ResourceClient<T>(api, type),
      },
      new VirtualClock(T0),
      new SeededRng(1),
    );
    const a = factory.for(POD_TYPE);
    expect(factory.for(POD_TYPE)).toBe(a);
    expect(factory.for(POD_TYPE, { fieldSelector: 'spec.nodeName=node-1' })).not.toBe(a);
  });
});
