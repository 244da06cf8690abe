// pods/eviction (pkg/registry/core/pod/storage/eviction.go): a pod covered by a
// PodDisruptionBudget is deleted only if the budget allows one more disruption, which is taken
// from its status (with the pod noted in disruptedPods); the pod gets the DisruptionTarget
// condition, then is deleted with the Eviction's deleteOptions. Answers a Success Status.

import type { Pod } from 'kubernetes-types/core/v1';
import type { Condition } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import {
  badRequest,
  conflict,
  forbidden,
  reasonOf,
  timeout,
  type Status,
} from '../../api/errors.ts';
import { copyJson } from '../../api/json-merge-patch.ts';
import { isEmptySelector, labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { isParseError, unknownError } from '../../api/errors.ts';
import { formatTime } from '../../api/time.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { WatchCache } from '../storage/watch-cache.ts';
import { ApiError, storageKey, type DeleteRequest, type GenericRegistry } from './generic.ts';
import { podDisruptionBudgetStrategy } from './poddisruptionbudgets.ts';
import { podStrategy, setPodCondition } from './pods.ts';
import type { RequestContext } from './strategy.ts';

/** Evictions the PDB controller has not confirmed yet, beyond which evictions are refused. */
const MAX_DISRUPTED_POD_SIZE = 2000;
/** EvictionsRetry: 20 tries on conflicts. */
const RETRIES = 20;

interface Eviction {
  metadata?: { name?: string };
  deleteOptions?: DeleteRequest & { dryRun?: string[] };
}

function success(): KubeObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  } as KubeObject;
}

function fail(status: Status): never {
  throw new ApiError(status);
}

function tooManyRequests(retryAfterSeconds: number, cause: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: {
      causes: [{ reason: 'DisruptionBudget', message: cause }],
      ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
    },
    code: 429,
  };
}

/** createTooManyRequestsError: the budget has not caught up with its own spec. */
function budgetNotProcessed(name: string): Status {
  return tooManyRequests(
    10,
    `The disruption budget ${name} is still being processed by the server.`,
  );
}

function isConflict(error: unknown): boolean {
  return error instanceof ApiError && reasonOf(error.status) === 'Conflict';
}

function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some(
    (condition) => condition.type === 'Ready' && condition.status === 'True',
  );
}

/** canIgnorePDB: a pod that is terminal, pending or already going may be deleted right away. */
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    phase === 'Succeeded' ||
    phase === 'Failed' ||
    phase === 'Pending' ||
    !!pod.metadata?.deletionTimestamp
  );
}

function shouldEnforceResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata?.deletionTimestamp);
}

/** UpdateDisruptionAllowedCondition through meta.SetStatusCondition. */
function setDisruptionAllowed(status: PodDisruptionBudgetStatus, now: number): void {
  const allowed = status.disruptionsAllowed > 0;
  const wanted = {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    ...(status.observedGeneration ? { observedGeneration: status.observedGeneration } : {}),
  };
  const conditions = ((status as { conditions?: Condition[] }).conditions ??= []);
  const existing = conditions.find((condition) => condition.type === wanted.type);
  if (!existing) {
    conditions.push({ ...wanted, lastTransitionTime: formatTime(now) });
    return;
  }
  Object.assign(existing, wanted, {
    lastTransitionTime:
      existing.status === wanted.status ? existing.lastTransitionTime : formatTime(now),
  });
}

export class EvictionREST {
  constructor(
    private readonly registry: GenericRegistry,
    private readonly cache: WatchCache,
  ) {}

  async create(
    namespace: string,
    name: string,
    body: KubeObject,
    context: RequestContext,
    dryRun: boolean,
  ): Promise<KubeObject> {
    const eviction = body as Eviction;
    if (eviction.metadata?.name !== name)
      fail(badRequest('name in URL does not match name in Eviction object'));
    const options: DeleteRequest = { ...eviction.deleteOptions };
    const isDryRun = dryRun || (eviction.deleteOptions?.dryRun ?? []).includes('All');
    const rvUnset = options.preconditions?.resourceVersion === undefined;

    let pod: Pod;
    for (let attempt = 1; ; attempt++) {
      pod = (await this.registry.get(podStrategy, namespace, name, context)) as Pod;
      if (!canIgnoreBudget(pod)) break;
      const deleteOptions =
        shouldEnforceResourceVersion(pod) && rvUnset
          ? withResourceVersion(options, pod.metadata?.resourceVersion)
          : options;
      try {
        await this.deleteWithCondition(namespace, name, deleteOptions, context, isDryRun);
        return success();
      } catch (error) {
        if (!isConflict(error) || !rvUnset || attempt >= RETRIES) throw error;
      }
    }

    const budgets = this.matchingBudgets(namespace, pod);
    if (budgets.length > 1) {
      // A failed Status returned as a result: the handler answers it as an error, reason unset.
      fail(
        unknownError(
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        ),
      );
    }
    let budgetName = '';
    let enforceResourceVersion = false;
    const budget = budgets[0];
    if (budget) {
      budgetName = budget.metadata?.name ?? '';
      const status = budget.status;
      const unhealthyMayGo =
        budget.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
        ((status?.currentHealthy ?? 0) >= (status?.desiredHealthy ?? 0) &&
          (status?.desiredHealthy ?? 0) > 0);
      // An unready pod does not count towards the healthy ones; the budget is left alone.
      if (!isPodReady(pod) && unhealthyMayGo) enforceResourceVersion = true;
      else await this.checkAndDecrementWithRetries(namespace, name, budgetName, context, isDryRun);
    }
    const deleteOptions = enforceResourceVersion
      ? withResourceVersion(options, pod.metadata?.resourceVersion)
      : options;
    try {
      await this.deleteWithCondition(namespace, name, deleteOptions, context, isDryRun);
    } catch (error) {
      if (isConflict(error) && enforceResourceVersion && rvUnset)
        fail(budgetNotProcessed(budgetName));
      throw error;
    }
    return success();
  }

