// /debug/etcd/ (our etcdctl's door) on a cluster whose state is in a real etcd: ranges at past
// revisions read etcd itself, compacted ones fail with etcd's error, and the snapshot is our store
// state read at one revision, whose every retained revision reads as etcd's. Skipped without etcd.

import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RangeResponse } from '../workers/client/protocol.ts';
import type { StoreState } from '../workers/client/store-state.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  snapshotStatus,
} from '../workers/etcdctl/snapshot-file.ts';
import { MvccStore } from '../workers/etcd/mvcc-store.ts';
import { ETCD_AVAILABLE, ETCD_MISSING, startEtcd, type EtcdProcess } from './etcd-process.ts';
import { call, startTestCluster, type TestCluster } from './testing.ts';

if (!ETCD_AVAILABLE) console.warn(`etcd-debug: ${ETCD_MISSING}`);

const ALL = { key: '\0', range_end: '\0' };
const CONFIG_KEY = '/registry/configmaps/default/settings';

function query(fields: Record<string, string | number>): string {
  return new URLSearchParams(
    Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();
}

describe.skipIf(!ETCD_AVAILABLE)('/debug/etcd/ on a real etcd', () => {
  let server: EtcdProcess;
  let target: TestCluster;
  let etcd: Etcd3;
  beforeAll(async () => {
    server = await startEtcd();
    target = await startTestCluster(1, [server.url]);
    etcd = new Etcd3({ hosts: [server.url] });
  }, 60_000);
  afterAll(async () => {
    etcd.close();
    await target.stop();
    await server.stop();
  });

  async function range(fields: Record<string, string | number>) {
    return call(target, 'GET', `/debug/etcd/range?${query(fields)}`);
  }

  async function snapshot(): Promise<StoreState> {
    const answer = await call(target, 'GET', '/debug/etcd/snapshot');
    expect(answer.status).toBe(200);
    return answer.json() as StoreState;
  }

  /** Creates then updates a ConfigMap; the revisions of both writes. */
  async function writeConfig(name: string): Promise<[number, number]> {
    const path = '/api/v1/namespaces/default/configmaps';
    const body = (data: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name },
        data: { v: data },
      });
    const created = await call(target, 'POST', path, { body: body('1') });
    const updated = await call(target, 'PUT', `${path}/${name}`, { body: body('2') });
    const revision = (text: string) =>
      Number(
        (JSON.parse(text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      );
    return [revision(created.text), revision(updated.text)];
  }

  it('reads a key at a past revision as etcd holds it', async () => {
    const [created, updated] = await writeConfig('settings');
    const [before, after] = await Promise.all([
      range({ key: CONFIG_KEY, revision: created }),
      range({ key: CONFIG_KEY }),
    ]);
    const value = (answer: typeof before) =>
      JSON.parse((answer.json() as RangeResponse).kvs[0]?.value ?? '{}') as { data: unknown };
    expect(value(before).data).toEqual({ v: '1' });
    expect(value(after).data).toEqual({ v: '2' });
    expect((after.json() as RangeResponse).kvs[0]).toMatchObject({
      create_revision: created,
      mod_revision: updated,
      version: 2,
    });
    const direct = await etcd.get(CONFIG_KEY).exec();
    expect((after.json() as RangeResponse).kvs[0]?.value).toBe(direct.kvs[0]?.value.toString());
  });

  it('takes a snapshot at one revision whose keys are etcd keys at that revision', async () => {
    const state = await snapshot();
    const store = MvccStore.fromState(state);
    const atRevision = await range({ ...ALL, revision: state.revision });
    expect(store.range({ ...ALL, revision: state.revision }).kvs).toEqual(
      (atRevision.json() as RangeResponse).kvs,
    );
    expect(state).toMatchObject({ compactRevision: 0, base: [], historyStart: 2 });
    expect(state.history).toHaveLength(state.revision - 1);
    // The Events' lease (one hour and the reuse window) is among etcd's leases.
    expect(state.leases.map((lease) => lease.ttl)).toContain(3660);
    const named = store.range({ ...ALL, revision: state.revision }).kvs.map((kv) => kv.lease);
    const held = state.leases.map((lease) => lease.id);
    expect(named.filter((lease) => lease !== undefined && !held.includes(lease))).toEqual([]);
    expect((await snapshotStatus(await encodeSnapshot(state))).revision).toBe(state.revision);
  });

  it('after compaction fails reads below it with etcd error and snapshots from it on', async () => {
    const [created] = await writeConfig('after');
    const compactAt = created + 1;
    await etcd.kv.compact({ revision: compactAt, physical: true });
    const compacted = await range({ key: CONFIG_KEY, revision: compactAt - 1 });
    expect([compacted.status, compacted.json()]).toEqual([
      400,
      { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' },
    ]);

    const state = await decodeSnapshot(await encodeSnapshot(await snapshot()));
    expect(state).toMatchObject({ compactRevision: compactAt, historyStart: compactAt });
    expect(state.base.map((kv) => kv.key)).toContain('/registry/namespaces/default');
    const store = MvccStore.fromState(state);
    for (let revision = compactAt; revision <= state.revision; revision++) {
      const fromEtcd = (await range({ ...ALL, revision })).json() as RangeResponse;
      expect(store.range({ ...ALL, revision }).kvs).toEqual(fromEtcd.kvs);
    }
  });
});
