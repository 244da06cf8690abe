// Browser entry: a Web Worker holding the API server; its changes also go to the UI's tap.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { createApiServerActor } from './actor.ts';

Comlink.expose(
  createRuntimeWorkerService((_plan, publish, config) => [
    createApiServerActor({
      ...config.apiserver,
      onChange: (events) => {
        publish(events);
      },
    }),
  ]),
);
