// A worker_threads worker holding one runtime; the Node host starts one per runtime plan.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { parentPort } from 'node:worker_threads';
import { actorsFor } from './actors.ts';
import { createRuntimeWorkerService } from './worker-service.ts';

if (!parentPort) throw new Error('node-worker-entry must run in a worker thread');

const service = createRuntimeWorkerService((plan, publish, config) =>
  actorsFor(
    plan,
    {
      ...config.apiserver,
      onChange: (events) => {
        publish(events);
      },
    },
    config,
  ),
);
Comlink.expose(service, nodeEndpoint(parentPort));
