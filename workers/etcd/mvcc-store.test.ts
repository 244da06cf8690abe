import { describe, expect, it } from 'vitest';
import type {
  Compare,
  RangeRequest,
  RequestOp,
  TxnRequest,
  WatchCreateRequest,
  WatchResponse,
} from '../client/protocol.ts';
import {
  ErrCompacted,
  ErrDuplicateKey,
  ErrEmptyKey,
  ErrFutureRev,
  ErrLeaseNotFound,
  ErrTooManyOps,
  EtcdStoreError,
  MAX_TXN_OPS,
  MvccStore,
  prefixEnd,
  WATCH_BATCH_MAX_REVS,
} from './mvcc-store.ts';

const PODS = '/registry/pods/';

/** A store holding the given keys, written one put (one revision) each, in order. */
function storeWith(...keys: string[]): MvccStore {
  const store = new MvccStore();
  for (const key of keys) store.put({ key, value: `v:${key}` });
  return store;
}

function watchAll(store: MvccStore, req: WatchCreateRequest): WatchResponse[] {
  const responses: WatchResponse[] = [];
  store.watch(req, (response) => responses.push(response));
  return responses;
}

/** Each response as `revision: TYPE key, ...`, which makes batching visible. */
function summarize(responses: WatchResponse[]): string[] {
  return responses.map(
    (response) =>
      `${response.events[0]?.kv.mod_revision ?? '-'}: ` +
      response.events.map((event) => `${event.type} ${event.kv.key}`).join(', '),
  );
}

function storeError(action: () => unknown): EtcdStoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof EtcdStoreError) return error;
    throw error;
  }
  throw new Error('expected an EtcdStoreError');
}

const put = (key: string, value = 'x'): RequestOp => ({ request_put: { key, value } });
const get = (key: string, rest: Partial<RangeRequest> = {}): RequestOp => ({
  request_range: { key, ...rest },
});
const del = (key: string, range_end?: string): RequestOp => ({
  request_delete_range: { key, range_end },
});
/** A txn without compares: its success ops always run. */
const always = (...success: RequestOp[]): TxnRequest => ({ compare: [], success, failure: [] });

describe('keys and revisions', () => {
  it('starts at revision 1 with nothing compacted, like a fresh etcd', () => {
    const store = new MvccStore();
    expect([store.revision, store.compactRevision]).toEqual([1, 0]);
    expect(store.range({ key: 'a' })).toEqual({
      header: { revision: 1 },
      kvs: [],
      more: false,
      count: 0,
    });
  });

  it('creates a key with version 1 and create_revision = mod_revision', () => {
    const store = new MvccStore();
    store.grantLease(7);
    expect(store.put({ key: 'a', value: '1', lease: 7 })).toEqual({ header: { revision: 2 } });
    expect(store.range({ key: 'a' }).kvs).toEqual([
      { key: 'a', value: '1', create_revision: 2, mod_revision: 2, version: 1, lease: 7 },
    ]);
  });

  it('keeps create_revision and bumps version on overwrite, returning prev_kv on request', () => {
    const store = storeWith('a', 'b');
    const response = store.put({ key: 'a', value: 'new', prev_kv: true });
    expect(response).toEqual({
      header: { revision: 4 },
      prev_kv: { key: 'a', value: 'v:a', create_revision: 2, mod_revision: 2, version: 1 },
    });
    expect(store.range({ key: 'a' }).kvs).toEqual([
      { key: 'a', value: 'new', create_revision: 2, mod_revision: 4, version: 2 },
    ]);
  });

  it('re-creates a deleted key with version 1 and a new create_revision', () => {
    const store = storeWith('a', 'a');
    store.deleteRange({ key: 'a' });
    expect(store.range({ key: 'a' }).kvs).toEqual([]);
    store.put({ key: 'a', value: 'again' });
    expect(store.range({ key: 'a' }).kvs).toEqual([
      { key: 'a', value: 'again', create_revision: 5, mod_revision: 5, version: 1 },
    ]);
  });

  it.each<[string, (store: MvccStore) => unknown, number]>([
    ['a put', (s) => s.put({ key: 'c', value: '' }), 4],
    ['an overwrite', (s) => s.put({ key: 'a', value: 'y' }), 4],
    ['a delete of one key', (s) => s.deleteRange({ key: 'a' }), 4],
    ['a delete of a range of keys', (s) => s.deleteRange({ key: 'a', range_end: '\0' }), 4],
    ['a delete of a missing key', (s) => s.deleteRange({ key: 'zz' }), 3],
    ['a range', (s) => s.range({ key: 'a', range_end: '\0' }), 3],
    ['a txn of three puts', (s) => s.txn(always(put('x'), put('y'), put('z'))), 4],
    ['a txn of put and delete', (s) => s.txn(always(put('x'), del('a'))), 4],
    ['a read-only txn', (s) => s.txn(always(get('a'))), 3],
    ['a txn deleting nothing', (s) => s.txn(always(del('zz'))), 3],
  ])('moves the revision from 3 as etcd does after %s', (_, write, revision) => {
    const store = storeWith('a', 'b');
    write(store);
    expect(store.revision).toBe(revision);
  });

  it('answers a delete with the count, prev_kvs and the revision it committed at', () => {
    const store = storeWith('/a/1', '/a/2', '/b/1');
    expect(store.deleteRange({ key: '/a/', range_end: prefixEnd('/a/'), prev_kv: true })).toEqual({
      header: { revision: 5 },
      deleted: 2,
      prev_kvs: [
        { key: '/a/1', value: 'v:/a/1', create_revision: 2, mod_revision: 2, version: 1 },
        { key: '/a/2', value: 'v:/a/2', create_revision: 3, mod_revision: 3, version: 1 },
      ],
    });
    expect(store.deleteRange({ key: '/a/1' })).toEqual({ header: { revision: 5 }, deleted: 0 });
  });
});

