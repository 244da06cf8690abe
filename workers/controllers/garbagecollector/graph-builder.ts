// The garbage collector's GraphBuilder (pkg/controller/garbagecollector/graph_builder.go): turns
// informer events (and the collector's virtual delete events) into changes of the dependency
// graph, and hands owners and dependents that need a look to the attemptToDelete and
// attemptToOrphan queues. Events are processed as they arrive rather than through a queue.

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { goQuote } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import type { KubeObject } from '../../client/protocol.ts';
import {
  AbsentOwnerCache,
  GraphNode,
  identityString,
  isBlocking,
  partitionDependents,
  referenceMatches,
  sameIdentity,
  type ObjectIdentity,
} from './graph.ts';

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export interface GraphEvent {
  type: 'add' | 'update' | 'delete';
  object: KubeObject;
  oldObject?: KubeObject;
  apiVersion: string;
  kind: string;
  /** Made up by the collector after a lookup found the object gone, not seen by an informer. */
  virtual?: boolean;
}

/** Where the builder sends nodes that need the collector's attention. */
export interface GraphQueues {
  attemptToDelete(node: GraphNode, rateLimited?: boolean): void;
  attemptToOrphan(node: GraphNode): void;
}

type Meta = NonNullable<KubeObject['metadata']>;

function hasFinalizer(meta: Meta, finalizer: string): boolean {
  return (meta.finalizers ?? []).includes(finalizer);
}

/** deletionStartsWithFinalizer: the object is now being deleted with `finalizer`, and was not before. */
function deletionStartsWithFinalizer(
  old: KubeObject | undefined,
  meta: Meta,
  finalizer: string,
): boolean {
  if (!meta.deletionTimestamp || !hasFinalizer(meta, finalizer)) return false;
  const oldMeta = old?.metadata;
  return !oldMeta?.deletionTimestamp || !hasFinalizer(oldMeta, finalizer);
}

function identityFromEvent(event: GraphEvent): ObjectIdentity {
  const meta = event.object.metadata ?? {};
  return {
    apiVersion: event.apiVersion,
    kind: event.kind,
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    namespace: meta.namespace ?? '',
  };
}

/** A metadata-only object standing for the identity (metaonly.MetadataOnlyObject). */
function objectOf(identity: ObjectIdentity): KubeObject {
  return {
    apiVersion: identity.apiVersion,
    kind: identity.kind,
    metadata: {
      name: identity.name,
      uid: identity.uid,
      ...(identity.namespace ? { namespace: identity.namespace } : {}),
    },
  };
}

/** referencesDiffs: owner references added, removed and changed, keyed by uid. */
function referencesDiffs(
  old: readonly OwnerReference[],
  current: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: [OwnerReference, OwnerReference][];
} {
  const oldByUid = new Map(old.map((reference) => [reference.uid, reference]));
  const added: OwnerReference[] = [];
  const changed: [OwnerReference, OwnerReference][] = [];
  for (const reference of current) {
    const previous = oldByUid.get(reference.uid);
    if (!previous) {
      added.push(reference);
      continue;
    }
    if (!jsonEqual(previous, reference)) changed.push([previous, reference]);
    oldByUid.delete(reference.uid);
  }
  return { added, removed: [...oldByUid.values()], changed };
}

/** referenceLessThan: kind, apiVersion, namespace, name, uid. */
function referenceLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  for (const key of ['kind', 'apiVersion', 'namespace', 'name', 'uid'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key];
  }
  return false;
}

/**
 * getAlternateOwnerIdentity: another identity the dependents give the absent owner's uid, the
 * first one after it in order, else the first one.
 */
