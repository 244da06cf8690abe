// The components a runtime plan holds, built from each component's own constructor. Only hosts
// import this; the browser's per-component worker entries import their one component instead.

import { createApiServerActor, type ApiServerOptions } from '../apiserver/actor.ts';
import { createControllerManagerActor } from '../controllers/index.ts';
import { createEtcdActor } from '../etcd/etcd.ts';
import { createNodeActors } from '../kubelet/index.ts';
import { createSchedulerActor } from '../scheduler/index.ts';
import type { ActorSpec } from './runtime.ts';
import type { RuntimePlan } from './topology.ts';
import type { ClusterConfig } from './worker-service.ts';

export function actorsFor(
  plan: RuntimePlan,
  apiserverOptions: ApiServerOptions = {},
  config: Pick<ClusterConfig, 'initialState' | 'resumed' | 'images'> = {},
): ActorSpec[] {
  switch (plan.kind) {
    case 'etcd':
      return [createEtcdActor(config.initialState)];
    case 'apiserver':
      return [createApiServerActor(apiserverOptions)];
    case 'scheduler':
      return [createSchedulerActor()];
    case 'controller-manager':
      return [createControllerManagerActor()];
    case 'nodes':
      return plan.nodes.flatMap((node) =>
        createNodeActors({
          ...node,
          images: config.images ?? [],
          ...(config.resumed ? { resumed: true } : {}),
        }),
      );
    case 'main':
      return [];
  }
}
