// Which printer serves which kind, keyed by group and kind like printers.go's handler map (keyed
// by Go type). A kind served later by another registry picks its printer up by name; kinds
// without one get the default table.

import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.ts';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config.ts';
import { defaultPrinter } from './default.ts';
import { eventPrinter, eventsV1Printer } from './events.ts';
import { cronJobPrinter, jobPrinter } from './jobs.ts';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscalers.ts';
import { leasePrinter } from './leases.ts';
import { nodeMetricsPrinter, podMetricsPrinter } from './metrics.ts';
import { namespacePrinter } from './namespaces.ts';
import { nodePrinter } from './nodes.ts';
import { podPrinter } from './pods.ts';
import { podDisruptionBudgetPrinter } from './policy.ts';
import { priorityClassPrinter } from './priorityclasses.ts';
import { limitRangePrinter, resourceQuotaPrinter } from './resourcequotas.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './services.ts';
import type { TablePrinter } from './table.ts';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  scalePrinter,
  statefulSetPrinter,
} from './workloads.ts';

const PRINTERS = new Map<string, TablePrinter>([
  ['/Pod', podPrinter],
  ['/Node', nodePrinter],
  ['/Namespace', namespacePrinter],
  ['/Event', eventPrinter],
  ['events.k8s.io/Event', eventsV1Printer],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['/LimitRange', limitRangePrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['autoscaling/Scale', scalePrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['metrics.k8s.io/NodeMetrics', nodeMetricsPrinter],
  ['metrics.k8s.io/PodMetrics', podMetricsPrinter],
]);

export function printerFor(group: string, kind: string): TablePrinter {
  return PRINTERS.get(`${group}/${kind}`) ?? defaultPrinter;
}
