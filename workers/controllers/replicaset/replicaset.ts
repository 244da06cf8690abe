// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keep spec.replicas active
// pods that match the selector. It claims pods through the ControllerRefManager (adopting orphans,
// releasing strays), creates in slow-start batches (1, 2, 4, …) of at most 500, deletes by
// upstream's ranking, and waits on expectations before acting twice. The ReplicationController
// runs the same code through a kind adapter (pkg/controller/replication), see replication.ts.
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import {
  isEmptySelector,
  labelSelectorFromObject,
  matchesLabels,
  type Selector,
} from '../../api/labels.ts';
import type { ResourceType } from '../../api/resources.ts';
import { formatTime } from '../../api/time.ts';
import { isNotFound, POD_TYPE, REPLICA_SET_TYPE } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { type ControllerKind, controllerOf, refManagerFor } from '../controller-ref.ts';
import { Expectations } from '../expectations.ts';
import { PodControl, podFromTemplate } from '../pod-control.ts';
import { isPodActive, isPodAvailable, isPodReady } from '../pod-util.ts';
import { podsToDelete } from './ranking.ts';

export const BURST_REPLICAS = 500;
const CONCURRENT_SYNCS = 5;

/** A ReplicaSet or a ReplicationController: the fields the controller reads are the same. */
export type ReplicaOwner = ReplicaSet | ReplicationController;

/** What differs between the kinds the controller runs for (upstream's adapters). */
export interface ReplicaKind {
  /** The event source component; also the service account unless `serviceAccount` says. */
  component: string;
  serviceAccount?: string;
  type: Pick<ResourceType, 'group' | 'version' | 'resource'>;
  kind: ControllerKind;
  /** The pod selector; a parse failure means the object is skipped. */
  selector(owner: ReplicaOwner): Selector | { error: string };
}