describe('range', () => {
  // Keys written in this order, so /registry/pods/default/a is at revision 2, ..., /z at 7.
  const keys = [
    `${PODS}default/a`,
    `${PODS}default/b`,
    `${PODS}default/c`,
    `${PODS}kube-system/d`,
    '/registry/podtemplates/default/e',
    '/z',
  ];

  it.each<[string, Omit<RangeRequest, 'key'> & { key?: string }, string[], number, boolean]>([
    ['one key', { key: `${PODS}default/b` }, [`${PODS}default/b`], 1, false],
    ['a missing key', { key: `${PODS}default/zz` }, [], 0, false],
    ['a prefix, in key order', { range_end: prefixEnd(PODS) }, keys.slice(0, 4), 4, false],
    [
      'a namespace prefix',
      { key: `${PODS}default/`, range_end: prefixEnd(`${PODS}default/`) },
      keys.slice(0, 3),
      3,
      false,
    ],
    ['a prefix with a limit', { range_end: prefixEnd(PODS), limit: 2 }, keys.slice(0, 2), 4, true],
    [
      'a limit equal to the count',
      { range_end: prefixEnd(PODS), limit: 4 },
      keys.slice(0, 4),
      4,
      false,
    ],
    [
      '[key, range_end)',
      { key: `${PODS}default/b`, range_end: `${PODS}kube-system/d` },
      keys.slice(1, 3),
      2,
      false,
    ],
    ["range_end '\\0' (every key >= key)", { range_end: '\0' }, keys.slice(0, 6), 6, false],
    ['count_only', { range_end: prefixEnd(PODS), count_only: true, limit: 1 }, [], 4, false],
  ])('reads %s', (_, request, expectedKeys, count, more) => {
    const store = storeWith(...keys);
    const response = store.range({ key: PODS, ...request });
    expect(response.kvs.map((kv) => kv.key)).toEqual(expectedKeys);
    expect([response.count, response.more, response.header.revision]).toEqual([count, more, 7]);
  });

  it('returns keys_only kvs without their value but with lease, revisions and version', () => {
    const store = new MvccStore();
    store.grantLease(9);
    store.put({ key: 'a', value: 'big', lease: 9 });
    expect(store.range({ key: 'a', keys_only: true }).kvs).toEqual([
      { key: 'a', value: '', create_revision: 2, mod_revision: 2, version: 1, lease: 9 },
    ]);
  });

  it('skips deleted keys inside a range', () => {
    const store = storeWith('a', 'b', 'c');
    store.deleteRange({ key: 'b' });
    const response = store.range({ key: 'a', range_end: '\0' });
    expect([response.kvs.map((kv) => kv.key), response.count]).toEqual([['a', 'c'], 2]);
  });

  it.each<[number, Record<string, string>]>([
    [1, {}],
    [2, { a: '1' }],
    [3, { a: '1', b: '1' }],
    [4, { a: '2', b: '1' }],
    [5, { b: '1' }],
    [6, { b: '1', a: '3' }],
  ])('reads the keys as they were at revision %i', (revision, expected) => {
    const store = new MvccStore();
    store.put({ key: 'a', value: '1' });
    store.put({ key: 'b', value: '1' });
    store.put({ key: 'a', value: '2' });
    store.deleteRange({ key: 'a' });
    store.put({ key: 'a', value: '3' });
    const response = store.range({ key: 'a', range_end: '\0', revision });
    expect(Object.fromEntries(response.kvs.map((kv) => [kv.key, kv.value]))).toEqual(expected);
    expect(response.header.revision).toBe(6);
  });

  it('rejects a future revision with OutOfRange', () => {
    const store = storeWith('a');
    const error = storeError(() => store.range({ key: 'a', revision: 3 }));
    expect([error.code, error.message]).toEqual(['OutOfRange', ErrFutureRev]);
  });

  it('rejects an empty key as etcd does', () => {
    const error = storeError(() => new MvccStore().range({ key: '' }));
    expect([error.code, error.message]).toEqual(['InvalidArgument', ErrEmptyKey]);
  });
});

