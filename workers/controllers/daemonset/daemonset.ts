// The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go): one pod per
// eligible node, pinned there by node affinity and left to the scheduler; ControllerRevisions
// and the controller-revision-hash label track the template; RollingUpdate (maxUnavailable,
// maxSurge) or OnDelete; status counts; failed pods are replaced with a per-node back-off.

import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import { labelSelectorFromObject, matchesLabels, type Selector } from '../../api/labels.ts';
import { isNotFound, NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { controllerOf, refManagerFor } from '../controller-ref.ts';
import { Expectations } from '../expectations.ts';
import { CONTROLLER_REVISION_HASH_LABEL, CONTROLLER_REVISION_TYPE } from '../history.ts';
import { PodControl, podFromTemplate } from '../pod-control.ts';
import { isPodReady } from '../pod-util.ts';
import { DAEMON_SET_KIND, DAEMON_SET_TYPE, DaemonSetHistory } from './history.ts';
import { PodBackoff } from './backoff.ts';
import { statusCounts, storeStatus } from './status.ts';
import { podsShouldBeOnNode, rollingUpdate, type NodeToDaemonPods } from './update.ts';
import { createPodTemplate, nodeShouldRunDaemonPod, pinToNode, targetNodeName } from './util.ts';

/** BurstReplicas: creations and deletions per sync. */
const BURST_REPLICAS = 250;
const CONCURRENT_SYNCS = 2;

export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly serviceAccount = 'daemon-set-controller';
  private context!: ControllerContext;
  private daemonSets!: Informer<DaemonSet>;
  private pods!: Informer<Pod>;
  private nodes!: Informer<Node>;
  private revisions!: Informer<ControllerRevision>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private podControl!: PodControl;
  private history!: DaemonSetHistory;
  private readonly expectations = new Expectations();
  private readonly failedPodsBackoff = new PodBackoff(1000, 15 * 60_000);

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.podControl = new PodControl(context.client, this.recorder);
    this.daemonSets = context.informers.for<DaemonSet>(DAEMON_SET_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    this.revisions = context.informers.for<ControllerRevision>(CONTROLLER_REVISION_TYPE);
    this.history = new DaemonSetHistory(context.client, this.revisions, (ds, selector) =>
      this.claimPods(ds, selector),
    );
    const enqueue = (ds: DaemonSet): void => {
      this.queue.add(objectKey(ds));
    };
    this.daemonSets.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, ds) => {
        enqueue(ds);
      },
      onDelete: (ds) => {
        this.expectations.delete(objectKey(ds));
        enqueue(ds);
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
    this.nodes.addEventHandler({
      onAdd: (node) => {
        for (const ds of this.daemonSets.list())
          if (nodeShouldRunDaemonPod(node, ds).shouldRun) enqueue(ds);
      },
      onUpdate: (old, node) => {
        for (const ds of this.daemonSets.list()) {
          const before = nodeShouldRunDaemonPod(old, ds);
          const after = nodeShouldRunDaemonPod(node, ds);
          if (
            before.shouldRun !== after.shouldRun ||
            before.shouldContinueRunning !== after.shouldContinueRunning
          )
            enqueue(ds);
        }
      },
    });
    const revisionChanged = (revision: ControllerRevision): void => {
      const owner = this.resolveOwner(revision);
      if (owner) this.queue.add(owner);
      else for (const ds of this.matchingDaemonSets(revision)) enqueue(ds);
    };
    this.revisions.addEventHandler({
      onAdd: revisionChanged,
      onUpdate: (_old, revision) => {
        revisionChanged(revision);
      },
      onDelete: (revision) => {
        const owner = this.resolveOwner(revision);
        if (owner) this.queue.add(owner);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  /** resolveControllerRef: the key of the DaemonSet controlling `object`, if it still exists. */
  private resolveOwner(object: KubeObject): string | undefined {
    const reference = controllerOf(object);
    if (reference?.kind !== 'DaemonSet') return undefined;
    const key = `${object.metadata?.namespace ?? ''}/${reference.name}`;
    return this.daemonSets.get(key)?.metadata?.uid === reference.uid ? key : undefined;
  }

  /** getDaemonSetsForPod: the sets in the namespace whose selector matches an orphan. */
  private matchingDaemonSets(object: KubeObject): DaemonSet[] {
    return this.daemonSets.list().filter((ds) => {
      if (ds.metadata?.namespace !== object.metadata?.namespace) return false;
      const selector = labelSelectorFromObject(ds.spec?.selector);
      return !isParseError(selector) && matchesLabels(selector, object.metadata?.labels);
    });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      this.podDeleted(pod);
      return;
    }
    if (controllerOf(pod)) {
      const owner = this.resolveOwner(pod);
      if (!owner) return;
      this.expectations.creationObserved(owner);
      this.queue.add(owner);
      return;
    }
    for (const ds of this.matchingDaemonSets(pod)) this.queue.add(objectKey(ds));
  }

  private updatePod(old: Pod, pod: Pod): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    const oldRef = controllerOf(old);
    const ref = controllerOf(pod);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const previous = this.resolveOwner(old);
      if (previous) this.queue.add(previous);
    }
    if (ref) {
      const owner = this.resolveOwner(pod);
      if (!owner) return;
      this.queue.add(owner);
      const minReady = this.daemonSets.get(owner)?.spec?.minReadySeconds ?? 0;
      // Availability comes minReadySeconds after readiness; one more second absorbs skew.
      if (!isPodReady(old) && isPodReady(pod) && minReady > 0)
        this.queue.addAfter(owner, minReady * 1000 + 1000);
      return;
    }
    const labelsChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {});
    if (labelsChanged || oldRef)
      for (const ds of this.matchingDaemonSets(pod)) this.queue.add(objectKey(ds));
  }

  private podDeleted(pod: Pod): void {
    const owner = this.resolveOwner(pod);
    if (!owner) return;
    this.expectations.deletionObserved(owner, objectKey(pod));
    this.queue.add(owner);
  }

  private async sync(key: string): Promise<void> {
    const ds = this.daemonSets.get(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const selector = labelSelectorFromObject(ds.spec?.selector);
    if (isParseError(selector)) return;
    const empty = ds.spec?.selector;
    if (empty && !empty.matchLabels && !empty.matchExpressions) {
      this.recorder.event(
        ds,
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    if (ds.metadata?.deletionTimestamp) return;
    const nodes = this.nodes.list();
    const { current, old } = await this.history.construct(ds, selector);
    const hash = current.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
    if (!this.expectations.satisfied(key, this.context.clock.now())) {
      await this.updateStatus(ds, selector, nodes, hash, false);
      return;
    }
    let updateError: Error | undefined;
    try {
      await this.manage(ds, selector, nodes, hash);
      if (
        this.expectations.satisfied(key, this.context.clock.now()) &&
        ds.spec?.updateStrategy?.type === 'RollingUpdate'
      ) {
        const plan = rollingUpdate(
          ds,
          nodes,
          await this.nodesToDaemonPods(ds, selector),
          hash,
          this.context.clock.now(),
        );
        await this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
      }
      await this.history.cleanup(ds, old, (await this.nodesToDaemonPods(ds, selector)).values());
    } catch (error) {
      updateError = error instanceof Error ? error : new Error(String(error));
    }
    await this.updateStatus(ds, selector, nodes, hash, true);
    if (updateError !== undefined) throw updateError;
  }

  /** getDaemonPods: the pods this set owns once orphans are adopted and strays released. */
  private claimPods(ds: DaemonSet, selector: Selector): Promise<Pod[]> {
    const namespace = ds.metadata?.namespace;
    const candidates = this.pods.list().filter((pod) => pod.metadata?.namespace === namespace);
    const manager = refManagerFor(
      this.context.client,
      ds,
      DAEMON_SET_TYPE,
      DAEMON_SET_KIND,
      selector,
    );
    return manager.claimPods(candidates, (ns) => this.context.client.resource<Pod>(POD_TYPE, ns));
  }

  /** getNodesToDaemonPods: owned pods by the node they are meant for. */
  private async nodesToDaemonPods(ds: DaemonSet, selector: Selector): Promise<NodeToDaemonPods> {
    const byNode: NodeToDaemonPods = new Map();
    for (const pod of await this.claimPods(ds, selector)) {
      const phase = pod.status?.phase;
      // A terminal pod already being deleted is the kubelet's or the pod GC's to finish.
      if ((phase === 'Failed' || phase === 'Succeeded') && pod.metadata?.deletionTimestamp)
        continue;
      const nodeName = targetNodeName(pod);
      if (nodeName === undefined) continue;
      byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), pod]);
    }
    return byNode;
  }

  /** manage: create pods where missing, delete pods that must go, then syncNodes. */
  private async manage(ds: DaemonSet, selector: Selector, nodes: Node[], hash: string) {
    const byNode = await this.nodesToDaemonPods(ds, selector);
    const now = this.context.clock.now();
    const nodesNeedingPods: string[] = [];
    const podsToDelete: string[] = [];
    for (const node of nodes) {
      const nodeName = node.metadata?.name ?? '';
      const plan = podsShouldBeOnNode(node, byNode.get(nodeName), ds, hash, now);
      if (plan.createOn) nodesNeedingPods.push(nodeName);
      podsToDelete.push(...plan.deletePods);
      for (const failed of plan.failedPods) {
        const backoffKey = `${ds.metadata?.uid ?? ''}/${String(ds.status?.observedGeneration ?? 0)}/${nodeName}`;
        if (this.failedPodsBackoff.inBackoffSinceUpdate(backoffKey, now)) {
          this.queue.addAfter(objectKey(ds), this.failedPodsBackoff.get(backoffKey));
          continue;
        }
        this.failedPodsBackoff.next(backoffKey, now);
        this.recorder.event(
          ds,
          'Warning',
          'FailedDaemonPod',
          `Found failed daemon pod ${failed.metadata?.namespace ?? ''}/${failed.metadata?.name ?? ''} on node ${nodeName}, will try to kill it`,
        );
        podsToDelete.push(failed.metadata?.name ?? '');
      }
    }
    // Unscheduled pods meant for nodes that are gone (getUnscheduledPodsWithoutNode).
    const known = new Set(nodes.map((node) => node.metadata?.name ?? ''));
    for (const [nodeName, pods] of byNode) {
      if (known.has(nodeName)) continue;
      for (const pod of pods)
        if (!pod.spec?.nodeName && !pod.metadata?.deletionTimestamp)
          podsToDelete.push(pod.metadata?.name ?? '');
    }
    await this.syncNodes(ds, podsToDelete, nodesNeedingPods, hash);
  }

  /** syncNodes: creations in slow-start batches, then the deletions; at most 250 of each. */
  private async syncNodes(
    ds: DaemonSet,
    podsToDelete: string[],
    nodesNeedingPods: string[],
    hash: string,
  ): Promise<void> {
    const key = objectKey(ds);
    const namespace = ds.metadata?.namespace ?? '';
    const creations = nodesNeedingPods.slice(0, BURST_REPLICAS);
    const deletions = podsToDelete.slice(0, BURST_REPLICAS);
    this.expectations.expect(
      key,
      creations.length,
      deletions.map((name) => `${namespace}/${name}`),
      this.context.clock.now(),
    );
    const errors: unknown[] = [];
    const template = createPodTemplate(ds, hash);
    let position = 0;
    for (let batch = Math.min(creations.length, 1); batch > 0;) {
      const results = await Promise.allSettled(
        creations
          .slice(position, position + batch)
          .map((node) => this.createPod(ds, template, node)),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        this.expectations.creationObserved(key);
        errors.push(result.reason);
      }
      position += batch;
      if (results.some((result) => result.status === 'rejected')) {
        // Creations never attempted are not expected any more; the next sync retries them.
        for (let skipped = creations.length - position; skipped > 0; skipped--)
          this.expectations.creationObserved(key);
        break;
      }
      batch = Math.min(2 * batch, creations.length - position);
    }
    const deleted = await Promise.allSettled(
      deletions.map((name) => this.podControl.deletePod(ds, name)),
    );
    deleted.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      this.expectations.deletionObserved(key, `${namespace}/${deletions[index] ?? ''}`);
      if (!isNotFound(result.reason)) errors.push(result.reason);
    });
    if (errors.length > 0)
      throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
  }

  /** The template's pod, pinned to its node by required node affinity. */
  private async createPod(
    ds: DaemonSet,
    template: PodTemplateSpec,
    nodeName: string,
  ): Promise<void> {
    const pod = podFromTemplate(template, ds, DAEMON_SET_KIND);
    if (pod.spec) pod.spec.affinity = pinToNode(pod.spec.affinity, nodeName);
    await this.podControl.createPod(ds, pod);
  }

  /** updateDaemonSetStatus: count, store, and look again once pods may have become available. */
  private async updateStatus(
    ds: DaemonSet,
    selector: Selector,
    nodes: Node[],
    hash: string,
    updateObservedGeneration: boolean,
  ): Promise<void> {
    const byNode = await this.nodesToDaemonPods(ds, selector);
    const counts = statusCounts(ds, nodes, byNode, hash, this.context.clock.now());
    const client = this.context.client.resource<DaemonSet>(DAEMON_SET_TYPE, ds.metadata?.namespace);
    await storeStatus(client, ds, counts, updateObservedGeneration);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && counts.ready !== counts.available)
      this.queue.addAfter(objectKey(ds), minReady * 1000);
  }
}
