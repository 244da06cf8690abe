// The node lifecycle controller's NoSchedule tainting (pkg/controller/nodelifecycle:
// doNoScheduleTaintingPass): a node's conditions and spec.unschedulable are mirrored as taints
// the scheduler honours, e.g. node.kubernetes.io/not-ready until the kubelet reports Ready.
// Left out for now: lease monitoring, NotReady/Unknown marking and NoExecute eviction.

import type { Node, Taint } from 'kubernetes-types/core/v1';
import { NODE_TYPE } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';

/** Condition → taint key, per nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: { condition: string; status: string; key: string }[] = [
  { condition: 'Ready', status: 'False', key: 'node.kubernetes.io/not-ready' },
  { condition: 'Ready', status: 'Unknown', key: 'node.kubernetes.io/unreachable' },
  { condition: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { condition: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  {
    condition: 'NetworkUnavailable',
    status: 'True',
    key: 'node.kubernetes.io/network-unavailable',
  },
  { condition: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
];
const UNSCHEDULABLE_KEY = 'node.kubernetes.io/unschedulable';
const MANAGED = new Set([...CONDITION_TAINTS.map((entry) => entry.key), UNSCHEDULABLE_KEY]);

export function desiredNoScheduleTaints(node: Node): string[] {
  const keys: string[] = [];
  for (const { condition, status, key } of CONDITION_TAINTS) {
    if (
      node.status?.conditions?.some(
        (existing) => existing.type === condition && existing.status === status,
      )
    )
      keys.push(key);
  }
  if (node.spec?.unschedulable) keys.push(UNSCHEDULABLE_KEY);
  return keys;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly serviceAccount = 'node-controller';
  private context!: ControllerContext;
  private nodes!: Informer<Node>;
  private queue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    this.nodes.addEventHandler({
      onAdd: (node) => {
        this.queue.add(objectKey(node));
      },
      onUpdate: (_old, node) => {
        this.queue.add(objectKey(node));
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (name) => this.syncTaints(name));
  }

  private async syncTaints(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return;
    const current = node.spec?.taints ?? [];
    const wanted = desiredNoScheduleTaints(node);
    const kept = current.filter(
      (taint) =>
        !(taint.effect === 'NoSchedule' && MANAGED.has(taint.key) && !wanted.includes(taint.key)),
    );
    const added: Taint[] = wanted
      .filter((key) => !current.some((taint) => taint.key === key && taint.effect === 'NoSchedule'))
      .map((key) => ({ key, effect: 'NoSchedule' }));
    if (added.length === 0 && kept.length === current.length) return;
    await this.context.client.resource<Node>(NODE_TYPE).patch(name, 'merge', {
      metadata: { resourceVersion: node.metadata?.resourceVersion },
      spec: { taints: [...kept, ...added] },
    });
  }
}