function alternateOwnerIdentity(
  dependents: GraphNode[],
  absent: ObjectIdentity,
): ObjectIdentity | undefined {
  const clusterScoped = absent.namespace === '';
  const seen: ObjectIdentity[] = [absent];
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dependent of dependents) {
    for (const reference of dependent.owners) {
      if (reference.uid !== absent.uid) continue;
      if (
        referenceMatches(reference, absent) &&
        (clusterScoped || absent.namespace === dependent.identity.namespace)
      ) {
        continue;
      }
      const candidate: ObjectIdentity = {
        apiVersion: reference.apiVersion,
        kind: reference.kind,
        name: reference.name,
        uid: reference.uid,
        namespace: dependent.identity.namespace,
      };
      // That apiVersion/kind is known to be cluster-scoped.
      if (
        clusterScoped &&
        candidate.apiVersion === absent.apiVersion &&
        candidate.kind === absent.kind
      ) {
        candidate.namespace = '';
      }
      if (seen.some((identity) => sameIdentity(identity, candidate))) continue;
      seen.push(candidate);
      if (!first || referenceLessThan(candidate, first)) first = candidate;
      if (
        referenceLessThan(absent, candidate) &&
        (!firstFollowing || referenceLessThan(candidate, firstFollowing))
      ) {
        firstFollowing = candidate;
      }
    }
  }
  return firstFollowing ?? first;
}

export class GraphBuilder {
  readonly uidToNode = new Map<string, GraphNode>();
  readonly absentOwnerCache = new AbsentOwnerCache();

  constructor(
    private readonly queues: GraphQueues,
    private readonly recorder: CoreEventRecorder,
  ) {}

  /** enqueueVirtualDeleteEvent: a lookup found no object for this node. */
  virtualDelete(identity: ObjectIdentity): void {
    this.process({
      type: 'delete',
      virtual: true,
      apiVersion: identity.apiVersion,
      kind: identity.kind,
      object: objectOf(identity),
    });
  }

