// Every resource the API server serves, in discovery order.

import { coreEventStrategy, eventsV1Strategy } from './events.ts';
import { namespaceStrategy } from './namespaces.ts';
import {
  clusterRoleBindingStrategy,
  clusterRoleStrategy,
  roleBindingStrategy,
  roleStrategy,
} from './rbac.ts';
import { nodeStrategy } from './nodes.ts';
import { podStrategy } from './pods.ts';
import { replicaSetStrategy } from './replicasets.ts';
import { configMapStrategy, leaseStrategy, serviceAccountStrategy } from './simple.ts';
import {
  localSubjectAccessReviewStrategy,
  selfSubjectAccessReviewStrategy,
  selfSubjectReviewStrategy,
  selfSubjectRulesReviewStrategy,
  subjectAccessReviewStrategy,
} from './access-reviews.ts';
import type { Strategy } from './strategy.ts';

export const SERVED_STRATEGIES: readonly Strategy[] = [
  namespaceStrategy,
  nodeStrategy,
  podStrategy,
  coreEventStrategy,
  serviceAccountStrategy,
  configMapStrategy,
  replicaSetStrategy,
  leaseStrategy,
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
];
