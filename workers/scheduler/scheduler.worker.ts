// Browser entry: a Web Worker holding kube-scheduler.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { createSchedulerActor } from './index.ts';

Comlink.expose(createRuntimeWorkerService(() => [createSchedulerActor()]));
