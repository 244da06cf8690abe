// The pod garbage collector (pkg/controller/podgc/gc_controller.go at 1.32): every 20 s it
// force-deletes terminated pods beyond --terminated-pod-gc-threshold (12500), terminating pods on
// a NotReady node tainted node.kubernetes.io/out-of-service, pods bound to a node that has been
// gone for the 40 s quarantine, and terminating pods never scheduled; each is marked Failed first.

import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { parseTime } from '../../api/time.ts';
import { isNotFound, NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { Informer } from '../../client/informer.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { updatePodCondition } from '../pod-util.ts';

/** gcCheckPeriod. */
const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime: how long a node may be missing from the informer before a GET confirms it. */
const QUARANTINE_MS = 40_000;
/** --terminated-pod-gc-threshold. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isNodeReady(node: Node): boolean {
  return (
    node.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) ?? false
  );
}

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest, then by name. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const evicted = (pod: Pod): boolean =>
    pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
  if (evicted(a) !== evicted(b)) return evicted(a) ? -1 : 1;
  const created = (pod: Pod): number => parseTime(pod.metadata?.creationTimestamp ?? '');
  if (created(a) !== created(b)) return created(a) - created(b);
  const name = (pod: Pod): string => pod.metadata?.name ?? '';
  return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
}

/** gcTerminated's choice: the terminated pods beyond `threshold`, in deletion order. */
export function terminatedPodsToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (threshold <= 0 || excess <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, excess);
}

export class PodGcController implements Controller {
  readonly name = 'pod-garbage-collector-controller';
  readonly serviceAccount = 'pod-garbage-collector';
  private context!: ControllerContext;
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  /** The delaying node queue: when each missing node's quarantine ends. */
  private readonly quarantine = new Map<string, number>();

  constructor(private readonly terminatedPodThreshold = TERMINATED_POD_GC_THRESHOLD) {}

  setup(context: ControllerContext): void {
    this.context = context;
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
  }

  run(): void {
    this.context.clock.setTimeout(() => {
      this.loop();
    }, GC_CHECK_PERIOD_MS);
  }

  private loop(): void {
    void this.gc()
      .catch(() => undefined)
      .finally(() => {
        this.context.clock.setTimeout(() => {
          this.loop();
        }, GC_CHECK_PERIOD_MS);
      });
  }

  private async gc(): Promise<void> {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    const deletions = [
      ...terminatedPodsToDelete(pods, this.terminatedPodThreshold).map((pod) =>
        this.markFailedAndDeletePod(pod),
      ),
      ...this.terminatingOutOfService(pods).map((pod) => this.markFailedAndDeletePod(pod)),
    ];
    await Promise.allSettled(deletions);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  /** gcTerminating: terminating pods on a NotReady node an admin marked out of service. */
  private terminatingOutOfService(pods: readonly Pod[]): Pod[] {
    return pods
      .filter((pod) => {
        if (!pod.metadata?.deletionTimestamp) return false;
        const node = this.nodes.get(pod.spec?.nodeName ?? '');
        return (
          node !== undefined &&
          !isNodeReady(node) &&
          (node.spec?.taints ?? []).some((taint) => taint.key === OUT_OF_SERVICE_TAINT)
        );
      })
      .sort(byEvictionAndCreation);
  }

  /** gcOrphaned: pods bound to a node missing for the quarantine and confirmed gone by a GET. */
  private async gcOrphaned(pods: readonly Pod[], nodes: readonly Node[]): Promise<void> {
    const now = this.context.clock.now();
    const existing = new Set(nodes.map((node) => node.metadata?.name ?? ''));
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && !existing.has(nodeName)) {
        const due = now + QUARANTINE_MS;
        this.quarantine.set(nodeName, Math.min(this.quarantine.get(nodeName) ?? due, due));
      }
    }
    const deleted = new Set<string>();
    for (const [nodeName, due] of [...this.quarantine]) {
      if (due > now) continue;
      this.quarantine.delete(nodeName);
      if (!existing.has(nodeName) && (await this.nodeIsGone(nodeName))) deleted.add(nodeName);
    }
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      await this.markFailedAndDeletePod(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      }).catch(() => undefined);
    }
  }

  private async nodeIsGone(name: string): Promise<boolean> {
    try {
      await this.context.client.resource<Node>(NODE_TYPE).get(name);
      return false;
    } catch (error) {
      return isNotFound(error);
    }
  }

  /** gcUnscheduledTerminating: terminating pods no node will ever finish. */
  private async gcUnscheduledTerminating(pods: readonly Pod[]): Promise<void> {
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp || pod.spec?.nodeName) continue;
      await this.markFailedAndDeletePod(pod).catch(() => undefined);
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (and the condition), then a DELETE with grace 0. */
  private async markFailedAndDeletePod(pod: Pod, condition?: PodCondition): Promise<void> {
    const meta = pod.metadata ?? {};
    const client = this.context.client.resource<Pod>(POD_TYPE, meta.namespace);
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      const conditions = condition
        ? updatePodCondition(pod.status, condition, this.context.clock.now())?.conditions?.filter(
            (existing) => existing.type === condition.type,
          )
        : undefined;
      await client.patch(
        meta.name ?? '',
        'strategic',
        {
          metadata: { uid: meta.uid },
          status: { phase: 'Failed', ...(conditions ? { conditions } : {}) },
        },
        { subresource: 'status' },
      );
    }
    await client.delete(meta.name ?? '', { gracePeriodSeconds: 0 });
  }
}
