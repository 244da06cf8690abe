// Every resource the API server serves, in discovery order.

import { cronJobStrategy } from './cronjobs.ts';
import { daemonSetStrategy } from './daemonsets.ts';
import { deploymentStrategy } from './deployments.ts';
import { coreEventStrategy, eventsV1Strategy } from './events.ts';
import { jobStrategy } from './jobs.ts';
import { namespaceStrategy } from './namespaces.ts';
import { nodeStrategy } from './nodes.ts';
import { podStrategy } from './pods.ts';
import { replicaSetStrategy } from './replicasets.ts';
import { configMapStrategy, leaseStrategy, serviceAccountStrategy } from './simple.ts';
import { statefulSetStrategy } from './statefulsets.ts';
import type { Strategy } from './strategy.ts';

export const SERVED_STRATEGIES: readonly Strategy[] = [
  namespaceStrategy,
  nodeStrategy,
  podStrategy,
  coreEventStrategy,
  serviceAccountStrategy,
  configMapStrategy,
  daemonSetStrategy,
  deploymentStrategy,
  replicaSetStrategy,
  statefulSetStrategy,
  cronJobStrategy,
  jobStrategy,
  leaseStrategy,
  eventsV1Strategy,
];