export const REPLICA_SET_KIND: ReplicaKind = {
  component: 'replicaset-controller',
  type: REPLICA_SET_TYPE,
  kind: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  selector: (owner) => labelSelectorFromObject((owner as ReplicaSet).spec?.selector),
};

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly serviceAccount?: string;
  private context!: ControllerContext;
  private owners!: Informer<ReplicaOwner>;
  private pods!: Informer<Pod>;
  private queue!: WorkQueue;
  private podControl!: PodControl;
  private readonly expectations = new Expectations();

  constructor(private readonly kind: ReplicaKind = REPLICA_SET_KIND) {
    this.name = kind.component;
    if (kind.serviceAccount) this.serviceAccount = kind.serviceAccount;
  }

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.podControl = new PodControl(context.client, context.recorder(this.name));
    this.owners = context.informers.for<ReplicaOwner>(this.kind.type);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.owners.addEventHandler({
      onAdd: (owner) => {
        this.queue.add(objectKey(owner));
      },
      onUpdate: (_old, owner) => {
        this.queue.add(objectKey(owner));
      },
      onDelete: (owner) => {
        this.expectations.delete(objectKey(owner));
        this.queue.add(objectKey(owner));
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.addPod(pod);
      },
      onUpdate: (old, pod) => {
        this.updatePod(old, pod);
      },
      onDelete: (pod) => {
        this.podDeleted(pod);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  /** The owner of this kind that controls `pod`, as its queue key. */
  private ownerKey(pod: Pod): string | undefined {
    const owner = controllerOf(pod);
    if (owner?.kind !== this.kind.kind.kind) return undefined;
    const key = `${pod.metadata?.namespace ?? ''}/${owner.name}`;
    return this.owners.get(key)?.metadata?.uid === owner.uid ? key : undefined;
  }

  /** getPodReplicaSets: the owners whose selector matches an orphan, which may adopt it. */
  private matchingOwners(pod: Pod): string[] {
    return this.owners
      .list()
      .filter((owner) => {
        if (owner.metadata?.namespace !== pod.metadata?.namespace) return false;
        const selector = this.kind.selector(owner);
        if (isParseError(selector) || isEmptySelector(selector)) return false;
        return matchesLabels(selector, pod.metadata?.labels);
      })
      .map(objectKey);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    if (controllerOf(pod)) {
      const owner = this.ownerKey(pod);
      if (!owner) return;
      this.expectations.creationObserved(owner);
      this.queue.add(owner);
      return;
    }
    for (const owner of this.matchingOwners(pod)) this.queue.add(owner);
  }

  private updatePod(old: Pod, pod: Pod): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    if (pod.metadata?.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    const oldRef = controllerOf(old);
    const ref = controllerOf(pod);
    const oldOwner = this.ownerKey(old);
    if (oldOwner && oldRef?.uid !== ref?.uid) this.queue.add(oldOwner);
    if (ref) {
      const owner = this.ownerKey(pod);
      if (owner) this.queue.add(owner);
      return;
    }
    const labelsChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {});
    if (labelsChanged || oldRef)
      for (const owner of this.matchingOwners(pod)) this.queue.add(owner);
  }

  private podDeleted(pod: Pod): void {
    const owner = this.ownerKey(pod);
    if (!owner) return;
    this.expectations.deletionObserved(owner, objectKey(pod));
    this.queue.add(owner);
  }

  /** claimPods: the active pods of the namespace this owner now controls. */
  private claimPods(owner: ReplicaOwner, selector: Selector): Promise<Pod[]> {
    const namespace = owner.metadata?.namespace;
    const candidates = this.pods
      .list()
      .filter((pod) => pod.metadata?.namespace === namespace && isPodActive(pod));
    const manager = refManagerFor(
      this.context.client,
      owner,
      this.kind.type,
      this.kind.kind,
      selector,
    );
    return manager.claimPods(candidates, (ns) => this.context.client.resource<Pod>(POD_TYPE, ns));
  }

  private async sync(key: string): Promise<void> {
    const owner = this.owners.get(key);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key, this.context.clock.now());
    const selector = this.kind.selector(owner);
    // A selector that does not parse is reported and never retried, as upstream does.
    if (isParseError(selector)) return;
    const pods = await this.claimPods(owner, selector);
    let manageError: Error | null = null;
    if (needsSync && !owner.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(key, owner, pods);
      } catch (error) {
        manageError = error instanceof Error ? error : new Error(String(error));
      }
    }
    await this.updateStatus(owner, pods, manageError);
    const minReady = owner.spec?.minReadySeconds ?? 0;
    const status = owner.status;
    if (
      !manageError &&
      minReady > 0 &&
      status?.readyReplicas === owner.spec?.replicas &&
      status?.availableReplicas !== owner.spec?.replicas
    ) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError) throw manageError;
  }

  private async manageReplicas(key: string, rs: ReplicaOwner, pods: Pod[]): Promise<void> {
    const desired = rs.spec?.replicas ?? 1;
    const diff = pods.length - desired;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count, this.context.clock.now());
      const created = await this.slowStartBatch(count, async () => {
        await this.podControl.createPod(rs, podFromTemplate(rs.spec?.template, rs, this.kind.kind));
      });
      // Pods never attempted are not expected any more.
      for (let skipped = count - created.successes; skipped > 0; skipped--)
        this.expectations.creationObserved(key);
      if (created.error) throw created.error;
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, pods, count, this.context.clock.now());
      this.expectations.expectDeletions(key, victims.map(objectKey), this.context.clock.now());
      const results = await Promise.allSettled(
        victims.map((pod) => this.podControl.deletePod(rs, pod.metadata?.name ?? '')),
      );
      results.forEach((result, index) => {
        const victim = victims[index];
        if (result.status === 'rejected' && victim)
          this.expectations.deletionObserved(key, objectKey(victim));
      });
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw new Error(String(failure.reason));
    }
  }

  /** Creates in batches of 1, 2, 4, … and stops at the first batch with a failure (slowStartBatch). */
  private async slowStartBatch(
    count: number,
    create: () => Promise<void>,
  ): Promise<{ successes: number; error?: Error }> {
    let remaining = count;
    let successes = 0;
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      const results = await Promise.allSettled(Array.from({ length: batch }, () => create()));
      const failed = results.find((result) => result.status === 'rejected');
      successes += results.filter((result) => result.status === 'fulfilled').length;
      if (failed)
        return {
          successes,
          error: failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason)),
        };
      remaining -= batch;
    }
    return { successes };
  }

  /** calculateStatus + updateReplicaSetStatus: PUT status only when something changed. */
  private async updateStatus(
    rs: ReplicaOwner,
    pods: Pod[],
    manageError: Error | null,
  ): Promise<void> {
    const now = this.context.clock.now();
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const templateSelector = labelSelectorFromObject({ matchLabels: templateLabels });
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const status: ReplicaSetStatus & { conditions?: unknown[] } = { replicas: pods.length };
    const fullyLabeled = pods.filter(
      (pod) =>
        !isParseError(templateSelector) && matchesLabels(templateSelector, pod.metadata?.labels),
    ).length;
    const ready = pods.filter(isPodReady).length;
    const available = pods.filter((pod) => isPodAvailable(pod, minReady, now)).length;
    if (fullyLabeled)
      (status as { fullyLabeledReplicas?: number }).fullyLabeledReplicas = fullyLabeled;
    if (ready) (status as { readyReplicas?: number }).readyReplicas = ready;
    if (available) (status as { availableReplicas?: number }).availableReplicas = available;
    const existingFailure = rs.status?.conditions?.find(
      (condition) => condition.type === 'ReplicaFailure',
    );
    let conditions = (rs.status?.conditions ?? []).filter(
      (condition) => condition.type !== 'ReplicaFailure' || manageError !== null,
    );
    if (manageError && !existingFailure) {
      const diff = pods.length - (rs.spec?.replicas ?? 1);
      conditions = [
        ...conditions,
        {
          type: 'ReplicaFailure',
          status: 'True',
          lastTransitionTime: formatTime(now),
          reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
          message: manageError.message,
        },
      ];
    }
    if (conditions.length > 0) status.conditions = conditions;
    const current: Partial<ReplicaSetStatus> = rs.status ?? {};
    const same =
      (current.replicas ?? 0) === status.replicas &&
      (current.fullyLabeledReplicas ?? 0) === fullyLabeled &&
      (current.readyReplicas ?? 0) === ready &&
      (current.availableReplicas ?? 0) === available &&
      JSON.stringify(current.conditions ?? []) === JSON.stringify(conditions) &&
      rs.metadata?.generation === current.observedGeneration;
    if (same) return;
    (status as { observedGeneration?: number }).observedGeneration = rs.metadata?.generation;
    const client = this.context.client.resource<ReplicaOwner>(
      this.kind.type,
      rs.metadata?.namespace,
    );
    try {
      await client.updateStatus({ ...rs, status });
    } catch (error) {
      if (isNotFound(error)) return;
      // statusUpdateRetries = 1: read the latest and try once more.
      const latest = await client.get(rs.metadata?.name ?? '');
      await client.updateStatus({ ...latest, status });
    }
  }
}
