// kube-scheduler (pkg/scheduler/schedule_one.go): watch pods and nodes, take the next pending pod
// from the queue, filter and score the nodes, assume the pod on the winner and bind it through
// pods/binding; on failure mark it Unschedulable and say why, in upstream's words.
// Left out for now: preemption itself (its message is computed), percentageOfNodesToScore,
// and the plugins beyond the registry's.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { formatTime } from '../api/time.ts';
import { isNotFound, NODE_TYPE, POD_TYPE, type Client } from '../client/client.ts';
import { EventsV1Recorder } from '../client/events.ts';
import { Informer } from '../client/informer.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { SchedulerCache } from './cache.ts';
import { fitErrorMessage, preemptionVerdicts } from './fit-error.ts';
import type {
  CycleState,
  NodeInfo,
  NodeVerdict,
  Plugins,
  SchedulingAttempt,
  Status,
} from './framework.ts';
import { defaultPlugins } from './plugins/registry.ts';
import { SchedulingQueue, type QueuedPod } from './queue.ts';

export const SCHEDULER_NAME = 'default-scheduler';
/** ErrNoNodesAvailable (schedule_one.go). */
const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
const ATTEMPTS_KEPT = 20;

export interface SchedulerObserver {
  /** Every scheduling attempt, for the "why is my pod here / Pending" view. */
  onAttempt?(attempt: SchedulingAttempt): void;
  /** A one-line account of each decision, for the trace. */
  onDecision?(ref: string, label: string): void;
}

