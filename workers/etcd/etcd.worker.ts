// Browser entry: a Web Worker holding the etcd component.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { createEtcdActor } from './etcd.ts';

Comlink.expose(
  createRuntimeWorkerService((_plan, publish, config) => [
    createEtcdActor(config.initialState, config.persist ? publish : undefined),
  ]),
);
