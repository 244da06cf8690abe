// The HPA's resource metrics client (pkg/controller/podautoscaler/metrics/client.go
// resourceMetricsClient): the PodMetrics of the selected pods from metrics.k8s.io, each pod's
// containers summed (or the one container named), with the sample's time and window.

import { parseQuantity } from '../../api/quantity.ts';
import { parseTime } from '../../api/time.ts';
import { selectorString, type Selector } from '../../api/labels.ts';
import { StatusError, type Client } from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { PodMetricsInfo } from './replica-calculator.ts';

const POD_METRICS_TYPE = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' };

/** The metrics could not be had; the message is upstream's. */
export class MetricsError extends Error {}

interface PodMetricsItem {
  metadata?: { name?: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** A metav1.Duration as metrics-server writes it (`15s`, `1m0.5s`), in ms. */
function durationMs(text: string | undefined): number {
  let ms = 0;
  for (const [, amount = '0', unit] of (text ?? '').matchAll(/([\d.]+)(h|ms|m|s)/g))
    ms += Number(amount) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit ?? 's'] ?? 0);
  return ms;
}

/** Quantity.MilliValue(): rounded up. */
export function milliValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseQuantity(text);
  return 'error' in parsed ? undefined : parsed.milliValue;
}

/** getPodMetrics / getContainerMetrics of the resource metrics client. */
function podMetricsInfo(items: readonly PodMetricsItem[], resource: string, container: string) {
  const info: PodMetricsInfo = new Map();
  for (const item of items) {
    const base = {
      timestamp: item.timestamp ? parseTime(item.timestamp) : 0,
      windowMs: durationMs(item.window),
    };
    const containers = item.containers ?? [];
    if (container !== '') {
      const found = containers.find((c) => c.name === container);
      if (!found)
        throw new MetricsError(
          `failed to get container metrics: container ${container} not present in metrics for pod ${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`,
        );
      const value = milliValue(found.usage?.[resource]);
      if (value !== undefined) info.set(item.metadata?.name ?? '', { ...base, value });
      continue;
    }
    let sum = 0;
    let missing = containers.length === 0;
    for (const c of containers) {
      const value = milliValue(c.usage?.[resource]);
      if (value === undefined) {
        missing = true;
        break;
      }
      sum += value;
    }
    if (!missing) info.set(item.metadata?.name ?? '', { ...base, value: sum });
  }
  return info;
}

/** resourceMetricsClient.GetResourceMetric: the pods' PodMetrics, summed per pod. */
export async function getResourceMetric(
  client: Client,
  resource: string,
  namespace: string,
  selector: Selector,
  container: string,
): Promise<PodMetricsInfo> {
  const labelSelector = selectorString(selector);
  let items: PodMetricsItem[];
  try {
    const list = await client
      .resource<KubeObject>(POD_METRICS_TYPE, namespace)
      .list(labelSelector ? { labelSelector } : {});
    items = list.items;
  } catch (error) {
    throw new MetricsError(
      `unable to fetch metrics from resource metrics API: ${error instanceof StatusError ? (error.status.message ?? '') : String(error)}`,
    );
  }
  if (items.length === 0) throw new MetricsError('no metrics returned from resource metrics API');
  return podMetricsInfo(items, resource, container);
}
