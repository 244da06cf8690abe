// metrics-server's storage (sigs.k8s.io/metrics-server pkg/storage: types.go resourceUsage,
// node.go and pod.go Store/GetMetrics): the last two scrapes' points per node and per container,
// a rate of CPU use between them, the working set of the last. A container started less than a
// resolution ago counts from its start with zero CPU (freshContainerMinMetricsResolution).

export interface MetricsPoint {
  /** When the container or node started (ms); its cumulative CPU was zero then. */
  startTime: number;
  /** When the point was measured (ms). */
  timestamp: number;
  /** Core-nanoseconds since startTime. */
  cumulativeCpu: number;
  memoryBytes: number;
}

export interface MetricsBatch {
  nodes: Map<string, MetricsPoint>;
  /** By `namespace/name`, then container name. */
  pods: Map<string, Map<string, MetricsPoint>>;
}

/** Usage between two points: CPU in nanocores, memory in bytes, and the window it covers. */
export interface Usage {
  cpuNanoCores: number;
  memoryBytes: number;
  timestamp: number;
  windowMs: number;
}

const FRESH_CONTAINER_MIN_RESOLUTION_MS = 10_000;

/** resourceUsage: null where the points go backwards (a restart between scrapes). */
function resourceUsage(last: MetricsPoint, prev: MetricsPoint): Usage | null {
  if (last.startTime < prev.startTime || last.cumulativeCpu < prev.cumulativeCpu) return null;
  const windowMs = last.timestamp - prev.timestamp;
  return {
    cpuNanoCores: Math.trunc((last.cumulativeCpu - prev.cumulativeCpu) / (windowMs / 1000)),
    memoryBytes: last.memoryBytes,
    timestamp: last.timestamp,
    windowMs,
  };
}

/** The previous point to keep for `newPoint`, given the stored last and previous ones. */
function previousPoint(
  newPoint: MetricsPoint,
  last: MetricsPoint | undefined,
  prev: MetricsPoint | undefined,
): MetricsPoint | undefined {
  if (!last) return undefined;
  if (newPoint.timestamp > last.timestamp) return last;
  return prev && prev.timestamp < newPoint.timestamp ? prev : undefined;
}

export class MetricsStorage {
  private lastNodes = new Map<string, MetricsPoint>();
  private prevNodes = new Map<string, MetricsPoint>();
  private lastPods = new Map<string, Map<string, MetricsPoint>>();
  private prevPods = new Map<string, Map<string, MetricsPoint>>();

  constructor(private readonly resolutionMs: number) {}

  store(batch: MetricsBatch): void {
    const prevNodes = new Map<string, MetricsPoint>();
    for (const [name, point] of batch.nodes) {
      const prev = previousPoint(point, this.lastNodes.get(name), this.prevNodes.get(name));
      if (prev) prevNodes.set(name, prev);
    }
    const prevPods = new Map<string, Map<string, MetricsPoint>>();
    for (const [pod, containers] of batch.pods) {
      const previous = new Map<string, MetricsPoint>();
      for (const [name, point] of containers) {
        const age = point.timestamp - point.startTime;
        if (age > 0 && age < this.resolutionMs && age >= FRESH_CONTAINER_MIN_RESOLUTION_MS) {
          previous.set(name, { ...point, timestamp: point.startTime, cumulativeCpu: 0 });
          continue;
        }
        const last = this.lastPods.get(pod)?.get(name);
        // A point from a restarted container does not continue the stored one.
        if (!last || point.startTime >= last.timestamp) continue;
        const prev = previousPoint(point, last, this.prevPods.get(pod)?.get(name));
        if (prev) previous.set(name, prev);
      }
      if (previous.size > 0) prevPods.set(pod, previous);
    }
    this.lastNodes = new Map(batch.nodes);
    this.prevNodes = prevNodes;
    this.lastPods = new Map(batch.pods);
    this.prevPods = prevPods;
  }

  nodeUsage(name: string): Usage | null {
    const last = this.lastNodes.get(name);
    const prev = this.prevNodes.get(name);
    return last && prev ? resourceUsage(last, prev) : null;
  }

  /**
   * Per container (in the order the kubelet reported them) and the earliest time info, or null
   * when a container lacks a previous point.
   */
  podUsage(
    namespace: string,
    name: string,
  ): { containers: [string, Usage][]; timestamp: number; windowMs: number } | null {
    const key = `${namespace}/${name}`;
    const last = this.lastPods.get(key);
    const prev = this.prevPods.get(key);
    if (!last || !prev) return null;
    const containers: [string, Usage][] = [];
    let earliest: Usage | null = null;
    for (const [container, point] of last) {
      const previous = prev.get(container);
      if (!previous) return null;
      const usage = resourceUsage(point, previous);
      if (!usage) continue;
      containers.push([container, usage]);
      if (!earliest || earliest.timestamp > usage.timestamp) earliest = usage;
    }
    return {
      containers,
      timestamp: earliest?.timestamp ?? 0,
      windowMs: earliest?.windowMs ?? 0,
    };
  }
}