  /** getPodDisruptionBudgets: budgets with a non-empty selector that matches the pod. */
  private matchingBudgets(namespace: string, pod: Pod): PodDisruptionBudget[] {
    const prefix = storageKey(podDisruptionBudgetStrategy, namespace, '');
    return (this.cache.list(prefix) as PodDisruptionBudget[]).filter((budget) => {
      if (!budget.spec?.selector) return false;
      const selector = labelSelectorFromObject(budget.spec.selector);
      if (isParseError(selector) || isEmptySelector(selector)) return false;
      return matchesLabels(selector, pod.metadata?.labels ?? {});
    });
  }

  private async checkAndDecrementWithRetries(
    namespace: string,
    podName: string,
    budgetName: string,
    context: RequestContext,
    dryRun: boolean,
  ): Promise<void> {
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      const budget = (await this.registry.get(
        podDisruptionBudgetStrategy,
        namespace,
        budgetName,
        context,
      )) as PodDisruptionBudget;
      try {
        await this.checkAndDecrement(namespace, podName, budget, context, dryRun);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    fail(timeout(`couldn't update PodDisruptionBudget "${budgetName}" due to conflicts`, 10));
  }

  /** checkAndDecrement: takes one allowed disruption from the budget's status, or refuses. */
  private async checkAndDecrement(
    namespace: string,
    podName: string,
    budget: PodDisruptionBudget,
    context: RequestContext,
    dryRun: boolean,
  ): Promise<void> {
    const name = budget.metadata?.name ?? '';
    const status = copyJson(budget.status ?? ({} as PodDisruptionBudgetStatus));
    const pdbResource = { group: 'policy', resource: 'poddisruptionbudget' };
    if ((status.observedGeneration ?? 0) < (budget.metadata?.generation ?? 0))
      fail(budgetNotProcessed(name));
    if (status.disruptionsAllowed < 0)
      fail(forbidden(pdbResource, name, 'pdb disruptions allowed is negative'));
    if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
      fail(
        forbidden(
          pdbResource,
          name,
          'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
        ),
      );
    }
    if (status.disruptionsAllowed === 0) {
      fail(
        tooManyRequests(
          0,
          `The disruption budget ${name} needs ${String(status.desiredHealthy)} healthy pods and has ${String(status.currentHealthy)} currently`,
        ),
      );
    }
    status.disruptionsAllowed--;
    if (status.disruptionsAllowed === 0) setDisruptionAllowed(status, context.now);
    if (dryRun) return;
    status.disruptedPods = { ...status.disruptedPods, [podName]: formatTime(context.now) };
    // UpdateStatus with the budget as read: a concurrent change makes it a Conflict, and a retry.
    await this.registry.update(
      podDisruptionBudgetStrategy,
      namespace,
      name,
      () => ({ ...copyJson(budget), status }) as KubeObject,
      context,
      { subresource: 'status' },
    );
  }

  /** addConditionAndDeletePod: DisruptionTarget on the latest pod, then the delete. */
  private async deleteWithCondition(
    namespace: string,
    name: string,
    options: DeleteRequest,
    context: RequestContext,
    dryRun: boolean,
  ): Promise<void> {
    let deleteOptions = options;
    if (!dryRun) {
      const { object } = await this.registry.update(
        podStrategy,
        namespace,
        name,
        (latest) => {
          checkPreconditions(latest, options);
          const pod = copyJson(latest) as Pod;
          setPodCondition(
            pod,
            {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'EvictionByEvictionAPI',
              message: 'Eviction API: evicting',
            },
            context.now,
          );
          return pod;
        },
        context,
        { subresource: 'status' },
      );
      // The condition changed the pod: a resourceVersion precondition moves along with it.
      if (options.preconditions?.resourceVersion !== undefined)
        deleteOptions = withResourceVersion(options, object.metadata?.resourceVersion);
    }
    await this.registry.delete(podStrategy, namespace, name, deleteOptions, context, { dryRun });
  }
}

function withResourceVersion(
  options: DeleteRequest,
  resourceVersion: string | undefined,
): DeleteRequest {
  return {
    ...options,
    preconditions: { ...options.preconditions, ...(resourceVersion ? { resourceVersion } : {}) },
  };
}

/** The preconditions checked against the latest pod, worded on resource "Pod". */
function checkPreconditions(latest: KubeObject, options: DeleteRequest): void {
  const meta = latest.metadata ?? {};
  const name = meta.name ?? '';
  const resource = { group: '', resource: 'Pod' };
  const uid = options.preconditions?.uid;
  if (uid && uid !== meta.uid) {
    fail(
      conflict(
        resource,
        name,
        `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
      ),
    );
  }
  const resourceVersion = options.preconditions?.resourceVersion;
  if (resourceVersion && resourceVersion !== meta.resourceVersion) {
    fail(
      conflict(
        resource,
        name,
        `the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
      ),
    );
  }
}
