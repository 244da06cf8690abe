// kube-scheduler (pkg/scheduler/schedule_one.go): watch pods and nodes, take the next pending pod
// from the queue, run the scheduling framework (schedule-one.ts), assume the pod on the winner and
// bind it through pods/binding; on failure run DefaultPreemption (preemption.ts), evict its
// victims, nominate the node, mark the pod Unschedulable and say why, in upstream's words.
// Left out: NodeAffinity's PreFilterResult (every node is filtered), asynchronous preemption and
// API calls (alpha in 1.32), extenders and multiple profiles.

import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type {
  Namespace,
  Node,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { formatTime } from '../api/time.ts';
import {
  CORE_V1,
  isNotFound,
  NAMESPACE_TYPE,
  NODE_TYPE,
  POD_TYPE,
  REPLICA_SET_TYPE,
  type Client,
} from '../client/client.ts';
import { EventsV1Recorder } from '../client/events.ts';
import { Informer, objectKey } from '../client/informer.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { SchedulerCache } from './cache.ts';
import { fitErrorMessage } from './fit-error.ts';
import { AttemptHistory, type PodInfo, type SchedulingAttempt } from './framework.ts';
import { newHandle, type Listers } from './handle.ts';
import { newPodInfo } from './node-info.ts';
import { defaultPlugins } from './plugins/registry.ts';
import { preempt, type Candidate } from './preemption.ts';
import { SchedulingQueue, type QueuedPod } from './queue.ts';
import { SchedulingFramework, type Nominator } from './schedule-one.ts';

const SERVICE_TYPE = { ...CORE_V1, resource: 'services' } as const;
const REPLICATION_CONTROLLER_TYPE = { ...CORE_V1, resource: 'replicationcontrollers' } as const;
const STATEFUL_SET_TYPE = { group: 'apps', version: 'v1', resource: 'statefulsets' } as const;
const PDB_TYPE = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' } as const;

export const SCHEDULER_NAME = 'default-scheduler';
/** ErrNoNodesAvailable (schedule_one.go). */
const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface SchedulerObserver {
  /** Every scheduling attempt, for the "why is my pod here / Pending" view. */
  onAttempt?(attempt: SchedulingAttempt): void;
  /** A one-line account of each decision, for the trace. */
  onDecision?(ref: string, label: string): void;
}

const NONE: readonly PodInfo[] = [];

/** The pods preemption nominated to nodes and that are still pending (PodNominator). */
class NominatedPods implements Nominator {
  private readonly byPod = new Map<string, string>();
  private readonly byNode = new Map<string, PodInfo[]>();

  nominatedPodsForNode(node: string): readonly PodInfo[] {
    return this.byNode.get(node) ?? NONE;
  }

  set(pod: Pod, node: string): void {
    const key = objectKey(pod);
    this.delete(key);
    this.byPod.set(key, node);
    this.byNode.set(node, [...this.nominatedPodsForNode(node), newPodInfo(pod)]);
  }

  delete(key: string): void {
    const node = this.byPod.get(key);
    if (node === undefined) return;
    this.byPod.delete(key);
    const rest = this.nominatedPodsForNode(node).filter((info) => info.key !== key);
    if (rest.length === 0) this.byNode.delete(node);
    else this.byNode.set(node, rest);
  }

  /** Tracks the nomination the pod carries (status.nominatedNodeName). */
  update(pod: Pod): void {
    const node = pod.status?.nominatedNodeName;
    if (node && !pod.spec?.nodeName) this.set(pod, node);
    else this.delete(objectKey(pod));
  }
}

export class Scheduler {
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly namespaces: Informer<Namespace>;
  private readonly services: Informer<Service>;
  private readonly replicationControllers: Informer<ReplicationController>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly statefulSets: Informer<StatefulSet>;
  private readonly pdbs: Informer<PodDisruptionBudget>;
  private readonly cache = new SchedulerCache();
  private readonly nominator = new NominatedPods();
  private readonly queue: SchedulingQueue;
  private readonly recorder: EventsV1Recorder;
  private readonly framework: SchedulingFramework;
  private scheduling = false;
  readonly attempts = new AttemptHistory();

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
    this.namespaces = new Informer<Namespace>(client.resource(NAMESPACE_TYPE), clock, rng);
    this.services = new Informer<Service>(client.resource(SERVICE_TYPE), clock, rng);
    this.replicationControllers = new Informer<ReplicationController>(
      client.resource(REPLICATION_CONTROLLER_TYPE),
      clock,
      rng,
    );
    this.replicaSets = new Informer<ReplicaSet>(client.resource(REPLICA_SET_TYPE), clock, rng);
    this.statefulSets = new Informer<StatefulSet>(client.resource(STATEFUL_SET_TYPE), clock, rng);
    this.pdbs = new Informer<PodDisruptionBudget>(client.resource(PDB_TYPE), clock, rng);
    this.queue = new SchedulingQueue(clock, () => {
      this.scheduleSoon();
    });
    this.recorder = new EventsV1Recorder(
      client,
      clock,
      SCHEDULER_NAME,
      `${SCHEDULER_NAME}-control-plane`,
    );
    const listers: Listers = {
      namespaces: () => this.namespaces.list(),
      services: () => this.services.list(),
      get: (kind: string, namespace: string, name: string) => {
        const informer =
          kind === 'ReplicationController'
            ? this.replicationControllers
            : kind === 'ReplicaSet'
              ? this.replicaSets
              : this.statefulSets;
        return informer.get(`${namespace}/${name}`) as never;
      },
    };
    const handle = newHandle(this.cache, listers);
    this.framework = new SchedulingFramework(
      defaultPlugins(handle),
      handle,
      this.cache,
      rng,
      this.nominator,
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
        this.nominator.delete(objectKey(pod));
        this.attempts.delete(objectKey(pod));
        if (pod.spec?.nodeName) {
          this.cache.removePod(pod);
          this.queue.moveAllToActiveOrBackoff();
        } else {
          this.queue.delete(pod);
        }
      },
    });
    await Promise.all([
      this.nodes.start(),
      this.pods.start(),
      this.namespaces.start(),
      this.services.start(),
      this.replicationControllers.start(),
      this.replicaSets.start(),
      this.statefulSets.start(),
      this.pdbs.start(),
    ]);
  }

  private responsibleFor(pod: Pod): boolean {
    return (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  private podChanged(pod: Pod): void {
    this.nominator.update(pod);
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
    this.attempts.record(attempt);
    this.observer.onAttempt?.(attempt);
  }

  private scheduleOne(queued: QueuedPod): void {
    const current = this.pods.get(queued.key);
    if (!current || current.spec?.nodeName || current.metadata?.deletionTimestamp) return;
    const pod = current;
    const cycle = this.queue.schedulingCycle;
    const result = this.framework.schedulePod(pod, queued.key, this.clock.now());
    const { attempt } = result;
    const selected = attempt.selected;
    if (selected !== null) {
      this.record(attempt);
      this.traceDecision(
        pod,
        `${attempt.feasible.length}/${attempt.numAllNodes} nodes fit → ${selected}`,
      );
      const assumed = { ...pod, spec: { ...pod.spec, nodeName: selected } } as Pod;
      this.cache.assumePod(assumed);
      this.nominator.delete(queued.key);
      void this.bind(pod, selected, queued, cycle);
      return;
    }

    let message = NO_NODES_AVAILABLE;
    let nominated: Candidate | null = null;
    let clearNomination = false;
    // schedulePod fails with ErrNoNodesAvailable before any filter (or PostFilter) runs.
    if (attempt.numAllNodes > 0) {
      const outcome = preempt(
        this.framework,
        result.state,
        pod,
        result.failures,
        this.pdbs.list(),
        this.rng,
      );
      if (outcome.kind === 'nominated') nominated = outcome.candidate;
      else clearNomination = outcome.clearNomination === true;
      message = fitErrorMessage(
        attempt.numAllNodes,
        result.failures.values(),
        outcome.kind === 'failed' ? outcome.message : null,
        result.preFilterStatus ? result.preFilterStatus.reasons.join(', ') : null,
      );
    }
    attempt.message = message;
    if (nominated) {
      attempt.preemption = {
        nominatedNode: nominated.node,
        victims: nominated.victims.map((victim) => objectKey(victim)),
      };
    }
    this.record(attempt);
    this.traceDecision(
      pod,
      nominated
        ? `preempting ${nominated.victims.length} pod(s) on ${nominated.node}`
        : `unschedulable: 0/${attempt.numAllNodes} nodes fit`,
    );
    this.queue.addUnschedulable(queued, cycle);
    if (nominated) {
      this.prepareCandidate(pod, nominated);
      this.nominator.set(pod, nominated.node);
    } else if (clearNomination) {
      this.nominator.delete(queued.key);
    }
    this.markUnschedulable(
      pod,
      message,
      nominated ? nominated.node : clearNomination ? '' : undefined,
    );
  }

  /** prepareCandidate: evict the victims, drop lower-priority nominations to that node. */
  private prepareCandidate(preemptor: Pod, candidate: Candidate): void {
    for (const victim of candidate.victims) {
      if (victim.metadata?.deletionTimestamp) continue;
      void this.preemptPod(preemptor, victim, candidate.node);
    }
    const priority = preemptor.spec?.priority ?? 0;
    for (const info of this.nominator.nominatedPodsForNode(candidate.node)) {
      if ((info.pod.spec?.priority ?? 0) >= priority) continue;
      this.nominator.delete(info.key);
      const meta = info.pod.metadata ?? {};
      this.client
        .resource(POD_TYPE, meta.namespace)
        .patch(
          meta.name ?? '',
          'merge',
          { status: { nominatedNodeName: null } },
          { subresource: 'status' },
        )
        .catch(() => undefined);
    }
  }

  /** PreemptPod: the DisruptionTarget condition, the deletion, and the Preempted event. */
  private async preemptPod(preemptor: Pod, victim: Pod, node: string): Promise<void> {
    const meta = victim.metadata ?? {};
    const pods = this.client.resource<Pod>(POD_TYPE, meta.namespace);
    const conditions = (victim.status?.conditions ?? []).filter(
      (condition) => condition.type !== 'DisruptionTarget',
    );
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: formatTime(this.clock.now()),
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec?.schedulerName ?? SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
    });
    try {
      await pods.patch(
        meta.name ?? '',
        'merge',
        { status: { conditions } },
        { subresource: 'status' },
      );
      await pods.delete(meta.name ?? '');
    } catch (error) {
      if (!isNotFound(error)) return;
    }
    this.recorder.event(
      victim,
      'Normal',
      'Preempted',
      'Preempting',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${node}`,
      preemptor,
    );
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

  /**
   * PodScheduled=False/Unschedulable on the pod and a FailedScheduling event; `nominatedNode` sets
   * (or, when "", clears) status.nominatedNodeName.
   */
  private markUnschedulable(pod: Pod, message: string, nominatedNode?: string): void {
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
    const conditionChanged =
      existing?.status !== 'False' ||
      existing.reason !== 'Unschedulable' ||
      existing.message !== message;
    const nominationChanged =
      nominatedNode !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominatedNode;
    if (index === -1) conditions.push(condition as unknown as (typeof conditions)[number]);
    else conditions[index] = condition as unknown as (typeof conditions)[number];
    this.recorder.event(pod, 'Warning', 'FailedScheduling', 'Scheduling', message);
    if (!conditionChanged && !nominationChanged) return;
    const status = {
      ...(conditionChanged ? { conditions } : {}),
      ...(nominationChanged ? { nominatedNodeName: nominatedNode || null } : {}),
    };
    this.client
      .resource(POD_TYPE, meta.namespace)
      .patch(meta.name ?? '', 'merge', { status }, { subresource: 'status' })
      .catch(() => undefined);
  }

  /** For the UI: the pods waiting and why. */
  pendingPods(): ReturnType<SchedulingQueue['pending']> {
    return this.queue.pending();
  }

  stop(): void {
    for (const informer of [
      this.pods,
      this.nodes,
      this.namespaces,
      this.services,
      this.replicationControllers,
      this.replicaSets,
      this.statefulSets,
      this.pdbs,
    ])
      informer.stop();
  }
}
