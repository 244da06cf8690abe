// The ResourceQuota controller (pkg/controller/resourcequota/resource_quota_controller.go and
// resource_quota_monitor.go, with quota.CalculateUsage of k8s.io/apiserver pkg/quota/v1): sets
// status.hard from the spec and recomputes status.used from the shared informers. A quota whose
// spec is not yet in its status goes to a priority queue; every quota is recalculated every five
// minutes; deleting a counted object, or a pod turning terminal, or a Service changing quota type,
// recalculates the quotas of its namespace that track it. Every quotable resource discovery lists
// is monitored, so `count/<resource>.<group>` works for all of them. Left out: re-running
// discovery every 30 s (the served set is fixed when the API server starts).

import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import {
  EvaluatorRegistry,
  isIgnoredResource,
  quotaServiceType,
  usageStats,
  type Evaluator,
  type GroupResource,
} from '../../api/quota/evaluators.ts';
import { chargedPod } from '../../api/quota/pods.ts';
import {
  add,
  equals,
  intersection,
  mask,
  parseResourceList,
  resourceListJson,
  resourceNames,
  type ResourceList,
} from '../../api/quota/resource-list.ts';
import { groupResource } from '../../api/resources.ts';
import { isNotFound } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { RestMapper, type MappedResource } from '../discovery.ts';

const RESOURCE_QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas' } as const;

/** --resource-quota-sync-period. */
export const RESOURCE_QUOTA_SYNC_PERIOD_MS = 5 * 60_000;
/** --concurrent-resource-quota-syncs. */
const CONCURRENT_SYNCS = 5;
const DISCOVERY_RETRY_MS = 30_000;
/** GetQuotableResources: what quota can count needs these verbs. */
const QUOTABLE_VERBS = ['create', 'list', 'watch', 'delete'];

/**
 * DefaultUpdateFilter: updates that change what an object charges (a pod becoming terminal, a
 * Service changing between quota types) replenish quota like deletions do.
 */