describe('txn', () => {
  /** Key `a` created at revision 2 and written again at 3: version 2, create 2, mod 3, value 'v2'. */
  function storeWithA(): MvccStore {
    const store = new MvccStore();
    store.put({ key: 'a', value: 'v1' });
    store.put({ key: 'a', value: 'v2' });
    return store;
  }

  const cmp = (
    target: Compare['target'],
    result: Compare['result'],
    operand: number | string,
    key = 'a',
  ): Compare => {
    switch (target) {
      case 'VALUE':
        return { key, target, result, value: String(operand) };
      case 'MOD':
        return { key, target, result, mod_revision: Number(operand) };
      case 'CREATE':
        return { key, target, result, create_revision: Number(operand) };
      case 'VERSION':
        return { key, target, result, version: Number(operand) };
    }
  };

  it.each<[string, Compare, boolean]>([
    ['mod_revision == current (optimistic concurrency)', cmp('MOD', 'EQUAL', 3), true],
    ['mod_revision == stale', cmp('MOD', 'EQUAL', 2), false],
    ['mod_revision > 2', cmp('MOD', 'GREATER', 2), true],
    ['mod_revision < 3', cmp('MOD', 'LESS', 3), false],
    ['version == 2', cmp('VERSION', 'EQUAL', 2), true],
    ['version != 2', cmp('VERSION', 'NOT_EQUAL', 2), false],
    ['create_revision == 2', cmp('CREATE', 'EQUAL', 2), true],
    ['create_revision < 2', cmp('CREATE', 'LESS', 2), false],
    ["value == 'v2'", cmp('VALUE', 'EQUAL', 'v2'), true],
    ["value > 'v1'", cmp('VALUE', 'GREATER', 'v1'), true],
    ["value != 'v2'", cmp('VALUE', 'NOT_EQUAL', 'v2'), false],
    ['missing key: mod_revision == 0 (apiserver create)', cmp('MOD', 'EQUAL', 0, 'b'), true],
    ['missing key: version == 0', cmp('VERSION', 'EQUAL', 0, 'b'), true],
    ['missing key: create_revision > 0', cmp('CREATE', 'GREATER', 0, 'b'), false],
    ["missing key: value == ''", cmp('VALUE', 'EQUAL', '', 'b'), false],
    [
      "missing key: value != 'x' (VALUE never matches a missing key)",
      cmp('VALUE', 'NOT_EQUAL', 'x', 'b'),
      false,
    ],
  ])('evaluates %s', (_, compare, succeeded) => {
    const store = storeWithA();
    const response = store.txn({
      compare: [compare],
      success: [put('a', 'then')],
      failure: [get('a')],
    });
    expect(response.succeeded).toBe(succeeded);
    expect(store.range({ key: 'a' }).kvs[0]?.value).toBe(succeeded ? 'then' : 'v2');
    expect(response.header.revision).toBe(succeeded ? 4 : 3);
  });

  it('runs the failure branch when any compare fails, returning the current kv (GuaranteedUpdate)', () => {
    const store = storeWithA();
    const response = store.txn({
      compare: [cmp('VERSION', 'EQUAL', 2), cmp('MOD', 'EQUAL', 2)],
      success: [put('a', 'lost')],
      failure: [get('a')],
    });
    expect(response).toEqual({
      header: { revision: 3 },
      succeeded: false,
      responses: [
        {
          response_range: {
            header: { revision: 3 },
            kvs: [{ key: 'a', value: 'v2', create_revision: 2, mod_revision: 3, version: 2 }],
            more: false,
            count: 1,
          },
        },
      ],
    });
  });

  it('commits every write of a txn at one revision and lets later ops read earlier ones', () => {
    const store = storeWithA();
    const response = store.txn(
      always(get('a'), put('b', 'new'), put('a', 'v3'), get('a', { range_end: '\0' }), del('zz')),
    );
    const [before, putB, putA, after, deleteNothing] = response.responses;
    expect(before).toMatchObject({ response_range: { header: { revision: 3 }, count: 1 } });
    expect(putB).toEqual({ response_put: { header: { revision: 4 } } });
    expect(putA).toEqual({ response_put: { header: { revision: 4 } } });
    expect(after).toMatchObject({
      response_range: {
        header: { revision: 4 },
        kvs: [
          { key: 'a', value: 'v3', mod_revision: 4, version: 3 },
          { key: 'b', value: 'new', create_revision: 4, mod_revision: 4, version: 1 },
        ],
      },
    });
    // etcd reports the txn's revision once it has written, even for an op that wrote nothing.
    expect(deleteNothing).toEqual({
      response_delete_range: { header: { revision: 4 }, deleted: 0 },
    });
    expect([response.header.revision, store.revision]).toEqual([4, 4]);
  });

  it('reads at an explicit revision inside a txn without seeing the txn writes', () => {
    const store = storeWithA();
    const response = store.txn(always(put('a', 'v3'), get('a', { revision: 2 })));
    expect(response.responses[1]).toMatchObject({
      response_range: { header: { revision: 4 }, kvs: [{ value: 'v1', mod_revision: 2 }] },
    });
  });

  it.each<[string, Partial<TxnRequest>, string, string]>([
    [
      'the same key put twice',
      { success: [put('a'), put('a')] },
      'InvalidArgument',
      ErrDuplicateKey,
    ],
    [
      'a key put and deleted',
      { success: [del('a'), put('a')] },
      'InvalidArgument',
      ErrDuplicateKey,
    ],
    [
      'a put inside a deleted range',
      { success: [put('b'), del('a', 'c')] },
      'InvalidArgument',
      ErrDuplicateKey,
    ],
    [
      'a put inside a from-key delete',
      { success: [put('b'), del('a', '\0')] },
      'InvalidArgument',
      ErrDuplicateKey,
    ],
    [
      'a duplicate in the branch not taken',
      { failure: [put('a'), put('a')] },
      'InvalidArgument',
      ErrDuplicateKey,
    ],
    ['an empty key in an op', { success: [put('')] }, 'InvalidArgument', ErrEmptyKey],
    [
      'an empty key in a compare',
      { compare: [cmp('MOD', 'EQUAL', 0, '')] },
      'InvalidArgument',
      ErrEmptyKey,
    ],
    [
      'too many ops',
      { success: Array.from({ length: MAX_TXN_OPS + 1 }, (_, i) => put(`k${i}`)) },
      'InvalidArgument',
      ErrTooManyOps,
    ],
    [
      'a range at a future revision',
      { success: [put('b'), get('a', { revision: 4 })] },
      'OutOfRange',
      ErrFutureRev,
    ],
  ])('rejects a txn with %s and writes nothing', (_, txn, code, message) => {
    const store = storeWithA();
    const error = storeError(() => store.txn({ compare: [], success: [], failure: [], ...txn }));
    expect([error.code, error.message]).toEqual([code, message]);
    expect(store.revision).toBe(3);
    expect(store.range({ key: 'b' }).count).toBe(0);
  });

  it('allows the same key in the success and the failure branch', () => {
    const store = storeWithA();
    const response = store.txn({ compare: [], success: [put('b')], failure: [put('b')] });
    expect(response.succeeded).toBe(true);
  });

  it('allows overlapping deletes in one txn, deleting each key once', () => {
    const store = storeWith('a', 'b', 'c');
    const response = store.txn(always(del('a', 'c'), del('b', 'd')));
    expect(response.responses).toEqual([
      { response_delete_range: { header: { revision: 5 }, deleted: 2 } },
      { response_delete_range: { header: { revision: 5 }, deleted: 1 } },
    ]);
  });
});

