// ResourceQuota admission (k8s.io/apiserver pkg/admission/plugin/resourcequota: admission.go,
// controller.go CheckRequest/checkQuotas, resource_access.go): a namespaced write is charged
// against every quota of its namespace that governs it, refused with upstream's messages when it
// would exceed one, and the charge is written into status.used (optimistic concurrency, three
// retries) before the object is stored, so two creates in a row cannot both pass. Requests of a
// namespace are checked one at a time, as upstream's per-namespace work queue does. Dry runs are
// checked but charge nothing. A retry reads the quotas it lost from storage, where upstream
// rereads its informer. Left out: the LimitedResources configuration and the 10 s timeout.

import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { forbidden } from '../../api/errors.ts';
import {
  EvaluatorRegistry,
  isIgnoredResource,
  matchesQuota,
  type Evaluator,
} from '../../api/quota/evaluators.ts';
import {
  add,
  equals,
  isNegative,
  lessThanOrEqual,
  mask,
  parseResourceList,
  prettyPrint,
  removeZeros,
  resourceListJson,
  resourceNames,
  subtractWithNonNegativeResult,
  type ResourceList,
} from '../../api/quota/resource-list.ts';
import { ApiError, gr } from '../registry/generic.ts';
import type { RequestContext } from '../registry/strategy.ts';
import { admissionName, type AdmissionAttributes, type AdmissionPlugin } from './admission.ts';

const RETRIES = 3;

/** quotaAccessor: quotas from the watch cache, status writes through the registry. */
export interface QuotaAccessor {
  list(namespace: string): ResourceQuota[];
  /** The stored quota, for a retry after a conflict (the cache may not have seen the winner). */
  get(namespace: string, name: string): Promise<ResourceQuota | null>;
  /** UpdateStatus at the quota's resourceVersion; throws ApiError (409) when it moved on. */
  updateStatus(quota: ResourceQuota, context: RequestContext): Promise<ResourceQuota>;
}

/** A quota with its used and hard lists parsed, as checkRequest works on them. */
interface QuotaState {
  quota: ResourceQuota;
  hard: ResourceList;
  used: ResourceList;
}

function stateOf(quota: ResourceQuota): QuotaState {
  return {
    quota,
    hard: parseResourceList(quota.status?.hard),
    used: parseResourceList(quota.status?.used),
  };
}

function refuse(attributes: AdmissionAttributes, reason: string): ApiError {
  return new ApiError(forbidden(gr(attributes.strategy), admissionName(attributes.object), reason));
}

const sortedNames = (names: Iterable<string>): string => [...names].sort().join(',');

function resourceVersionOf(quota: ResourceQuota): number {
  return Number(quota.metadata?.resourceVersion ?? 0);
}

/**
 * CheckRequest: the quotas with this request's usage added, or a Forbidden error. Quotas the
 * request does not touch are returned as they were.
 */
function checkRequest(
  states: readonly QuotaState[],
  attributes: AdmissionAttributes,
  evaluator: Evaluator,
): QuotaState[] {
  const object = attributes.object;
  const interesting: number[] = [];
  states.forEach((state, index) => {
    const { quota } = state;
    if (!matchesQuota(evaluator, quota, object)) return;
    const restricted = evaluator.matchingResources(resourceNames(state.hard));
    const name = quota.metadata?.name ?? '';
    const failed = evaluator.constraints(restricted, object);
    if (failed !== null) throw refuse(attributes, `failed quota: ${name}: ${failed}`);
    const unknown = restricted.filter((resource) => !state.used.has(resource));
    if (unknown.length > 0)
      throw refuse(
        attributes,
        `status unknown for quota: ${name}, resources: ${sortedNames(restricted)}`,
      );
    interesting.push(index);
  });

  const now = attributes.context.now;
  let delta = evaluator.usage(object, now);
  const negative = isNegative(delta);
  if (negative.length > 0)
    throw refuse(attributes, `quota usage is negative for resource(s): ${sortedNames(negative)}`);
  if (attributes.operation === 'UPDATE' && attributes.old?.metadata?.resourceVersion)
    delta = subtractWithNonNegativeResult(delta, evaluator.usage(attributes.old, now));
  delta = removeZeros(delta);
  if (delta.size === 0 || interesting.length === 0) return [...states];

  const out = [...states];
  for (const index of interesting) {
    const state = out[index];
    if (!state) continue;
    const requested = mask(delta, resourceNames(state.hard));
    const newUsage = add(state.used, requested);
    const [allowed, exceeded] = lessThanOrEqual(
      mask(newUsage, resourceNames(requested)),
      state.hard,
    );
    if (!allowed) {
      throw refuse(
        attributes,
        `exceeded quota: ${state.quota.metadata?.name ?? ''}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(state.used, exceeded))}, limited: ${prettyPrint(mask(state.hard, exceeded))}`,
      );
    }
    out[index] = { ...state, used: newUsage };
  }
  return out;
}

