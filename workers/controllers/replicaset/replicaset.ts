// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keep spec.replicas active
// pods that match the selector. Creations go out in slow-start batches (1, 2, 4, …) of at most
// 500, deletions pick pods by upstream's ranking, expectations stop a sync from acting twice
// before the informer has seen its own writes, and status counts replicas, ready and available.
// Left out: adopting orphans and releasing pods whose labels changed (ControllerRefManager).

import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { formatTime } from '../../api/time.ts';
import { isNotFound, POD_TYPE, REPLICA_SET_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { Expectations } from '../expectations.ts';
import { isPodActive, isPodAvailable, isPodReady } from '../pod-util.ts';
import { podsToDelete } from './ranking.ts';

export const BURST_REPLICAS = 500;
const CONCURRENT_SYNCS = 5;

function controllerOf(object: KubeObject): { uid: string; name: string; kind: string } | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  private context!: ControllerContext;
  private replicaSets!: Informer<ReplicaSet>;
  private pods!: Informer<Pod>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private readonly expectations = new Expectations();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.replicaSets = context.informers.for<ReplicaSet>(REPLICA_SET_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.replicaSets.addEventHandler({
      onAdd: (rs) => {
        this.queue.add(objectKey(rs));
      },
      onUpdate: (_old, rs) => {
        this.queue.add(objectKey(rs));
      },
      onDelete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.queue.add(objectKey(rs));
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        if (pod.metadata?.deletionTimestamp) {
          this.podDeleted(pod);
          return;
        }
        const owner = this.ownerKey(pod);
        if (!owner) return;
        this.expectations.creationObserved(owner);
        this.queue.add(owner);
      },
      onUpdate: (old, pod) => {
        if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
        if (pod.metadata?.deletionTimestamp) {
          this.podDeleted(pod);
          return;
        }
        const oldOwner = this.ownerKey(old);
        const owner = this.ownerKey(pod);
        if (oldOwner && oldOwner !== owner) this.queue.add(oldOwner);
        if (owner) this.queue.add(owner);
      },
      onDelete: (pod) => {
        this.podDeleted(pod);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  /** The ReplicaSet that controls `pod`, as its queue key. */
  private ownerKey(pod: Pod): string | undefined {
    const owner = controllerOf(pod);
    if (owner?.kind !== 'ReplicaSet') return undefined;
    const key = `${pod.metadata?.namespace ?? ''}/${owner.name}`;
    return this.replicaSets.get(key)?.metadata?.uid === owner.uid ? key : undefined;
  }

  private podDeleted(pod: Pod): void {
    const owner = this.ownerKey(pod);
    if (!owner) return;
    this.expectations.deletionObserved(owner, objectKey(pod));
    this.queue.add(owner);
  }

  private async sync(key: string): Promise<void> {
    const rs = this.replicaSets.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key, this.context.clock.now());
    const uid = rs.metadata?.uid;
    const pods = this.pods
      .list()
      .filter(
        (pod) =>
          pod.metadata?.namespace === rs.metadata?.namespace &&
          isPodActive(pod) &&
          controllerOf(pod)?.uid === uid,
      );
    let manageError: Error | null = null;
    if (needsSync && !rs.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (error) {
        manageError = error instanceof Error ? error : new Error(String(error));
      }
    }
    await this.updateStatus(rs, pods, manageError);
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const status = rs.status;
    if (
      !manageError &&
      minReady > 0 &&
      status?.readyReplicas === rs.spec?.replicas &&
      status?.availableReplicas !== rs.spec?.replicas
    ) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageError) throw manageError;
  }

  private async manageReplicas(key: string, rs: ReplicaSet, pods: Pod[]): Promise<void> {
    const desired = rs.spec?.replicas ?? 1;
    const diff = pods.length - desired;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count, this.context.clock.now());
      const created = await this.slowStartBatch(count, () => this.createPod(rs));
      // Pods never attempted are not expected any more.
      for (let skipped = count - created.successes; skipped > 0; skipped--)
        this.expectations.creationObserved(key);
      if (created.error) throw created.error;
    } else if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, pods, count, this.context.clock.now());
      this.expectations.expectDeletions(key, victims.map(objectKey), this.context.clock.now());
      const results = await Promise.allSettled(victims.map((pod) => this.deletePod(rs, pod)));
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

  /** controller.GetPodFromTemplate, then create; the event names the pod the server generated. */
  private async createPod(rs: ReplicaSet): Promise<void> {
    const template = rs.spec?.template;
    const meta = rs.metadata ?? {};
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${meta.name ?? ''}-`,
        labels: { ...template?.metadata?.labels },
        ...(template?.metadata?.annotations
          ? { annotations: { ...template.metadata.annotations } }
          : {}),
        ...(template?.metadata?.finalizers
          ? { finalizers: [...template.metadata.finalizers] }
          : {}),
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: meta.name ?? '',
            uid: meta.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: structuredClone(template?.spec),
    } as Pod;
    try {
      const created = await this.context.client.resource<Pod>(POD_TYPE, meta.namespace).create(pod);
      this.recorder.event(
        rs,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata?.name ?? ''}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`);
      throw error;
    }
  }

  private async deletePod(rs: ReplicaSet, pod: Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    try {
      await this.context.client.resource(POD_TYPE, pod.metadata?.namespace).delete(name);
      this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (error) {
      if (isNotFound(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${message}`);
      throw new Error(`unable to delete pods: ${message}`, { cause: error });
    }
  }

  /** calculateStatus + updateReplicaSetStatus: PUT status only when something changed. */
  private async updateStatus(
    rs: ReplicaSet,
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
    const client = this.context.client.resource<ReplicaSet>(
      REPLICA_SET_TYPE,
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
