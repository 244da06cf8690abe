// The disruption controller (pkg/controller/disruption/disruption.go, pkg/apis/policy/v1
// helpers): each PodDisruptionBudget's status says how many of its pods are healthy, how many must
// stay so (minAvailable, or the controllers' scale less maxUnavailable), and so how many the
// eviction API may take now. Pods the eviction API recorded as disrupted are not counted for two
// minutes. Left out: the UnmanagedPods warning event (its text prints a Go LabelSelector) and
// finders through the generic scale subresource (only built-in controllers own pods here).

import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1';
import type { Condition, OwnerReference } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { isParseError } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { formatTime, parseTime } from '../../api/time.ts';
import { isNotFound, POD_TYPE, REPLICA_SET_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { isPodReady } from '../pod-util.ts';

const PDB_TYPE = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' } as const;
const DEPLOYMENT_TYPE = { group: 'apps', version: 'v1', resource: 'deployments' } as const;
const STATEFUL_SET_TYPE = { group: 'apps', version: 'v1', resource: 'statefulsets' } as const;
const RC_TYPE = { group: '', version: 'v1', resource: 'replicationcontrollers' } as const;

/** DeletionTimeout: how long a pod the eviction API took may take to go. */
const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

interface ControllerScale {
  uid: string;
  scale: number;
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up. */
function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((Number.parseInt(value, 10) * total) / 100);
}

function controllerOf(object: { metadata?: { ownerReferences?: OwnerReference[] } }) {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller);
}

