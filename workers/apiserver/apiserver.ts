// kube-apiserver's request handling for the playground: route a request to its resource, run the
// handler chain (authentication is the caller's identity; authorization and audit come later),
// answer with the object, a list or a Status. Watches are served from the watch cache.

import { expired, internalError, notFound } from '../api/errors.ts';
import { copyJson } from '../api/json-merge-patch.ts';
import { parseResourcePath, type ResourcePath } from '../api/paths.ts';
import { groupVersion, type ResourceType } from '../api/resources.ts';
import type {
  ApiRequest,
  ApiResponse,
  HttpVerb,
  KubeObject,
  RequestStep,
  UserInfo,
} from '../client/protocol.ts';
import type { LimitRange, ResourceQuota } from 'kubernetes-types/core/v1';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { Admission } from './admission/admission.ts';
import { defaultTolerationSeconds } from './admission/default-toleration-seconds.ts';
import { limitRanger } from './admission/limit-ranger.ts';
import { namespaceLifecycle } from './admission/namespace-lifecycle.ts';
import { nodeRestriction } from './admission/node-restriction.ts';
import { priorityAdmission } from './admission/priority.ts';
import { ResourceQuotaAdmission } from './admission/resource-quota.ts';
import { serviceAccountAdmission } from './admission/service-account.ts';
import { taintNodesByCondition } from './admission/taint-nodes-by-condition.ts';
import { AccessControl } from './auth/access-control.ts';
import { Authenticator, type AuthenticationConfig } from './auth/authentication.ts';
import { requestInfo } from './auth/request-info.ts';
import {
  ensureBootstrapPolicy,
  ensureSystemNamespaces,
  ensureSystemPriorityClasses,
} from './bootstrap.ts';
import { decodeBody, fieldValidation } from './handlers/decode.ts';
import { deleteCollection } from './handlers/delete-collection.ts';
import { decodeDeleteOptions } from './handlers/delete-options.ts';
import { listObjects, type ListSources } from './handlers/list.ts';
import { DEBUG_ETCD_PREFIX, serveDebugEtcd } from './handlers/debug-etcd.ts';
import { NonResourceHandler } from './handlers/non-resource.ts';
import { managerOrUserAgent, planPatch } from './handlers/patch.ts';
import { checkWriteOptions } from './handlers/write-options.ts';
import { NO_KUBELETS, type KubeletConnection } from './kubelet-client.ts';
import { runKubernetesService } from './kubernetes-service.ts';
import { negotiateWatch, refuseUnacceptable, render } from './negotiate.ts';
import { bindPod } from './registry/binding.ts';
import { EvictionREST } from './registry/eviction.ts';
import {
  ApiError,
  GenericRegistry,
  gr,
  storageKey,
  type DeleteRequest,
} from './registry/generic.ts';
import { deleteOptionsError } from './registry/deletion-propagation.ts';
import { PodExecREST } from './registry/pod-exec.ts';
import { PodLogREST } from './registry/pod-log.ts';
import { MetricsREST } from './registry/metrics.ts';
import { MetricsScraper } from './metrics/scraper.ts';
import { getScale, updateScale } from './registry/scale.ts';
import { servedStrategies } from './registry/served.ts';
import type { RequestContext, Strategy } from './registry/strategy.ts';
import { runRepairControllers } from './repair.ts';
import { METHOD_NOT_ALLOWED, NOT_FOUND_RESOURCE, ok, statusResponse } from './responses.ts';
import { resourceVerbs, subresourceInfo } from './subresources.ts';
import { parseSelection, selects } from './selection.ts';
import { Compactor } from './storage/compact.ts';
import type { EtcdClient } from './storage/etcd-client.ts';
import { LeaseManager } from './storage/lease-manager.ts';
import { EtcdCallError } from './storage/etcd-client.ts';
import { ObjectStore, prefixEnd } from './storage/store.ts';
import { WatchCache, type CacheEvent } from './storage/watch-cache.ts';
import type { ResponseBody } from './streams.ts';
import { WatchServer, type WatchSink } from './watch.ts';

export { KUBERNETES_VERSION } from './handlers/non-resource.ts';

