// The dual-target store suite's cases: each drives an EtcdTarget and returns what a client
// observed (responses, errors, watch batches). server/etcd-conformance.test.ts runs every case
// against our etcd component and a real etcd and expects both to observe `expected` exactly.

import type { Compare, RequestOp } from '../../client/protocol.ts';
import { prefixEnd } from '../mvcc-store.ts';
import { TargetError, type EtcdTarget } from './target.ts';

/** Keys of a case live under its own prefix; `key('a')` names one of them. */
export type KeyOf = (name: string) => string;

export interface StoreCase {
  name: string;
  run(target: EtcdTarget, key: KeyOf): Promise<unknown>;
  expected: unknown;
}

/** A call's answer, or its gRPC error as `{ error: [code, message] }`. */
export async function attempt<T>(call: Promise<T>): Promise<T | { error: [string, string] }> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TargetError) return { error: [error.error.code, error.error.message] };
    throw error;
  }
}

const put = (key: string, value: string): RequestOp => ({ request_put: { key, value } });
const get = (key: string): RequestOp => ({ request_range: { key } });
const del = (key: string): RequestOp => ({ request_delete_range: { key } });
const mod = (key: string, revision: number, result: Compare['result'] = 'EQUAL'): Compare => ({
  key,
  target: 'MOD',
  result,
  mod_revision: revision,
});
const prefix = (key: string): { key: string; range_end: string } => ({
  key,
  range_end: prefixEnd(key),
});

