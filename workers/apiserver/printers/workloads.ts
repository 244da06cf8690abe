// printDeployment, printReplicaSet, printReplicationController, printDaemonSet, printStatefulSet
// printControllerRevision and printScale of pkg/printers/internalversion/printers.go. Counts are integer cells; absent
// counts print as Go's zero value.

import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-types/apps/v1';
import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { ReplicationController } from 'kubernetes-types/core/v1';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  OBJECT_META_DOCS,
  ageOf,
  column,
  containerCells,
  formatLabelSelector,
  formatLabels,
  labelSelectorText,
  nameOf,
  printer,
  wide,
} from './table.ts';

const SELECTOR_MORE_INFO =
  'More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors';
const READY_COLUMN = column('Ready', 'string', 'Number of the pod with ready state');

export const deploymentPrinter = printer(
  [
    NAME_COLUMN,
    READY_COLUMN,
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column(
      'Selector',
      'string',
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
      wide,
    ),
  ],
  (deployment: Deployment, now) => [
    nameOf(deployment),
    `${deployment.status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
    deployment.status?.updatedReplicas ?? 0,
    deployment.status?.availableReplicas ?? 0,
    ageOf(deployment, now),
    ...containerCells(deployment.spec?.template.spec?.containers),
    // LabelSelectorAsSelector's String() as it is: an empty selector prints nothing here.
    labelSelectorText(deployment.spec?.selector) ?? '<invalid>',
  ],
);

const replicaColumns = (noun: string, link: string, selectorDoc: string) => [
  NAME_COLUMN,
  column(
    'Desired',
    'integer',
    `Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/${link}`,
  ),
  column(
    'Current',
    'integer',
    `Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/${link}`,
  ),
  column('Ready', 'integer', `The number of ready replicas for this ${noun}.`),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  column('Selector', 'string', selectorDoc, wide),
];

export const replicaSetPrinter = printer(
  replicaColumns(
    'replica set',
    'replicationcontroller/#what-is-a-replicationcontroller',
    `Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. ${SELECTOR_MORE_INFO}`,
  ),
  (replicaSet: ReplicaSet, now) => [
    nameOf(replicaSet),
    replicaSet.spec?.replicas ?? 0,
    replicaSet.status?.replicas ?? 0,
    replicaSet.status?.readyReplicas ?? 0,
    ageOf(replicaSet, now),
    ...containerCells(replicaSet.spec?.template?.spec?.containers),
    formatLabelSelector(replicaSet.spec?.selector),
  ],
);

export const replicationControllerPrinter = printer(
  replicaColumns(
    'replication controller',
    'replicationcontroller#what-is-a-replicationcontroller',
    `Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. ${SELECTOR_MORE_INFO}`,
  ),
  (controller: ReplicationController, now) => [
    nameOf(controller),
    controller.spec?.replicas ?? 0,
    controller.status?.replicas ?? 0,
    controller.status?.readyReplicas ?? 0,
    ageOf(controller, now),
    ...containerCells(controller.spec?.template?.spec?.containers),
    formatLabels(controller.spec?.selector),
  ],
);

const DAEMON_SET_DOC =
  'More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/';

export const daemonSetPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Desired',
      'integer',
      `The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). ${DAEMON_SET_DOC}`,
    ),
    column(
      'Current',
      'integer',
      `The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. ${DAEMON_SET_DOC}`,
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column(
      'Up-to-date',
      'integer',
      'The total number of nodes that are running updated daemon pod',
    ),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    column(
      'Node Selector',
      'string',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    column(
      'Selector',
      'string',
      `A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. ${SELECTOR_MORE_INFO}`,
      wide,
    ),
  ],
  (daemonSet: DaemonSet, now) => [
    nameOf(daemonSet),
    daemonSet.status?.desiredNumberScheduled ?? 0,
    daemonSet.status?.currentNumberScheduled ?? 0,
    daemonSet.status?.numberReady ?? 0,
    daemonSet.status?.updatedNumberScheduled ?? 0,
    daemonSet.status?.numberAvailable ?? 0,
    formatLabels(daemonSet.spec?.template.spec?.nodeSelector),
    ageOf(daemonSet, now),
    ...containerCells(daemonSet.spec?.template.spec?.containers),
    formatLabelSelector(daemonSet.spec?.selector),
  ],
);

export const statefulSetPrinter = printer(
  [NAME_COLUMN, READY_COLUMN, AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  (statefulSet: StatefulSet, now) => [
    nameOf(statefulSet),
    `${statefulSet.status?.readyReplicas ?? 0}/${statefulSet.spec?.replicas ?? 0}`,
    ageOf(statefulSet, now),
    ...containerCells(statefulSet.spec?.template.spec?.containers),
  ],
);

/** formatResourceName with its kind: `<kind>.<group>/<name>` in lower case, as GroupKind prints. */
function controllerName(revision: ControllerRevision): string {
  const reference = revision.metadata?.ownerReferences?.find((owner) => owner.controller === true);
  if (!reference) return '<none>';
  const slash = reference.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : reference.apiVersion.slice(0, slash);
  return `${(group ? `${reference.kind}.${group}` : reference.kind).toLowerCase()}/${reference.name}`;
}

export const controllerRevisionPrinter = printer(
  [
    NAME_COLUMN,
    column('Controller', 'string', 'Controller of the object'),
    column(
      'Revision',
      'string',
      'Revision indicates the revision of the state represented by Data.',
    ),
    AGE_COLUMN,
  ],
  (revision: ControllerRevision, now) => [
    nameOf(revision),
    controllerName(revision),
    revision.revision,
    ageOf(revision, now),
  ],
);

/** The scale subresource's table; its name column carries no `name` format upstream. */
export const scalePrinter = printer(
  [
    column('Name', 'string', OBJECT_META_DOCS.name),
    column(
      'Desired',
      'integer',
      'replicas is the desired number of instances for the scaled object.',
    ),
    column(
      'Available',
      'integer',
      'replicas is the actual number of observed instances of the scaled object.',
    ),
    AGE_COLUMN,
  ],
  (scale: Scale, now) => [
    nameOf(scale),
    scale.spec?.replicas ?? 0,
    scale.status?.replicas ?? 0,
    ageOf(scale, now),
  ],
);
