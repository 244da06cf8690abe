// Our etcd component against a real etcd 3.4 on this machine, through the dual-target suite's
// EtcdTarget (workers/etcd/conformance/): one client's sequential puts of pod-sized values, single-key
// ranges, a 1,000-key prefix list, and watch events replayed from history. The real etcd is
// started on loopback ports with a temporary data dir, as the suite does; without one, only our
// figures print.

import { ActorTarget } from '../workers/etcd/conformance/actor-target.ts';
import type { EtcdTarget } from '../workers/etcd/conformance/target.ts';
import { prefixEnd } from '../workers/etcd/mvcc-store.ts';
import { GrpcEtcd } from '../server/etcd-grpc.ts';
import { ETCD_AVAILABLE, ETCD_MISSING, startEtcd } from '../server/etcd-process.ts';
import { RealEtcdTarget } from '../server/etcd-target.ts';

const PREFIX = '/registry/pods/bench/';
/** About the size of a stored Pod. */
const VALUE = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', padding: 'x'.repeat(1500) });

interface Figures {
  puts: number;
  gets: number;
  lists: number;
  watchEvents: number;
}

async function rate(count: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await work(i);
  return count / ((performance.now() - started) / 1000);
}

async function measure(target: EtcdTarget, scale: number): Promise<Figures> {
  const keys = 1000;
  const key = (i: number): string => `${PREFIX}pod-${String(i % keys).padStart(4, '0')}`;
  const first = (await target.range({ key: PREFIX })).header.revision + 1;
  const puts = await rate(20 * scale, (i) => target.put({ key: key(i), value: VALUE }));
  const gets = await rate(20 * scale, (i) => target.range({ key: key(i * 7) }));
  const lists = await rate(scale / 5, () =>
    target.range({ key: PREFIX, range_end: prefixEnd(PREFIX) }),
  );
  const events = 20 * scale;
  const started = performance.now();
  const watch = await target.watch({
    key: PREFIX,
    range_end: prefixEnd(PREFIX),
    start_revision: first,
  });
  for (let received = 0; received < events;) received += (await watch.next()).events.length;
  const watchEvents = events / ((performance.now() - started) / 1000);
  await watch.cancel();
  return { puts, gets, lists, watchEvents };
}

const LABELS: [keyof Figures, string][] = [
  ['puts', 'puts/s (one client, 1.5 kB values)'],
  ['gets', 'single-key ranges/s'],
  ['lists', '1,000-key prefix ranges/s'],
  ['watchEvents', 'watch events/s (replayed from history)'],
];

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export async function benchEtcd(): Promise<string[]> {
  const ours = await measure(new ActorTarget(), 1000);
  if (!ETCD_AVAILABLE) {
    return [
      ...LABELS.map(([field, label]) => `our store: ${format(ours[field])} ${label}`),
      ETCD_MISSING,
    ];
  }
  const server = await startEtcd();
  const etcd = new GrpcEtcd([server.url]);
  try {
    const real = await measure(new RealEtcdTarget(etcd), 100);
    return LABELS.map(
      ([field, label]) =>
        `${label}: ours ${format(ours[field])}, etcd ${format(real[field])} (${(ours[field] / real[field]).toFixed(0)}×)`,
    );
  } finally {
    etcd.close();
    await server.stop();
  }
}