describe('watch', () => {
  it('sends one response per write txn with its matching events in op order', () => {
    const store = storeWith(`${PODS}default/a`);
    const responses = watchAll(store, { key: PODS, range_end: prefixEnd(PODS) });
    store.txn(
      always(
        put(`${PODS}default/c`),
        put('/registry/nodes/n1'),
        put(`${PODS}default/b`),
        del(`${PODS}default/a`),
      ),
    );
    store.put({ key: '/registry/nodes/n2', value: '' });
    store.put({ key: `${PODS}default/c`, value: 'again' });
    expect(summarize(responses)).toEqual([
      `3: PUT ${PODS}default/c, PUT ${PODS}default/b, DELETE ${PODS}default/a`,
      `5: PUT ${PODS}default/c`,
    ]);
    expect(responses.map((response) => response.header.revision)).toEqual([3, 5]);
  });

  it('delivers a delete as etcd does: key and mod_revision only, prev_kv when asked', () => {
    const store = storeWith('a');
    const responses = watchAll(store, { key: 'a', prev_kv: true });
    store.put({ key: 'a', value: 'v2' });
    store.deleteRange({ key: 'a' });
    expect(responses.map((response) => response.events)).toEqual([
      [
        {
          type: 'PUT',
          kv: { key: 'a', value: 'v2', create_revision: 2, mod_revision: 3, version: 2 },
          prev_kv: { key: 'a', value: 'v:a', create_revision: 2, mod_revision: 2, version: 1 },
        },
      ],
      [
        {
          type: 'DELETE',
          kv: { key: 'a', value: '', create_revision: 0, mod_revision: 4, version: 0 },
          prev_kv: { key: 'a', value: 'v2', create_revision: 2, mod_revision: 3, version: 2 },
        },
      ],
    ]);
  });

  it('omits prev_kv unless asked, and on the first put of a key', () => {
    const store = storeWith('a');
    const plain = watchAll(store, { key: 'a', range_end: '\0' });
    const withPrev = watchAll(store, { key: 'a', range_end: '\0', prev_kv: true });
    store.put({ key: 'a', value: 'v2' });
    store.put({ key: 'b', value: 'v1' });
    expect(plain.flatMap((r) => r.events).map((event) => 'prev_kv' in event)).toEqual([
      false,
      false,
    ]);
    expect(withPrev.flatMap((r) => r.events).map((event) => 'prev_kv' in event)).toEqual([
      true,
      false,
    ]);
  });

  it('replays history from a past start_revision in one response, then one per write txn', () => {
    const store = new MvccStore();
    store.put({ key: `${PODS}default/a`, value: '1' }); // 2
    store.put({ key: '/registry/nodes/n1', value: '1' }); // 3
    store.txn(always(put(`${PODS}default/b`), put(`${PODS}default/c`))); // 4
    store.put({ key: `${PODS}default/a`, value: '2' }); // 5
    const responses = watchAll(store, {
      key: PODS,
      range_end: prefixEnd(PODS),
      start_revision: 3,
      prev_kv: true,
    });
    expect(summarize(responses)).toEqual([
      `4: PUT ${PODS}default/b, PUT ${PODS}default/c, PUT ${PODS}default/a`,
    ]);
    expect(responses[0]?.header.revision).toBe(5);
    expect(responses[0]?.events[2]?.prev_kv).toMatchObject({ value: '1', mod_revision: 2 });
    store.deleteRange({ key: `${PODS}default/b` });
    expect(summarize(responses).at(-1)).toBe(`6: DELETE ${PODS}default/b`);
  });

  it.each<[string, number | undefined, string[]]>([
    ['no start_revision: only new writes', undefined, ['4: PUT k', '5: PUT k']],
    ['the current revision: replays it', 3, ['3: PUT k', '4: PUT k', '5: PUT k']],
    ['a future revision: skips writes before it', 5, ['5: PUT k']],
  ])('starts a watch at %s', (_, start_revision, expected) => {
    const store = storeWith('k', 'k');
    const responses = watchAll(store, { key: 'k', start_revision });
    store.put({ key: 'k', value: '' });
    store.put({ key: 'k', value: '' });
    expect(summarize(responses)).toEqual(expected);
  });

  it('stops delivering after cancelWatch', () => {
    const store = new MvccStore();
    const responses: WatchResponse[] = [];
    const id = store.watch({ key: 'a' }, (response) => responses.push(response));
    store.put({ key: 'a', value: '1' });
    expect(store.cancelWatch(id)).toBe(true);
    store.put({ key: 'a', value: '2' });
    expect(responses).toHaveLength(1);
    expect(responses[0]?.watch_id).toBe(id);
    expect(store.cancelWatch(id)).toBe(false);
  });

  it('keeps each watcher in revision order when a listener writes', () => {
    const store = new MvccStore();
    const seen: string[] = [];
    store.watch({ key: 'a', range_end: '\0' }, (response) => {
      for (const event of response.events) {
        seen.push(`first ${event.kv.key}@${event.kv.mod_revision}`);
        if (event.kv.key === 'a') store.put({ key: 'b', value: 'echo' });
      }
    });
    store.watch({ key: 'a', range_end: '\0' }, (response) => {
      for (const event of response.events)
        seen.push(`second ${event.kv.key}@${event.kv.mod_revision}`);
    });
    store.put({ key: 'a', value: '' });
    expect(seen).toEqual(['first a@2', 'first b@3', 'second a@2', 'second b@3']);
  });
});

