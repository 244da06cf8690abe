// The Deployment controller (pkg/controller/deployment/deployment_controller.go): watches
// Deployments, ReplicaSets and Pods, claims the ReplicaSets a Deployment selects, and dispatches
// each sync to status-only (deleting), scale (paused or resized), rollback, Recreate or
// RollingUpdate. Acts as the deployment-controller service account.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels, type Selector } from '../../api/labels.ts';
import { POD_TYPE, REPLICA_SET_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import {
  ControllerRefManager,
  controllerOf,
  freshOwner,
  recheckDeletionTimestamp,
} from '../controller-ref.ts';
import { DEPLOYMENT_TYPE, type SyncContext } from './context.ts';
import { rolloutRecreate, type PodMap } from './recreate.ts';
import { rollback } from './rollback.ts';
import { rolloutRolling } from './rolling.ts';
import {
  checkPausedConditions,
  getRollbackTo,
  isScalingEvent,
  sync,
  syncStatusOnly,
} from './sync.ts';

/** kube-controller-manager --concurrent-deployment-syncs. */
const CONCURRENT_DEPLOYMENT_SYNCS = 5;

const CONTROLLER_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

function selectorOf(d: Deployment): Selector | undefined {
  const selector = labelSelectorFromObject(d.spec?.selector);
  return isParseError(selector) ? undefined : selector;
}

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  private context!: ControllerContext;
  private deployments!: Informer<Deployment>;
  private replicaSets!: Informer<ReplicaSet>;
  private pods!: Informer<Pod>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.deployments = context.informers.for<Deployment>(DEPLOYMENT_TYPE);
    this.replicaSets = context.informers.for<ReplicaSet>(REPLICA_SET_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.deployments.addEventHandler({
      onAdd: (d) => {
        this.enqueue(d);
      },
      onUpdate: (_old, d) => {
        this.enqueue(d);
      },
      onDelete: (d) => {
        this.enqueue(d);
      },
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => {
        this.replicaSetChanged(undefined, rs);
      },
      onUpdate: (old, rs) => {
        this.replicaSetChanged(old, rs);
      },
      onDelete: (rs) => {
        const owner = this.resolveControllerRef(rs.metadata?.namespace, controllerOf(rs));
        if (owner) this.enqueue(owner);
      },
    });
    this.pods.addEventHandler({
      onDelete: (pod) => {
        this.podDeleted(pod);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_DEPLOYMENT_SYNCS, (key) => this.syncDeployment(key));
  }

  private enqueue(d: Deployment): void {
    this.queue.add(objectKey(d));
  }

  /** resolveControllerRef: the Deployment a controller reference names, if its uid still matches. */
  private resolveControllerRef(
    namespace: string | undefined,
    reference: OwnerReference | undefined,
  ): Deployment | undefined {
    if (reference?.kind !== 'Deployment') return undefined;
    const d = this.deployments.get(`${namespace ?? ''}/${reference.name}`);
    return d?.metadata?.uid === reference.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: the Deployments whose selector takes an orphan. */
  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    return this.deployments.list().filter((d) => {
      if (d.metadata?.namespace !== rs.metadata?.namespace) return false;
      const selector = selectorOf(d);
      return (
        selector !== undefined &&
        !isEverything(d) &&
        matchesLabels(selector, rs.metadata?.labels ?? {})
      );
    });
  }

  /** addReplicaSet / updateReplicaSet: wake the owner, or whoever might adopt an orphan. */
  private replicaSetChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    if (old && old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const namespace = rs.metadata?.namespace;
    const reference = controllerOf(rs);
    const oldReference = old && controllerOf(old);
    if (old && oldReference?.uid !== reference?.uid) {
      const previous = this.resolveControllerRef(namespace, oldReference);
      if (previous) this.enqueue(previous);
    }
    if (reference) {
      const owner = this.resolveControllerRef(namespace, reference);
      if (owner) this.enqueue(owner);
      return;
    }
    const labelsChanged =
      !old || JSON.stringify(old.metadata?.labels) !== JSON.stringify(rs.metadata?.labels);
    if (labelsChanged || oldReference) {
      for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
    }
  }

  /** deletePod: a Recreate rollout waits for the old pods to be gone. */
  private podDeleted(pod: Pod): void {
    const reference = controllerOf(pod);
    if (reference?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata?.namespace ?? ''}/${reference.name}`);
    if (rs?.metadata?.uid !== reference.uid) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, controllerOf(rs));
    if (d?.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  private syncContext(): SyncContext {
    const { client, clock } = this.context;
    return {
      now: () => clock.now(),
      deployments: (namespace) => client.resource<Deployment>(DEPLOYMENT_TYPE, namespace),
      replicaSets: (namespace) => client.resource<ReplicaSet>(REPLICA_SET_TYPE, namespace),
      cachedReplicaSet: (namespace, name) => this.replicaSets.get(`${namespace ?? ''}/${name}`),
      event: (d, type, reason, message) => {
        this.recorder.event(d, type, reason, message);
      },
      enqueueAfter: (d, delayMs) => {
        this.queue.addAfter(objectKey(d), delayMs);
      },
      enqueueRateLimited: (d) => {
        this.queue.addRateLimited(objectKey(d));
      },
    };
  }

  private async syncDeployment(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const d = structuredClone(cached);
    const ctx = this.syncContext();
    if (isEverything(d)) {
      ctx.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata?.generation };
        await ctx.deployments(d.metadata?.namespace).updateStatus(d);
      }
      return;
    }
    const rsList = await this.claimReplicaSets(d);
    if (d.metadata?.deletionTimestamp) {
      await syncStatusOnly(ctx, d, rsList);
      return;
    }
    await checkPausedConditions(ctx, d);
    if (d.spec?.paused) {
      await sync(ctx, d, rsList);
      return;
    }
    if (getRollbackTo(d)) {
      await rollback(ctx, d, rsList);
      return;
    }
    if (await isScalingEvent(ctx, d, rsList)) {
      await sync(ctx, d, rsList);
      return;
    }
    if (d.spec?.strategy?.type === 'Recreate') {
      await rolloutRecreate(ctx, d, rsList, this.podMap(d, rsList));
      return;
    }
    await rolloutRolling(ctx, d, rsList);
  }

  /** getPodMapForDeployment: the deployment's pods, grouped by the ReplicaSet controlling them. */
  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const selector = selectorOf(d);
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata?.uid ?? '', []]));
    if (!selector) return map;
    for (const pod of this.pods.list()) {
      if (pod.metadata?.namespace !== d.metadata?.namespace) continue;
      if (!matchesLabels(selector, pod.metadata?.labels ?? {})) continue;
      map.get(controllerOf(pod)?.uid ?? '')?.push(pod);
    }
    return map;
  }

  /**
   * getReplicaSetsForDeployment: the sets this deployment controls, adopting matching orphans
   * (after a fresh read shows it is not being deleted) and releasing sets it no longer selects.
   */
  private async claimReplicaSets(d: Deployment): Promise<ReplicaSet[]> {
    const namespace = d.metadata?.namespace;
    const selector = labelSelectorFromObject(d.spec?.selector);
    if (isParseError(selector)) {
      throw new Error(
        `deployment ${namespace ?? ''}/${d.metadata?.name ?? ''} has invalid label selector: ${selector.error}`,
      );
    }
    const { client } = this.context;
    const canAdopt = recheckDeletionTimestamp(
      freshOwner(client.resource(DEPLOYMENT_TYPE, namespace), d, 'Deployment'),
    );
    const manager = new ControllerRefManager(d, selector, CONTROLLER_KIND, canAdopt);
    const sets = this.replicaSets.list().filter((rs) => rs.metadata?.namespace === namespace);
    return manager.claimReplicaSets(sets, (ns) =>
      client.resource<ReplicaSet>(REPLICA_SET_TYPE, ns),
    );
  }
}

/**
 * A selector of `{}` selects every pod, which a Deployment must not (SelectingAll); upstream
 * compares with reflect.DeepEqual, so `{matchLabels: {}}` does not count.
 */
function isEverything(d: Deployment): boolean {
  const selector = d.spec?.selector;
  return (
    selector !== undefined &&
    selector.matchLabels === undefined &&
    selector.matchExpressions === undefined
  );
}
