// Snapshot save and restore for a cluster of 1,000 Running pods on 100 nodes, in one thread: the
// state taken through the API server, the file written and read (workers/etcdctl/snapshot-file.ts),
// and a cluster booted from it until the API server serves every pod again; then the state taken
// again in worker_threads, where it is copied from etcd's worker to the API server's and on.

import { POD_TYPE } from '../workers/client/client.ts';
import { storedKeyCount } from '../workers/client/store-state.ts';
import { decodeSnapshot, encodeSnapshot } from '../workers/etcdctl/snapshot-file.ts';
import { InProcessHost } from '../workers/host/in-process-host.ts';
import { WorkerThreadsHost } from '../workers/host/node-host.ts';
import { nodesReady, observer, pod } from './cluster-bench.ts';

function ms(started: number): string {
  return `${(performance.now() - started).toFixed(0)} ms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

export async function benchSnapshot(): Promise<string[]> {
  const { objects, onChange, running } = observer();
  const nodes = 100;
  const count = 1000;
  const host = new InProcessHost({ seed: 1, nodes, onChange });
  await host.runUntil(() => nodesReady(objects, nodes), 300_000);
  await host.kubectlDo(
    (client) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          client.resource(POD_TYPE, 'default').create(pod(`p-${i}`)),
        ),
      ),
    600_000,
  );
  await host.runUntil(() => running() === count, 600_000);

  // The pods' last status writes are still in flight: a first request waits out their rounds,
  // which belong to the running cluster, not to the save.
  let started = performance.now();
  await host.kubectlDo((client) =>
    client.request({ verb: 'GET', path: '/api/v1/namespaces/default' }),
  );
  const drained = ms(started);

  started = performance.now();
  const state = await host.exportState();
  const exported = ms(started);
  started = performance.now();
  const file = await encodeSnapshot(state);
  const encoded = ms(started);
  const json = JSON.stringify(state).length;

  started = performance.now();
  const decoded = await decodeSnapshot(file);
  const read = ms(started);
  started = performance.now();
  const restored = new InProcessHost({ seed: 1, nodes, initialState: decoded });
  const listed = await restored.kubectlDo(
    async (client) => (await client.resource(POD_TYPE, 'default').list()).items.length,
    600_000,
  );
  const booted = ms(started);

  const workers = await WorkerThreadsHost.start({ seed: 1, nodes, initialState: decoded });
  let workerExport: string;
  try {
    await workers.kubectlDo(
      (client) => client.request({ verb: 'GET', path: '/api/v1/namespaces/default' }),
      600_000,
    );
    started = performance.now();
    await workers.exportState();
    workerExport = ms(started);
  } finally {
    await workers.stop();
  }
  return [
    `state at revision ${String(state.revision)}: ${String(storedKeyCount(state))} key versions, ${megabytes(json)} of JSON`,
    `rounds still pending once the pods ran (a GET waits them out): ${drained}`,
    `save: state through the API server ${exported}, file written ${encoded}: ${megabytes(file.length)}`,
    `restore: file checked and read ${read}; a cluster booted from it lists its ${String(listed)} pods after ${booted}`,
    `save in worker_threads (as in the browser): state through the API server ${workerExport}`,
  ];
}
