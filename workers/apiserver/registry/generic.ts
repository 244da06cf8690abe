// The generic registry store (k8s.io/apiserver/pkg/registry/generic/registry/store.go and
// pkg/registry/rest/{create,update,delete}.go): the steps every write goes through —
// defaulting, admission, the resource's strategy, validation, then an etcd transaction — and
// the translation of storage failures into Kubernetes Status errors.

import {
  alreadyExists,
  badRequest,
  conflict,
  field,
  generateNameConflict,
  invalid,
  notFound,
  OptimisticLockErrorMsg,
  type FieldError,
  type Status,
} from '../../api/errors.ts';
import { copyJson, jsonEqual } from '../../api/json-merge-patch.ts';
import { groupVersion } from '../../api/resources.ts';
import {
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../api/validation.ts';
import type { KubeObject, RequestStage } from '../../client/protocol.ts';
import type { Admission } from '../admission/admission.ts';
import { updateManagedFields } from '../fieldmanager/field-manager.ts';
import { fieldManagerScope } from '../fieldmanager/scopes.ts';
import { StorageError, type ObjectStore, type Preconditions } from '../storage/store.ts';
import { formatTime } from '../../api/time.ts';
import {
  deletionFinalizersForGarbageCollection,
  markAsDeleting,
  type PropagationOptions,
} from './deletion-propagation.ts';
import type { FinishFunc, RequestContext, Strategy } from './strategy.ts';

/** A request failed with this Status; the handler answers with it. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }
}

/** The 5-character suffix alphabet of generateName and pod-template-hash (util/rand). */
/** kube-apiserver's --event-ttl default: one hour. */
export const DEFAULT_EVENT_TTL_SECONDS = 3600;

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_NAME_PREFIX = 58;

export function storageKey(
  strategy: Strategy,
  namespace: string | undefined,
  name: string,
): string {
  const prefix = `/registry/${strategy.type.etcdPrefix}/`;
  return strategy.type.namespaced ? `${prefix}${namespace ?? ''}/${name}` : `${prefix}${name}`;
}

export function gr(strategy: Strategy): { group: string; resource: string } {
  return { group: strategy.type.group, resource: strategy.type.resource };
}

function gk(strategy: Strategy): { group: string; kind: string } {
  return { group: strategy.type.group, kind: strategy.type.kind };
}

function specOf(object: KubeObject): unknown {
  return (object as { spec?: unknown }).spec ?? null;
}

export interface DeleteRequest extends PropagationOptions {
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
}

/**
 * EnsureObjectNamespaceMatchesRequestNamespace: a namespaced object takes the request's namespace
 * unless it names another; a cluster-scoped object's namespace is cleared.
 */
function ensureNamespaceMatches(
  strategy: Strategy,
  meta: NonNullable<KubeObject['metadata']>,
  namespace: string | undefined,
): void {
  if (!strategy.type.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
    throw new ApiError(
      badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      ),
    );
  }
  if (namespace !== undefined) meta.namespace = namespace;
}

function setFinalizers(meta: NonNullable<KubeObject['metadata']>, finalizers: string[]): void {
  if (finalizers.length > 0) meta.finalizers = finalizers;
  else delete meta.finalizers;
}

export class GenericRegistry {
  constructor(
    private readonly store: ObjectStore,
    private readonly admission: Admission,
    /** --event-ttl, in seconds. */
    private readonly eventTtlSeconds: number = DEFAULT_EVENT_TTL_SECONDS,
  ) {}

  /** The TTL a write of this kind stores its object with (seconds), if any. */
  private ttlOf(strategy: Strategy): number | undefined {
    return strategy.expiresAfterEventTtl ? this.eventTtlSeconds : undefined;
  }

  private fail(status: Status): never {
    throw new ApiError(status);
  }

  /** Runs one stage of the handler chain and tells the request's listener how it went. */
  private async stage<T>(
    context: RequestContext,
    stage: RequestStage,
    detail: string,
    run: () => Promise<T> | T,
  ): Promise<T> {
    try {
      const result = await run();
      context.report?.({ stage, outcome: 'passed', detail });
      return result;
    } catch (error) {
      const why = error instanceof ApiError ? (error.status.message ?? '') : String(error);
      context.report?.({ stage, outcome: 'refused', detail: why });
      throw error;
    }
  }

