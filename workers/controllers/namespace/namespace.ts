// The namespace controller (pkg/controller/namespace/namespace_controller.go and
// deletion/namespaced_resources_deleter.go): a namespace being deleted is marked Terminating, every
// namespaced resource in it is deleted (a DELETE on the collection where served, else one by one),
// and once nothing is left its `kubernetes` finalizer is removed through /finalize, which lets the
// API server delete it. Content still going away (graceful pods, finalizers) brings the namespace
// back after about half the estimate; the conditions on its status say what remains.

import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import { parseTime, formatTime } from '../../api/time.ts';
import {
  isConflict,
  isNotFound,
  NAMESPACE_TYPE,
  POD_TYPE,
  type Client,
} from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { RestMapper, type MappedResource } from '../discovery.ts';
import { ConditionUpdater, type ContentTotals } from './conditions.ts';

/** The finalizer this controller owns (FinalizerKubernetes). */
const FINALIZER = 'kubernetes';
/** The wait assumed for objects held by finalizers (finalizerEstimateSeconds). */
const FINALIZER_ESTIMATE_SECONDS = 15;
const BACKGROUND = { propagationPolicy: 'Background' } as const;

/** GroupVersionResource.String(): `/v1, Resource=pods`. */
const gvrString = (r: MappedResource): string => `${r.group}/${r.version}, Resource=${r.resource}`;

