// The garbage collector (pkg/controller/garbagecollector/garbagecollector.go): watches every
// deletable resource that discovery lists, and works two queues the graph fills. attemptToDelete
// deletes objects whose owners are all gone (checked with a live GET), strips references to owners
// gone or waiting for their dependents, and finishes foreground deletions once no blocking
// dependent is left; attemptToOrphan strips an owner's references from its dependents, then drops
// its `orphan` finalizer. Left out: metrics, and re-running discovery as resources come and go.

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { isNotFound } from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { RestMapper, type MappedResource } from '../discovery.ts';
import { GraphNode } from './graph.ts';
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN_DEPENDENTS,
  GraphBuilder,
  type GraphEvent,
} from './graph-builder.ts';
import { GcOperations, type PartialObjectMetadata, type PropagationPolicy } from './operations.ts';

/** --concurrent-gc-syncs. */
const WORKERS = 20;
const DISCOVERY_RETRY_MS = 30_000;

/** The item is done with; anything else thrown means retry with back-off. */
class EnqueuedVirtualDelete extends Error {}
/** A cluster-scoped object names a namespaced owner; retrying cannot help. */
class NamespacedOwnerOfClusterScopedObject extends Error {}
/** Not an error: look again later (a virtual node not yet seen by an informer). */
class Requeue extends Error {}