  /** processGraphChanges for one event. */
  process(event: GraphEvent): void {
    const meta = event.object.metadata ?? {};
    const existing = this.uidToNode.get(meta.uid ?? '');
    if (existing && !event.virtual && !existing.observed) this.observe(existing, event);
    if (event.type === 'delete') {
      if (existing) this.processDelete(existing, event);
      return;
    }
    if (!existing) {
      const node = new GraphNode(identityFromEvent(event), meta.ownerReferences ?? [], false);
      node.beingDeleted = !!meta.deletionTimestamp;
      node.deletingDependents =
        node.beingDeleted && hasFinalizer(meta, FINALIZER_DELETE_DEPENDENTS);
      this.uidToNode.set(node.identity.uid, node);
      this.addDependentToOwners(node, node.owners);
      // A creation and a deletion may arrive as one event.
      this.processTransitions(event.oldObject, meta, node);
      return;
    }
    if (
      !event.virtual &&
      (existing.identity.apiVersion !== event.apiVersion || existing.identity.kind !== event.kind)
    ) {
      existing.identity = { ...existing.identity, apiVersion: event.apiVersion, kind: event.kind };
    }
    const owners = meta.ownerReferences ?? [];
    const { added, removed, changed } = referencesDiffs(existing.owners, owners);
    if (added.length > 0 || removed.length > 0 || changed.length > 0) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      existing.owners = owners;
      this.addDependentToOwners(existing, added);
      this.removeDependentFromOwners(existing, removed);
    }
    if (meta.deletionTimestamp) existing.beingDeleted = true;
    this.processTransitions(event.oldObject, meta, existing);
  }

  /**
   * A virtual node is seen by an informer. Dependents that named it by other coordinates are
   * looked at again, and those in another namespace than a namespaced owner get an event.
   */
  private observe(node: GraphNode, event: GraphEvent): void {
    const observed = identityFromEvent(event);
    if (!sameIdentity(observed, node.identity)) {
      for (const dependent of partitionDependents(node.dependents, observed).mismatching) {
        if (observed.namespace !== '' && dependent.identity.namespace !== observed.namespace) {
          this.reportInvalidNamespaceOwnerRef(dependent, observed.uid);
        }
        this.queues.attemptToDelete(dependent);
      }
      node.identity = observed;
    }
    node.observed = true;
  }

  private processDelete(node: GraphNode, event: GraphEvent): void {
    if (event.virtual && !this.confirmsVirtualDelete(node, identityFromEvent(event))) return;
    this.uidToNode.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
    if (node.dependents.size > 0) this.absentOwnerCache.add(identityFromEvent(event));
    for (const dependent of node.dependents) this.queues.attemptToDelete(dependent);
    for (const owner of node.owners) {
      const ownerNode = this.uidToNode.get(owner.uid);
      // The owner may have been waiting for this dependent to go.
      if (ownerNode?.deletingDependents) this.queues.attemptToDelete(ownerNode);
    }
  }

  /**
   * Whether a virtual delete event removes the node: not when dependents name the uid by other
   * coordinates, which are then tried in turn; dependents that match the absent identity go.
   */
  private confirmsVirtualDelete(node: GraphNode, deleted: ObjectIdentity): boolean {
    if (node.observed) {
      if (sameIdentity(node.identity, deleted)) return true;
      this.collectMatching(partitionDependents(node.dependents, deleted).matching, deleted);
      return false;
    }
    const { matching, mismatching } = partitionDependents(node.dependents, deleted);
    if (mismatching.length === 0) return true;
    this.collectMatching(matching, deleted);
    if (sameIdentity(node.identity, deleted)) {
      const replacement = alternateOwnerIdentity(mismatching, deleted);
      if (replacement) {
        node.identity = replacement;
        this.queues.attemptToDelete(node, true);
      }
    }
    return false;
  }

  private collectMatching(matching: GraphNode[], absent: ObjectIdentity): void {
    if (matching.length === 0) return;
    this.absentOwnerCache.add(absent);
    for (const dependent of matching) this.queues.attemptToDelete(dependent);
  }

  /**
   * addDependentToOwners: owners not in the graph get a virtual node, queued so the collector
   * checks they exist; a dependent whose reference disagrees with an owner's coordinates is queued.
   */
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.uidToNode.get(owner.uid);
      if (!ownerNode) {
        ownerNode = new GraphNode(
          {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.name,
            uid: owner.uid,
            namespace: node.identity.namespace,
          },
          [],
          true,
        );
        this.uidToNode.set(owner.uid, ownerNode);
        ownerNode.dependents.add(node);
        this.queues.attemptToDelete(ownerNode);
        continue;
      }
      ownerNode.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespace = ownerNode.identity.namespace;
      if (ownerNamespace !== '' && ownerNamespace !== node.identity.namespace) {
        // Cluster-scoped owners may be named from anywhere; namespaced ones only from their namespace.
        if (ownerNode.observed) this.reportInvalidNamespaceOwnerRef(node, owner.uid);
        potentiallyInvalid = true;
      } else if (!referenceMatches(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (ownerNamespace === '' && node.identity.namespace !== '' && !ownerNode.observed) {
        // Perhaps a missing namespaced owner wrongly named by a cluster-scoped child.
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.queues.attemptToDelete(node);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const owner of owners) this.uidToNode.get(owner.uid)?.dependents.delete(node);
  }

  /** An owner waiting for its dependents is looked at again once a blocking reference goes. */
  private addUnblockedOwnersToDeleteQueue(
    removed: readonly OwnerReference[],
    changed: readonly [OwnerReference, OwnerReference][],
  ): void {
    const unblocked = [
      ...removed.filter(isBlocking),
      ...changed
        .filter(([old, current]) => isBlocking(old) && !isBlocking(current))
        .map(([, c]) => c),
    ];
    for (const reference of unblocked) {
      const owner = this.uidToNode.get(reference.uid);
      if (owner) this.queues.attemptToDelete(owner);
    }
  }

  private processTransitions(old: KubeObject | undefined, meta: Meta, node: GraphNode): void {
    if (deletionStartsWithFinalizer(old, meta, FINALIZER_ORPHAN_DEPENDENTS)) {
      this.queues.attemptToOrphan(node);
      return;
    }
    if (deletionStartsWithFinalizer(old, meta, FINALIZER_DELETE_DEPENDENTS)) {
      // A node that began virtual has not had this set.
      node.deletingDependents = true;
      for (const dependent of node.dependents) this.queues.attemptToDelete(dependent);
      this.queues.attemptToDelete(node);
    }
  }

  private reportInvalidNamespaceOwnerRef(node: GraphNode, ownerUid: string): void {
    const reference = node.owners.find((owner) => owner.uid === ownerUid);
    if (!reference) return;
    const { identity } = node;
    const invalid: ObjectIdentity = {
      apiVersion: reference.apiVersion,
      kind: reference.kind,
      name: reference.name,
      uid: reference.uid,
      namespace: identity.namespace,
    };
    this.recorder.event(
      objectOf(identity),
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${identityString(invalid)} does not exist in namespace ${goQuote(identity.namespace)}`,
    );
  }
}
