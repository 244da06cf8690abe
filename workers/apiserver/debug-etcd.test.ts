// /debug/etcd/: the store's range and snapshot for etcdctl, to cluster-admin only, never in
// discovery.

import { beforeEach, describe, expect, it } from 'vitest';
import type { RangeResponse, UserInfo } from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const JANE: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

describe('GET /debug/etcd/range', () => {
  it('reads keys with etcd Range semantics', async () => {
    const body = expectOk(
      await api.request('GET', '/debug/etcd/range', {
        query: {
          key: '/registry/namespaces/',
          range_end: '/registry/namespaces0',
          keys_only: 'true',
          limit: '2',
        },
      }),
    ) as RangeResponse;
    expect(body.kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ['/registry/namespaces/default', ''],
      ['/registry/namespaces/kube-node-lease', ''],
    ]);
    expect(body).toMatchObject({
      more: true,
      count: 4,
      header: { revision: api.etcd.store.revision },
    });
  });

  it("answers etcd's own error for a future revision", async () => {
    const response = await api.request('GET', '/debug/etcd/range', {
      query: { key: 'a', revision: '100000' },
    });
    expect(response).toMatchObject({
      code: 400,
      body: {
        code: 'OutOfRange',
        message: 'etcdserver: mvcc: required revision is a future revision',
      },
    });
  });
});

describe('GET /debug/etcd/snapshot', () => {
  it("answers the store's state", async () => {
    const state = expectOk(await api.request('GET', '/debug/etcd/snapshot')) as StoreState;
    expect(state.revision).toBe(api.etcd.store.revision);
    expect(state.history.flat().map((kv) => kv.key)).toContain('/registry/namespaces/default');
  });
});

describe('the debug path', () => {
  it.each(['/debug/etcd/range', '/debug/etcd/snapshot'])(
    'is forbidden to a user without cluster-admin: %s',
    async (path) => {
      expectFailure(
        await api.request('GET', path, { user: JANE }),
        403,
        'Forbidden',
        `forbidden: User "jane" cannot get path "${path}"`,
      );
    },
  );

  it('is not served for writes or unknown actions', async () => {
    expect((await api.request('POST', '/debug/etcd/snapshot')).code).toBe(404);
    expect((await api.request('GET', '/debug/etcd/compact')).code).toBe(404);
  });

  it('is in no discovery document', async () => {
    for (const path of ['/api', '/apis', '/openapi/v2']) {
      expect(JSON.stringify((await api.request('GET', path)).body)).not.toContain('debug/etcd');
    }
  });
});
