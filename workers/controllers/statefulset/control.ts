// The StatefulSet's update step (pkg/controller/statefulset/stateful_set_control.go
// updateStatefulSet, processReplica, processCondemned, runForAll): pods in the ordinal range are
// created in order (OrderedReady: one at a time, each waiting for its predecessors to be Running
// and Ready; Parallel: all at once), pods past it are deleted highest ordinal first, and a
// RollingUpdate deletes the highest pod not at the update revision, down to the partition.
// Left out: PersistentVolumeClaims and the MaxUnavailableStatefulSet alpha gate.

import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  applyRevision,
  endOrdinal,
  identityMatches,
  isCreated,
  isFinished,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  newVersionedStatefulSetPod,
  ordinalOf,
  podInOrdinalRange,
  podRevision,
  replicaCounts,
  startOrdinal,
} from './utils.ts';

/** StatefulPodControl: the writes, each with its event. */
export interface StatefulPodControl {
  createPod(set: StatefulSet, pod: Pod): Promise<void>;
  /** Brings a pod's identity back in line with its ordinal. */
  updatePod(set: StatefulSet, pod: Pod): Promise<void>;
  deletePod(set: StatefulSet, pod: Pod): Promise<void>;
  isNotFound(error: unknown): boolean;
}

interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** A step's outcome: whether the pass must stop here. */
type Step = (index: number) => Promise<boolean>;

/**
 * runForAll: in order, stopping at the first step that says so (monotonic); otherwise every
 * step in slow-start batches, stopping only at a failed batch.
 */
async function runForAll(count: number, step: Step, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await step(i)) return true;
    return false;
  }
  let position = 0;
  for (let batch = Math.min(count, 1); batch > 0; batch = Math.min(2 * batch, count - position)) {
    const indexes = Array.from({ length: batch }, (_, offset) => position + offset);
    const results = await Promise.allSettled(indexes.map((index) => step(index)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    position += batch;
  }
  return false;
}

export class StatefulSetControl {
  constructor(
    private readonly pods: StatefulPodControl,
    private readonly now: () => number,
  ) {}

  /** updateStatefulSet: one pass of creations, repairs, deletions and update; the new status. */
  async update(
    set: StatefulSet,
    revisions: Revisions,
    pods: readonly Pod[],
  ): Promise<StatefulSetStatus> {
    const currentSet = applyRevision(set, revisions.current);
    const updateSet = applyRevision(set, revisions.update);
    const minReady = set.spec?.minReadySeconds ?? 0;
    const start = startOrdinal(set);
    const replicas: Pod[] = [];
    const condemned: Pod[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
      else if (ordinalOf(pod) >= 0) condemned.push(pod);
    }
    for (let ordinal = start; ordinal <= endOrdinal(set); ordinal++) {
      replicas[ordinal - start] ??= newVersionedStatefulSetPod(
        currentSet,
        updateSet,
        revisions.current.metadata?.name ?? '',
        revisions.update.metadata?.name ?? '',
        ordinal,
      );
    }
    condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const firstUnhealthy =
      replicas.find((pod) => !isHealthy(pod)) ??
      [...condemned].reverse().find((pod) => !isHealthy(pod));
    const status = (): StatefulSetStatus => ({
      observedGeneration: set.metadata?.generation,
      ...replicaCounts(
        [...replicas, ...condemned],
        minReady,
        this.now(),
        revisions.current.metadata?.name ?? '',
        revisions.update.metadata?.name ?? '',
      ),
      currentRevision: revisions.current.metadata?.name,
      updateRevision: revisions.update.metadata?.name,
      collisionCount: revisions.collisionCount,
    });
    if (set.metadata?.deletionTimestamp) return status();
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
    const processReplica: Step = (i) => this.processReplica(updateSet, monotonic, replicas, i);
    if (await runForAll(replicas.length, processReplica, monotonic)) return status();
    const processCondemned: Step = (i) =>
      this.processCondemned(set, firstUnhealthy, monotonic, condemned, i);
    if (await runForAll(condemned.length, processCondemned, monotonic)) return status();
    if (set.spec?.updateStrategy?.type === 'OnDelete') return status();
    const result = status();
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= partition; target--) {
      const replica = replicas[target];
      if (!replica) continue;
      if (podRevision(replica) !== revisions.update.metadata?.name && !isTerminating(replica)) {
        await this.deleteIgnoringNotFound(set, replica);
        result.currentReplicas = (result.currentReplicas ?? 0) - 1;
        return result;
      }
      // Wait for the updated pod to be healthy before the next one goes.
      if (!isHealthy(replica)) return result;
    }
    return result;
  }

  private async deleteIgnoringNotFound(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.pods.deletePod(set, pod);
    } catch (error) {
      if (!this.pods.isNotFound(error)) throw error;
    }
  }

  /** processReplica: true when the pass must stop at this replica. */
  private async processReplica(
    set: StatefulSet,
    monotonic: boolean,
    replicas: Pod[],
    index: number,
  ): Promise<boolean> {
    const replica = replicas[index];
    if (!replica) return false;
    // A finished pod is deleted; the next sync creates it afresh once it has left.
    if (isFinished(replica)) {
      if (!isTerminating(replica)) await this.pods.deletePod(set, replica);
      return true;
    }
    if (!isCreated(replica)) {
      await this.pods.createPod(set, replica);
      return monotonic;
    }
    if (monotonic) {
      if (isTerminating(replica)) return true;
      if (!isRunningAndReady(replica)) return true;
      if (!isRunningAndAvailable(replica, set.spec?.minReadySeconds ?? 0, this.now())) return true;
    }
    if (identityMatches(set, replica)) return false;
    await this.pods.updatePod(set, structuredClone(replica));
    return false;
  }

  /** processCondemned: every deletion ends the pass; monotonic waits for healthy predecessors. */
  private async processCondemned(
    set: StatefulSet,
    firstUnhealthy: Pod | undefined,
    monotonic: boolean,
    condemned: Pod[],
    index: number,
  ): Promise<boolean> {
    const pod = condemned[index];
    if (!pod) return false;
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod)) return true;
      if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, this.now())) return true;
    }
    await this.pods.deletePod(set, pod);
    return true;
  }
}