export class ResourceQuotaAdmission implements AdmissionPlugin {
  readonly name = 'ResourceQuota';
  /** Per namespace, the end of the chain of checks waiting their turn. */
  private readonly queues = new Map<string, Promise<void>>();
  /** updatedQuotas: our own status writes, until the watch cache has caught up with them. */
  private readonly updated = new Map<string, ResourceQuota>();

  constructor(
    private readonly accessor: QuotaAccessor,
    private readonly registry = new EvaluatorRegistry(),
  ) {}

  async validate(attributes: AdmissionAttributes): Promise<void> {
    const { type } = attributes.strategy;
    const namespace = type.namespaced ? (attributes.object.metadata?.namespace ?? '') : '';
    if (namespace === '') return;
    const resource = { group: type.group, resource: type.resource };
    if (isIgnoredResource(resource)) return;
    const evaluator = this.registry.getOrAdd(resource);
    if (!evaluator.handles(attributes.operation)) return;
    await this.inTurn(namespace, async () => {
      const quotas = this.quotas(namespace);
      if (quotas.length > 0) await this.checkQuotas(quotas, attributes, evaluator, RETRIES);
    });
  }

  /** Runs `work` after every earlier check of the namespace has finished. */
  private inTurn(namespace: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(namespace) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.catch(() => undefined);
    this.queues.set(namespace, tail);
    void tail.then(() => {
      if (this.queues.get(namespace) === tail) this.queues.delete(namespace);
    });
    return run;
  }

  /** GetQuotas with checkCache: whichever of the cached and our written copy is newer. */
  private quotas(namespace: string): ResourceQuota[] {
    return this.accessor.list(namespace).map((listed) => {
      const key = `${namespace}/${listed.metadata?.name ?? ''}`;
      const written = this.updated.get(key);
      if (!written) return listed;
      if (resourceVersionOf(listed) >= resourceVersionOf(written)) {
        this.updated.delete(key);
        return listed;
      }
      return written;
    });
  }

  private async checkQuotas(
    quotas: readonly ResourceQuota[],
    attributes: AdmissionAttributes,
    evaluator: Evaluator,
    retries: number,
  ): Promise<void> {
    const original = quotas.map(stateOf);
    const checked = checkRequest(original, attributes, evaluator);
    if (attributes.dryRun) return;
    let lastError: unknown;
    const failed = new Set<string>();
    for (const [index, state] of checked.entries()) {
      if (original[index] && equals(original[index].used, state.used)) continue;
      const quota = structuredClone(state.quota);
      quota.status = { ...quota.status, used: resourceListJson(state.used) };
      try {
        const written = await this.accessor.updateStatus(quota, attributes.context);
        this.updated.set(
          `${written.metadata?.namespace ?? ''}/${written.metadata?.name ?? ''}`,
          written,
        );
      } catch (error) {
        failed.add(quota.metadata?.name ?? '');
        lastError = error;
      }
    }
    if (failed.size === 0) return;
    if (retries <= 0) throw lastError;
    const namespace = quotas[0]?.metadata?.namespace ?? '';
    const fresh = await Promise.all([...failed].map((name) => this.accessor.get(namespace, name)));
    const found = fresh.filter((quota): quota is ResourceQuota => quota !== null);
    await this.checkQuotas(found, attributes, evaluator, retries - 1);
  }
}
