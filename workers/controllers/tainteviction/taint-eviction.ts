// The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go at 1.32, its own
// controller since SeparateTaintEvictionController went beta in 1.29): a pod on a node with a
// NoExecute taint it does not tolerate is deleted at once; one it tolerates for a while is deleted
// after the smallest tolerationSeconds; removing the taint cancels it. Before the delete the pod
// gets the DisruptionTarget condition. Node and pod updates are handled in one queue each.

import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { toleratesTaint } from '../../api/node-affinity.ts';
import { NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { updatePodCondition } from '../pod-util.ts';
import { TimedWorkerQueue } from './timed-workers.ts';

/** deletePodHandler's attempts, 10 ms apart. */
const DELETE_ATTEMPTS = 5;
const RETRY_DELAY_MS = 10;

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((taint) => taint.effect === 'NoExecute');
}

/** v1helper.GetMatchingTolerations: whether every taint is tolerated, and by which tolerations. */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const toleration = tolerations.find((candidate) => toleratesTaint(candidate, taint));
    if (!toleration) return { allTolerated: false, used: [] };
    used.push(toleration);
  }
  return { allTolerated: true, used };
}

/** getMinTolerationTime in ms: 0 without tolerations, -1 when they tolerate forever. */
export function minTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const { tolerationSeconds } of tolerations) {
    if (tolerationSeconds === undefined) continue;
    if (tolerationSeconds <= 0) return 0;
    min = Math.min(min, tolerationSeconds);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min * 1000;
}

function podReference(key: string): Pod {
  const [namespace, name] = key.split('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  /** startTaintEvictionController: "taint-manager uses existing cluster role from node-controller". */
  readonly serviceAccount = 'node-controller';
  private context!: ControllerContext;
  private recorder!: CoreEventRecorder;
  private nodes!: Informer<Node>;
  private pods!: Informer<Pod>;
  private nodeQueue!: WorkQueue;
  private podQueue!: WorkQueue;
  private evictions!: TimedWorkerQueue;
  /** Each tainted node's NoExecute taints, as last seen. */
  private readonly taintedNodes = new Map<string, Taint[]>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.recorder = context.recorder(this.name);
    this.nodeQueue = new WorkQueue(context.clock);
    this.podQueue = new WorkQueue(context.clock);
    this.evictions = new TimedWorkerQueue(context.clock, (key) => this.deletePod(key));
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.nodes.addEventHandler({
      onAdd: (node) => {
        this.nodeQueue.add(objectKey(node));
      },
      onUpdate: (old, node) => {
        if (
          JSON.stringify(noExecuteTaints(old.spec?.taints)) !==
          JSON.stringify(noExecuteTaints(node.spec?.taints))
        )
          this.nodeQueue.add(objectKey(node));
      },
      onDelete: (node) => {
        this.nodeQueue.add(objectKey(node));
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.podQueue.add(objectKey(pod));
      },
      onUpdate: (old, pod) => {
        if (
          old.spec?.nodeName !== pod.spec?.nodeName ||
          JSON.stringify(old.spec?.tolerations ?? []) !==
            JSON.stringify(pod.spec?.tolerations ?? [])
        )
          this.podQueue.add(objectKey(pod));
      },
      onDelete: (pod) => {
        this.podQueue.add(objectKey(pod));
      },
    });
  }

  run(): void {
    runWorkers(this.nodeQueue, 1, async (name) => {
      this.handleNodeUpdate(name);
      await Promise.resolve();
    });
    runWorkers(this.podQueue, 1, async (key) => {
      this.handlePodUpdate(key);
      await Promise.resolve();
    });
  }

  private cancelWorkWithEvent(key: string): void {
    if (this.evictions.cancelWork(key))
      this.recorder.event(
        podReference(key),
        'Normal',
        'TaintManagerEviction',
        `Cancelling deletion of Pod ${key}`,
      );
  }

  /** processPodOnNode. */
  private processPodOnNode(
    key: string,
    tolerations: readonly Toleration[],
    taints: readonly Taint[],
    now: number,
  ): void {
    if (taints.length === 0) this.cancelWorkWithEvent(key);
    const { allTolerated, used } = matchingTolerations(taints, tolerations);
    if (!allTolerated) {
      // Deleted right away: any scheduled deletion is replaced.
      this.cancelWorkWithEvent(key);
      this.evictions.addWork(key, now, now);
      return;
    }
    const minTime = minTolerationTime(used);
    if (minTime < 0) {
      this.cancelWorkWithEvent(key);
      return;
    }
    let startTime = now;
    const triggerTime = now + minTime;
    const scheduled = this.evictions.getWorker(key);
    if (scheduled) {
      startTime = scheduled.createdAt;
      if (startTime + minTime < triggerTime) return;
      this.cancelWorkWithEvent(key);
    }
    this.evictions.addWork(key, startTime, startTime + minTime);
  }

  private handlePodUpdate(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) {
      this.cancelWorkWithEvent(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    // The node is gone or untainted: its update already cancelled what it had to.
    if (!taints) return;
    this.processPodOnNode(key, pod.spec?.tolerations ?? [], taints, this.context.clock.now());
  }

  private handleNodeUpdate(name: string): void {
    const node = this.nodes.get(name);
    if (!node) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecuteTaints(node.spec?.taints);
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    const pods = this.pods.list().filter((pod) => pod.spec?.nodeName === name);
    if (taints.length === 0) {
      for (const pod of pods) this.cancelWorkWithEvent(objectKey(pod));
      return;
    }
    const now = this.context.clock.now();
    for (const pod of pods)
      this.processPodOnNode(objectKey(pod), pod.spec?.tolerations ?? [], taints, now);
  }

  /** deletePodHandler: the event, then up to five tries of condition + delete. */
  private async deletePod(key: string): Promise<void> {
    this.recorder.event(
      podReference(key),
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${key}`,
    );
    for (let attempt = 1; ; attempt++) {
      try {
        await this.addConditionAndDeletePod(key);
        return;
      } catch (error) {
        if (attempt === DELETE_ATTEMPTS) throw error;
        await this.context.clock.sleep(RETRY_DELAY_MS);
      }
    }
  }

  /** addConditionAndDeletePod: DisruptionTarget (DeletionByTaintManager), then DELETE. */
  private async addConditionAndDeletePod(key: string): Promise<void> {
    const [namespace, name = ''] = key.split('/');
    const pods = this.context.client.resource<Pod>(POD_TYPE, namespace);
    const pod = await pods.get(name);
    const condition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    };
    const status = updatePodCondition(pod.status, condition, this.context.clock.now());
    const written = status?.conditions?.find((existing) => existing.type === condition.type);
    if (written)
      await pods.patch(
        name,
        'strategic',
        { metadata: { uid: pod.metadata?.uid }, status: { conditions: [written] } },
        { subresource: 'status' },
      );
    await pods.delete(name);
  }
}
