// The garbage collector's API calls (pkg/controller/garbagecollector/operations.go and patch.go):
// metadata-only GET, DELETE with uid and resourceVersion preconditions, PATCH of ownerReferences
// (strategic merge, falling back to a JSON merge patch where it is refused with 415) and the
// removal of a finalizer. Left out: the jitter of the conflict retries.

import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { resourcePath } from '../../api/resources.ts';
import { isConflict, isNotFound, StatusError, type Client } from '../../client/client.ts';
import type { ApiRequest, KubeObject } from '../../client/protocol.ts';
import type { Clock } from '../../host/clock.ts';
import type { RestMapper } from '../discovery.ts';
import { identityString, type GraphNode, type ObjectIdentity } from './graph.ts';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** What the metadata client asks for. */
const METADATA_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
/** retry.DefaultBackoff: four tries, 10 ms growing fivefold. */
const CONFLICT_RETRY_DELAYS_MS = [10, 50, 250];

/** The owner reference's kind is not served (restMappingError). */
export class RestMappingError extends Error {
  constructor(kind: string, apiVersion: string) {
    super(`unable to get REST mapping for ${kind}/${apiVersion}.`);
    this.name = 'RestMappingError';
  }
}

export interface PartialObjectMetadata extends KubeObject {
  metadata: ObjectMeta;
}

export class GcOperations {
  constructor(
    private readonly client: Client,
    private readonly mapper: RestMapper,
    private readonly clock: Clock,
  ) {}

  /** apiResource: the resource path of an object, and whether its kind is namespaced. */
  apiResource(apiVersion: string, kind: string): { namespaced: boolean } {
    const mapping = this.mapper.mapping(apiVersion, kind);
    if (!mapping) throw new RestMappingError(kind, apiVersion);
    return { namespaced: mapping.namespaced };
  }

  private path(identity: ObjectIdentity, name = identity.name): string {
    const mapping = this.mapper.mapping(identity.apiVersion, identity.kind);
    if (!mapping) throw new RestMappingError(identity.kind, identity.apiVersion);
    // resourceDefaultNamespace: cluster-scoped objects have none.
    return resourcePath(mapping, mapping.namespaced ? identity.namespace : undefined, name);
  }

  private async call(request: ApiRequest): Promise<PartialObjectMetadata> {
    const response = await this.client.request(request);
    if (response.code >= 200 && response.code < 300) return response.body as PartialObjectMetadata;
    throw new StatusError(response.body as ConstructorParameters<typeof StatusError>[0]);
  }

  /** The object's metadata; for owners, `name` is looked up in the dependent's namespace. */
  getObject(identity: ObjectIdentity): Promise<PartialObjectMetadata> {
    return this.call({ verb: 'GET', path: this.path(identity), accept: METADATA_ACCEPT });
  }

  private patchObject(
    identity: ObjectIdentity,
    patch: unknown,
    contentType: string,
  ): Promise<PartialObjectMetadata> {
    return this.call({
      verb: 'PATCH',
      path: this.path(identity),
      body: patch,
      contentType,
      accept: METADATA_ACCEPT,
    });
  }

  /**
   * deleteObject: preconditions on uid and the resourceVersion the decision was made at; on a
   * conflict, deletes anyway when the owners are still the ones that decision saw.
   */
  async deleteObject(
    identity: ObjectIdentity,
    resourceVersion: string | undefined,
    ownersAtResourceVersion: OwnerReference[] | undefined,
    policy: PropagationPolicy,
  ): Promise<void> {
    const path = this.path(identity);
    const remove = (preconditions: Record<string, string>) =>
      this.call({
        verb: 'DELETE',
        path,
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions, propagationPolicy: policy },
      });
    try {
      await remove({ uid: identity.uid, ...(resourceVersion ? { resourceVersion } : {}) });
    } catch (error) {
      if (!isConflict(error) || !resourceVersion) throw error;
      let live: PartialObjectMetadata;
      try {
        live = await this.getObject(identity);
      } catch (liveError) {
        if (isNotFound(liveError)) return;
        throw liveError;
      }
      if (live.metadata.uid !== identity.uid) return;
      // The owners changed since the decision: decide again.
      if (!jsonEqual(live.metadata.ownerReferences ?? [], ownersAtResourceVersion ?? []))
        throw error;
      await remove({ uid: identity.uid });
    }
  }

  /** gc.patch: a strategic merge patch, or the JSON merge patch where the kind has none. */
  async patch(
    node: GraphNode,
    strategic: unknown,
    jsonMerge: (latest: PartialObjectMetadata) => unknown,
  ): Promise<void> {
    try {
      await this.patchObject(node.identity, strategic, 'application/strategic-merge-patch+json');
      return;
    } catch (error) {
      if (!(error instanceof StatusError) || error.status.code !== 415) throw error;
    }
    const latest = await this.getObject(node.identity);
    await this.patchObject(node.identity, jsonMerge(latest), 'application/merge-patch+json');
  }

  /** Drops the owner references with these uids from the node's object. */
  deleteOwnerReferences(node: GraphNode, ownerUids: string[]): Promise<void> {
    return this.patch(
      node,
      {
        metadata: {
          uid: node.identity.uid,
          ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })),
        },
      },
      (latest) => {
        const kept = (latest.metadata.ownerReferences ?? []).filter(
          (reference) => !ownerUids.includes(reference.uid),
        );
        return {
          metadata: {
            resourceVersion: latest.metadata.resourceVersion,
            ownerReferences: kept.length > 0 ? kept : null,
          },
        };
      },
    );
  }

  /** Sets blockOwnerDeletion to false on the node's blocking owner references. */
  unblockOwnerReferences(node: GraphNode): Promise<void> {
    const blocking = node.owners
      .filter((owner) => owner.blockOwnerDeletion === true)
      .map((owner) => ({ ...owner, blockOwnerDeletion: false }));
    return this.patch(
      node,
      { metadata: { uid: node.identity.uid, creationTimestamp: null, ownerReferences: blocking } },
      (latest) => ({
        metadata: {
          resourceVersion: latest.metadata.resourceVersion,
          ownerReferences: node.owners.map((owner) => ({ ...owner, blockOwnerDeletion: false })),
        },
      }),
    );
  }

  /** removeFinalizer: a JSON merge patch guarded by resourceVersion, retried on conflicts. */
  async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.tryRemoveFinalizer(node, finalizer);
        return;
      } catch (error) {
        const delay = CONFLICT_RETRY_DELAYS_MS[attempt];
        if (!isConflict(error)) throw error;
        if (delay === undefined) {
          throw new Error(
            `updateMaxRetries(4) has reached. The garbage collector will retry later for owner ${identityString(node.identity)}`,
            { cause: error },
          );
        }
        await new Promise<void>((resolve) => {
          this.clock.setTimeout(resolve, delay);
        });
      }
    }
  }

  private async tryRemoveFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    let owner: PartialObjectMetadata;
    try {
      owner = await this.getObject(node.identity);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const finalizers = owner.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    const kept = finalizers.filter((name) => name !== finalizer);
    await this.patchObject(
      node.identity,
      {
        metadata: {
          resourceVersion: owner.metadata.resourceVersion,
          finalizers: kept.length > 0 ? kept : null,
        },
      },
      'application/merge-patch+json',
    );
  }
}
