// What each resource tells the generic registry, like the RESTCreateStrategy /
// RESTUpdateStrategy / RESTDeleteStrategy interfaces of k8s.io/apiserver/pkg/registry/rest plus
// the scheme's defaulting functions. One object per served resource, in registry/<resource>.ts.

import type { FieldError, ParseError, Status } from '../../api/errors.ts';
import type { ResourceType } from '../../api/resources.ts';
import type { NameValidator } from '../../api/validation.ts';
import type { KubeObject, RequestStep, UserInfo } from '../../client/protocol.ts';
import type { Rng } from '../../host/rng.ts';
import type { AuthorizationContext } from '../auth/escalation.ts';

export interface RequestContext {
  user: UserInfo;
  namespace?: string;
  /** Virtual now, in ms. */
  now: number;
  rng: Rng;
  requestId: string;
  /** Warning headers of the answer (k8s.io/apiserver pkg/warning AddWarning). */
  warnings?: string[];
  /** For writes that check the caller's own permissions (RBAC escalation prevention). */
  authorization?: AuthorizationContext;
  /** Hears each handler-chain stage the request passes or fails (the trace's internal hops). */
  report?: (step: RequestStep) => void;
}

export interface SubresourceStrategy {
  /** Copies into `object` what the subresource may not change, from `old`. */
  prepareForUpdate(object: KubeObject, old: KubeObject, context: RequestContext): void;
  validateUpdate(object: KubeObject, old: KubeObject): FieldError[];
}

/** Called once the write is known to have succeeded or failed (the generic Store's FinishFunc). */
export type FinishFunc = (success: boolean) => void;

/** What a hook may do to other objects through the registry. */
export interface RegistryAccess {
  delete(
    strategy: Strategy,
    namespace: string | undefined,
    name: string,
    request: Record<string, never>,
    context: RequestContext,
  ): Promise<unknown>;
}

export interface Strategy {
  readonly type: ResourceType;
  /** How metadata.name is validated; DNS-1123 subdomain when absent. */
  nameValidator?: NameValidator;
  /**
   * Whether a deleted object must wait for something other than metadata.finalizers before it
   * goes (a namespace's spec.finalizers).
   */
  pendingFinalization?(object: KubeObject): boolean;
  /**
   * Decoding failures the JSON shape cannot catch (a quantity that does not parse): the message
   * of the 400 answer, or null.
   */
  checkDecode?(object: KubeObject): string | null;
  /** Scheme defaulting (pkg/apis/<group>/<version>/defaults.go), applied to every decoded body. */
  applyDefaults?(object: KubeObject): void;
  /**
   * BeginCreate: work outside the object that the write needs (a Service's ClusterIP), done after
   * admission and before prepareForCreate, kept or undone by the returned FinishFunc.
   */
  beginCreate?(object: KubeObject, context: RequestContext, dryRun: boolean): FinishFunc;
  /** BeginUpdate, the same for updates of the resource itself (not its subresources). */
  beginUpdate?(
    object: KubeObject,
    old: KubeObject,
    context: RequestContext,
    dryRun: boolean,
  ): FinishFunc;
  /** AfterDelete: the object has left storage. */
  afterDelete?(
    object: KubeObject,
    context: RequestContext,
    registry: RegistryAccess,
  ): Promise<void>;
  /**
   * Brings state derived from the stored objects in line with them: at start, then every few
   * minutes (the ClusterIP and NodePort repair controllers).
   */
  repair?(objects: readonly KubeObject[]): void;
  /**
   * Whether each create and update stores the object with a lease of --event-ttl, so it vanishes
   * that long after its last write (the events registry's TTLFunc).
   */
  expiresAfterEventTtl?: boolean;
  prepareForCreate?(object: KubeObject, context: RequestContext): void;
  prepareForUpdate?(object: KubeObject, old: KubeObject, context: RequestContext): void;
  /**
   * A check of the caller's right to write this object, after admission and before validation
   * (RBAC's policy-based storage); throws ApiError to refuse. `old` is absent on create.
   */
  beforeWrite?(object: KubeObject, old: KubeObject | undefined, context: RequestContext): void;
  validate(object: KubeObject, context: RequestContext): FieldError[];
  /**
   * A virtual resource that only answers creates, storing nothing (the access reviews): the
   * created object to return.
   */
  serveCreate?(object: KubeObject, context: RequestContext): KubeObject;
  validateUpdate(object: KubeObject, old: KubeObject, context: RequestContext): FieldError[];
  /** Fields a field selector may name, with this object's values (the resource's GetAttrs). */
  selectableFields?(object: KubeObject): Record<string, string>;
  /** The 400 message for a field selector naming a field the kind does not publish, where it has its own. */
  unknownFieldLabel?(label: string): string;
  /**
   * A field watches often select on, indexed so an event reaches only the watchers waiting for
   * its value (the cacher's IndexedTrigger; pods by spec.nodeName, for the kubelets).
   */
  triggerField?: string;
  /** Whether metadata.generation tracks changes of .spec. */
  tracksGeneration?: boolean;
  /** False when an update must name the resourceVersion it read (AllowUnconditionalUpdate). */
  unconditionalUpdate?: boolean;
  /** PUT on a missing object creates it (Services, Leases, Endpoints...). */
  allowCreateOnUpdate?: boolean;
  /**
   * DefaultGarbageCollectionPolicy (rest.GarbageCollectionDeleteStrategy) of the served version:
   * what a delete naming no propagation does to dependents. Absent: they are collected in the
   * background.
   */
  defaultGarbageCollectionPolicy?: 'OrphanDependents' | 'DeleteDependents' | 'Unsupported';
  /** The delete answer is the deleted object rather than a Status (pods). */
  returnDeletedObject?: boolean;
  /**
   * Graceful deletion (CheckGracefulDelete): the grace period to wait in seconds, or 0 to delete
   * at once. Absent: objects are deleted at once.
   */
  gracePeriodSeconds?(object: KubeObject, requested: number | undefined): number;
  /**
   * Deletion that only marks the object and waits for a controller (namespaces go Terminating);
   * called on the stored object inside the delete.
   */
  terminate?(object: KubeObject, context: RequestContext): void;
  /** A REST Delete that refuses some names before looking (system PriorityClasses). */
  refuseDelete?(name: string): Status | null;
  /** The status subresource, where served. */
  status?: SubresourceStrategy;
  /** The finalize subresource (namespaces): spec.finalizers may change, status may not. */
  finalize?: SubresourceStrategy;
  /**
   * The scale subresource (an autoscaling/v1 Scale over spec.replicas and status.replicas): the
   * object's pod selector as a string, or why it does not convert.
   */
  scaleSelector?(object: KubeObject): string | ParseError;
  /** Serves another group-version view of the stored kind (events.k8s.io/v1 over core/v1). */
  toStorage?(object: KubeObject): KubeObject;
  fromStorage?(object: KubeObject): KubeObject;
}