describe('watch replay batches', () => {
  it('sends at most WATCH_BATCH_MAX_REVS revisions with events per response', () => {
    const store = new MvccStore();
    for (let i = 0; i < WATCH_BATCH_MAX_REVS + 5; i++) store.put({ key: 'k', value: String(i) });
    store.put({ key: 'other', value: '' });
    const responses = watchAll(store, { key: 'k', start_revision: 1 });
    expect(responses.map((response) => response.events.length)).toEqual([WATCH_BATCH_MAX_REVS, 5]);
  });
});

describe('leases', () => {
  it.each<[string, (store: MvccStore) => unknown]>([
    ['a put', (store) => store.put({ key: 'a', value: '', lease: 3 })],
    [
      'a put in a txn',
      (store) => store.txn(always(put('b'), { request_put: { key: 'a', value: '', lease: 3 } })),
    ],
  ])('rejects %s naming an unknown lease, writing nothing', (_, write) => {
    const store = new MvccStore();
    const error = storeError(() => write(store));
    expect([error.code, error.message, store.revision]).toEqual(['NotFound', ErrLeaseNotFound, 1]);
  });

  it('tracks the keys a lease holds as they are written, moved and deleted', () => {
    const store = new MvccStore();
    store.grantLease(1);
    store.grantLease(2);
    store.put({ key: 'c', value: '', lease: 1 });
    store.put({ key: 'a', value: '', lease: 1 });
    store.put({ key: 'b', value: '', lease: 1 });
    store.put({ key: 'b', value: '', lease: 2 });
    store.put({ key: 'c', value: '' });
    store.deleteRange({ key: 'x', range_end: '\0' });
    expect([store.leaseKeys(1), store.leaseKeys(2), store.leaseKeys(3)]).toEqual([
      ['a'],
      ['b'],
      undefined,
    ]);
  });

  it('revokes a lease by deleting its keys in one revision, in key order', () => {
    const store = new MvccStore();
    store.grantLease(1);
    store.put({ key: 'b', value: '', lease: 1 });
    store.put({ key: 'a', value: '', lease: 1 });
    const responses = watchAll(store, { key: 'a', range_end: '\0' });
    store.revokeLease(1);
    expect([summarize(responses), store.hasLease(1)]).toEqual([['4: DELETE a, DELETE b'], false]);
  });
});