function hasFinalizer(object: PartialObjectMetadata, finalizer: string): boolean {
  return (object.metadata.finalizers ?? []).includes(finalizer);
}

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  readonly serviceAccount = 'generic-garbage-collector';
  private context!: ControllerContext;
  private graph!: GraphBuilder;
  private operations!: GcOperations;
  private attemptToDeleteQueue!: WorkQueue;
  private attemptToOrphanQueue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.attemptToDeleteQueue = new WorkQueue(context.clock);
    this.attemptToOrphanQueue = new WorkQueue(context.clock);
    this.graph = new GraphBuilder(
      {
        attemptToDelete: (node, rateLimited) => {
          const uid = node.identity.uid;
          if (rateLimited) this.attemptToDeleteQueue.addRateLimited(uid);
          else this.attemptToDeleteQueue.add(uid);
        },
        attemptToOrphan: (node) => {
          this.attemptToOrphanQueue.add(node.identity.uid);
        },
      },
      context.recorder(this.name),
    );
  }

  run(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    let mapper: RestMapper;
    try {
      mapper = await RestMapper.discover(this.context.client);
    } catch {
      this.context.clock.setTimeout(() => void this.start(), DISCOVERY_RETRY_MS);
      return;
    }
    this.operations = new GcOperations(this.context.client, mapper, this.context.clock);
    await Promise.all(mapper.deletable.map((resource) => this.monitor(resource)));
    this.runWorkers(this.attemptToDeleteQueue, (uid) => this.attemptToDeleteWorker(uid));
    this.runWorkers(this.attemptToOrphanQueue, (uid) => this.attemptToOrphanWorker(uid));
  }

  /** A monitor: the shared informer of one resource feeding the graph; resolves once synced. */
  private monitor(resource: MappedResource): Promise<void> {
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    const { kind } = resource;
    const informer = this.context.informers.for<KubeObject>(resource);
    const emit = (event: Omit<GraphEvent, 'apiVersion' | 'kind'>) => {
      this.graph.process({ ...event, apiVersion, kind });
    };
    informer.addEventHandler({
      onAdd: (object) => {
        emit({ type: 'add', object });
      },
      onUpdate: (oldObject, object) => {
        emit({ type: 'update', object, oldObject });
      },
      onDelete: (object) => {
        emit({ type: 'delete', object });
      },
    });
    return informer.start();
  }

  private runWorkers(queue: WorkQueue, work: (uid: string) => Promise<void>): void {
    const loop = async (): Promise<void> => {
      for (let uid = await queue.get(); uid !== null; uid = await queue.get()) {
        try {
          await work(uid);
          queue.forget(uid);
        } catch (error) {
          if (error instanceof EnqueuedVirtualDelete) queue.forget(uid);
          else queue.addRateLimited(uid);
        } finally {
          queue.done(uid);
        }
      }
    };
    for (let i = 0; i < WORKERS; i++) void loop();
  }

  private async attemptToDeleteWorker(uid: string): Promise<void> {
    const node = this.graph.uidToNode.get(uid);
    // Gone from the graph meanwhile: its deletion was observed.
    if (!node) return;
    try {
      await this.attemptToDeleteItem(node);
    } catch (error) {
      if (error instanceof NamespacedOwnerOfClusterScopedObject) return;
      throw error;
    }
    // A virtual node whose object exists stays queued until an informer shows it (issue 56121).
    if (!node.observed) throw new Requeue();
  }

  /**
   * attemptToDeleteItem: looks up the live object and deletes it if all its owners are gone, or
   * waits for owners being deleted in the foreground, or strips references that are dangling.
   */
  private async attemptToDeleteItem(item: GraphNode): Promise<void> {
    // Being deleted is a one-way trip; the dependents are looked at once it is gone.
    if (item.beingDeleted && !item.deletingDependents) return;
    const latest = await this.getOrVirtualDelete(item);
    if (item.deletingDependents) {
      await this.processDeletingDependentsItem(item);
      return;
    }
    const ownerReferences = latest.metadata.ownerReferences ?? [];
    if (ownerReferences.length === 0) return;
    const { solid, dangling, waiting } = await this.classifyReferences(item, ownerReferences);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // References to owners waiting for their dependents go too, or those owners wait forever.
      await this.operations.deleteOwnerReferences(
        item,
        [...dangling, ...waiting].map((reference) => reference.uid),
      );
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      // An owner and a dependent both deleting dependents could wait for each other: unblock ours.
      if ([...item.dependents].some((dependent) => dependent.deletingDependents)) {
        await this.operations.unblockOwnerReferences(item);
      }
      await this.deleteOrVirtualDelete(item, latest, 'Foreground');
      return;
    }
    // No owner is left: collect it, honouring a propagation finalizer it already carries.
    const policy: PropagationPolicy = hasFinalizer(latest, FINALIZER_ORPHAN_DEPENDENTS)
      ? 'Orphan'
      : hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS)
        ? 'Foreground'
        : 'Background';
    await this.deleteOrVirtualDelete(item, latest, policy);
  }

  /** The live object, or a virtual delete event when it is gone or is another object now. */
  private async getOrVirtualDelete(item: GraphNode): Promise<PartialObjectMetadata> {
    let latest: PartialObjectMetadata;
    try {
      latest = await this.operations.getObject(item.identity);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.graph.virtualDelete(item.identity);
      throw new EnqueuedVirtualDelete();
    }
    if (latest.metadata.uid !== item.identity.uid) {
      this.graph.virtualDelete(item.identity);
      throw new EnqueuedVirtualDelete();
    }
    return latest;
  }

  private async deleteOrVirtualDelete(
    item: GraphNode,
    latest: PartialObjectMetadata,
    policy: PropagationPolicy,
  ): Promise<void> {
    try {
      await this.operations.deleteObject(
        item.identity,
        latest.metadata.resourceVersion,
        latest.metadata.ownerReferences,
        policy,
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.graph.virtualDelete(item.identity);
      throw new EnqueuedVirtualDelete();
    }
  }

  /** processDeletingDependentsItem: finish once no blocking dependent is left, else push them. */
  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      await this.operations.removeFinalizer(item, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const dependent of blocking) {
      if (!dependent.deletingDependents) this.attemptToDeleteQueue.add(dependent.identity.uid);
    }
  }

  /** Sorts references into owners that exist, owners gone, and owners waiting for dependents. */
  private async classifyReferences(
    item: GraphNode,
    references: OwnerReference[],
  ): Promise<{ solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] }> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const reference of references) {
      const owner = await this.ownerOf(reference, item);
      if (!owner) dangling.push(reference);
      else if (owner.metadata.deletionTimestamp && hasFinalizer(owner, FINALIZER_DELETE_DEPENDENTS))
        waiting.push(reference);
      else solid.push(reference);
    }
    return { solid, dangling, waiting };
  }

  /**
   * isDangling: the owner a reference names, looked up live by name in the dependent's namespace
   * (or cluster-wide) and accepted only with the same uid; null when it is gone.
   */
  private async ownerOf(
    reference: OwnerReference,
    item: GraphNode,
  ): Promise<PartialObjectMetadata | null> {
    const absent = {
      apiVersion: reference.apiVersion,
      kind: reference.kind,
      name: reference.name,
      uid: reference.uid,
      namespace: '',
    };
    const cache = this.graph.absentOwnerCache;
    if (cache.has(absent)) return null;
    absent.namespace = item.identity.namespace;
    if (cache.has(absent)) return null;
    const { namespaced } = this.operations.apiResource(reference.apiVersion, reference.kind);
    if (!namespaced) absent.namespace = '';
    if (item.identity.namespace === '' && namespaced) {
      throw new NamespacedOwnerOfClusterScopedObject(
        'cluster-scoped objects cannot refer to namespaced owners',
      );
    }
    let owner: PartialObjectMetadata;
    try {
      owner = await this.operations.getObject({ ...absent, namespace: item.identity.namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      cache.add(absent);
      return null;
    }
    if (owner.metadata.uid !== reference.uid) {
      cache.add(absent);
      return null;
    }
    return owner;
  }

  /** attemptToOrphanWorker: strip the owner from every dependent, then drop its finalizer. */
  private async attemptToOrphanWorker(uid: string): Promise<void> {
    const owner = this.graph.uidToNode.get(uid);
    if (!owner) return;
    const dependents = [...owner.dependents];
    const results = await Promise.allSettled(
      dependents.map((dependent) => this.operations.deleteOwnerReferences(dependent, [uid])),
    );
    // A dependent already gone needs nothing.
    if (results.some((result) => result.status === 'rejected' && !isNotFound(result.reason)))
      throw new Requeue();
    await this.operations.removeFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS);
  }
}
