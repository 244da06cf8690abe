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
  restore: Pick<ClusterConfig, 'initialState' | 'resumed'> = {},
): ActorSpec[] {
  switch (plan.kind) {
    case 'etcd':
      return [createEtcdActor(restore.initialState)];
    case 'apiserver':
      return [createApiServerActor(apiserverOptions)];
    case 'scheduler':
      return [createSchedulerActor()];
    case 'controller-manager':
      return [createControllerManagerActor()];
    case 'nodes':
      return plan.nodes.flatMap((node) =>
        createNodeActors(restore.resumed ? { ...node, resumed: true } : node),
      );
    case 'main':
      return [];
  }
}
