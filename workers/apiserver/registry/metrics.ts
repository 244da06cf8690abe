// metrics.k8s.io/v1beta1 as metrics-server serves it (sigs.k8s.io/metrics-server pkg/api/node.go,
// pod.go, filter.go; k8s.io/metrics pkg/apis/metrics/v1beta1/types.go): NodeMetrics and
// PodMetrics, get and list only, for the nodes and pods that exist and have two scrapes behind
// them, selected by labels and metadata fields, sorted by namespace and name.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { notFound } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import { formatTime } from '../../api/time.ts';
import { goDuration } from '../../api/duration.ts';
import { formatQuantity } from '../../api/quantity.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { MetricsStorage, Usage } from '../metrics/storage.ts';
import { parseSelection, selects } from '../selection.ts';
import { ApiError } from './generic.ts';
import type { Strategy } from './strategy.ts';

const GROUP_VERSION = 'metrics.k8s.io/v1beta1';

function readOnly(resource: string): Strategy {
  return {
    type: builtinType('metrics.k8s.io', resource),
    validate: () => [],
    validateUpdate: () => [],
  };
}

export const nodeMetricsStrategy = readOnly('nodes');
export const podMetricsStrategy = readOnly('pods');

/** A Quantity of nanocores (NewScaledQuantity(n, -9), DecimalSI) as it serializes: `1234567n`, `5m`. */
export function nanoCores(nano: number): string {
  if (nano === 0) return '0';
  let amount = nano;
  let exponent = -9;
  while (amount % 10 === 0) {
    amount /= 10;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    amount *= 10;
    exponent--;
  }
  const suffix: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M' };
  return `${String(amount)}${suffix[exponent] ?? ''}`;
}

function usageList(usage: Usage): Record<string, string> {
  return {
    cpu: nanoCores(usage.cpuNanoCores),
    memory: formatQuantity(usage.memoryBytes * 1000, 'BinarySI'),
  };
}

/** ObjectMeta as metrics-server fills it: name, namespace, labels, now as creationTimestamp. */
function metricsMeta(object: KubeObject, now: number): Record<string, unknown> {
  const meta = object.metadata ?? {};
  return {
    name: meta.name,
    ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
    creationTimestamp: formatTime(now),
    ...(meta.labels ? { labels: meta.labels } : {}),
  };
}

const byNamespaceAndName = (a: KubeObject, b: KubeObject): number => {
  const key = (object: KubeObject) =>
    `${object.metadata?.namespace ?? ''}\u0000${object.metadata?.name ?? ''}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

export class MetricsREST {
  constructor(
    private readonly storage: MetricsStorage,
    private readonly nodes: () => Node[],
    private readonly pods: () => Pod[],
  ) {}

  private nodeMetrics(node: Node, now: number): KubeObject | null {
    const usage = this.storage.nodeUsage(node.metadata?.name ?? '');
    if (!usage) return null;
    return {
      metadata: metricsMeta(node, now),
      timestamp: formatTime(usage.timestamp),
      window: goDuration(usage.windowMs),
      usage: usageList(usage),
    } as KubeObject;
  }

  private podMetrics(pod: Pod, now: number): KubeObject | null {
    const usage = this.storage.podUsage(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    if (!usage) return null;
    return {
      metadata: metricsMeta(pod, now),
      timestamp: formatTime(usage.timestamp),
      window: goDuration(usage.windowMs),
      containers: usage.containers.map(([name, container]) => ({
        name,
        usage: usageList(container),
      })),
    } as KubeObject;
  }

  get(strategy: Strategy, namespace: string | undefined, name: string, now: number): KubeObject {
    const pods = strategy === podMetricsStrategy;
    const objects: KubeObject[] = pods ? this.pods() : this.nodes();
    const found = objects.find(
      (object) =>
        object.metadata?.name === name && (!pods || object.metadata.namespace === namespace),
    );
    if (!found) throw new ApiError(notFound({ group: '', resource: pods ? 'pods' : 'node' }, name));
    const metrics = pods
      ? this.podMetrics(found as Pod, now)
      : this.nodeMetrics(found as Node, now);
    if (!metrics) {
      const resource = pods ? 'podmetrics' : 'nodemetrics';
      const shown = pods ? `${namespace ?? ''}/${name}` : name;
      throw new ApiError(notFound({ group: 'metrics.k8s.io', resource }, shown));
    }
    return { kind: strategy.type.kind, apiVersion: GROUP_VERSION, ...metrics };
  }

  list(
    strategy: Strategy,
    namespace: string | undefined,
    query: Record<string, string>,
    now: number,
  ): KubeObject {
    const pods = strategy === podMetricsStrategy;
    const selection = parseSelection(strategy, namespace, query);
    const objects: KubeObject[] = (pods ? this.pods() : this.nodes()).filter((object) =>
      selects(selection, object),
    );
    const items = objects
      .map((object) =>
        pods ? this.podMetrics(object as Pod, now) : this.nodeMetrics(object as Node, now),
      )
      .filter((item): item is KubeObject => item !== null)
      .sort(byNamespaceAndName);
    return {
      kind: `${strategy.type.kind}List`,
      apiVersion: GROUP_VERSION,
      metadata: {},
      items,
    } as KubeObject;
  }
}
