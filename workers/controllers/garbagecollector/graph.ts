// The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go): one node per
// object uid with its owners and dependents, "virtual" nodes standing in for owners not yet seen,
// and the cache of owners known to be absent (ReferenceCache, an LRU of 500).

import type { OwnerReference } from 'kubernetes-types/meta/v1';

/** An object's coordinates: its owner-reference fields plus the namespace ('' when cluster-scoped). */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  namespace: string;
}

/** objectReference.String(), as events and errors print it. */
export function identityString(identity: ObjectIdentity): string {
  return `[${identity.apiVersion}/${identity.kind}, namespace: ${identity.namespace}, name: ${identity.name}, uid: ${identity.uid}]`;
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.namespace === b.namespace
  );
}

/** ownerReferenceMatchesCoordinates: the same uid, name, kind and apiVersion. */
export function referenceMatches(reference: OwnerReference, identity: ObjectIdentity): boolean {
  return (
    reference.uid === identity.uid &&
    reference.name === identity.name &&
    reference.kind === identity.kind &&
    reference.apiVersion === identity.apiVersion
  );
}

export function isBlocking(reference: OwnerReference): boolean {
  return reference.blockOwnerDeletion === true;
}

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Set once an informer has shown the object; virtual nodes are guesses from ownerReferences. */
  observed: boolean;
  beingDeleted = false;
  /** Being deleted with the foregroundDeletion finalizer: dependents go first. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    virtual: boolean,
  ) {
    this.observed = !virtual;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dependent) =>
      dependent.owners.some((owner) => owner.uid === this.identity.uid && isBlocking(owner)),
    );
  }
}

/**
 * Splits dependents into those whose reference to `owner` matches its coordinates and those that
 * do not (partitionDependents); a namespaced owner never matches a dependent in another namespace.
 */
export function partitionDependents(
  dependents: Iterable<GraphNode>,
  owner: ObjectIdentity,
): { matching: GraphNode[]; mismatching: GraphNode[] } {
  const matching: GraphNode[] = [];
  const mismatching: GraphNode[] = [];
  for (const dependent of dependents) {
    let match = false;
    let mismatch = false;
    if (owner.namespace !== '' && owner.namespace !== dependent.identity.namespace) {
      mismatch = true;
    } else {
      for (const reference of dependent.owners) {
        if (reference.uid !== owner.uid) continue;
        if (referenceMatches(reference, owner)) match = true;
        else mismatch = true;
      }
    }
    if (match) matching.push(dependent);
    if (mismatch) mismatching.push(dependent);
  }
  return { matching, mismatching };
}

function identityKey(identity: ObjectIdentity): string {
  return JSON.stringify([
    identity.apiVersion,
    identity.kind,
    identity.namespace,
    identity.name,
    identity.uid,
  ]);
}

/** Owners known to be gone, so their dependents need no further lookups (a 500-entry LRU). */
export class AbsentOwnerCache {
  private readonly entries = new Set<string>();

  constructor(private readonly capacity = 500) {}

  add(identity: ObjectIdentity): void {
    const key = identityKey(identity);
    this.entries.delete(key);
    this.entries.add(key);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.values().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  has(identity: ObjectIdentity): boolean {
    const key = identityKey(identity);
    if (!this.entries.has(key)) return false;
    this.entries.delete(key);
    this.entries.add(key);
    return true;
  }
}