export class Scheduler {
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly cache = new SchedulerCache();
  private readonly queue: SchedulingQueue;
  private readonly recorder: EventsV1Recorder;
  private readonly plugins: Plugins = defaultPlugins();
  private scheduling = false;
  readonly attempts = new Map<string, SchedulingAttempt[]>();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly observer: SchedulerObserver = {},
  ) {
    // One pod informer for everything not finished (pkg/scheduler/scheduler.go's field selector).
    this.pods = new Informer<Pod>(client.resource(POD_TYPE), clock, rng, {
      fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed',
    });
    this.nodes = new Informer<Node>(client.resource(NODE_TYPE), clock, rng);
    this.queue = new SchedulingQueue(clock, () => {
      this.scheduleSoon();
    });
    this.recorder = new EventsV1Recorder(
      client,
      clock,
      SCHEDULER_NAME,
      `${SCHEDULER_NAME}-control-plane`,
    );
  }

  async start(): Promise<void> {
    this.nodes.addEventHandler({
      onAdd: (node) => {
        this.cache.setNode(node);
        this.queue.moveAllToActiveOrBackoff();
      },
      onUpdate: (_old, node) => {
        this.cache.setNode(node);
        this.queue.moveAllToActiveOrBackoff();
      },
      onDelete: (node) => {
        this.cache.removeNode(node.metadata?.name ?? '');
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.podChanged(pod);
      },
      onUpdate: (_old, pod) => {
        this.podChanged(pod);
      },
      onDelete: (pod) => {
        if (pod.spec?.nodeName) {
          this.cache.removePod(pod);
          this.queue.moveAllToActiveOrBackoff();
        } else {
          this.queue.delete(pod);
        }
      },
    });
    await Promise.all([this.nodes.start(), this.pods.start()]);
  }

  private responsibleFor(pod: Pod): boolean {
    return (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  private podChanged(pod: Pod): void {
    if (pod.spec?.nodeName) {
      // Bound (by us or anyone): it now occupies its node.
      this.queue.delete(pod);
      this.cache.addPod(pod);
      return;
    }
    if (!this.responsibleFor(pod) || pod.metadata?.deletionTimestamp) return;
    this.queue.add(pod);
  }

  /** Schedules every pod in activeQ once the current round's events have been taken in. */
  private scheduleSoon(): void {
    if (this.scheduling) return;
    this.scheduling = true;
    // A microtask, like queueMicrotask (which the lint rules keep out of workers/).
    void Promise.resolve().then(() => {
      this.scheduling = false;
      for (let queued = this.queue.pop(); queued; queued = this.queue.pop())
        this.scheduleOne(queued);
    });
  }

  private record(attempt: SchedulingAttempt): void {
    const history = this.attempts.get(attempt.pod) ?? [];
    history.push(attempt);
    if (history.length > ATTEMPTS_KEPT) history.shift();
    this.attempts.set(attempt.pod, history);
    this.observer.onAttempt?.(attempt);
  }

  private scheduleOne(queued: QueuedPod): void {
    const current = this.pods.get(queued.key);
    if (!current || current.spec?.nodeName || current.metadata?.deletionTimestamp) return;
    const pod = current;
    const cycle = this.queue.schedulingCycle;
    const state: CycleState = new Map();
    const nodes = this.cache.nodeInfos();
    const verdicts = new Map<string, NodeVerdict>();

    for (const plugin of this.plugins.preFilter) plugin.preFilter(state, pod);
    const feasible: NodeInfo[] = [];
    const failures = new Map<string, Status>();
    for (const node of nodes) {
      let failure: Status | null = null;
      for (const plugin of this.plugins.filter) {
        failure = plugin.filter(state, pod, node);
        if (failure) break;
      }
      verdicts.set(node.name, {
        node: node.name,
        filter: failure
          ? { plugin: failure.plugin, code: failure.code, reasons: failure.reasons }
          : null,
        scores: [],
        total: 0,
      });
      if (failure) failures.set(node.name, failure);
      else feasible.push(node);
    }

    const attempt: SchedulingAttempt = {
      pod: queued.key,
      time: this.clock.now(),
      nodes: [],
      selected: null,
      tiedWith: [],
    };
    if (feasible.length === 0) {
      // schedulePod fails with ErrNoNodesAvailable before any filter (or PostFilter) runs.
      const message =
        nodes.length === 0
          ? NO_NODES_AVAILABLE
          : fitErrorMessage(nodes.length, failures, preemptionVerdicts(pod, nodes, failures));
      attempt.message = message;
      attempt.nodes = [...verdicts.values()];
      this.record(attempt);
      this.traceDecision(pod, `unschedulable: 0/${nodes.length} nodes fit`);
      this.queue.addUnschedulable(queued, cycle);
      this.markUnschedulable(pod, message);
      return;
    }

    const selected = this.selectHost(state, pod, feasible, verdicts, attempt);
    attempt.nodes = [...verdicts.values()];
    attempt.selected = selected;
    this.record(attempt);
    this.traceDecision(pod, `${feasible.length}/${nodes.length} nodes fit → ${selected}`);
    const assumed = { ...pod, spec: { ...pod.spec, nodeName: selected } } as Pod;
    this.cache.assumePod(assumed);
    void this.bind(pod, selected, queued, cycle);
  }

  /** Score plugins, weighted sum, then a uniformly random pick among the best (selectHost). */
  private selectHost(
    state: CycleState,
    pod: Pod,
    feasible: NodeInfo[],
    verdicts: Map<string, NodeVerdict>,
    attempt: SchedulingAttempt,
  ): string {
    const only = feasible[0];
    if (feasible.length === 1 && only) return only.name;
    const totals = new Map<string, number>(feasible.map((node) => [node.name, 0]));
    for (const plugin of this.plugins.score) {
      plugin.preScore?.(state, pod, feasible);
      const raw = new Map(feasible.map((node) => [node.name, plugin.score(state, pod, node)]));
      const normalized = new Map(raw);
      plugin.normalize?.(normalized);
      for (const node of feasible) {
        const value = normalized.get(node.name) ?? 0;
        totals.set(node.name, (totals.get(node.name) ?? 0) + value * plugin.weight);
        verdicts.get(node.name)?.scores.push({
          plugin: plugin.name,
          raw: raw.get(node.name) ?? 0,
          normalized: value,
          weight: plugin.weight,
        });
      }
    }
    let best = Number.NEGATIVE_INFINITY;
    let winner = '';
    let tied: string[] = [];
    // Reservoir sampling over the nodes sharing the top score.
    for (const node of feasible) {
      const total = totals.get(node.name) ?? 0;
      const verdict = verdicts.get(node.name);
      if (verdict) verdict.total = total;
      if (total > best) {
        best = total;
        winner = node.name;
        tied = [node.name];
      } else if (total === best) {
        tied.push(node.name);
        if (this.rng.int(tied.length) === 0) winner = node.name;
      }
    }
    attempt.tiedWith = tied.length > 1 ? tied : [];
    return winner;
  }

  private traceDecision(pod: Pod, label: string): void {
    const meta = pod.metadata ?? {};
    this.observer.onDecision?.(`pods/${meta.namespace ?? ''}/${meta.name ?? ''}`, label);
  }

  private async bind(pod: Pod, node: string, queued: QueuedPod, cycle: number): Promise<void> {
    const meta = pod.metadata ?? {};
    try {
      await this.client
        .resource(POD_TYPE, meta.namespace)
        .createSubresource(meta.name ?? '', 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid },
          target: { kind: 'Node', name: node },
        } as KubeObject);
      this.recorder.event(
        pod,
        'Normal',
        'Scheduled',
        'Binding',
        `Successfully assigned ${meta.namespace ?? ''}/${meta.name ?? ''} to ${node}`,
      );
    } catch (error) {
      this.cache.forgetPod({ ...pod, spec: { ...pod.spec, nodeName: node } } as Pod);
      if (isNotFound(error)) return;
      const message = error instanceof Error ? error.message : String(error);
      this.recorder.event(
        pod,
        'Warning',
        'FailedScheduling',
        'Scheduling',
        `Binding rejected: ${message}`,
      );
      this.queue.addUnschedulable(queued, cycle, true);
    }
  }

  /** PodScheduled=False/Unschedulable on the pod, and a FailedScheduling event. */
  private markUnschedulable(pod: Pod, message: string): void {
    const meta = pod.metadata ?? {};
    const conditions = [...(pod.status?.conditions ?? [])];
    const index = conditions.findIndex((condition) => condition.type === 'PodScheduled');
    const existing = index === -1 ? undefined : conditions[index];
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        existing?.status === 'False' ? existing.lastTransitionTime : formatTime(this.clock.now()),
      reason: 'Unschedulable',
      message,
    };
    const changed =
      existing?.status !== 'False' ||
      existing.reason !== 'Unschedulable' ||
      existing.message !== message;
    if (index === -1) conditions.push(condition as unknown as (typeof conditions)[number]);
    else conditions[index] = condition as unknown as (typeof conditions)[number];
    this.recorder.event(pod, 'Warning', 'FailedScheduling', 'Scheduling', message);
    if (!changed) return;
    this.client
      .resource(POD_TYPE, meta.namespace)
      .patch(meta.name ?? '', 'merge', { status: { conditions } }, { subresource: 'status' })
      .catch(() => undefined);
  }

  /** For the UI: the pods waiting and why. */
  pendingPods(): ReturnType<SchedulingQueue['pending']> {
    return this.queue.pending();
  }

  stop(): void {
    this.pods.stop();
    this.nodes.stop();
  }
}
