// The StatefulSet controller (pkg/controller/statefulset/stateful_set.go,
// stateful_set_control.go, stateful_pod_control.go): claims the pods named after it, keeps the
// current and update ControllerRevisions (created, or renumbered on a rollback), runs the update
// step, writes status (completing a rolling update), and trims history past the limit.
// Left out: persistentVolumeClaimRetentionPolicy and claims, since the playground has no volumes.

import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels, type Selector } from '../../api/labels.ts';
import { isAlreadyExists, isConflict, isNotFound, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { controllerOf, refManagerFor } from '../controller-ref.ts';
import { CONTROLLER_REVISION_TYPE } from '../history.ts';
import { isPodReady } from '../pod-util.ts';
import { StatefulSetControl, type StatefulPodControl } from './control.ts';
import { StatefulSetRevisions } from './revisions.ts';
import { identityMatches, isMemberOf, STATEFUL_SET_KIND, updateIdentity } from './utils.ts';

export const STATEFUL_SET_TYPE = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
} as const;
const CONCURRENT_SYNCS = 5;

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  private context!: ControllerContext;
  private sets!: Informer<StatefulSet>;
  private pods!: Informer<Pod>;
  private revisions!: Informer<ControllerRevision>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private history!: StatefulSetRevisions;
  private control!: StatefulSetControl;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.sets = context.informers.for<StatefulSet>(STATEFUL_SET_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.revisions = context.informers.for<ControllerRevision>(CONTROLLER_REVISION_TYPE);
    this.history = new StatefulSetRevisions(context.client, this.revisions);
    this.control = new StatefulSetControl(this.podControl(), () => context.clock.now());
    const enqueue = (set: StatefulSet): void => {
      this.queue.add(objectKey(set));
    };
    this.sets.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, set) => {
        enqueue(set);
      },
      onDelete: enqueue,
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.podChanged(undefined, pod);
      },
      onUpdate: (old, pod) => {
        this.podChanged(old, pod);
      },
      onDelete: (pod) => {
        const owner = this.resolveOwner(pod);
        if (owner) this.queue.add(owner);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  private resolveOwner(object: KubeObject): string | undefined {
    const reference = controllerOf(object);
    if (reference?.kind !== 'StatefulSet') return undefined;
    const key = `${object.metadata?.namespace ?? ''}/${reference.name}`;
    return this.sets.get(key)?.metadata?.uid === reference.uid ? key : undefined;
  }

  /** addPod and updatePod: the owner, or for an orphan every set whose selector matches. */
  private podChanged(old: Pod | undefined, pod: Pod): void {
    if (old?.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    const oldOwner = old ? this.resolveOwner(old) : undefined;
    const owner = this.resolveOwner(pod);
    if (oldOwner && oldOwner !== owner) this.queue.add(oldOwner);
    if (owner) {
      this.queue.add(owner);
      const minReady = this.sets.get(owner)?.spec?.minReadySeconds ?? 0;
      if (old && !isPodReady(old) && isPodReady(pod) && minReady > 0)
        this.queue.addAfter(owner, minReady * 1000);
      return;
    }
    if (controllerOf(pod) || pod.metadata?.deletionTimestamp) return;
    for (const set of this.sets.list()) {
      if (set.metadata?.namespace !== pod.metadata?.namespace) continue;
      const selector = labelSelectorFromObject(set.spec?.selector);
      if (!isParseError(selector) && matchesLabels(selector, pod.metadata?.labels))
        this.queue.add(objectKey(set));
    }
  }

  private async sync(key: string): Promise<void> {
    const set = this.sets.get(key);
    if (!set) return;
    const selector = labelSelectorFromObject(set.spec?.selector);
    if (isParseError(selector)) return;
    const revisions = await this.history.list(set, selector);
    const pods = await this.claimPods(set, selector);
    const { current, update, collisionCount } = await this.history.currentAndUpdate(set, revisions);
    const status = await this.control.update(set, { current, update, collisionCount }, pods);
    await this.storeStatus(set, status);
    await this.history.truncate(set, pods, revisions, current, update);
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1))
      this.queue.addAfter(key, minReady * 1000);
  }

  /** getPodsForStatefulSet: pods named after the set, adopted or released by the selector. */
  private claimPods(set: StatefulSet, selector: Selector): Promise<Pod[]> {
    const namespace = set.metadata?.namespace;
    const candidates = this.pods.list().filter((pod) => pod.metadata?.namespace === namespace);
    const manager = refManagerFor(
      this.context.client,
      set,
      STATEFUL_SET_TYPE,
      STATEFUL_SET_KIND,
      selector,
    );
    return manager.claimPods(
      candidates,
      (ns) => this.context.client.resource<Pod>(POD_TYPE, ns),
      (pod) => isMemberOf(set, pod),
    );
  }

  /** updateStatefulSetStatus: complete a finished rolling update, write only what changed. */
  private async storeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    const rolledOut =
      set.spec?.updateStrategy?.type === 'RollingUpdate' &&
      status.updatedReplicas === status.replicas &&
      status.readyReplicas === status.replicas;
    if (rolledOut) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    const old: Partial<StatefulSetStatus> = set.status ?? {};
    const fields = [
      'replicas',
      'currentReplicas',
      'readyReplicas',
      'updatedReplicas',
      'availableReplicas',
      'currentRevision',
      'updateRevision',
    ] as const;
    const inconsistent =
      (status.observedGeneration ?? 0) > (old.observedGeneration ?? 0) ||
      fields.some((field) => (status[field] ?? 0) !== (old[field] ?? 0));
    if (!inconsistent) return;
    const wanted = (base: StatefulSet): StatefulSetStatus => {
      const next: StatefulSetStatus = { ...status };
      for (const field of ['readyReplicas', 'currentReplicas', 'updatedReplicas'] as const)
        if (next[field] === 0) delete next[field];
      if (base.status?.conditions) next.conditions = base.status.conditions;
      return next;
    };
    const client = this.context.client.resource<StatefulSet>(
      STATEFUL_SET_TYPE,
      set.metadata?.namespace,
    );
    try {
      await client.updateStatus({ ...set, status: wanted(set) });
    } catch (error) {
      if (!isConflict(error)) throw error;
      const latest = await client.get(set.metadata?.name ?? '');
      await client.updateStatus({ ...latest, status: wanted(latest) });
    }
  }

  /** StatefulPodControl with recordPodEvent's reasons and messages. */
  private podControl(): StatefulPodControl {
    const pods = (set: StatefulSet) =>
      this.context.client.resource<Pod>(POD_TYPE, set.metadata?.namespace);
    const record = (
      verb: 'create' | 'update' | 'delete',
      set: StatefulSet,
      pod: Pod,
      error?: unknown,
    ) => {
      const title = `${verb[0]?.toUpperCase() ?? ''}${verb.slice(1)}`;
      const subject = `${verb} Pod ${pod.metadata?.name ?? ''} in StatefulSet ${set.metadata?.name ?? ''}`;
      if (error === undefined)
        this.recorder.event(set, 'Normal', `Successful${title}`, `${subject} successful`);
      else {
        const message = error instanceof Error ? error.message : JSON.stringify(error);
        this.recorder.event(
          set,
          'Warning',
          `Failed${title}`,
          `${subject} failed error: ${message}`,
        );
      }
    };
    const attempt = async (
      verb: 'create' | 'update' | 'delete',
      set: StatefulSet,
      pod: Pod,
      write: () => Promise<unknown>,
    ) => {
      try {
        await write();
      } catch (error) {
        // A pod that already exists is the informer lagging behind, not news for the user.
        if (verb !== 'create' || !isAlreadyExists(error)) record(verb, set, pod, error);
        throw error;
      }
      record(verb, set, pod);
    };
    return {
      createPod: (set, pod) => attempt('create', set, pod, () => pods(set).create(pod)),
      deletePod: (set, pod) =>
        attempt('delete', set, pod, () => pods(set).delete(pod.metadata?.name ?? '')),
      updatePod: (set, pod) =>
        attempt('update', set, pod, async () => {
          for (let latest = pod; ;) {
            updateIdentity(set, latest);
            try {
              return await pods(set).update(latest);
            } catch (error) {
              if (!isConflict(error)) throw error;
              latest = await pods(set).get(pod.metadata?.name ?? '');
              if (identityMatches(set, latest)) return latest;
            }
          }
        }),
      isNotFound,
    };
  }
}
