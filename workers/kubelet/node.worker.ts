// Browser entry: a Web Worker holding one node (kubelet + kube-proxy) or a pool of nodes.
import * as Comlink from 'comlink';
import { createRuntimeWorkerService } from '../host/worker-service.ts';
import { createNodeActors } from './index.ts';

Comlink.expose(
  createRuntimeWorkerService((plan, _publish, config) =>
    plan.nodes.flatMap((node) =>
      createNodeActors({
        ...node,
        images: config.images ?? [],
        ...(config.resumed ? { resumed: true } : {}),
      }),
    ),
  ),
);
