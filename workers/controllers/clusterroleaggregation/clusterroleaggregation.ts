// The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole
// with an aggregationRule gets, as its rules, the rules of every other ClusterRole its selectors
// match, in name order without duplicates. It writes with server-side apply as
// `clusterrole-aggregation-controller`, falling back to an update where apply is not served (415).

import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1';
import { isParseError } from '../../api/errors.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { resourcePath } from '../../api/resources.ts';
import { StatusError } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';

export const CLUSTER_ROLE_TYPE = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterroles',
} as const;

const FIELD_MANAGER = 'clusterrole-aggregation-controller';
const WORKERS = 5;

const byName = (a: ClusterRole, b: ClusterRole): number =>
  (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;

/** The rules an aggregated role should hold, given every ClusterRole there is. */
export function aggregatedRules(
  role: ClusterRole,
  all: readonly ClusterRole[],
): PolicyRule[] | null {
  const rules: PolicyRule[] = [];
  for (const selectorObject of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const selector = labelSelectorFromObject(selectorObject);
    if (isParseError(selector)) return null;
    const matching = all
      .filter((candidate) => matchesLabels(selector, candidate.metadata?.labels))
      .sort(byName);
    for (const candidate of matching) {
      if (candidate.metadata?.name === role.metadata?.name) continue;
      for (const rule of candidate.rules ?? []) {
        if (!rules.some((existing) => jsonEqual(existing, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

export class ClusterRoleAggregationController implements Controller {
  readonly name = 'clusterrole-aggregation-controller';
  private context!: ControllerContext;
  private roles!: Informer<ClusterRole>;
  private queue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.roles = context.informers.for<ClusterRole>(CLUSTER_ROLE_TYPE);
    const enqueue = (): void => {
      this.enqueueAggregated();
    };
    this.roles.addEventHandler({ onAdd: enqueue, onUpdate: enqueue, onDelete: enqueue });
  }

  run(): void {
    runWorkers(this.queue, WORKERS, (key) => this.sync(key));
  }

  /** Every change may feed any aggregated role: queue them all, as upstream does. */
  private enqueueAggregated(): void {
    for (const role of this.roles.list()) {
      if (role.aggregationRule) this.queue.add(objectKey(role));
    }
  }

  private async sync(name: string): Promise<void> {
    const role = this.roles.get(name);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, this.roles.list());
    if (rules === null || jsonEqual(rules, role.rules ?? [])) return;
    try {
      await this.apply(name, rules);
    } catch (error) {
      if (!(error instanceof StatusError) || error.reason !== 'UnsupportedMediaType') throw error;
      const { rules: _previous, ...rest } = role;
      await this.context.client
        .resource<ClusterRole>(CLUSTER_ROLE_TYPE)
        .update(rules.length > 0 ? { ...rest, rules } : rest);
    }
  }

  private async apply(name: string, rules: PolicyRule[]): Promise<void> {
    const response = await this.context.client.request({
      verb: 'PATCH',
      path: resourcePath(CLUSTER_ROLE_TYPE, undefined, name),
      query: { fieldManager: FIELD_MANAGER, force: 'true' },
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        ...(rules.length > 0 ? { rules } : {}),
      },
    });
    if (response.code >= 200 && response.code < 300) return;
    throw new StatusError(response.body as StatusError['status']);
  }
}
