// The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go at
// 1.32): mirrors node conditions as NoSchedule taints; every 5 s (monitorNodeHealth) marks a node
// whose kubelet posted neither status nor Lease for the grace period Unknown, marks its pods not
// Ready, and queues it for the NoExecute not-ready/unreachable taint, which the taint eviction
// controller acts on; the taints go when the node is Ready again. Zone disruption modes set the
// tainting rate per zone. Left out: the beta/GA os and arch label reconciliation.

import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import { LEASE_TYPE, NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import {
  markPodsNotReady,
  recordNodeEvent,
  recordNodeStatusChange,
  swapNodeControllerTaint,
  taintExists,
  updateNodeTaints,
} from './controller-utils.ts';
import { handleDisruption, zoneKey, type ZoneState } from './disruption.ts';
import { tryUpdateNodeHealth, type GracePeriods, type NodeHealth } from './node-health.ts';
import { RateLimitedTimedQueue } from './rate-limited-queue.ts';
import {
  desiredNoScheduleTaints,
  MANAGED,
  NOT_READY_TAINT,
  noExecuteTaintFor,
  UNREACHABLE_TAINT,
} from './taints.ts';

/** kube-controller-manager 1.32 defaults. */
export const NODE_LIFECYCLE_DEFAULTS = {
  /** --node-monitor-period */
  nodeMonitorPeriodMs: 5_000,
  /** --node-monitor-grace-period (50 s since 1.32, kubernetes/kubernetes#126287) */
  nodeMonitorGracePeriodMs: 50_000,
  /** --node-startup-grace-period */
  nodeStartupGracePeriodMs: 60_000,
  /** --node-eviction-rate */
  evictionLimiterQPS: 0.1,
  /** --secondary-node-eviction-rate */
  secondaryEvictionLimiterQPS: 0.01,
  /** --large-cluster-size-threshold */
  largeClusterThreshold: 50,
  /** --unhealthy-zone-threshold */
  unhealthyZoneThreshold: 0.55,
};
export type NodeLifecycleConfig = typeof NODE_LIFECYCLE_DEFAULTS;

/** scheduler.NodeEvictionPeriod: how often the NoExecute tainting queues are tried. */
const NODE_EVICTION_PERIOD_MS = 100;
/** scheduler.NodeHealthUpdateRetry. */
const NODE_HEALTH_UPDATE_RETRY = 5;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly serviceAccount = 'node-controller';
  private context!: ControllerContext;
  private recorder!: CoreEventRecorder;
  private nodes!: Informer<Node>;
  private pods!: Informer<Pod>;
  private leases!: Informer<Lease>;
  private noScheduleQueue!: WorkQueue;
  private podQueue!: WorkQueue;
  private readonly knownNodes = new Map<string, Node>();
  private readonly nodeHealth = new Map<string, NodeHealth>();
  private readonly nodesToRetry = new Set<string>();
  private zoneStates = new Map<string, ZoneState>();
  private readonly zoneTainters = new Map<string, RateLimitedTimedQueue>();
  private taintingScheduled = false;

  constructor(private readonly config: NodeLifecycleConfig = NODE_LIFECYCLE_DEFAULTS) {}

  setup(context: ControllerContext): void {
    this.context = context;
    this.recorder = context.recorder('node-controller');
    this.noScheduleQueue = new WorkQueue(context.clock);
    this.podQueue = new WorkQueue(context.clock);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.leases = context.informers.for<Lease>(LEASE_TYPE);
    this.nodes.addEventHandler({
      onAdd: (node) => {
        this.noScheduleQueue.add(objectKey(node));
      },
      onUpdate: (_old, node) => {
        this.noScheduleQueue.add(objectKey(node));
      },
      onDelete: (node) => {
        this.nodesToRetry.delete(node.metadata?.name ?? '');
      },
    });
    // podUpdated: a pod newly bound to a node that is not Ready is marked not Ready too.
    this.pods.addEventHandler({
      onAdd: (pod) => {
        if (pod.spec?.nodeName) this.podQueue.add(objectKey(pod));
      },
      onUpdate: (old, pod) => {
        if (pod.spec?.nodeName && pod.spec.nodeName !== old.spec?.nodeName)
          this.podQueue.add(objectKey(pod));
      },
    });
  }

  run(): void {
    runWorkers(this.noScheduleQueue, 1, (name) => this.doNoScheduleTaintingPass(name));
    runWorkers(this.podQueue, 1, (key) => this.processPod(key));
    this.monitorLoop();
  }

  private get now(): number {
    return this.context.clock.now();
  }

  private get grace(): GracePeriods {
    return {
      monitorMs: this.config.nodeMonitorGracePeriodMs,
      startupMs: this.config.nodeStartupGracePeriodMs,
    };
  }

  /** wait.Until: the next pass starts a period after this one ends. */
  private monitorLoop(): void {
    void this.monitorNodeHealth()
      .catch(() => undefined)
      .finally(() => {
        this.context.clock.setTimeout(() => {
          this.monitorLoop();
        }, this.config.nodeMonitorPeriodMs);
      });
  }

  private async doNoScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) return;
    const current = node.spec?.taints ?? [];
    const wanted = desiredNoScheduleTaints(node);
    const remove = current.filter(
      (taint) =>
        taint.effect === 'NoSchedule' && MANAGED.has(taint.key) && !wanted.includes(taint.key),
    );
    const add: Taint[] = wanted
      .filter((key) => !current.some((taint) => taint.key === key && taint.effect === 'NoSchedule'))
      .map((key) => ({ key, effect: 'NoSchedule' }));
    if (add.length === 0 && remove.length === 0) return;
    if (!(await swapNodeControllerTaint(this.context.client, this.now, name, add, remove)))
      throw new Error(`failed to swap taints of node ${name}`);
  }

  private podsOnNode(name: string): Pod[] {
    return this.pods.list().filter((pod) => pod.spec?.nodeName === name);
  }

  /** monitorNodeHealth. */
  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.list();
    this.classifyNodes(nodes);
    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    for (const node of nodes) {
      const ready = await this.updateNode(node);
      if (ready === null) continue;
      if (!('node.kubernetes.io/exclude-disruption' in (node.metadata?.labels ?? {}))) {
        const zone = zoneKey(node);
        zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), ready]);
      }
    }
    await this.handleDisruption(zoneConditions, nodes);
  }

  /** Records new and removed nodes, and gives each new zone its tainting queue. */
  private classifyNodes(nodes: readonly Node[]): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      seen.add(name);
      this.addTainterForZone(zoneKey(node));
      if (this.knownNodes.has(name)) continue;
      recordNodeEvent(
        this.recorder,
        node,
        'RegisteredNode',
        `Registered Node ${name} in Controller`,
      );
      this.knownNodes.set(name, node);
      void this.markNodeAsReachable(node).catch(() => undefined);
    }
    for (const [name, node] of this.knownNodes) {
      if (seen.has(name)) continue;
      recordNodeEvent(this.recorder, node, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
    }
  }

  private addTainterForZone(zone: string): void {
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.zoneTainters.set(
      zone,
      new RateLimitedTimedQueue(this.config.evictionLimiterQPS, this.now),
    );
  }

  /**
   * One node's health pass (updateNodeFunc): its current Ready condition, or null when its
   * status could not be written.
   */
  private async updateNode(cached: Node): Promise<NodeCondition | null | undefined> {
    const name = cached.metadata?.name ?? '';
    let node = cached;
    let result = await this.tryUpdateNodeHealth(node);
    for (let attempt = 1; !result; attempt++) {
      // The write failed: retry with the node as stored, or give up on it for this pass.
      if (attempt === NODE_HEALTH_UPDATE_RETRY) return null;
      try {
        node = await this.context.client.resource<Node>(NODE_TYPE).get(name);
      } catch {
        return null;
      }
      result = await this.tryUpdateNodeHealth(node);
    }
    const { observedReady, currentReady } = result;
    if (!currentReady) {
      this.nodesToRetry.delete(name);
      return currentReady;
    }
    await this.processTaintBaseEviction(node, observedReady);
    const transitioned = currentReady.status !== 'True' && observedReady.status === 'True';
    const retry = this.nodesToRetry.has(name) && observedReady.status !== 'True';
    // Reported once, when the status changes.
    if (transitioned) recordNodeStatusChange(this.recorder, node, 'NodeNotReady');
    if (transitioned || retry) {
      try {
        await markPodsNotReady(
          this.context.client,
          this.recorder,
          this.now,
          this.podsOnNode(name),
          name,
        );
      } catch {
        this.nodesToRetry.add(name);
        return currentReady;
      }
    }
    this.nodesToRetry.delete(name);
    return currentReady;
  }

  /** tryUpdateNodeHealth with its write: null when the status write failed. */
  private async tryUpdateNodeHealth(
    node: Node,
  ): Promise<{ observedReady: NodeCondition; currentReady: NodeCondition | undefined } | null> {
    const name = node.metadata?.name ?? '';
    const lease = this.leases.get(`${NODE_LEASE_NAMESPACE}/${name}`);
    const update = tryUpdateNodeHealth(
      node,
      this.nodeHealth.get(name),
      lease,
      this.now,
      this.grace,
    );
    this.nodeHealth.set(name, update.health);
    if (!update.statusUpdate) return update;
    try {
      const written = await this.context.client
        .resource<Node>(NODE_TYPE)
        .updateStatus(update.statusUpdate);
      this.nodeHealth.set(name, {
        status: written.status ?? {},
        probeTimestamp: update.health.probeTimestamp,
        readyTransitionTimestamp: this.now,
        ...(lease ? { lease } : {}),
      });
      return update;
    } catch {
      return null;
    }
  }

  /** processTaintBaseEviction: queue the node for its NoExecute taint, or swap or remove it now. */
  private async processTaintBaseEviction(node: Node, observedReady: NodeCondition): Promise<void> {
    const wanted = noExecuteTaintFor(observedReady);
    if (!wanted) {
      await this.markNodeAsReachable(node).catch(() => undefined);
      return;
    }
    // The opposite taint is already there: swap at once rather than wait for the queue.
    if (taintExists(node.spec?.taints, wanted.remove)) {
      await swapNodeControllerTaint(
        this.context.client,
        this.now,
        node.metadata?.name ?? '',
        [wanted.add],
        [wanted.remove],
      );
      return;
    }
    this.markNodeForTainting(node, wanted.add);
  }

  private tainterFor(node: Node): RateLimitedTimedQueue {
    const zone = zoneKey(node);
    this.addTainterForZone(zone);
    return this.zoneTainters.get(zone) as RateLimitedTimedQueue;
  }

  private markNodeForTainting(node: Node, taint: Taint): void {
    const tainter = this.tainterFor(node);
    const name = node.metadata?.name ?? '';
    // A taint removed by hand is put back: the node is queued afresh.
    if (!taintExists(node.spec?.taints, taint)) tainter.remove(name);
    if (tainter.add(name, node.metadata?.uid ?? '', this.now)) this.scheduleTaintingPass();
  }

  private async markNodeAsReachable(node: Node): Promise<boolean> {
    const name = node.metadata?.name ?? '';
    const taints = node.spec?.taints;
    if (taintExists(taints, UNREACHABLE_TAINT) || taintExists(taints, NOT_READY_TAINT))
      await updateNodeTaints(this.context.client, name, [], [UNREACHABLE_TAINT, NOT_READY_TAINT]);
    return this.tainterFor(node).remove(name);
  }

  /**
   * doNoExecuteTaintingPass runs every NodeEvictionPeriod; here only while a queue holds nodes,
   * so an idle cluster has no 100 ms timer.
   */
  private scheduleTaintingPass(): void {
    if (this.taintingScheduled) return;
    this.taintingScheduled = true;
    this.context.clock.setTimeout(() => {
      void this.doNoExecuteTaintingPass().finally(() => {
        this.taintingScheduled = false;
        if ([...this.zoneTainters.values()].some((tainter) => tainter.pending))
          this.scheduleTaintingPass();
      });
    }, NODE_EVICTION_PERIOD_MS);
  }

  private async doNoExecuteTaintingPass(): Promise<void> {
    for (const tainter of this.zoneTainters.values()) {
      await tainter.try(this.now, async (entry) => {
        const node = this.nodes.get(entry.value);
        if (!node) return { done: true };
        const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
        if (!ready) return { done: false, retryAfterMs: 50 };
        // Ready again: no taint needed.
        const wanted = noExecuteTaintFor(ready);
        if (!wanted) return { done: true };
        const done = await swapNodeControllerTaint(
          this.context.client,
          this.now,
          entry.value,
          [wanted.add],
          [wanted.remove],
        );
        return { done };
      });
    }
  }

  /** processPod: a pod bound to a node that is not Ready is marked not Ready. */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const health = this.nodeHealth.get(nodeName);
    if (!health) return;
    if (!this.nodes.get(nodeName)) throw new Error(`node ${nodeName} is not in the cache`);
    const ready = health.status.conditions?.find((condition) => condition.type === 'Ready');
    if (!ready || ready.status === 'True') return;
    await markPodsNotReady(this.context.client, this.recorder, this.now, [pod], nodeName);
  }

  /** handleDisruption: each zone's tainting rate follows its state; all zones down stops it. */
  private async handleDisruption(
    zoneConditions: Map<string, (NodeCondition | undefined)[]>,
    nodes: readonly Node[],
  ): Promise<void> {
    const decision = handleDisruption(
      this.zoneStates,
      zoneConditions,
      this.config.unhealthyZoneThreshold,
    );
    this.zoneStates = decision.states;
    if (decision.full === 'enter') {
      // Every node down is more likely the control plane's network than the nodes: untaint them.
      for (const node of nodes) await this.markNodeAsReachable(node).catch(() => undefined);
      for (const zone of this.zoneStates.keys())
        this.zoneTainters.get(zone)?.swapLimiter(0, this.now);
    }
    if (decision.full === 'exit') {
      for (const node of nodes) {
        const name = node.metadata?.name ?? '';
        const health = this.nodeHealth.get(name);
        if (health)
          this.nodeHealth.set(name, {
            ...health,
            probeTimestamp: this.now,
            readyTransitionTimestamp: this.now,
          });
      }
    }
    for (const { zone, size, state } of decision.limiters) this.setLimiterInZone(zone, size, state);
  }

  /** setLimiterInZone, with HealthyQPSFunc and ReducedQPSFunc. */
  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const tainter = this.zoneTainters.get(zone);
    if (!tainter) return;
    const { evictionLimiterQPS, secondaryEvictionLimiterQPS, largeClusterThreshold } = this.config;
    switch (state) {
      case 'Normal':
      case 'FullDisruption':
        tainter.swapLimiter(evictionLimiterQPS, this.now);
        return;
      case 'PartialDisruption':
        tainter.swapLimiter(
          zoneSize > largeClusterThreshold ? secondaryEvictionLimiterQPS : 0,
          this.now,
        );
        return;
      case 'Initial':
        return;
    }
  }
}