function replenishesOnUpdate(
  resource: GroupResource,
  old: KubeObject,
  current: KubeObject,
  now: number,
): boolean {
  if (resource.group !== '') return false;
  if (resource.resource === 'pods')
    return chargedPod(old as Pod, now) && !chargedPod(current as Pod, now);
  if (resource.resource === 'services') return quotaServiceType(old) !== quotaServiceType(current);
  return false;
}

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  private context!: ControllerContext;
  private quotas!: Informer<ResourceQuota>;
  private queue!: WorkQueue;
  private missingUsageQueue!: WorkQueue;
  private readonly registry = new EvaluatorRegistry();
  /** The monitored objects of each evaluated resource, by `resource.group`. */
  private readonly listers = new Map<string, Informer<KubeObject>>();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.missingUsageQueue = new WorkQueue(context.clock);
    this.quotas = context.informers.for<ResourceQuota>(RESOURCE_QUOTAS);
    this.quotas.addEventHandler({
      onAdd: (quota) => {
        this.addQuota(quota);
      },
      // Status changes are this controller's own; only a new spec asks for a recalculation.
      onUpdate: (old, quota) => {
        const before = parseResourceList(old.spec?.hard);
        if (!equals(before, parseResourceList(quota.spec?.hard))) this.addQuota(quota);
      },
      onDelete: (quota) => {
        this.queue.add(objectKey(quota));
      },
    });
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
    const quotable = mapper.preferred.filter(
      (resource) =>
        resource.namespaced &&
        QUOTABLE_VERBS.every((verb) => resource.verbs.includes(verb)) &&
        !isIgnoredResource(resource),
    );
    await Promise.all(quotable.map((resource) => this.monitor(resource)));
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.syncFromKey(key));
    runWorkers(this.missingUsageQueue, CONCURRENT_SYNCS, (key) => this.syncFromKey(key));
    this.enqueueAllPeriodically();
  }

  /** QuotaMonitor: an evaluator and the shared informer for one resource; resolves when synced. */
  private monitor(resource: MappedResource): Promise<void> {
    const evaluator = this.registry.getOrAdd(resource);
    const informer = this.context.informers.for<KubeObject>(resource);
    this.listers.set(groupResource(resource), informer);
    informer.addEventHandler({
      onUpdate: (old, current) => {
        if (replenishesOnUpdate(resource, old, current, this.context.clock.now()))
          this.replenishQuota(evaluator, current.metadata?.namespace ?? '');
      },
      onDelete: (object) => {
        this.replenishQuota(evaluator, object.metadata?.namespace ?? '');
      },
    });
    return informer.start();
  }

  /** The full recalculation every resync period (enqueueAll). */
  private enqueueAllPeriodically(): void {
    this.context.clock.setTimeout(() => {
      for (const quota of this.quotas.list()) this.queue.add(objectKey(quota));
      this.enqueueAllPeriodically();
    }, RESOURCE_QUOTA_SYNC_PERIOD_MS);
  }

  /** addQuota: quotas whose intent is not yet in their status go first. */
  private addQuota(quota: ResourceQuota): void {
    const key = objectKey(quota);
    const hard = parseResourceList(quota.status?.hard);
    if (!equals(parseResourceList(quota.spec?.hard), hard)) {
      this.missingUsageQueue.add(key);
      return;
    }
    const used = quota.status?.used ?? {};
    for (const name of resourceNames(hard)) {
      if (name in used) continue;
      if (
        this.registry.list().some((evaluator) => evaluator.matchingResources([name]).length > 0)
      ) {
        this.missingUsageQueue.add(key);
        return;
      }
    }
    this.queue.add(key);
  }

  /** replenishQuota: recalculate the namespace's quotas that track this resource. */
  private replenishQuota(evaluator: Evaluator, namespace: string): void {
    for (const quota of this.quotas.list()) {
      if (quota.metadata?.namespace !== namespace) continue;
      const tracked = resourceNames(parseResourceList(quota.status?.hard));
      if (evaluator.matchingResources(tracked).length > 0) this.queue.add(objectKey(quota));
    }
  }

  private async syncFromKey(key: string): Promise<void> {
    const quota = this.quotas.get(key);
    if (quota) await this.syncResourceQuota(quota);
  }

  /** quota.CalculateUsage: each evaluator's usage of the resources the quota limits. */
  private calculateUsage(quota: ResourceQuota, hard: ResourceList): ResourceList {
    const hardNames = resourceNames(hard);
    const evaluators = this.registry.list();
    const matched = intersection(
      hardNames,
      evaluators.flatMap((evaluator) => evaluator.matchingResources(hardNames)),
    );
    let usage: ResourceList = new Map();
    const namespace = quota.metadata?.namespace ?? '';
    for (const evaluator of evaluators) {
      const resources = evaluator.matchingResources(matched);
      const lister = this.listers.get(groupResource(evaluator.groupResource));
      if (resources.length === 0 || !lister) continue;
      const objects = lister.list().filter((object) => object.metadata?.namespace === namespace);
      usage = add(
        usage,
        usageStats(evaluator, quota, resources, objects, this.context.clock.now()),
      );
    }
    return mask(usage, matched);
  }

  /** syncResourceQuota: status.hard from the spec, status.used recalculated, written if changed. */
  private async syncResourceQuota(quota: ResourceQuota): Promise<void> {
    const specHard = parseResourceList(quota.spec?.hard);
    const statusHard = quota.status?.hard;
    const statusUsed = quota.status?.used;
    let dirty =
      !equals(specHard, parseResourceList(statusHard)) ||
      statusHard === undefined ||
      statusUsed === undefined;
    let used = parseResourceList(statusUsed);
    for (const [name, quantity] of this.calculateUsage(quota, specHard)) used.set(name, quantity);
    used = mask(used, resourceNames(specHard));
    dirty ||= !equals(used, parseResourceList(statusUsed));
    if (!dirty) return;
    const updated: ResourceQuota = {
      ...structuredClone(quota),
      status: { hard: resourceListJson(specHard), used: resourceListJson(used) },
    };
    try {
      await this.context.client
        .resource<ResourceQuota>(RESOURCE_QUOTAS, quota.metadata?.namespace)
        .updateStatus(updated);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
