// metrics-server's scraper inside the API server (sigs.k8s.io/metrics-server pkg/scraper/scraper.go
// Scrape and pkg/scraper/client/resource: client.go, decode.go): every resolution (15 s, the
// --metric-resolution of its manifests) each node's kubelet is asked for /metrics/resource,
// the answers are decoded and stored as one batch. A kubelet that does not answer within the
// timeout (10 s) leaves its node out of the batch. Left out: the staggered start of requests.

import type { Node } from 'kubernetes-types/core/v1';
import type { Clock } from '../../host/clock.ts';
import { kubeletLocation, type KubeletConnection } from '../kubelet-client.ts';
import { MetricsStorage, type MetricsBatch, type MetricsPoint } from './storage.ts';

export const METRIC_RESOLUTION_MS = 15_000;
const KUBELET_REQUEST_TIMEOUT_MS = 10_000;

interface Series {
  name: string;
  labels: Map<string, string>;
  value: number;
  timestamp: number | undefined;
}

/** One sample line of the Prometheus text format: `name{a="b",…} value [timestamp]`. */
function parseSeries(line: string): Series | null {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/.exec(line);
  if (!match) return null;
  const labels = new Map<string, string>();
  for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    labels.set(
      label[1] ?? '',
      (label[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
    );
  return {
    name: match[1] ?? '',
    labels,
    value: Number(match[3]),
    timestamp: match[4] === undefined ? undefined : Number(match[4]),
  };
}

const emptyPoint = (): MetricsPoint => ({
  startTime: 0,
  timestamp: 0,
  cumulativeCpu: 0,
  memoryBytes: 0,
});

/** decodeBatch: the node's point and its pods' container points, the incomplete ones dropped. */
export function decodeBatch(text: string, defaultTime: number, nodeName: string): MetricsBatch {
  const node = emptyPoint();
  const pods = new Map<string, Map<string, MetricsPoint>>();
  const containerPoint = (series: Series): MetricsPoint => {
    const key = `${series.labels.get('namespace') ?? ''}/${series.labels.get('pod') ?? ''}`;
    const containers = pods.get(key) ?? new Map<string, MetricsPoint>();
    pods.set(key, containers);
    const name = series.labels.get('container') ?? '';
    const point = containers.get(name) ?? emptyPoint();
    containers.set(name, point);
    return point;
  };
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const series = parseSeries(line);
    if (!series) continue;
    const timestamp = series.timestamp ?? defaultTime;
    switch (series.name) {
      case 'node_cpu_usage_seconds_total':
        node.cumulativeCpu = Math.trunc(series.value * 1e9);
        node.timestamp = timestamp;
        break;
      case 'node_memory_working_set_bytes':
        node.memoryBytes = Math.trunc(series.value);
        node.timestamp = timestamp;
        break;
      case 'container_cpu_usage_seconds_total': {
        const point = containerPoint(series);
        point.cumulativeCpu = Math.trunc(series.value * 1e9);
        point.timestamp = timestamp;
        break;
      }
      case 'container_memory_working_set_bytes': {
        const point = containerPoint(series);
        point.memoryBytes = Math.trunc(series.value);
        point.timestamp = timestamp;
        break;
      }
      case 'container_start_time_seconds':
        containerPoint(series).startTime = Math.round(series.value * 1000);
        break;
    }
  }
  const batch: MetricsBatch = { nodes: new Map(), pods: new Map() };
  if (node.timestamp !== 0 && node.cumulativeCpu !== 0 && node.memoryBytes !== 0)
    batch.nodes.set(nodeName, node);
  for (const [key, containers] of pods) {
    // checkContainerMetrics: one incomplete container drops the pod.
    const complete = [...containers.values()].every(
      (point) => point.cumulativeCpu !== 0 && point.memoryBytes !== 0,
    );
    if (complete && containers.size > 0) batch.pods.set(key, containers);
  }
  return batch;
}

export class MetricsScraper {
  readonly storage = new MetricsStorage(METRIC_RESOLUTION_MS);

  constructor(
    private readonly nodes: () => Node[],
    private readonly kubelets: KubeletConnection,
    private readonly clock: Clock,
  ) {}

  /** Scrapes now and every resolution after. */
  start(): void {
    const loop = (): void => {
      void this.scrape().then(() => {
        this.clock.setTimeout(loop, METRIC_RESOLUTION_MS);
      });
    };
    loop();
  }

  async scrape(): Promise<void> {
    const batches = await Promise.all(this.nodes().map((node) => this.collectNode(node)));
    const result: MetricsBatch = { nodes: new Map(), pods: new Map() };
    for (const batch of batches) {
      if (!batch) continue;
      for (const [name, point] of batch.nodes)
        if (!result.nodes.has(name)) result.nodes.set(name, point);
      for (const [key, pod] of batch.pods) if (!result.pods.has(key)) result.pods.set(key, pod);
    }
    this.storage.store(result);
  }

  private async collectNode(node: Node): Promise<MetricsBatch | null> {
    const name = node.metadata?.name ?? '';
    let location: string;
    try {
      location = kubeletLocation(node);
    } catch {
      return null;
    }
    const ignore = (): void => undefined;
    const exchange = this.kubelets.open(
      name,
      { verb: 'GET', url: `${location}/metrics/resource` },
      { data: ignore, end: ignore },
    );
    const timeout = new Promise<null>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        resolve(null);
      }, KUBELET_REQUEST_TIMEOUT_MS);
      void exchange.response.then(
        () => {
          this.clock.clearTimeout(timer);
        },
        () => {
          this.clock.clearTimeout(timer);
        },
      );
    });
    try {
      const answer = await Promise.race([exchange.response, timeout]);
      if (answer?.code !== 200 || typeof answer.body !== 'string') return null;
      return decodeBatch(answer.body, this.clock.now(), name);
    } catch {
      return null;
    }
  }
}