const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

const VERB_OF_METHOD: Record<HttpVerb, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * Whether the API has this route (the routes apiserver's installer registers per resource):
 * collections take GET, POST and DELETE, objects GET, PUT, PATCH and DELETE, subresources their
 * own verbs. Anything else is go-restful's 405.
 */
function routeAllows(
  type: ResourceType,
  name: string | undefined,
  subresource: string | undefined,
  method: HttpVerb,
): boolean {
  if (subresource !== undefined)
    return subresourceInfo(type, subresource).verbs.includes(VERB_OF_METHOD[method]);
  const verbs = resourceVerbs(type);
  if (name === undefined) {
    if (method === 'GET') return verbs.includes('list');
    if (method === 'POST') return verbs.includes('create');
    if (method === 'DELETE') return verbs.includes('deletecollection');
    return false;
  }
  return method !== 'POST' && verbs.includes(VERB_OF_METHOD[method]);
}

/** Hears the stages of the handler chain a request passes or fails. */
export type StepListener = (step: RequestStep) => void;

/** What the authorization stage allowed: `create pods in default` (as `jane` when impersonating). */
function allowance(request: ApiRequest, user: UserInfo): string {
  const info = requestInfo(request);
  const what = info.isResourceRequest
    ? `${info.verb} ${info.subresource ? `${info.resource}/${info.subresource}` : info.resource}${info.namespace ? ` in ${info.namespace}` : ''}`
    : `${info.verb} ${info.path}`;
  const impersonated =
    user.username !== request.user?.username && request.headers?.['impersonate-user'];
  return impersonated ? `${what} as ${user.username}` : what;
}

/** The message of a refusal, whether a Status or the plain text impersonation answers with. */
function refusal(response: ApiResponse): string {
  if (typeof response.body === 'string') return response.body;
  return (response.body as { message?: string } | null)?.message ?? `HTTP ${response.code}`;
}

export interface ApiServerConfig {
  authentication?: AuthenticationConfig;
  /** --etcd-compaction-interval in ms (default 5 min); 0 turns compaction off. */
  compactionIntervalMs?: number;
  /** --event-ttl in seconds (default 1 h). */
  eventTtlSeconds?: number;
}

export class ApiServer {
  readonly cache: WatchCache;
  private readonly store: ObjectStore;
  private readonly registry: GenericRegistry;
  private readonly strategies = new Map<string, Strategy>();
  private readonly watches: WatchServer;
  private readonly admission: Admission;
  private readonly authenticator: Authenticator;
  private readonly nonResource: NonResourceHandler;
  private readonly podLogs: PodLogREST;
  private readonly podExec: PodExecREST;
  private readonly metricsScraper: MetricsScraper;
  private readonly metrics: MetricsREST;
  readonly access: AccessControl;
  private readonly listSources: ListSources;
  readonly compactor: Compactor;

  constructor(
    private readonly etcd: EtcdClient,
    private readonly clock: Clock,
    private readonly rng: Rng,
    config: ApiServerConfig = {},
    kubelets: KubeletConnection = NO_KUBELETS,
  ) {
    this.authenticator = new Authenticator(config.authentication);
    this.compactor = new Compactor(etcd, clock, config.compactionIntervalMs);
    const served = servedStrategies();
    for (const strategy of served) {
      this.strategies.set(`${groupVersion(strategy.type)}/${strategy.type.resource}`, strategy);
    }
    this.nonResource = new NonResourceHandler(served);
    this.cache = new WatchCache(
      new Set(served.map((strategy) => `/registry/${strategy.type.etcdPrefix}/`)),
    );
    this.store = new ObjectStore(etcd, (key) => this.cache.get(key), new LeaseManager(etcd, clock));
    this.access = new AccessControl(this.cache);
    const lookup = {
      get: async (type: Strategy['type'], namespace: string | undefined, name: string) => {
        const strategy = this.strategies.get(`${groupVersion(type)}/${type.resource}`);
        if (!strategy) return null;
        const key = storageKey(strategy, namespace, name);
        return this.cache.get(key) ?? (await this.store.get(key));
      },
      list: (type: Strategy['type']) => this.cache.list(`/registry/${type.etcdPrefix}/`),
    };
    this.admission = new Admission([
      namespaceLifecycle(lookup),
      limitRanger(
        (namespace) => this.cache.list(`/registry/limitranges/${namespace}/`) as LimitRange[],
      ),
      serviceAccountAdmission(lookup),
      nodeRestriction(),
      taintNodesByCondition(),
      priorityAdmission(lookup),
      defaultTolerationSeconds(),
      new ResourceQuotaAdmission({
        list: (namespace) =>
          this.cache.list(`/registry/resourcequotas/${namespace}/`) as ResourceQuota[],
        get: async (namespace, name) =>
          (await this.store.get(
            `/registry/resourcequotas/${namespace}/${name}`,
          )) as ResourceQuota | null,
        updateStatus: async (quota, context) => {
          const strategy = this.strategies.get('v1/resourcequotas');
          if (!strategy) throw new Error('resourcequotas are not served');
          const { report: _report, ...loopback } = context;
          const { object } = await this.registry.update(
            strategy,
            quota.metadata?.namespace,
            quota.metadata?.name ?? '',
            () => quota,
            loopback,
            { subresource: 'status' },
          );
          return object as ResourceQuota;
        },
      }),
    ]);
    this.registry = new GenericRegistry(this.store, this.admission, config.eventTtlSeconds);
    this.listSources = {
      cache: this.cache,
      store: this.store,
      output: (type, object) => this.registry.output(type, object),
    };
    this.watches = new WatchServer(this.cache, clock, rng);
    const nodes = this.strategies.get('v1/nodes');
    if (!nodes) throw new Error('nodes are not served');
    this.podLogs = new PodLogREST(this.registry, nodes, kubelets);
    this.podExec = new PodExecREST(this.registry, nodes, kubelets);
    const cached =
      <T>(prefix: string) =>
      () =>
        this.cache.list(`/registry/${prefix}/`) as T[];
    this.metricsScraper = new MetricsScraper(cached(nodes.type.etcdPrefix), kubelets, clock);
    this.metrics = new MetricsREST(
      this.metricsScraper.storage,
      cached(nodes.type.etcdPrefix),
      cached('pods'),
    );
  }

  get servedStrategies(): Strategy[] {
    return [...this.strategies.values()];
  }

  /** Fills the watch cache from etcd and follows it, then creates the system namespaces. */
  async start(): Promise<void> {
    const initial = await this.etcd.range({
      key: '/registry/',
      range_end: prefixEnd('/registry/'),
    });
    this.cache.load(initial.kvs, initial.header.revision);
    runRepairControllers(this.servedStrategies, this.cache, this.clock);
    this.access.reload();
    await this.etcd.watch(
      {
        key: '/registry/',
        range_end: prefixEnd('/registry/'),
        start_revision: initial.header.revision + 1,
        prev_kv: true,
      },
      (response) => {
        this.cache.apply(response);
      },
    );
    await ensureSystemNamespaces(this, this.clock);
    await ensureBootstrapPolicy(this);
    await ensureSystemPriorityClasses(this);
    await runKubernetesService(this, this.clock);
    this.metricsScraper.start();
    this.compactor.start();
  }

  /** Resolves once the watch cache has seen `revision`. */
  cacheCaughtUp(revision: number): Promise<void> {
    if (this.cache.revision >= revision) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.cache.addTap(() => {
        if (this.cache.revision < revision) return;
        stop();
        resolve();
      });
    });
  }

  onChange(listener: (events: CacheEvent[]) => void): () => void {
    return this.cache.addTap(listener);
  }

  private context(
    request: ApiRequest,
    namespace: string | undefined,
    requestId: string,
    warnings: string[],
    report: StepListener | undefined,
  ): RequestContext {
    const context: RequestContext = {
      user: request.user ?? ANONYMOUS,
      now: this.clock.now(),
      rng: this.rng,
      requestId,
      warnings,
      authorization: this.access.registryContext,
    };
    if (namespace !== undefined) context.namespace = namespace;
    if (report) context.report = report;
    return context;
  }

  private strategyFor(path: ResourcePath): Strategy | undefined {
    if (!path.resource) return undefined;
    return this.strategies.get(`${groupVersion(path)}/${path.resource}`);
  }

  /**
   * Authentication, then impersonation and authorization: the caller the rest of the chain
   * serves, or the answer that refuses them. `report` hears each stage.
   */
  private gate(
    request: ApiRequest,
    report: StepListener | undefined,
  ): { user: UserInfo } | { response: ApiResponse } {
    const authentication = this.authenticator.authenticate(request);
    if ('status' in authentication) {
      report?.({
        stage: 'authentication',
        outcome: 'refused',
        detail: authentication.status.message ?? '',
      });
      return { response: statusResponse(authentication.status) };
    }
    report?.({
      stage: 'authentication',
      outcome: 'passed',
      detail: authentication.user.username,
    });
    const admitted = this.access.admit(request, authentication.user);
    if ('response' in admitted) {
      report?.({ stage: 'authorization', outcome: 'refused', detail: refusal(admitted.response) });
      return admitted;
    }
    report?.({
      stage: 'authorization',
      outcome: 'passed',
      detail: allowance(request, admitted.user),
    });
    return admitted;
  }

  /**
   * Serves one request; a streamed answer (pods/log?follow) goes on into `stream`, and an
   * upgraded one (pods/exec) also hears the client's input from it.
   */
  async handle(
    request: ApiRequest,
    requestId: string,
    report?: StepListener,
    stream?: ResponseBody,
  ): Promise<ApiResponse> {
    const admitted = this.gate(request, report);
    if ('response' in admitted) return admitted.response;
    const warnings: string[] = [];
    try {
      const response = await this.dispatch(
        { ...request, user: admitted.user },
        requestId,
        warnings,
        report,
        stream,
      );
      return warnings.length > 0 ? { ...response, warnings } : response;
    } catch (error) {
      if (error instanceof ApiError) return { ...statusResponse(error.status), warnings };
      if (error instanceof EtcdCallError && error.error.code === 'OutOfRange') {
        return statusResponse(expired('The resourceVersion for the provided list is too old.'));
      }
      return statusResponse(internalError(error instanceof Error ? error.message : String(error)));
    }
  }

  private async dispatch(
    request: ApiRequest,
    requestId: string,
    warnings: string[],
    report: StepListener | undefined,
    stream: ResponseBody | undefined,
  ): Promise<ApiResponse> {
    const path = parseResourcePath(request.path);
    if (!path.isResource) {
      if (request.verb !== 'GET') return statusResponse(NOT_FOUND_RESOURCE);
      if (request.path.startsWith(DEBUG_ETCD_PREFIX)) return serveDebugEtcd(this.etcd, request);
      return this.nonResource.serve(path, request);
    }
    const strategy = this.strategyFor(path);
    if (!strategy) return statusResponse(NOT_FOUND_RESOURCE);
    if (path.namespace !== undefined && !strategy.type.namespaced)
      return statusResponse(NOT_FOUND_RESOURCE);
    const query = request.query ?? {};
    const namespace = path.namespace;
    const context = this.context(request, namespace, requestId, warnings, report);
    const dryRun = query.dryRun === 'All';
    const name = path.name;
    const subresource = path.subresource;
    if (subresource !== undefined && !(strategy.type.subresources ?? []).includes(subresource)) {
      return statusResponse(NOT_FOUND_RESOURCE);
    }
    if (strategy.type.namespaced && namespace === undefined && request.verb !== 'GET') {
      return statusResponse(NOT_FOUND_RESOURCE);
    }
    if (!routeAllows(strategy.type, name, subresource, request.verb))
      return statusResponse(METHOD_NOT_ALLOWED);
    if ((subresource === 'exec' || subresource === 'attach') && name !== undefined)
      return this.podExec.connect(
        subresource,
        strategy,
        namespace ?? '',
        name,
        request,
        context,
        stream,
      );
    const unacceptable = refuseUnacceptable(request);
    if (unacceptable) return unacceptable;
    if (strategy.type.group === 'metrics.k8s.io') {
      const metrics =
        name === undefined
          ? this.metrics.list(strategy, namespace, query, context.now)
          : this.metrics.get(strategy, namespace, name, context.now);
      return render(strategy, request, context, metrics);
    }

    switch (request.verb) {
      case 'GET': {
        if (name === undefined) {
          const list = await listObjects(this.listSources, strategy, namespace, query, requestId);
          return render(strategy, request, context, list);
        }
        if (subresource === 'scale')
          return render(
            strategy,
            request,
            context,
            await getScale(this.registry, strategy, namespace, name, context),
          );
        if (subresource === 'log')
          return this.podLogs.get(strategy, namespace ?? '', name, query, context, stream);
        const object =
          query.resourceVersion === '0'
            ? this.cache.get(storageKey(strategy, namespace, name))
            : await this.registry.get(strategy, namespace, name, context);
        if (!object) throw new ApiError(notFound(gr(strategy), name));
        return render(strategy, request, context, this.registry.output(strategy, object));
      }
      case 'POST': {
        checkWriteOptions('CreateOptions', query);
        const body = this.objectBody(request, strategy, subresource, context);
        if (name !== undefined && subresource === 'binding') {
          await bindPod(this.store, strategy, namespace ?? '', name, body, context, dryRun);
          return ok(
            { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
            201,
          );
        }
        if (name !== undefined && subresource === 'eviction') {
          const evictions = new EvictionREST(this.registry, this.cache);
          return ok(await evictions.create(namespace ?? '', name, body, context, dryRun), 201);
        }
        if (strategy.serveCreate) {
          this.registry.checkKind(strategy, body);
          if (namespace !== undefined) body.metadata = { ...body.metadata, namespace };
          return render(strategy, request, context, strategy.serveCreate(body, context), 201);
        }
        const manager = managerOrUserAgent(request);
        return render(
          strategy,
          request,
          context,
          await this.registry.create(strategy, namespace, body, context, { dryRun, manager }),
          201,
        );
      }
      case 'PUT': {
        if (name === undefined) return statusResponse(METHOD_NOT_ALLOWED);
        checkWriteOptions('UpdateOptions', query);
        if (subresource === 'scale') {
          const scale = this.objectBody(request, strategy, subresource, context);
          const write = () => copyJson(scale);
          const manager = managerOrUserAgent(request);
          return this.writeScale(request, strategy, name, write, context, { dryRun, manager });
        }
        const body = this.objectBody(request, strategy, subresource, context);
        const result = await this.registry.update(
          strategy,
          namespace,
          name,
          () => copyJson(body),
          context,
          {
            ...(subresource !== undefined ? { subresource } : {}),
            dryRun,
            createBody: body,
            manager: managerOrUserAgent(request),
          },
        );
        return render(strategy, request, context, result.object, result.created ? 201 : 200);
      }
      case 'PATCH': {
        if (name === undefined) return statusResponse(METHOD_NOT_ALLOWED);
        const plan = planPatch(request, {
          strategy,
          name,
          subresource,
          now: context.now,
          warnings: context.warnings,
        });
        const mutate = (current: KubeObject): KubeObject => plan.mutate(current);
        if (subresource === 'scale') {
          const options = {
            dryRun,
            ...(plan.manager !== undefined ? { manager: plan.manager } : {}),
          };
          return this.writeScale(request, strategy, name, mutate, context, options);
        }
        const result = await this.registry.update(strategy, namespace, name, mutate, context, {
          ...(subresource !== undefined ? { subresource } : {}),
          dryRun,
          ...(plan.manager !== undefined ? { manager: plan.manager } : {}),
          ...(plan.createMissing ? { createMissing: plan.createMissing } : {}),
        });
        return render(strategy, request, context, result.object, result.created ? 201 : 200);
      }
      case 'DELETE': {
        const options = this.deleteOptions(request);
        const invalidOptions = deleteOptionsError(options);
        if (invalidOptions) throw new ApiError(invalidOptions);
        if (name === undefined) {
          const deleted = await deleteCollection(
            this.listSources,
            this.registry,
            strategy,
            namespace,
            query,
            options,
            context,
            dryRun || (options.dryRun ?? []).includes('All'),
          );
          return render(strategy, request, context, deleted);
        }
        const { object, deleted } = await this.registry.delete(
          strategy,
          namespace,
          name,
          options,
          context,
          { dryRun: dryRun || (options.dryRun ?? []).includes('All') },
        );
        // A cascading delete that waits for the garbage collector answers 202 when asked the
        // legacy way (orphanDependents=false).
        if (!deleted && options.orphanDependents === false)
          return render(strategy, request, context, object, 202);
        if (!deleted || strategy.returnDeletedObject)
          return render(strategy, request, context, object);
        const meta = object.metadata ?? {};
        return ok({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: meta.name,
            ...(strategy.type.group ? { group: strategy.type.group } : {}),
            kind: strategy.type.resource,
            uid: meta.uid,
          },
        });
      }
    }
  }

  /** PUT and PATCH of the scale subresource, answered with the resulting Scale. */
  private async writeScale(
    request: ApiRequest,
    strategy: Strategy,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    context: RequestContext,
    options: { dryRun: boolean; manager?: string },
  ): Promise<ApiResponse> {
    const scale = await updateScale(
      this.registry,
      strategy,
      context.namespace,
      name,
      mutate,
      context,
      options,
    );
    return render(strategy, request, context, scale);
  }

  /** Decodes a create or update body (handlers/decode.ts); strict-field warnings go on the answer. */
  private objectBody(
    request: ApiRequest,
    strategy: Strategy,
    subresource: string | undefined,
    context: RequestContext,
  ): KubeObject {
    const directive = fieldValidation(
      request.query,
      request.verb === 'POST' ? 'CreateOptions' : 'UpdateOptions',
    );
    const expected = subresource
      ? subresourceInfo(strategy.type, subresource).kind
      : { group: strategy.type.group, version: strategy.type.version, kind: strategy.type.kind };
    const { object, warnings } = decodeBody(request, expected, directive);
    context.warnings?.push(...warnings);
    return object;
  }

  private deleteOptions(request: ApiRequest): DeleteRequest {
    const body = decodeDeleteOptions(request);
    const query = request.query ?? {};
    const options: DeleteRequest = { ...body };
    if (query.gracePeriodSeconds !== undefined)
      options.gracePeriodSeconds = Number(query.gracePeriodSeconds);
    if (query.propagationPolicy !== undefined) options.propagationPolicy = query.propagationPolicy;
    if (query.orphanDependents !== undefined)
      options.orphanDependents = query.orphanDependents === 'true';
    if (query.dryRun !== undefined) options.dryRun = [query.dryRun];
    return options;
  }

  /**
   * Starts a watch. Returns an error response when the watch cannot start (bad selector,
   * unknown resource); otherwise events flow to `sink` until it is stopped or times out.
   */
  watch(
    request: ApiRequest,
    sink: WatchSink,
    report?: StepListener,
  ): ApiResponse | { stop(): void } {
    const admitted = this.gate(request, report);
    if ('response' in admitted) return admitted.response;
    try {
      const path = parseResourcePath(request.path);
      const strategy = this.strategyFor(path);
      if (!strategy || path.name !== undefined) return statusResponse(NOT_FOUND_RESOURCE);
      if (!resourceVerbs(strategy.type).includes('watch'))
        return statusResponse(METHOD_NOT_ALLOWED);
      const query = request.query ?? {};
      const selection = parseSelection(strategy, path.namespace, query);
      const encode = negotiateWatch(request, () => this.clock.now());
      if ('code' in encode) return encode;
      const encoded: WatchSink = {
        send: (event) => {
          sink.send(encode(event));
        },
        end: () => {
          sink.end();
        },
      };
      return this.watches.start(strategy, selection, query, encoded, (object) =>
        this.registry.output(strategy, object),
      );
    } catch (error) {
      if (error instanceof ApiError) return statusResponse(error.status);
      throw error;
    }
  }

  /** The same check a watch applies, for tests and the UI's observers. */
  selects(
    strategy: Strategy,
    query: Record<string, string>,
    namespace: string | undefined,
    object: KubeObject,
  ): boolean {
    return selects(parseSelection(strategy, namespace, query), object);
  }
}
