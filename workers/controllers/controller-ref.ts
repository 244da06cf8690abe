// The ControllerRefManager (pkg/controller/controller_ref_manager.go): a controller claims the
// objects its selector matches, adopting orphans with a strategic-merge patch of ownerReferences
// that carries the object's uid as precondition, and releasing owned objects that no longer match.

import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { matchesLabels, type Selector } from '../api/labels.ts';
import { isNotFound, StatusError, type Client, type ResourceClient } from '../client/client.ts';
import type { ResourceType } from '../api/resources.ts';
import type { KubeObject } from '../client/protocol.ts';

/** metav1.GetControllerOf: the owner reference with controller: true. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
}

/** The owner's kind as its references name it (schema.GroupVersionKind). */
export interface ControllerKind {
  apiVersion: string;
  kind: string;
}

/** metav1.NewControllerRef: the reference a controller puts on what it creates. */
export function newControllerRef(owner: KubeObject, kind: ControllerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** utilerrors.NewAggregate's message: one error as is, several as `[a, b]`. */
export class AggregateError extends Error {
  constructor(readonly errors: Error[]) {
    super(
      errors.length === 1
        ? (errors[0]?.message ?? '')
        : `[${errors.map((e) => e.message).join(', ')}]`,
    );
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isInvalid(error: unknown): boolean {
  return error instanceof StatusError && error.status.reason === 'Invalid';
}

/**
 * RecheckDeletionTimestamp: a canAdopt check that reads the owner afresh and refuses adoption
 * once it is being deleted.
 */
export function recheckDeletionTimestamp(
  getObject: () => Promise<KubeObject>,
): () => Promise<void> {
  return async () => {
    let object: KubeObject;
    try {
      object = await getObject();
    } catch (error) {
      throw new Error(`can't recheck DeletionTimestamp: ${asError(error).message}`, {
        cause: error,
      });
    }
    const meta = object.metadata ?? {};
    if (meta.deletionTimestamp)
      throw new Error(
        `${meta.namespace ?? ''}/${meta.name ?? ''} has just been deleted at ${meta.deletionTimestamp}`,
      );
  };
}

/**
 * The owner getter controllers pass to recheckDeletionTimestamp: a live GET that fails when the
 * name now belongs to a different object.
 */
export function freshOwner(
  client: ResourceClient<KubeObject>,
  owner: KubeObject,
  kind: string,
): () => Promise<KubeObject> {
  return async () => {
    const meta = owner.metadata ?? {};
    const fresh = await client.get(meta.name ?? '');
    if (fresh.metadata?.uid !== meta.uid)
      throw new Error(
        `original ${kind} ${meta.namespace ?? ''}/${meta.name ?? ''} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${meta.uid ?? ''}`,
      );
    return fresh;
  };
}

export class ControllerRefManager {
  private adoptable: Promise<void> | undefined;

  /**
   * `canAdopt` runs at most once, before the first adoption; its failure fails every adoption of
   * this manager, so a controller makes a new manager per sync.
   */
  constructor(
    private readonly controller: KubeObject,
    private readonly selector: Selector,
    private readonly kind: ControllerKind,
    private readonly canAdoptFunc?: () => Promise<void>,
  ) {}

  private canAdopt(): Promise<void> {
    this.adoptable ??= this.canAdoptFunc?.() ?? Promise.resolve();
    return this.adoptable;
  }

  /** ClaimPods: the pods this controller owns once orphans are adopted and strays released. */
  claimPods<T extends KubeObject>(
    pods: readonly T[],
    client: (namespace: string | undefined) => ResourceClient<T>,
    ...filters: ((pod: T) => boolean)[]
  ): Promise<T[]> {
    return this.claim(pods, client, 'Pod', filters);
  }

  claimReplicaSets<T extends KubeObject>(
    sets: readonly T[],
    client: (namespace: string | undefined) => ResourceClient<T>,
  ): Promise<T[]> {
    return this.claim(sets, client, 'ReplicaSet', []);
  }

  claimControllerRevisions<T extends KubeObject>(
    revisions: readonly T[],
    client: (namespace: string | undefined) => ResourceClient<T>,
  ): Promise<T[]> {
    return this.claim(revisions, client, 'ControllerRevision', []);
  }

  /** Claims each object in turn; fails with every error after trying them all. */
  private async claim<T extends KubeObject>(
    objects: readonly T[],
    client: (namespace: string | undefined) => ResourceClient<T>,
    kind: string,
    filters: ((object: T) => boolean)[],
  ): Promise<T[]> {
    const match = (object: T): boolean =>
      matchesLabels(this.selector, object.metadata?.labels) &&
      filters.every((filter) => filter(object));
    const claimed: T[] = [];
    const errors: Error[] = [];
    for (const object of objects) {
      try {
        if (await this.claimObject(object, match, client(object.metadata?.namespace), kind))
          claimed.push(object);
      } catch (error) {
        errors.push(asError(error));
      }
    }
    if (errors.length > 0) throw new AggregateError(errors);
    return claimed;
  }

  /** claimObject: whether the controller owns `object` afterwards. */
  private async claimObject<T extends KubeObject>(
    object: T,
    match: (object: T) => boolean,
    client: ResourceClient<T>,
    kind: string,
  ): Promise<boolean> {
    const reference = controllerOf(object);
    const ownerDeleting = this.controller.metadata?.deletionTimestamp !== undefined;
    if (reference) {
      if (reference.uid !== this.controller.metadata?.uid) return false;
      // Keeping what it owns takes no action, so it is allowed while the owner is deleted.
      if (match(object)) return true;
      if (ownerDeleting) return false;
      await this.release(object, client);
      return false;
    }
    if (ownerDeleting || !match(object) || object.metadata?.deletionTimestamp) return false;
    try {
      await this.adopt(object, client, kind);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** AdoptPod/AdoptReplicaSet/AdoptControllerRevision; the apiserver refuses a second controller. */
  private async adopt<T extends KubeObject>(
    object: T,
    client: ResourceClient<T>,
    kind: string,
  ): Promise<void> {
    const meta = object.metadata ?? {};
    try {
      await this.canAdopt();
    } catch (error) {
      throw new Error(
        `can't adopt ${kind} ${meta.namespace ?? ''}/${meta.name ?? ''} (${meta.uid ?? ''}): ${asError(error).message}`,
        { cause: error },
      );
    }
    await client.patch(meta.name ?? '', 'strategic', {
      metadata: {
        ownerReferences: [newControllerRef(this.controller, this.kind)],
        uid: meta.uid,
      },
    });
  }

  /**
   * ReleasePod and friends. NotFound means the object is gone; Invalid means it has no owner
   * references left or its uid changed (deleted and recreated): either way nothing to release.
   */
  private async release<T extends KubeObject>(object: T, client: ResourceClient<T>): Promise<void> {
    const meta = object.metadata ?? {};
    try {
      await client.patch(meta.name ?? '', 'strategic', {
        metadata: {
          ownerReferences: [{ $patch: 'delete', uid: this.controller.metadata?.uid }],
          uid: meta.uid,
        },
      });
    } catch (error) {
      if (isNotFound(error) || isInvalid(error)) return;
      throw error;
    }
  }
}

/**
 * The manager a controller makes for one sync: adoption first re-reads the owner (through
 * `ownerType`, as the controller's service account) and refuses if it is gone or being deleted.
 */
export function refManagerFor(
  client: Client,
  owner: KubeObject,
  ownerType: Pick<ResourceType, 'group' | 'version' | 'resource'>,
  kind: ControllerKind,
  selector: Selector,
): ControllerRefManager {
  const owners = client.resource<KubeObject>(ownerType, owner.metadata?.namespace);
  return new ControllerRefManager(
    owner,
    selector,
    kind,
    recheckDeletionTimestamp(freshOwner(owners, owner, kind.kind)),
  );
}
