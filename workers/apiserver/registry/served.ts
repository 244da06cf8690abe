// Every resource the API server serves, in discovery order. Built per API server: some
// registries keep state (the Service ClusterIP and NodePort allocators).

import { controllerRevisionStrategy } from './controllerrevisions.ts';
import { cronJobStrategy } from './cronjobs.ts';
import { daemonSetStrategy } from './daemonsets.ts';
import { deploymentStrategy } from './deployments.ts';
import { endpointsStrategy } from './endpoints.ts';
import { endpointSliceStrategy } from './endpointslices.ts';
import { coreEventStrategy, eventsV1Strategy } from './events.ts';
import {
  horizontalPodAutoscalerStrategy,
  horizontalPodAutoscalerV1Strategy,
} from './horizontalpodautoscalers.ts';
import { jobStrategy } from './jobs.ts';
import { limitRangeStrategy } from './limitranges.ts';
import { namespaceStrategy } from './namespaces.ts';
import {
  clusterRoleBindingStrategy,
  clusterRoleStrategy,
  roleBindingStrategy,
  roleStrategy,
} from './rbac.ts';
import { nodeMetricsStrategy, podMetricsStrategy } from './metrics.ts';
import { nodeStrategy } from './nodes.ts';
import { podDisruptionBudgetStrategy } from './poddisruptionbudgets.ts';
import { podStrategy } from './pods.ts';
import { priorityClassStrategy } from './priorityclasses.ts';
import { replicaSetStrategy } from './replicasets.ts';
import { replicationControllerStrategy } from './replicationcontrollers.ts';
import { resourceQuotaStrategy } from './resourcequotas.ts';
import { secretStrategy } from './secrets.ts';
import { createServiceStrategy } from './services.ts';
import { configMapStrategy, leaseStrategy, serviceAccountStrategy } from './simple.ts';
import { statefulSetStrategy } from './statefulsets.ts';
import {
  localSubjectAccessReviewStrategy,
  selfSubjectAccessReviewStrategy,
  selfSubjectReviewStrategy,
  selfSubjectRulesReviewStrategy,
  subjectAccessReviewStrategy,
} from './access-reviews.ts';
import type { Strategy } from './strategy.ts';

export const servedStrategies = (): Strategy[] => [
  namespaceStrategy,
  nodeStrategy,
  podStrategy,
  coreEventStrategy,
  serviceAccountStrategy,
  configMapStrategy,
  endpointsStrategy,
  replicationControllerStrategy,
  secretStrategy,
  createServiceStrategy(),
  limitRangeStrategy,
  resourceQuotaStrategy,
  controllerRevisionStrategy,
  daemonSetStrategy,
  deploymentStrategy,
  replicaSetStrategy,
  statefulSetStrategy,
  horizontalPodAutoscalerStrategy,
  horizontalPodAutoscalerV1Strategy,
  cronJobStrategy,
  jobStrategy,
  leaseStrategy,
  endpointSliceStrategy,
  podDisruptionBudgetStrategy,
  priorityClassStrategy,
  eventsV1Strategy,
  clusterRoleBindingStrategy,
  clusterRoleStrategy,
  roleBindingStrategy,
  roleStrategy,
  selfSubjectReviewStrategy,
  localSubjectAccessReviewStrategy,
  selfSubjectAccessReviewStrategy,
  selfSubjectRulesReviewStrategy,
  subjectAccessReviewStrategy,
  nodeMetricsStrategy,
  podMetricsStrategy,
];