export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  private context!: ControllerContext;
  private recorder!: CoreEventRecorder;
  private queue!: WorkQueue;
  private budgets!: Informer<PodDisruptionBudget>;
  private pods!: Informer<Pod>;
  private replicaSets!: Informer<ReplicaSet>;
  private deployments!: Informer<Deployment>;
  private statefulSets!: Informer<StatefulSet>;
  private replicationControllers!: Informer<ReplicationController>;

  setup(context: ControllerContext): void {
    this.context = context;
    this.recorder = context.recorder('controllermanager');
    this.queue = new WorkQueue(context.clock);
    this.budgets = context.informers.for<PodDisruptionBudget>(PDB_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.replicaSets = context.informers.for<ReplicaSet>(REPLICA_SET_TYPE);
    this.deployments = context.informers.for<Deployment>(DEPLOYMENT_TYPE);
    this.statefulSets = context.informers.for<StatefulSet>(STATEFUL_SET_TYPE);
    this.replicationControllers = context.informers.for<ReplicationController>(RC_TYPE);
    const enqueue = (budget: PodDisruptionBudget): void => {
      this.queue.add(objectKey(budget));
    };
    this.budgets.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, budget) => {
        enqueue(budget);
      },
    });
    const enqueueFor = (pod: Pod): void => {
      for (const budget of this.budgetsFor(pod)) enqueue(budget);
    };
    this.pods.addEventHandler({
      onAdd: enqueueFor,
      onUpdate: (_old, pod) => {
        enqueueFor(pod);
      },
      onDelete: enqueueFor,
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (key) => this.sync(key));
  }

  /** getPdbForPod: the budgets of the pod's namespace whose selector takes it. */
  private budgetsFor(pod: Pod): PodDisruptionBudget[] {
    const namespace = pod.metadata?.namespace;
    return this.budgets.list().filter((budget) => {
      if (budget.metadata?.namespace !== namespace) return false;
      const selector = labelSelectorFromObject(budget.spec?.selector);
      return !isParseError(selector) && matchesLabels(selector, pod.metadata?.labels ?? {});
    });
  }

  private podsFor(budget: PodDisruptionBudget): Pod[] {
    const selector = labelSelectorFromObject(budget.spec?.selector);
    if (isParseError(selector)) return [];
    const namespace = budget.metadata?.namespace;
    return this.pods
      .list()
      .filter(
        (pod) =>
          pod.metadata?.namespace === namespace &&
          matchesLabels(selector, pod.metadata?.labels ?? {}),
      );
  }

  private async sync(key: string): Promise<void> {
    const budget = this.budgets.get(key);
    if (!budget) return;
    const pods = this.podsFor(budget);
    if (pods.length === 0)
      this.recorder.event(budget, 'Normal', 'NoPods', 'No matching pods found');
    let counts: { expected: number; desiredHealthy: number };
    try {
      counts = this.expectedPodCount(budget, pods);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.recorder.event(
        budget,
        'Warning',
        'CalculateExpectedPodCountFailed',
        `Failed to calculate the number of expected pods: ${message}`,
      );
      throw error;
    }
    const now = this.context.clock.now();
    const { disrupted, recheckAt } = this.disruptedPods(budget, pods, now);
    const currentHealthy = pods.filter(
      (pod) =>
        !pod.metadata?.deletionTimestamp &&
        !(pod.metadata?.name !== undefined && pod.metadata.name in disrupted) &&
        isPodReady(pod),
    ).length;
    await this.writeStatus(budget, currentHealthy, counts, disrupted, now);
    if (recheckAt !== null) this.queue.addAfter(key, Math.max(0, recheckAt - now));
  }

  /** getExpectedPodCount. */
  private expectedPodCount(
    budget: PodDisruptionBudget,
    pods: Pod[],
  ): { expected: number; desiredHealthy: number } {
    const { maxUnavailable, minAvailable } = budget.spec ?? {};
    if (maxUnavailable !== undefined) {
      const expected = this.expectedScale(pods);
      return {
        expected,
        desiredHealthy: Math.max(0, expected - scaledValue(maxUnavailable, expected)),
      };
    }
    if (typeof minAvailable === 'number')
      return { expected: pods.length, desiredHealthy: minAvailable };
    if (typeof minAvailable === 'string') {
      const expected = this.expectedScale(pods);
      return { expected, desiredHealthy: scaledValue(minAvailable, expected) };
    }
    return { expected: 0, desiredHealthy: 0 };
  }

  /** getExpectedScale: the sum of the scales of the pods' controllers, each counted once. */
  private expectedScale(pods: Pod[]): number {
    const scales = new Map<string, number>();
    for (const pod of pods) {
      const reference = controllerOf(pod);
      if (!reference || scales.has(reference.uid)) continue;
      const found = this.scaleOf(reference, pod.metadata?.namespace ?? '');
      if (!found)
        throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata?.name ?? '')}`);
      scales.set(found.uid, found.scale);
    }
    return [...scales.values()].reduce((sum, scale) => sum + scale, 0);
  }

  /** The finders: ReplicationController, Deployment through its ReplicaSet, ReplicaSet, StatefulSet. */
  private scaleOf(reference: OwnerReference, namespace: string): ControllerScale | null {
    const owned = <T extends { metadata?: { uid?: string } }>(
      informer: Informer<T>,
      kind: string,
      apiVersion: string,
    ): T | undefined => {
      if (reference.kind !== kind || reference.apiVersion !== apiVersion) return undefined;
      const found = informer.get(`${namespace}/${reference.name}`);
      return found?.metadata?.uid === reference.uid ? found : undefined;
    };
    const rc = owned(this.replicationControllers, 'ReplicationController', 'v1');
    if (rc) return { uid: reference.uid, scale: rc.spec?.replicas ?? 1 };
    const rs = owned(this.replicaSets, 'ReplicaSet', 'apps/v1');
    if (rs) {
      const deploymentRef = controllerOf(rs);
      if (deploymentRef?.kind === 'Deployment') {
        const deployment = this.deployments.get(`${namespace}/${deploymentRef.name}`);
        if (deployment?.metadata?.uid === deploymentRef.uid) {
          return { uid: deploymentRef.uid, scale: deployment.spec?.replicas ?? 1 };
        }
        return null;
      }
      return { uid: reference.uid, scale: rs.spec?.replicas ?? 1 };
    }
    const set = owned(this.statefulSets, 'StatefulSet', 'apps/v1');
    if (set) return { uid: reference.uid, scale: set.spec?.replicas ?? 1 };
    return null;
  }

  /** buildDisruptedPodMap: entries for pods still there and not yet deleted, within the timeout. */
  private disruptedPods(
    budget: PodDisruptionBudget,
    pods: Pod[],
    now: number,
  ): { disrupted: Record<string, string>; recheckAt: number | null } {
    const byName = new Map(pods.map((pod) => [pod.metadata?.name ?? '', pod]));
    const disrupted: Record<string, string> = {};
    let recheckAt: number | null = null;
    for (const [name, time] of Object.entries(budget.status?.disruptedPods ?? {})) {
      const pod = byName.get(name);
      if (!pod || pod.metadata?.deletionTimestamp) continue;
      const expiresAt = parseTime(time) + DELETION_TIMEOUT_MS;
      if (expiresAt < now) continue;
      disrupted[name] = time;
      if (recheckAt === null || expiresAt < recheckAt) recheckAt = expiresAt;
    }
    return { disrupted, recheckAt };
  }

  /** updatePdbStatus with UpdateDisruptionAllowedCondition. */
  private async writeStatus(
    budget: PodDisruptionBudget,
    currentHealthy: number,
    counts: { expected: number; desiredHealthy: number },
    disruptedPods: Record<string, string>,
    now: number,
  ): Promise<void> {
    const allowed = currentHealthy - counts.desiredHealthy;
    const disruptionsAllowed = counts.expected <= 0 || allowed <= 0 ? 0 : allowed;
    const previous = budget.status;
    const generation = budget.metadata?.generation ?? 0;
    const allowedCondition = disruptionsAllowed > 0;
    const condition = previous?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    if (
      previous?.currentHealthy === currentHealthy &&
      previous.desiredHealthy === counts.desiredHealthy &&
      previous.expectedPods === counts.expected &&
      previous.disruptionsAllowed === disruptionsAllowed &&
      jsonEqual(previous.disruptedPods ?? {}, disruptedPods) &&
      previous.observedGeneration === generation &&
      condition?.status === (allowedCondition ? 'True' : 'False')
    ) {
      return;
    }
    const conditions: Condition[] = (previous?.conditions ?? []).filter(
      (c) => c.type !== 'DisruptionAllowed',
    );
    const status = allowedCondition ? 'True' : 'False';
    conditions.push({
      type: 'DisruptionAllowed',
      status,
      reason: allowedCondition ? 'SufficientPods' : 'InsufficientPods',
      message: '',
      lastTransitionTime:
        condition?.status === status ? condition.lastTransitionTime : formatTime(now),
    });
    const updated: PodDisruptionBudget = {
      ...budget,
      status: {
        currentHealthy,
        desiredHealthy: counts.desiredHealthy,
        expectedPods: counts.expected,
        disruptionsAllowed,
        ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
        observedGeneration: generation,
        conditions,
      },
    };
    try {
      await this.context.client
        .resource<PodDisruptionBudget>(PDB_TYPE, budget.metadata?.namespace)
        .updateStatus(updated);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
