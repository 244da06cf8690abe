// Browser entry: a Web Worker holding the etcd component.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { etcdActor } from './etcd.ts';

Comlink.expose(createRuntimeWorkerService(() => [etcdActor]));
