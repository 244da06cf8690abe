import type { ConfigMap } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalEtcdClient } from '../../host/local-etcd-client.ts';
import {
  expectFailure,
  recordWatch,
  settle,
  startApiServer,
  type TestApiServer,
} from '../testing.ts';
import { COMPACT_REV_KEY, DEFAULT_COMPACT_INTERVAL_MS, compactCycle } from './compact.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createConfigMap(name: string): Promise<number> {
  const response = await api.request('POST', CONFIGMAPS, { body: { metadata: { name } } });
  expect(response.code).toBe(201);
  return Number((response.body as ConfigMap).metadata?.resourceVersion);
}

/** Moves virtual time one compaction interval on and lets the cycle's etcd calls finish. */
async function nextCycle(): Promise<void> {
  api.clock.advanceTo(api.clock.now() + DEFAULT_COMPACT_INTERVAL_MS);
  await settle();
}

function compactRevKey(): { value: string; version: number } | undefined {
  return api.etcd.store.range({ key: COMPACT_REV_KEY }).kvs[0];
}

describe('the compaction cycle', () => {
  it('claims the first cycle without compacting (no compaction on bootstrap)', async () => {
    await nextCycle();
    expect(compactRevKey()).toMatchObject({ value: '0', version: 1 });
    expect(api.etcd.store.compactRevision).toBe(0);
    expect(api.server.compactor.compactRevision).toBe(0);
  });

  it('compacts to the revision etcd had at the previous cycle, keeping the history since', async () => {
    await nextCycle();
    const seen = api.etcd.store.revision;
    const later = await createConfigMap('kept');
    await nextCycle();
    expect(compactRevKey()).toMatchObject({ value: String(seen), version: 2 });
    expect(api.etcd.store.compactRevision).toBe(seen);
    expect(api.server.compactor.compactRevision).toBe(seen);
    expect(api.etcd.store.range({ key: '/registry/', revision: later }).header.revision).toBe(
      api.etcd.store.revision,
    );
  });

  it('does nothing before the interval has passed', async () => {
    api.clock.advanceTo(api.clock.now() + DEFAULT_COMPACT_INTERVAL_MS - 1);
    await settle();
    expect(compactRevKey()).toBeUndefined();
  });

  it('answers 410 Expired to a list at a compacted resourceVersion', async () => {
    const old = await createConfigMap('old');
    await nextCycle();
    await nextCycle();
    expectFailure(
      await api.request('GET', CONFIGMAPS, {
        query: { resourceVersion: String(old), resourceVersionMatch: 'Exact' },
      }),
      410,
      'Expired',
      'The resourceVersion for the provided list is too old.',
    );
  });

  it('still serves a watch from a compacted resourceVersion the watch cache holds, as 1.32 does', async () => {
    const old = await createConfigMap('old');
    await createConfigMap('new');
    await nextCycle();
    await nextCycle();
    expect(api.etcd.store.compactRevision).toBeGreaterThan(old);
    const stream = recordWatch(api.server, CONFIGMAPS, { resourceVersion: String(old) });
    if ('code' in stream) throw new Error(JSON.stringify(stream.body));
    expect(stream.events.map((event) => `${event.type} ${event.object.metadata?.name}`)).toEqual([
      'ADDED new',
    ]);
  });
});

describe('compactCycle', () => {
  it.each([
    ['a compactor that saw the current version claims the cycle', 0, 0, true],
    ['a compactor behind another one adopts its version and compacts nothing', 0, 1, false],
  ])('%s', async (_case, expectVersion, claimsBefore, claims) => {
    const etcd = new LocalEtcdClient();
    etcd.store.put({ key: '/registry/a', value: '1' });
    for (let i = 0; i < claimsBefore; i++) await compactCycle(etcd, i, 0);
    const revision = etcd.store.revision;
    const result = await compactCycle(etcd, expectVersion, revision);
    expect(result).toEqual(
      claims
        ? { version: 1, revision: revision + 1, compacted: revision }
        : { version: 1, revision: etcd.store.revision, compacted: 0 },
    );
    expect(etcd.store.compactRevision).toBe(claims ? revision : 0);
  });

  it('keeps its claim when etcd was already compacted further', async () => {
    const etcd = new LocalEtcdClient();
    etcd.store.put({ key: '/registry/a', value: '1' });
    etcd.store.put({ key: '/registry/a', value: '2' });
    etcd.store.compact(etcd.store.revision);
    expect(await compactCycle(etcd, 0, 2)).toEqual({
      version: 1,
      revision: etcd.store.revision,
      compacted: 0,
    });
  });
});