describe('compaction', () => {
  /** a: put 2, put 3, delete 4; b: put 5, put 6; c: put 7. Compacted at 5. */
  function compactedStore(): MvccStore {
    const store = storeWith('a', 'a');
    store.deleteRange({ key: 'a' });
    store.put({ key: 'b', value: '1' });
    store.put({ key: 'b', value: '2' });
    store.put({ key: 'c', value: '1' });
    store.compact(5);
    return store;
  }

  it.each<[number, Record<string, string>]>([
    [5, { b: '1' }],
    [6, { b: '2' }],
    [7, { b: '2', c: '1' }],
  ])('still reads revision %i at or after the compact revision', (revision, expected) => {
    const response = compactedStore().range({ key: 'a', range_end: '\0', revision });
    expect(Object.fromEntries(response.kvs.map((kv) => [kv.key, kv.value]))).toEqual(expected);
  });

  it.each<[string, (store: MvccStore) => unknown, string]>([
    ['a read below the compact revision', (s) => s.range({ key: 'a', revision: 4 }), ErrCompacted],
    ['a txn read below it', (s) => s.txn(always(get('a', { revision: 4 }))), ErrCompacted],
    [
      'compacting to the same revision',
      (s) => {
        s.compact(5);
      },
      ErrCompacted,
    ],
    [
      'compacting to an older revision',
      (s) => {
        s.compact(3);
      },
      ErrCompacted,
    ],
    [
      'compacting to a future revision',
      (s) => {
        s.compact(8);
      },
      ErrFutureRev,
    ],
  ])('rejects %s with OutOfRange', (_, action, message) => {
    const store = compactedStore();
    const error = storeError(() => action(store));
    expect([error.code, error.message]).toEqual(['OutOfRange', message]);
    expect(store.compactRevision).toBe(5);
  });

  it('cancels a watch starting below the compact revision without registering it', () => {
    const store = compactedStore();
    const responses = watchAll(store, { key: 'a', range_end: '\0', start_revision: 4 });
    store.put({ key: 'd', value: '' });
    expect(responses).toEqual([
      { header: { revision: 0 }, watch_id: 1, events: [], canceled: true, compact_revision: 5 },
    ]);
  });

  it('replays a watch starting at the compact revision', () => {
    const store = compactedStore();
    const responses = watchAll(store, { key: 'a', range_end: '\0', start_revision: 5 });
    expect(summarize(responses)).toEqual(['5: PUT b, PUT b, PUT c']);
  });

  it('forgets deleted keys entirely, so a range over them stays correct', () => {
    const store = compactedStore();
    store.compact(7);
    expect(store.range({ key: 'a', range_end: '\0' }).kvs.map((kv) => kv.key)).toEqual(['b', 'c']);
    store.put({ key: 'a', value: 'back' });
    expect(store.range({ key: 'a' }).kvs).toEqual([
      { key: 'a', value: 'back', create_revision: 8, mod_revision: 8, version: 1 },
    ]);
  });
});

describe('prefixEnd', () => {
  it.each([
    ['/registry/pods/', '/registry/pods0'],
    ['a', 'b'],
    ['a\xff', 'b'],
    ['a\xff\xff', 'b'],
    ['\xff', '\0'],
    ['', '\0'],
  ])('ends the prefix %j at %j', (prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end);
  });
});