export const STORE_CASES: StoreCase[] = [
  {
    name: 'put, overwrite and get: revisions, create/mod revision and version',
    async run(t, k) {
      return [
        await t.put({ key: k('a'), value: '1' }),
        await t.put({ key: k('a'), value: '2', prev_kv: true }),
        await t.put({ key: k('b'), value: '3' }),
        await t.range({ key: k('a') }),
        await t.range({ key: k('missing') }),
      ];
    },
    expected: [
      { header: { revision: 1 } },
      {
        header: { revision: 2 },
        prev_kv: { key: 'a', value: '1', create_revision: 1, mod_revision: 1, version: 1 },
      },
      { header: { revision: 3 } },
      {
        header: { revision: 3 },
        kvs: [{ key: 'a', value: '2', create_revision: 1, mod_revision: 2, version: 2 }],
        more: false,
        count: 1,
      },
      { header: { revision: 3 }, kvs: [], more: false, count: 0 },
    ],
  },
  {
    name: 'range over a prefix with limit, keys_only, count_only and a past revision',
    async run(t, k) {
      await t.put({ key: k('p/a'), value: 'a1' });
      const second = (await t.put({ key: k('p/b'), value: 'b1' })).header.revision;
      await t.put({ key: k('p/c'), value: 'c1' });
      await t.put({ key: k('q'), value: 'q1' });
      await t.put({ key: k('p/a'), value: 'a2' });
      const range = prefix(k('p/'));
      return {
        all: await t.range(range),
        limited: await t.range({ ...range, limit: 2 }),
        keysOnly: await t.range({ ...range, keys_only: true }),
        countOnly: await t.range({ ...range, count_only: true }),
        past: await t.range({ ...range, revision: second }),
        fromKey: await t.range({ key: k('p/b'), range_end: k('q') }),
      };
    },
    expected: {
      all: {
        header: { revision: 5 },
        kvs: [
          { key: 'p/a', value: 'a2', create_revision: 1, mod_revision: 5, version: 2 },
          { key: 'p/b', value: 'b1', create_revision: 2, mod_revision: 2, version: 1 },
          { key: 'p/c', value: 'c1', create_revision: 3, mod_revision: 3, version: 1 },
        ],
        more: false,
        count: 3,
      },
      limited: {
        header: { revision: 5 },
        kvs: [
          { key: 'p/a', value: 'a2', create_revision: 1, mod_revision: 5, version: 2 },
          { key: 'p/b', value: 'b1', create_revision: 2, mod_revision: 2, version: 1 },
        ],
        more: true,
        count: 3,
      },
      keysOnly: {
        header: { revision: 5 },
        kvs: [
          { key: 'p/a', value: '', create_revision: 1, mod_revision: 5, version: 2 },
          { key: 'p/b', value: '', create_revision: 2, mod_revision: 2, version: 1 },
          { key: 'p/c', value: '', create_revision: 3, mod_revision: 3, version: 1 },
        ],
        more: false,
        count: 3,
      },
      countOnly: { header: { revision: 5 }, kvs: [], more: false, count: 3 },
      past: {
        header: { revision: 5 },
        kvs: [
          { key: 'p/a', value: 'a1', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'p/b', value: 'b1', create_revision: 2, mod_revision: 2, version: 1 },
        ],
        more: false,
        count: 2,
      },
      fromKey: {
        header: { revision: 5 },
        kvs: [
          { key: 'p/b', value: 'b1', create_revision: 2, mod_revision: 2, version: 1 },
          { key: 'p/c', value: 'c1', create_revision: 3, mod_revision: 3, version: 1 },
        ],
        more: false,
        count: 2,
      },
    },
  },
  {
    name: 'delete one key and a prefix: tombstones, prev_kvs, recreation restarts the version',
    async run(t, k) {
      await t.put({ key: k('d/a'), value: '1' });
      const created = (await t.put({ key: k('d/b'), value: '2' })).header.revision;
      await t.put({ key: k('d/b'), value: '3' });
      await t.put({ key: k('e'), value: '4' });
      return [
        await t.deleteRange({ key: k('e') }),
        await t.deleteRange({ key: k('e'), prev_kv: true }),
        await t.deleteRange({ ...prefix(k('d/')), prev_kv: true }),
        await t.range(prefix(k('d/'))),
        await t.put({ key: k('d/b'), value: '5' }),
        await t.range({ key: k('d/b') }),
        await t.range({ key: k('d/b'), revision: created }),
      ];
    },
    expected: [
      { header: { revision: 5 }, deleted: 1 },
      { header: { revision: 5 }, deleted: 0, prev_kvs: [] },
      {
        header: { revision: 6 },
        deleted: 2,
        prev_kvs: [
          { key: 'd/a', value: '1', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'd/b', value: '3', create_revision: 2, mod_revision: 3, version: 2 },
        ],
      },
      { header: { revision: 6 }, kvs: [], more: false, count: 0 },
      { header: { revision: 7 } },
      {
        header: { revision: 7 },
        kvs: [{ key: 'd/b', value: '5', create_revision: 7, mod_revision: 7, version: 1 }],
        more: false,
        count: 1,
      },
      {
        header: { revision: 7 },
        kvs: [{ key: 'd/b', value: '2', create_revision: 2, mod_revision: 2, version: 1 }],
        more: false,
        count: 1,
      },
    ],
  },
  {
    name: 'txn on mod_revision: success branch writes once, failure branch reads',
    async run(t, k) {
      await t.put({ key: k('a'), value: '1' });
      const ok = await t.txn({
        compare: [mod(k('a'), (await t.range({ key: k('a') })).kvs[0]?.mod_revision ?? 0)],
        success: [put(k('a'), '2'), put(k('b'), '3'), get(k('a')), del(k('c'))],
        failure: [get(k('a'))],
      });
      const stale = await t.txn({
        compare: [mod(k('a'), 1)],
        success: [put(k('a'), 'never')],
        failure: [get(k('a')), get(k('b'))],
      });
      return { ok, stale, after: await t.range(prefix(k(''))) };
    },
    expected: {
      ok: {
        header: { revision: 2 },
        succeeded: true,
        responses: [
          { response_put: { header: { revision: 2 } } },
          { response_put: { header: { revision: 2 } } },
          {
            response_range: {
              header: { revision: 2 },
              kvs: [{ key: 'a', value: '2', create_revision: 1, mod_revision: 2, version: 2 }],
              more: false,
              count: 1,
            },
          },
          { response_delete_range: { header: { revision: 2 }, deleted: 0 } },
        ],
      },
      stale: {
        header: { revision: 2 },
        succeeded: false,
        responses: [
          {
            response_range: {
              header: { revision: 2 },
              kvs: [{ key: 'a', value: '2', create_revision: 1, mod_revision: 2, version: 2 }],
              more: false,
              count: 1,
            },
          },
          {
            response_range: {
              header: { revision: 2 },
              kvs: [{ key: 'b', value: '3', create_revision: 2, mod_revision: 2, version: 1 }],
              more: false,
              count: 1,
            },
          },
        ],
      },
      after: {
        header: { revision: 2 },
        kvs: [
          { key: 'a', value: '2', create_revision: 1, mod_revision: 2, version: 2 },
          { key: 'b', value: '3', create_revision: 2, mod_revision: 2, version: 1 },
        ],
        more: false,
        count: 2,
      },
    },
  },
  {
    name: 'txn compares version, create_revision, value and a missing key',
    async run(t, k) {
      await t.put({ key: k('a'), value: 'apple' });
      await t.put({ key: k('a'), value: 'banana' });
      const compare = (c: Compare) => t.txn({ compare: [c], success: [get(k('a'))], failure: [] });
      const results = [
        await compare({ key: k('a'), target: 'VERSION', result: 'EQUAL', version: 2 }),
        await compare({ key: k('a'), target: 'VERSION', result: 'GREATER', version: 2 }),
        await compare({ key: k('a'), target: 'VALUE', result: 'EQUAL', value: 'banana' }),
        await compare({ key: k('a'), target: 'VALUE', result: 'LESS', value: 'cherry' }),
        await compare({ key: k('a'), target: 'VALUE', result: 'NOT_EQUAL', value: 'banana' }),
        await compare({ key: k('a'), target: 'CREATE', result: 'LESS', create_revision: 1000000 }),
        await compare({ key: k('none'), target: 'MOD', result: 'EQUAL', mod_revision: 0 }),
        await compare({ key: k('none'), target: 'VERSION', result: 'EQUAL', version: 0 }),
        await compare({ key: k('none'), target: 'VALUE', result: 'EQUAL', value: '' }),
        await compare({ key: k('none'), target: 'VALUE', result: 'NOT_EQUAL', value: 'x' }),
      ];
      return results.map(({ header, succeeded, responses }) => ({
        header,
        succeeded,
        responses: responses.length,
      }));
    },
    expected: [
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: false, responses: 0 },
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: false, responses: 0 },
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: true, responses: 1 },
      { header: { revision: 2 }, succeeded: false, responses: 0 },
      { header: { revision: 2 }, succeeded: false, responses: 0 },
    ],
  },
  {
    name: 'txn with several writes is one revision; rejected txns write nothing',
    async run(t, k) {
      const multi = await t.txn({
        compare: [],
        success: [put(k('a'), '1'), put(k('b'), '2'), put(k('c'), '3')],
        failure: [],
      });
      const readOnly = await t.txn({ compare: [], success: [get(k('a'))], failure: [] });
      const duplicate = await attempt(
        t.txn({ compare: [], success: [put(k('a'), '4'), put(k('a'), '5')], failure: [] }),
      );
      const putAndDelete = await attempt(
        t.txn({ compare: [], success: [put(k('a'), '4'), del(k('a'))], failure: [] }),
      );
      const missingLease = await attempt(
        t.txn({
          compare: [],
          success: [put(k('b'), '6'), { request_put: { key: k('a'), value: '7', lease: 999 } }],
          failure: [],
        }),
      );
      return {
        multi,
        readOnly,
        duplicate,
        putAndDelete,
        missingLease,
        after: await t.range(prefix(k(''))),
      };
    },
    expected: {
      multi: {
        header: { revision: 1 },
        succeeded: true,
        responses: [
          { response_put: { header: { revision: 1 } } },
          { response_put: { header: { revision: 1 } } },
          { response_put: { header: { revision: 1 } } },
        ],
      },
      readOnly: {
        header: { revision: 1 },
        succeeded: true,
        responses: [
          {
            response_range: {
              header: { revision: 1 },
              kvs: [{ key: 'a', value: '1', create_revision: 1, mod_revision: 1, version: 1 }],
              more: false,
              count: 1,
            },
          },
        ],
      },
      duplicate: { error: ['InvalidArgument', 'etcdserver: duplicate key given in txn request'] },
      putAndDelete: {
        error: ['InvalidArgument', 'etcdserver: duplicate key given in txn request'],
      },
      missingLease: { error: ['NotFound', 'etcdserver: requested lease not found'] },
      after: {
        header: { revision: 1 },
        kvs: [
          { key: 'a', value: '1', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'b', value: '2', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'c', value: '3', create_revision: 1, mod_revision: 1, version: 1 },
        ],
        more: false,
        count: 3,
      },
    },
  },
  {
    name: 'errors: a future revision, an empty key',
    async run(t, k) {
      const current = (await t.range({ key: k('a') })).header.revision;
      return [
        await attempt(t.range({ key: k('a'), revision: current + 1 })),
        await attempt(t.range({ key: '' })),
        await attempt(t.put({ key: '', value: 'x' })),
      ];
    },
    expected: [
      { error: ['OutOfRange', 'etcdserver: mvcc: required revision is a future revision'] },
      { error: ['InvalidArgument', 'etcdserver: key is not provided'] },
      { error: ['InvalidArgument', 'etcdserver: key is not provided'] },
    ],
  },
  {
    name: 'watch from a past revision replays history in one batch, then one batch per txn',
    async run(t, k) {
      const first = (await t.put({ key: k('w/a'), value: '1' })).header.revision;
      await t.put({ key: k('w/b'), value: '2' });
      await t.put({ key: k('other'), value: 'x' });
      await t.put({ key: k('w/a'), value: '3' });
      await t.deleteRange({ key: k('w/b') });
      const watch = await t.watch({ ...prefix(k('w/')), start_revision: first, prev_kv: true });
      const replay = await watch.next();
      await t.txn({
        compare: [],
        success: [put(k('w/c'), '4'), del(k('w/a')), put(k('other'), 'y')],
        failure: [],
      });
      const live = await watch.next();
      await t.put({ key: k('w/z'), value: 'sentinel' });
      const sentinel = await watch.next();
      await watch.cancel();
      return { replay, live, sentinel };
    },
    expected: {
      replay: {
        header: { revision: 5 },
        events: [
          {
            type: 'PUT',
            kv: { key: 'w/a', value: '1', create_revision: 1, mod_revision: 1, version: 1 },
          },
          {
            type: 'PUT',
            kv: { key: 'w/b', value: '2', create_revision: 2, mod_revision: 2, version: 1 },
          },
          {
            type: 'PUT',
            kv: { key: 'w/a', value: '3', create_revision: 1, mod_revision: 4, version: 2 },
            prev_kv: { key: 'w/a', value: '1', create_revision: 1, mod_revision: 1, version: 1 },
          },
          {
            type: 'DELETE',
            kv: { key: 'w/b', value: '', create_revision: 0, mod_revision: 5, version: 0 },
            prev_kv: { key: 'w/b', value: '2', create_revision: 2, mod_revision: 2, version: 1 },
          },
        ],
      },
      live: {
        header: { revision: 6 },
        events: [
          {
            type: 'PUT',
            kv: { key: 'w/c', value: '4', create_revision: 6, mod_revision: 6, version: 1 },
          },
          {
            type: 'DELETE',
            kv: { key: 'w/a', value: '', create_revision: 0, mod_revision: 6, version: 0 },
            prev_kv: { key: 'w/a', value: '3', create_revision: 1, mod_revision: 4, version: 2 },
          },
        ],
      },
      sentinel: {
        header: { revision: 7 },
        events: [
          {
            type: 'PUT',
            kv: { key: 'w/z', value: 'sentinel', create_revision: 7, mod_revision: 7, version: 1 },
          },
        ],
      },
    },
  },
  {
    name: 'watch of one key from now, without prev_kv, skips other keys and older writes',
    async run(t, k) {
      await t.put({ key: k('a'), value: 'old' });
      const watch = await t.watch({ key: k('a') });
      await t.put({ key: k('ab'), value: 'other key' });
      await t.put({ key: k('a'), value: 'new' });
      await t.deleteRange({ key: k('a') });
      const responses = [await watch.next(), await watch.next()];
      await watch.cancel();
      return responses;
    },
    expected: [
      {
        header: { revision: 3 },
        events: [
          {
            type: 'PUT',
            kv: { key: 'a', value: 'new', create_revision: 1, mod_revision: 3, version: 2 },
          },
        ],
      },
      {
        header: { revision: 4 },
        events: [
          {
            type: 'DELETE',
            kv: { key: 'a', value: '', create_revision: 0, mod_revision: 4, version: 0 },
          },
        ],
      },
    ],
  },
  {
    name: 'watches from a future revision and on overlapping ranges see each txn once',
    async run(t, k) {
      const now = (await t.put({ key: k('a'), value: '0' })).header.revision;
      const future = await t.watch({ ...prefix(k('')), start_revision: now + 2 });
      const all = await t.watch(prefix(k('')));
      const one = await t.watch({ key: k('b'), prev_kv: true });
      await t.put({ key: k('a'), value: '1' });
      await t.txn({ compare: [], success: [put(k('b'), '2'), put(k('a'), '3')], failure: [] });
      await t.put({ key: k('c'), value: '4' });
      const seen = {
        future: [await future.next(), await future.next()],
        all: [await all.next(), await all.next(), await all.next()],
        one: await one.next(),
      };
      await Promise.all([future.cancel(), all.cancel(), one.cancel()]);
      return seen;
    },
    expected: {
      future: [
        {
          header: { revision: 3 },
          events: [
            {
              type: 'PUT',
              kv: { key: 'b', value: '2', create_revision: 3, mod_revision: 3, version: 1 },
            },
            {
              type: 'PUT',
              kv: { key: 'a', value: '3', create_revision: 1, mod_revision: 3, version: 3 },
            },
          ],
        },
        {
          header: { revision: 4 },
          events: [
            {
              type: 'PUT',
              kv: { key: 'c', value: '4', create_revision: 4, mod_revision: 4, version: 1 },
            },
          ],
        },
      ],
      all: [
        {
          header: { revision: 2 },
          events: [
            {
              type: 'PUT',
              kv: { key: 'a', value: '1', create_revision: 1, mod_revision: 2, version: 2 },
            },
          ],
        },
        {
          header: { revision: 3 },
          events: [
            {
              type: 'PUT',
              kv: { key: 'b', value: '2', create_revision: 3, mod_revision: 3, version: 1 },
            },
            {
              type: 'PUT',
              kv: { key: 'a', value: '3', create_revision: 1, mod_revision: 3, version: 3 },
            },
          ],
        },
        {
          header: { revision: 4 },
          events: [
            {
              type: 'PUT',
              kv: { key: 'c', value: '4', create_revision: 4, mod_revision: 4, version: 1 },
            },
          ],
        },
      ],
      one: {
        header: { revision: 3 },
        events: [
          {
            type: 'PUT',
            kv: { key: 'b', value: '2', create_revision: 3, mod_revision: 3, version: 1 },
          },
        ],
      },
    },
  },
  {
    name: 'limit and count on a past revision, and a range to the end of the keyspace',
    async run(t, k) {
      for (const name of ['a', 'b', 'c', 'd']) await t.put({ key: k(name), value: name });
      const past = (await t.range({ key: k('a') })).header.revision;
      await t.deleteRange({ key: k('b') });
      await t.put({ key: k('e'), value: 'e' });
      return {
        pastLimited: await t.range({ ...prefix(k('')), revision: past, limit: 2 }),
        countOnlyIgnoresLimit: await t.range({ ...prefix(k('')), count_only: true, limit: 1 }),
        keysOnlyLimited: await t.range({ ...prefix(k('')), keys_only: true, limit: 3 }),
        fromKey: await t.range({ key: k('c'), range_end: '\0' }),
      };
    },
    expected: {
      pastLimited: {
        header: { revision: 6 },
        kvs: [
          { key: 'a', value: 'a', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'b', value: 'b', create_revision: 2, mod_revision: 2, version: 1 },
        ],
        more: true,
        count: 4,
      },
      countOnlyIgnoresLimit: { header: { revision: 6 }, kvs: [], more: false, count: 4 },
      keysOnlyLimited: {
        header: { revision: 6 },
        kvs: [
          { key: 'a', value: '', create_revision: 1, mod_revision: 1, version: 1 },
          { key: 'c', value: '', create_revision: 3, mod_revision: 3, version: 1 },
          { key: 'd', value: '', create_revision: 4, mod_revision: 4, version: 1 },
        ],
        more: true,
        count: 4,
      },
      fromKey: {
        header: { revision: 6 },
        kvs: [
          { key: 'c', value: 'c', create_revision: 3, mod_revision: 3, version: 1 },
          { key: 'd', value: 'd', create_revision: 4, mod_revision: 4, version: 1 },
          { key: 'e', value: 'e', create_revision: 6, mod_revision: 6, version: 1 },
        ],
        more: false,
        count: 3,
      },
    },
  },
  {
    name: 'compaction: reads and watches below it fail with the compacted error',
    async run(t, k) {
      const first = (await t.put({ key: k('a'), value: '1' })).header.revision;
      await t.put({ key: k('a'), value: '2' });
      await t.put({ key: k('b'), value: '3' });
      const compacted = await t.compact(first + 1);
      const watch = await t.watch({ ...prefix(k('')), start_revision: first });
      return {
        compacted,
        below: await attempt(t.range({ key: k('a'), revision: first })),
        at: await t.range({ key: k('a'), revision: first + 1 }),
        txnBelow: await attempt(
          t.txn({
            compare: [],
            success: [{ request_range: { key: k('a'), revision: first } }],
            failure: [],
          }),
        ),
        watchBelow: await watch.next(),
        again: await attempt(t.compact(first + 1)),
        future: await attempt(t.compact(first + 100)),
      };
    },
    expected: {
      compacted: { header: { revision: 3 } },
      below: { error: ['OutOfRange', 'etcdserver: mvcc: required revision has been compacted'] },
      at: {
        header: { revision: 3 },
        kvs: [{ key: 'a', value: '2', create_revision: 1, mod_revision: 2, version: 2 }],
        more: false,
        count: 1,
      },
      txnBelow: { error: ['OutOfRange', 'etcdserver: mvcc: required revision has been compacted'] },
      watchBelow: { header: { revision: 0 }, events: [], canceled: true, compact_revision: 2 },
      again: { error: ['OutOfRange', 'etcdserver: mvcc: required revision has been compacted'] },
      future: { error: ['OutOfRange', 'etcdserver: mvcc: required revision is a future revision'] },
    },
  },
  {
    name: 'leases: TTL raised to the minimum, keep-alive, expiry and revoke delete the keys',
    async run(t, k) {
      const kept = await t.leaseGrant(3);
      const expiring = await t.leaseGrant(1);
      await t.put({ key: k('kept/1'), value: 'k', lease: kept.ID });
      await t.put({ key: k('expiring/2'), value: 'e', lease: expiring.ID });
      await t.put({ key: k('expiring/1'), value: 'e', lease: expiring.ID });
      await t.put({ key: k('detached'), value: 'd', lease: expiring.ID });
      await t.put({ key: k('detached'), value: 'd2' });
      const watch = await t.watch(prefix(k('')));
      // Half a second in, 1.5 s remain: whole seconds truncate to 1 on both clocks.
      await t.elapse(500);
      const before = await t.leaseTimeToLive(expiring.ID, true);
      // etcd lists a lease's keys in Go map order.
      before.keys?.sort();
      await t.elapse(1000);
      const keptAlive = await t.leaseKeepAlive(kept.ID);
      // A real etcd revokes expired leases every 500 ms: 3.8 s is well past the unrenewed
      // expiries (2 s and 3 s) and 0.7 s before the renewed one (1.5 s + 3 s).
      await t.elapse(2300);
      const expiry = await watch.next();
      const afterExpiry = {
        expired: await t.leaseTimeToLive(expiring.ID, true),
        kept: await t.leaseTimeToLive(kept.ID, true),
        keys: await t.range({ ...prefix(k('')), keys_only: true }),
      };
      const revoked = await t.leaseRevoke(kept.ID);
      const revocation = await watch.next();
      await watch.cancel();
      return {
        grants: [kept, expiring],
        before,
        keptAlive,
        expiry,
        afterExpiry,
        revoked,
        revocation,
        keepAliveRevoked: await t.leaseKeepAlive(kept.ID),
        revokeAgain: await attempt(t.leaseRevoke(kept.ID)),
        putOnRevoked: await attempt(t.put({ key: k('x'), value: 'x', lease: kept.ID })),
      };
    },
    expected: {
      grants: [
        { header: { revision: 0 }, ID: 1, TTL: 3 },
        { header: { revision: 0 }, ID: 2, TTL: 2 },
      ],
      before: {
        header: { revision: 5 },
        ID: 2,
        TTL: 1,
        grantedTTL: 2,
        keys: ['expiring/1', 'expiring/2'],
      },
      keptAlive: { header: { revision: 5 }, ID: 1, TTL: 3 },
      expiry: {
        header: { revision: 6 },
        events: [
          {
            type: 'DELETE',
            kv: { key: 'expiring/1', value: '', create_revision: 0, mod_revision: 6, version: 0 },
          },
          {
            type: 'DELETE',
            kv: { key: 'expiring/2', value: '', create_revision: 0, mod_revision: 6, version: 0 },
          },
        ],
      },
      afterExpiry: {
        expired: { header: { revision: 6 }, ID: 2, TTL: -1, grantedTTL: 0, keys: [] },
        kept: { header: { revision: 6 }, ID: 1, TTL: 0, grantedTTL: 3, keys: ['kept/1'] },
        keys: {
          header: { revision: 6 },
          kvs: [
            { key: 'detached', value: '', create_revision: 4, mod_revision: 5, version: 2 },
            { key: 'kept/1', value: '', create_revision: 1, mod_revision: 1, version: 1, lease: 1 },
          ],
          more: false,
          count: 2,
        },
      },
      revoked: { header: { revision: 7 } },
      revocation: {
        header: { revision: 7 },
        events: [
          {
            type: 'DELETE',
            kv: { key: 'kept/1', value: '', create_revision: 0, mod_revision: 7, version: 0 },
          },
        ],
      },
      keepAliveRevoked: { header: { revision: 7 }, ID: 1, TTL: 0 },
      revokeAgain: { error: ['NotFound', 'etcdserver: requested lease not found'] },
      putOnRevoked: { error: ['NotFound', 'etcdserver: requested lease not found'] },
    },
  },
];