interface ResourceOutcome {
  estimateSeconds: number;
  remaining: number;
  finalizers: Map<string, number>;
}

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  private context!: ControllerContext;
  private namespaces!: Informer<Namespace>;
  private queue!: WorkQueue;
  private mapper: Promise<RestMapper> | null = null;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.namespaces = context.informers.for<Namespace>(NAMESPACE_TYPE);
    const enqueue = (namespace: Namespace): void => {
      if (namespace.metadata?.deletionTimestamp) this.queue.add(objectKey(namespace));
    };
    this.namespaces.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, namespace) => {
        enqueue(namespace);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (name) => this.sync(name));
  }

  private get client(): Client {
    return this.context.client;
  }

  private async sync(name: string): Promise<void> {
    let namespace: Namespace;
    try {
      namespace = await this.client.resource<Namespace>(NAMESPACE_TYPE).get(name);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    const deletedAt = namespace.metadata?.deletionTimestamp;
    if (!deletedAt) return;
    namespace = await this.markTerminating(namespace);
    if (!(namespace.spec?.finalizers ?? []).includes(FINALIZER)) return;
    const estimateSeconds = await this.deleteAllContent(namespace, parseTime(deletedAt));
    if (estimateSeconds > 0) {
      // ResourcesRemainingError: look again after about half the estimate.
      this.queue.addAfter(name, (Math.floor(estimateSeconds / 2) + 1) * 1000);
      return;
    }
    await this.finalize(namespace);
  }

  private async markTerminating(namespace: Namespace): Promise<Namespace> {
    if (namespace.status?.phase === 'Terminating') return namespace;
    return this.retryOnConflict(namespace, (latest) =>
      this.client
        .resource<Namespace>(NAMESPACE_TYPE)
        .updateStatus({ ...latest, status: { ...latest.status, phase: 'Terminating' } }),
    );
  }

  /** finalizeNamespace: the spec's finalizers without ours, as a sorted set. */
  private async finalize(namespace: Namespace): Promise<void> {
    try {
      await this.retryOnConflict(namespace, (latest) => {
        const finalizers = [...new Set(latest.spec?.finalizers ?? [])]
          .filter((finalizer) => finalizer !== FINALIZER)
          .sort();
        return this.client
          .resource<Namespace>(NAMESPACE_TYPE)
          .updateSubresource({ ...latest, spec: { ...latest.spec, finalizers } }, 'finalize');
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async retryOnConflict(
    namespace: Namespace,
    write: (latest: Namespace) => Promise<Namespace>,
  ): Promise<Namespace> {
    let latest = namespace;
    for (;;) {
      try {
        return await write(latest);
      } catch (error) {
        if (!isConflict(error)) throw error;
        const fresh = await this.client
          .resource<Namespace>(NAMESPACE_TYPE)
          .get(latest.metadata?.name ?? '');
        if (fresh.metadata?.uid !== latest.metadata?.uid) {
          throw new Error('namespace uid has changed across retries', { cause: error });
        }
        latest = fresh;
      }
    }
  }

  private discover(): Promise<RestMapper> {
    this.mapper ??= RestMapper.discover(this.client).catch((error: unknown) => {
      this.mapper = null;
      throw error;
    });
    return this.mapper;
  }

  /** deleteAllContent: the estimate in seconds of what is still going away. */
  private async deleteAllContent(namespace: Namespace, deletedAt: number): Promise<number> {
    const name = namespace.metadata?.name ?? '';
    const conditions = new ConditionUpdater(formatTime(this.context.clock.now()));
    const totals: ContentTotals = {
      remainingByResource: new Map(),
      remainingByFinalizer: new Map(),
    };
    const errors: string[] = [];
    let estimate = 0;
    let resources: MappedResource[] = [];
    try {
      resources = (await this.discover()).preferred.filter(
        (resource) => resource.namespaced && resource.verbs.includes('delete'),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push(message);
      conditions.processDiscoveryError(message);
    }
    for (const resource of resources) {
      try {
        const outcome = await this.deleteResourceContent(resource, name, deletedAt);
        estimate = Math.max(estimate, outcome.estimateSeconds);
        if (outcome.remaining > 0) {
          totals.remainingByResource.set(
            `${resource.resource}.${resource.group}`,
            outcome.remaining,
          );
          for (const [finalizer, count] of outcome.finalizers) {
            totals.remainingByFinalizer.set(
              finalizer,
              (totals.remainingByFinalizer.get(finalizer) ?? 0) + count,
            );
          }
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.push(message);
        conditions.processDeleteContentError(message);
      }
    }
    conditions.processContentTotals(totals);
    const status = structuredClone(namespace.status ?? {});
    if (conditions.update(status)) {
      try {
        await this.client
          .resource<Namespace>(NAMESPACE_TYPE)
          .updateStatus({ ...namespace, status });
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) throw error;
      }
    }
    if (errors.length > 0) throw new Error(errors.join(', '));
    return estimate;
  }

  /** deleteAllContentForGroupVersionResource. */
  private async deleteResourceContent(
    resource: MappedResource,
    namespace: string,
    deletedAt: number,
  ): Promise<ResourceOutcome> {
    const client = this.client.resource(resource, namespace);
    const estimateSeconds =
      resource.group === '' && resource.resource === POD_TYPE.resource
        ? await this.estimateGracefulTermination(namespace, deletedAt)
        : 0;
    const none = { estimateSeconds, remaining: 0, finalizers: new Map<string, number>() };
    if (resource.verbs.includes('deletecollection')) {
      await client.deleteCollection(BACKGROUND);
    } else if (resource.verbs.includes('list')) {
      for (const item of (await client.list()).items) {
        try {
          await client.delete(item.metadata?.name ?? '', BACKGROUND);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
    }
    if (!resource.verbs.includes('list')) return none;
    const items: KubeObject[] = (await client.list()).items;
    if (items.length === 0) return none;
    const finalizers = new Map<string, number>();
    for (const item of items) {
      for (const finalizer of item.metadata?.finalizers ?? [])
        finalizers.set(finalizer, (finalizers.get(finalizer) ?? 0) + 1);
    }
    const remaining = { remaining: items.length, finalizers };
    if (estimateSeconds > 0) return { estimateSeconds, ...remaining };
    if (finalizers.size > 0) return { estimateSeconds: FINALIZER_ESTIMATE_SECONDS, ...remaining };
    throw new Error(
      `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(resource)}`,
    );
  }

  /** estimateGracefulTermination: the longest grace period of a pod not yet terminal, if unspent. */
  private async estimateGracefulTermination(namespace: string, deletedAt: number): Promise<number> {
    let estimate = 0;
    for (const pod of (await this.client.resource<Pod>(POD_TYPE, namespace).list()).items) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    const elapsedMs = this.context.clock.now() - deletedAt;
    return elapsedMs >= estimate * 1000 ? 0 : estimate;
  }
}