  private validateCreate(strategy: Strategy, object: KubeObject, context: RequestContext): void {
    const errors: FieldError[] = [
      ...validateObjectMeta(object.metadata ?? {}, {
        namespaced: strategy.type.namespaced,
        nameValidator: strategy.nameValidator ?? nameIsDNSSubdomain,
      }),
      ...strategy.validate(object, context),
    ];
    if (errors.length > 0) this.fail(invalid(gk(strategy), object.metadata?.name ?? '', errors));
  }

  /** Checks apiVersion/kind of a body against the URL, as the decoder does. */
  checkKind(strategy: Strategy, object: KubeObject): void {
    const expected = groupVersion(strategy.type);
    if (object.apiVersion !== undefined && object.apiVersion !== expected) {
      this.fail(
        badRequest(
          `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
        ),
      );
    }
    if (object.kind !== undefined && object.kind !== strategy.type.kind) {
      this.fail(
        badRequest(
          `the kind in the data (${object.kind}) does not match the expected kind (${strategy.type.kind})`,
        ),
      );
    }
    object.apiVersion = expected;
    object.kind = strategy.type.kind;
    const decodeError = strategy.checkDecode?.(object);
    if (decodeError) {
      const { kind, version } = strategy.type;
      this.fail(
        badRequest(
          `${kind} in version "${version}" cannot be handled as a ${kind}: ${decodeError}`,
        ),
      );
    }
  }

  async create(
    strategy: Strategy,
    namespace: string | undefined,
    body: KubeObject,
    context: RequestContext,
    options: { dryRun?: boolean; manager?: string } = {},
  ): Promise<KubeObject> {
    let object = strategy.toStorage ? strategy.toStorage(body) : body;
    this.checkKind(strategy, body);
    const meta = (object.metadata ??= {});
    ensureNamespaceMatches(strategy, meta, namespace);
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== '') {
      this.fail(badRequest('resourceVersion should not be set on objects to be created'));
    }
    strategy.applyDefaults?.(object);
    if (options.manager !== undefined) {
      // Managed fields are of the served version, which the body is in.
      updateManagedFields(
        fieldManagerScope(strategy.type, undefined),
        null,
        body,
        options.manager,
        context.now,
      );
      if (object !== body) meta.managedFields = body.metadata?.managedFields;
    }
    const admitted = object;
    object = await this.stage(context, 'mutating-admission', this.admission.mutating, () =>
      this.admission.admit({ operation: 'CREATE', strategy, object: admitted, context }),
    );
    strategy.beforeWrite?.(object, undefined, context);

    // Store.Create: system fields and the generated name, then rest.BeforeCreate.
    meta.uid = context.rng.uuid();
    meta.creationTimestamp = formatTime(context.now);
    const generated = !meta.name && !!meta.generateName;
    if (generated && meta.generateName) {
      meta.name =
        meta.generateName.slice(0, MAX_GENERATED_NAME_PREFIX) +
        context.rng.string(5, SAFE_ALPHABET);
    }
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    const finish = strategy.beginCreate?.(object, context, options.dryRun ?? false);
    let succeeded = false;
    try {
      strategy.prepareForCreate?.(object, context);
      const checked = object;
      await this.stage(context, 'validation', `${strategy.type.kind} is valid`, () => {
        this.validateCreate(strategy, checked, context);
      });
      await this.stage(context, 'validating-admission', this.admission.validating, () =>
        this.admission.validate({
          operation: 'CREATE',
          strategy,
          object: checked,
          context,
          dryRun: options.dryRun ?? false,
        }),
      );
      const created = options.dryRun
        ? object
        : await this.storeCreate(strategy, object, generated, context);
      succeeded = true;
      return this.output(strategy, created);
    } finally {
      finish?.(succeeded);
    }
  }

  private async storeCreate(
    strategy: Strategy,
    object: KubeObject,
    generated: boolean,
    context: RequestContext,
  ): Promise<KubeObject> {
    const meta = object.metadata ?? {};
    try {
      return await this.store.create(
        storageKey(strategy, meta.namespace, meta.name ?? ''),
        object,
        { requestId: context.requestId },
        this.ttlOf(strategy),
      );
    } catch (error) {
      if (error instanceof StorageError && error.code === 'KeyExists') {
        this.fail(
          generated
            ? generateNameConflict(gr(strategy), meta.name ?? '', 1)
            : alreadyExists(gr(strategy), meta.name ?? ''),
        );
      }
      throw error;
    }
  }

  output(strategy: Strategy, object: KubeObject): KubeObject {
    return strategy.fromStorage ? strategy.fromStorage(object) : object;
  }

  async get(
    strategy: Strategy,
    namespace: string | undefined,
    name: string,
    context: RequestContext,
  ): Promise<KubeObject> {
    const object = await this.store.get(storageKey(strategy, namespace, name), {
      requestId: context.requestId,
    });
    if (!object) this.fail(notFound(gr(strategy), name));
    return this.output(strategy, object);
  }

  /**
   * PUT and PATCH: `mutate` turns the current object into the requested one (for PUT it ignores
   * the current state). Runs the update strategy of the resource or of its subresource. A
   * `manager` has its change recorded in managedFields; a missing object is created from
   * `createBody` where the kind allows it, or from `createMissing` (server-side apply) always.
   */
  async update(
    strategy: Strategy,
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    context: RequestContext,
    options: {
      subresource?: string;
      dryRun?: boolean;
      createBody?: KubeObject;
      createMissing?: () => KubeObject;
      manager?: string;
    } = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    const key = storageKey(strategy, namespace, name);
    const subresourceStrategy =
      options.subresource === 'status'
        ? strategy.status
        : options.subresource === 'finalize'
          ? strategy.finalize
          : undefined;
    let finish: FinishFunc | undefined;
    const tryUpdate = async (stored: KubeObject): Promise<KubeObject> => {
      // A retried attempt first gives back what the previous one took.
      finish?.(false);
      finish = undefined;
      const current = this.output(strategy, stored);
      // `stored` is this attempt's own copy (the store decodes it afresh), so it may be changed in place.
      let object = mutate(current);
      // The request is in the served version; only then is it converted to the stored one.
      this.checkKind(strategy, object);
      if (!subresourceStrategy) strategy.applyDefaults?.(object);
      if (options.manager !== undefined) {
        const scope = fieldManagerScope(strategy.type, options.subresource);
        updateManagedFields(scope, current, object, options.manager, context.now);
      }
      if (strategy.toStorage) object = strategy.toStorage(object);
      const meta = (object.metadata ??= {});
      const old = stored.metadata ?? {};
      ensureNamespaceMatches(strategy, meta, namespace);
      if (meta.name !== undefined && meta.name !== name) {
        this.fail(
          badRequest(
            `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
          ),
        );
      }
      const requestedVersion = meta.resourceVersion;
      if (
        requestedVersion !== undefined &&
        requestedVersion !== '' &&
        requestedVersion !== old.resourceVersion
      ) {
        this.fail(conflict(gr(strategy), name, OptimisticLockErrorMsg));
      }
      if (!requestedVersion && strategy.unconditionalUpdate === false) {
        // The store names the resource where a Kind belongs (its own TODO says so).
        const { group, resource } = strategy.type;
        this.fail(
          invalid({ group, kind: resource }, name, [
            field.invalid('metadata.resourceVersion', 0, 'must be specified for an update'),
          ]),
        );
      }
      // rest.BeforeUpdate: system fields are not the client's to change.
      meta.name = name;
      if (strategy.type.namespaced) meta.namespace = namespace;
      else delete meta.namespace;
      // A uid the request carries is a precondition: validation refuses one that differs.
      meta.uid ||= old.uid;
      // Requests cannot set the generation; strategies that track it bump it below.
      if (old.generation !== undefined) meta.generation = old.generation;
      else delete meta.generation;
      meta.creationTimestamp = old.creationTimestamp;
      meta.resourceVersion = old.resourceVersion;
      if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
      else delete meta.deletionTimestamp;
      if (old.deletionGracePeriodSeconds !== undefined)
        meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
      else delete meta.deletionGracePeriodSeconds;
      if (subresourceStrategy) {
        subresourceStrategy.prepareForUpdate(object, stored, context);
      } else {
        const admitted = object;
        object = await this.stage(context, 'mutating-admission', this.admission.mutating, () =>
          this.admission.admit({
            operation: 'UPDATE',
            strategy,
            object: admitted,
            old: stored,
            context,
          }),
        );
        strategy.beforeWrite?.(object, stored, context);
        finish = strategy.beginUpdate?.(object, stored, context, options.dryRun ?? false);
        strategy.prepareForUpdate?.(object, stored, context);
        if (strategy.tracksGeneration) {
          // Semantic.DeepEqual: the order of keys in the request does not make a change.
          meta.generation =
            (old.generation ?? 1) + (jsonEqual(specOf(object), specOf(stored)) ? 0 : 1);
        }
      }
      const checked = object;
      await this.stage(context, 'validation', `${strategy.type.kind} is valid`, () => {
        const errors: FieldError[] = [
          ...validateObjectMetaUpdate(meta, old),
          ...(subresourceStrategy
            ? subresourceStrategy.validateUpdate(checked, stored)
            : strategy.validateUpdate(checked, stored, context)),
        ];
        if (errors.length > 0) this.fail(invalid(gk(strategy), name, errors));
      });
      if (!subresourceStrategy) {
        await this.stage(context, 'validating-admission', this.admission.validating, () =>
          this.admission.validate({
            operation: 'UPDATE',
            strategy,
            object: checked,
            old: stored,
            context,
            dryRun: options.dryRun ?? false,
          }),
        );
      }
      return checked;
    };

