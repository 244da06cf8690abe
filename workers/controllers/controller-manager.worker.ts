// Browser entry: a Web Worker holding kube-controller-manager.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { createControllerManagerActor } from './index.ts';

Comlink.expose(createRuntimeWorkerService(() => [createControllerManagerActor()]));
