// Our etcdctl against the real one: the same writes into our store and a real etcd 3.4, then the
// same `etcdctl get …` on both must print the same bytes (etcd's JSON header carries cluster and
// member IDs and a raft term our single simulated member has not, so those are left out) and
// exit with the same code. Skipped, saying so, without etcd and etcdctl binaries.

import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MvccStore } from '../workers/etcd/mvcc-store.ts';
import { etcdctl, localEtcdctl } from '../workers/etcdctl/testing.ts';
import { GrpcEtcd } from './etcd-grpc.ts';
import { ETCD_AVAILABLE, ETCD_MISSING, startEtcd, type EtcdProcess } from './etcd-process.ts';

const ETCDCTL = process.env.ETCDCTL_BINARY ?? 'etcdctl';
const AVAILABLE = ETCD_AVAILABLE && spawnSync(ETCDCTL, ['version']).status === 0;

type Write = { put: [string, string] } | { del: string } | { compact: number };

const WRITES: Write[] = [
  { put: ['/registry/pods/default/a', '{"kind":"Pod","metadata":{"name":"a"}}'] },
  { put: ['/registry/pods/default/b', 'xyz'] },
  { put: ['/registry/services/specs/default/web', '{"kind":"Service"}'] },
  { put: ['foo', 'bar'] },
  { put: ['/registry/pods/default/b', 'b2'] },
  { del: 'foo' },
  { put: ['/registry/pods/kube-system/c', 'ünïcode'] },
  { compact: 3 },
];

const CASES: string[][] = [
  ['get', '/registry', '--prefix'],
  ['get', '/registry', '--prefix', '--keys-only'],
  ['get', '/registry/pods/', '--prefix', '--limit', '2'],
  ['get', '/registry/pods/default/b', '--rev', '4'],
  ['get', 'foo', '--rev=5'],
  ['get', 'foo'],
  ['get', '/registry/pods/default/a', '/registry/pods/default/c'],
  ['get', '/registry/pods/default/b', '--print-value-only'],
  ['get', '', '--from-key', '--keys-only'],
  ['get', '', '--prefix', '--limit=1'],
  ['get', '/registry', '--prefix', '-w', 'json'],
  ['get', '/registry', '--prefix', '--keys-only', '-w', 'json'],
  ['get', '/registry/pods/', '--prefix', '--limit', '1', '-w', 'json'],
  ['get', 'nothing', '-w', 'json'],
  ['get', 'foo', '--rev', '2'],
  ['get', 'foo', '--rev', '99'],
  ['get'],
  ['get', 'a', 'b', '--prefix'],
  ['get', 'a', '--prefix', '--from-key'],
  ['get', 'a', '-w', 'json', '--print-value-only'],
];

/** Flag errors: cobra also prints the command's usage, which ours leaves out. */
const FLAG_ERRORS: string[][] = [
  ['get', 'a', '--limit', 'x'],
  ['get', 'a', '--no-such-flag'],
];

interface Printed {
  stdout: string;
  error: string;
  code: number;
}

/** etcd's JSON header without what only a raft member has. */
function comparable(stdout: string): string {
  if (!stdout.startsWith('{')) return stdout;
  const json = JSON.parse(stdout) as { header: Record<string, unknown> };
  const { cluster_id: _cluster, member_id: _member, raft_term: _term, ...header } = json.header;
  return `${JSON.stringify({ ...json, header })}\n`;
}

/** The first `Error: …` line: the real etcdctl also logs its retries and repeats some errors. */
function firstError(stderr: string): string {
  return stderr.split('\n').find((line) => line.startsWith('Error: ')) ?? '';
}

if (!AVAILABLE) console.warn(`etcdctl-oracle: ${ETCD_MISSING} (and etcdctl)`);

describe.skipIf(!AVAILABLE)('our etcdctl and etcdctl 3.4 on the same data', () => {
  let server: EtcdProcess;
  const ours = new MvccStore();
  beforeAll(async () => {
    server = await startEtcd();
    const etcd = new GrpcEtcd([server.url]);
    try {
      for (const write of WRITES) {
        if ('put' in write) {
          const [key, value] = write.put;
          await etcd.put({ key, value });
          ours.put({ key, value });
        } else if ('del' in write) {
          await etcd.deleteRange({ key: write.del });
          ours.deleteRange({ key: write.del });
        } else {
          await etcd.compact(write.compact);
          ours.compact(write.compact);
        }
      }
    } finally {
      etcd.close();
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  async function both(args: string[]): Promise<[Printed, Printed]> {
    const real = spawnSync(ETCDCTL, [`--endpoints=${server.url}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
      encoding: 'utf8',
    });
    const mine = await etcdctl(localEtcdctl(ours), ...args);
    return [
      { stdout: comparable(mine.stdout), error: firstError(mine.stderr), code: mine.code },
      { stdout: comparable(real.stdout), error: firstError(real.stderr), code: real.status ?? -1 },
    ];
  }

  it.each(CASES.map((args) => [args.join(' '), args]))('etcdctl %s', async (_name, args) => {
    const [mine, real] = await both(args);
    expect(mine).toEqual(real);
  });

  it.each(FLAG_ERRORS.map((args) => [args.join(' '), args]))(
    'etcdctl %s fails alike',
    async (_name, args) => {
      const [mine, real] = await both(args);
      expect({ ...mine, stdout: '' }).toEqual({ ...real, stdout: '' });
    },
  );
});
