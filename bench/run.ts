// `npm run bench`: prints the figures; nothing here is a pass/fail test.

import { benchAgent } from './agent-bench.ts';
import { benchBrowser } from './browser-bench.ts';
import { benchBundle } from './bundle-bench.ts';
import { benchOnePodInProcess, benchThousandPods, benchWorkerHost } from './cluster-bench.ts';
import { benchEtcd } from './etcd-bench.ts';
import { benchHttp } from './http-bench.ts';
import { benchPersist } from './persist-bench.ts';
import { benchRollingUpdate } from './rollout-bench.ts';
import { benchScheduler } from './scheduler-bench.ts';

const benches: [string, () => Promise<string[]>][] = [
  ['in-process host', benchOnePodInProcess],
  ['worker_threads host', benchWorkerHost],
  ['1,000 pods', benchThousandPods],
  ['rolling update', benchRollingUpdate],
  ['HTTP API', benchHttp],
  ['browser', benchBrowser],
  ['bundle', benchBundle],
  ['IndexedDB persist', benchPersist],
  ['scheduler', benchScheduler],
  ['etcd store vs real etcd', benchEtcd],
  ['local agent vs dockerode', benchAgent],
];

const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && !name.includes(only)) continue;
  console.log(`# ${name}`);
  for (const line of await run()) console.log(line);
}
