// The typed client every component uses, shaped like client-go's dynamic and typed clients:
// one ResourceClient per resource type and namespace. Failures reject with a StatusError that
// carries the API server's Status, so callers test reasons as client-go's apierrors.IsNotFound does.

import { isStatus, type Status } from '../api/errors.ts';
import { resourcePath, type ResourceType } from '../api/resources.ts';
import type { ApiRequest, ApiResponse, KubeObject } from './protocol.ts';
import type { Transport, WatchHandler, WatchStream } from './transport.ts';

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason ?? '';
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof StatusError && error.status.reason === 'NotFound';
}

export function isAlreadyExists(error: unknown): boolean {
  return error instanceof StatusError && error.status.reason === 'AlreadyExists';
}

export function isConflict(error: unknown): boolean {
  return error instanceof StatusError && error.status.reason === 'Conflict';
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ObjectList<T extends KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: 'All';
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

function deleteBody(options: DeleteOptions): KubeObject | undefined {
  if (Object.keys(options).length === 0) return undefined;
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...options };
}

export type PatchType = 'merge' | 'json' | 'strategic';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

type ResourceRef = Pick<ResourceType, 'group' | 'version' | 'resource'>;

function toQuery(options: object): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) query[key] = String(value);
  }
  return Object.keys(query).length > 0 ? query : undefined;
}

function unwrap(response: ApiResponse): unknown {
  if (response.code >= 200 && response.code < 300) return response.body;
  if (isStatus(response.body)) throw new StatusError(response.body);
  throw new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server responded with status ${String(response.code)}`,
    code: response.code,
  });
}

export class ResourceClient<T extends KubeObject> {
  constructor(
    private readonly transport: Transport,
    readonly type: ResourceRef,
    readonly namespace?: string,
  ) {}

  private path(name?: string, subresource?: string): string {
    return resourcePath(this.type, this.namespace, name, subresource);
  }

  private async call<R>(request: ApiRequest): Promise<R> {
    return unwrap(await this.transport.request(request)) as R;
  }

  get(name: string, options: { resourceVersion?: string } = {}): Promise<T> {
    return this.call({ verb: 'GET', path: this.path(name), query: toQuery(options) });
  }

  list(options: ListOptions = {}): Promise<ObjectList<T>> {
    return this.call({ verb: 'GET', path: this.path(), query: toQuery(options) });
  }

  watch(options: WatchOptions, handler: WatchHandler): WatchStream {
    return this.transport.watch(
      { verb: 'GET', path: this.path(), query: toQuery(options) },
      handler,
    );
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    return this.call({ verb: 'POST', path: this.path(), query: toQuery(options), body: object });
  }

  update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.call({
      verb: 'PUT',
      path: this.path(object.metadata?.name),
      query: toQuery(options),
      body: object,
    });
  }

  updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.updateSubresource(object, 'status', options);
  }

  /** PUT to a subresource that takes the whole object: status, or a namespace's finalize. */
  updateSubresource(object: T, subresource: string, options: WriteOptions = {}): Promise<T> {
    return this.call({
      verb: 'PUT',
      path: this.path(object.metadata?.name, subresource),
      query: toQuery(options),
      body: object,
    });
  }

  patch(
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions & { subresource?: string } = {},
  ): Promise<T> {
    const { subresource, ...query } = options;
    return this.call({
      verb: 'PATCH',
      path: this.path(name, subresource),
      query: toQuery(query),
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
    });
  }

  delete(name: string, options: DeleteOptions = {}): Promise<KubeObject> {
    return this.call({ verb: 'DELETE', path: this.path(name), body: deleteBody(options) });
  }

  /** DELETE on the collection: every object the list options select. */
  deleteCollection(options: DeleteOptions = {}, list: ListOptions = {}): Promise<KubeObject> {
    return this.call({
      verb: 'DELETE',
      path: this.path(),
      query: toQuery(list),
      body: deleteBody(options),
    });
  }

  /** POST to a subresource such as pods/binding or pods/eviction. */
  createSubresource(name: string, subresource: string, body: KubeObject): Promise<KubeObject> {
    return this.call({ verb: 'POST', path: this.path(name, subresource), body });
  }
}

export const CORE_V1 = { group: '', version: 'v1' } as const;

export const POD_TYPE = { ...CORE_V1, resource: 'pods' } as const;
export const NODE_TYPE = { ...CORE_V1, resource: 'nodes' } as const;
export const NAMESPACE_TYPE = { ...CORE_V1, resource: 'namespaces' } as const;
export const SERVICE_ACCOUNT_TYPE = { ...CORE_V1, resource: 'serviceaccounts' } as const;
export const CONFIG_MAP_TYPE = { ...CORE_V1, resource: 'configmaps' } as const;
export const CORE_EVENT_TYPE = { ...CORE_V1, resource: 'events' } as const;
export const EVENT_TYPE = { group: 'events.k8s.io', version: 'v1', resource: 'events' } as const;
export const LEASE_TYPE = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
} as const;
export const REPLICA_SET_TYPE = { group: 'apps', version: 'v1', resource: 'replicasets' } as const;

export class Client {
  constructor(readonly transport: Transport) {}

  resource<T extends KubeObject>(type: ResourceRef, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>(this.transport, type, namespace);
  }

  request(request: ApiRequest): Promise<ApiResponse> {
    return this.transport.request(request);
  }
}