    const createMissing = async (): Promise<{ object: KubeObject; created: boolean }> => {
      const body = options.subresource
        ? undefined
        : (options.createMissing?.() ??
          (strategy.allowCreateOnUpdate ? options.createBody : undefined));
      if (!body) this.fail(notFound(gr(strategy), name));
      // An apply records its own managed fields; a PUT that creates records an update.
      const manager = options.createMissing ? undefined : options.manager;
      const object = await this.create(strategy, namespace, body, context, {
        dryRun: options.dryRun ?? false,
        ...(manager !== undefined ? { manager } : {}),
      });
      return { object, created: true };
    };
    try {
      if (options.dryRun) {
        const current = await this.store.get(key, { requestId: context.requestId });
        if (!current) return await createMissing();
        const object = this.output(strategy, await tryUpdate(current));
        finish?.(true);
        return { object, created: false };
      }
      const updated = await this.store.guaranteedUpdate(key, tryUpdate, {
        trace: { requestId: context.requestId },
        ttl: this.ttlOf(strategy),
      });
      finish?.(true);
      finish = undefined;
      return {
        object: this.output(strategy, await this.deleteIfFinalized(strategy, updated, context)),
        created: false,
      };
    } catch (error) {
      finish?.(false);
      if (error instanceof StorageError && error.code === 'KeyNotFound') return createMissing();
      throw error;
    }
  }

  /** Marked for deletion, with its grace period over and nothing left to wait for. */
  private finalized(strategy: Strategy, object: KubeObject): boolean {
    const meta = object.metadata ?? {};
    return (
      !!meta.deletionTimestamp &&
      (meta.finalizers?.length ?? 0) === 0 &&
      (meta.deletionGracePeriodSeconds ?? 0) === 0 &&
      !(strategy.pendingFinalization?.(object) ?? false)
    );
  }

  /** An object being deleted whose last finalizer is gone disappears (store.go shouldDeleteDuringUpdate). */
  private async deleteIfFinalized(
    strategy: Strategy,
    object: KubeObject,
    context: RequestContext,
  ): Promise<KubeObject> {
    if (!this.finalized(strategy, object)) return object;
    const meta = object.metadata ?? {};
    const deleted = await this.store.delete(storageKey(strategy, meta.namespace, meta.name ?? ''), {
      current: object,
      trace: { requestId: context.requestId },
    });
    await strategy.afterDelete?.(deleted, context, this);
    return deleted;
  }

  async delete(
    strategy: Strategy,
    namespace: string | undefined,
    name: string,
    request: DeleteRequest,
    context: RequestContext,
    options: { dryRun?: boolean } = {},
  ): Promise<{ object: KubeObject; deleted: boolean }> {
    const refused = strategy.refuseDelete?.(name);
    if (refused) this.fail(refused);
    const key = storageKey(strategy, namespace, name);
    const current = await this.store.get(key, { requestId: context.requestId });
    if (!current) this.fail(notFound(gr(strategy), name));
    const meta = current.metadata ?? {};
    // Mutating admission runs in the delete handler, before the store checks preconditions;
    // validating admission runs inside the store's delete.
    const attributes = {
      operation: 'DELETE',
      strategy,
      object: current,
      old: current,
      context,
      dryRun: options.dryRun ?? false,
    } as const;
    await this.stage(context, 'mutating-admission', this.admission.mutating, () =>
      this.admission.admit(attributes),
    );
    this.checkPreconditions(strategy, name, current, request.preconditions);
    await this.stage(context, 'validating-admission', this.admission.validating, () =>
      this.admission.validate(attributes),
    );

    const requested =
      request.gracePeriodSeconds !== undefined && request.gracePeriodSeconds < 0
        ? 1
        : request.gracePeriodSeconds;
    const graceful = this.beforeDelete(strategy, current, requested, context);
    // A namespace already terminating is left as it is until its finalizers are done.
    const terminating = !!meta.deletionTimestamp && !!strategy.pendingFinalization?.(current);
    if (graceful === 'pending' || terminating)
      return { object: this.output(strategy, current), deleted: false };
    // Finalizers the delete adds or drops for the garbage collector (propagationPolicy).
    const collection = deletionFinalizersForGarbageCollection(strategy, meta, request);
    const waits =
      collection.finalizers.length > 0 || (strategy.pendingFinalization?.(current) ?? false);
    let mark: ((object: KubeObject) => void) | null = null;
    if (graceful || waits) {
      mark = (object) => {
        const objectMeta = (object.metadata ??= {});
        const first = !objectMeta.deletionTimestamp;
        graceful?.(object);
        const update = deletionFinalizersForGarbageCollection(strategy, objectMeta, request);
        if (update.changed) setFinalizers(objectMeta, update.finalizers);
        if (!graceful) markAsDeleting(objectMeta, context.now);
        if (first) strategy.terminate?.(object, context);
      };
    }
    if (options.dryRun) {
      if (!mark) return { object: this.output(strategy, current), deleted: true };
      const object = copyJson(current);
      mark(object);
      return { object: this.output(strategy, object), deleted: this.finalized(strategy, object) };
    }

    try {
      let last = current;
      if (mark) {
        const marking = mark;
        last = await this.store.guaranteedUpdate(
          key,
          (stored) => {
            const object = copyJson(stored);
            marking(object);
            return object;
          },
          { preconditions: request.preconditions, trace: { requestId: context.requestId } },
        );
        const finished = await this.deleteIfFinalized(strategy, last, context);
        return { object: this.output(strategy, finished), deleted: finished !== last };
      }
      const deleted = await this.store.delete(key, {
        current: last,
        preconditions: request.preconditions,
        trace: { requestId: context.requestId },
      });
      await strategy.afterDelete?.(deleted, context, this);
      return { object: this.output(strategy, deleted), deleted: true };
    } catch (error) {
      if (error instanceof StorageError && error.code === 'KeyNotFound')
        this.fail(notFound(gr(strategy), name));
      if (error instanceof StorageError && error.code === 'InvalidObj')
        this.fail(conflict(gr(strategy), name, error.message));
      throw error;
    }
  }

  /**
   * rest.BeforeDelete for graceful strategies: how to mark the object for its grace period,
   * 'pending' when a graceful deletion is already under way and may not be shortened, or null
   * when the strategy is not graceful or the grace period has run out.
   */
  private beforeDelete(
    strategy: Strategy,
    current: KubeObject,
    requested: number | undefined,
    context: RequestContext,
  ): ((object: KubeObject) => void) | 'pending' | null {
    if (strategy.gracePeriodSeconds === undefined) return null;
    const meta = current.metadata ?? {};
    if (meta.deletionTimestamp) {
      const existing = meta.deletionGracePeriodSeconds ?? 0;
      if (existing === 0) return null;
      if (requested === undefined || requested >= existing) return 'pending';
      // A shorter grace period moves the deadline forward.
      const deadline = Date.parse(meta.deletionTimestamp) - existing * 1000 + requested * 1000;
      return (object) => {
        const objectMeta = (object.metadata ??= {});
        objectMeta.deletionTimestamp = formatTime(deadline);
        objectMeta.deletionGracePeriodSeconds = requested;
      };
    }
    const grace = strategy.gracePeriodSeconds(current, requested);
    return (object) => {
      const objectMeta = (object.metadata ??= {});
      objectMeta.deletionTimestamp = formatTime(context.now + grace * 1000);
      objectMeta.deletionGracePeriodSeconds = grace;
      if ((objectMeta.generation ?? 0) > 0)
        objectMeta.generation = (objectMeta.generation ?? 0) + 1;
    };
  }

  /** rest.BeforeDelete's precondition checks; note the Kind where other conflicts name the resource. */
  private checkPreconditions(
    strategy: Strategy,
    name: string,
    current: KubeObject,
    preconditions?: Preconditions,
  ): void {
    const meta = current.metadata ?? {};
    const kind = { group: strategy.type.group, resource: strategy.type.kind };
    if (preconditions?.uid !== undefined && preconditions.uid !== meta.uid) {
      this.fail(
        conflict(
          kind,
          name,
          `the UID in the precondition (${preconditions.uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
        ),
      );
    }
    if (
      preconditions?.resourceVersion !== undefined &&
      preconditions.resourceVersion !== meta.resourceVersion
    ) {
      this.fail(
        conflict(
          kind,
          name,
          `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
        ),
      );
    }
  }
}
