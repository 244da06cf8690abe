// The HPA's replica calculator for resource metrics (pkg/controller/podautoscaler/
// replica_calculator.go GetResourceReplicas, GetRawResourceReplicas, groupPods,
// calculateRequests; metrics/utilization.go): pods are grouped into ready, unready (pending, or
// not ready yet while starting), missing a metric, and ignored (deleted or failed); a scale-up
// counts unready pods as idle, missing ones as idle on the way up and as at their request (or
// the target) on the way down, and no change within the tolerance or that would reverse the
// direction is proposed. Left out: pods, object and external metrics.

import type { Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../../api/quantity.ts';
import { parseTime } from '../../api/time.ts';

/** --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's metric: its value in milli-units, and when and over what window it was measured. */
export interface PodMetric {
  timestamp: number;
  windowMs: number;
  value: number;
}

export type PodMetricsInfo = Map<string, PodMetric>;

export interface ReplicaCalculation {
  replicas: number;
  /** Utilization in percent of the request (resource utilization targets only). */
  utilization: number;
  /** The average raw value per pod, in milli-units. */
  rawAverage: number;
}

/** A failed calculation, with upstream's message. */
export class CalculationError extends Error {}

interface PodGroups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** groupPods. */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  now: number,
): PodGroups {
  const groups: PodGroups = {
    readyPodCount: 0,
    unready: new Set(),
    missing: new Set(),
    ignored: new Set(),
  };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      groups.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      groups.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      groups.missing.add(name);
      continue;
    }
    if (resource === 'cpu' && isUnreadyForCpu(pod, metric, now)) {
      groups.unready.add(name);
      continue;
    }
    groups.readyPodCount++;
  }
  return groups;
}

/** A CPU sample is not trusted from a pod that is not ready, or only just became so. */
function isUnreadyForCpu(pod: Pod, metric: PodMetric, now: number): boolean {
  const condition = pod.status?.conditions?.find((candidate) => candidate.type === 'Ready');
  const startTime = pod.status?.startTime;
  if (!condition || !startTime) return true;
  const started = parseTime(startTime);
  const transition = condition.lastTransitionTime ? parseTime(condition.lastTransitionTime) : 0;
  if (started + CPU_INITIALIZATION_PERIOD_MS > now) {
    // Within the initialization period: one full window must have passed since it became ready.
    return condition.status === 'False' || metric.timestamp < transition + metric.windowMs;
  }
  // Later, only a pod that has never been ready is left out.
  return condition.status === 'False' && started + INITIAL_READINESS_DELAY_MS > transition;
}

function milliOf(value: string | number | undefined): number {
  if (value === undefined) return 0;
  const parsed = parseQuantity(String(value));
  return 'error' in parsed ? 0 : parsed.milliValue;
}

/** calculateRequests: each pod's request summed over its containers (or the one named). */
export function calculateRequests(
  pods: readonly Pod[],
  container: string,
  resource: string,
): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const containers = [
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
    ];
    let sum = 0;
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const request = milliOf(c.resources?.requests?.[resource]);
      if (request === 0)
        throw new CalculationError(
          `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`,
        );
      sum += request;
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return requests;
}

/** GetResourceUtilizationRatio. */
export function resourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: Map<string, number>,
  targetUtilization: number,
): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, metric] of metrics) {
    const request = requests.get(name);
    // Missing requests are checked elsewhere: such metrics are extraneous.
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new CalculationError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverage: Math.trunc(metricsTotal / entries),
  };
}

/** GetMetricUsageRatio. */
function metricUsageRatio(
  metrics: PodMetricsInfo,
  targetUsage: number,
): { ratio: number; usage: number } {
  let total = 0;
  for (const metric of metrics.values()) total += metric.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}

function withoutPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const name of pods) metrics.delete(name);
}

/** Whether the corrected ratio is too small a change, or turns the direction around. */
function keepsCurrent(ratio: number, newRatio: number, tolerance: number): boolean {
  return (
    Math.abs(1 - newRatio) <= tolerance ||
    (ratio < 1 && newRatio > 1) ||
    (ratio > 1 && newRatio < 1)
  );
}

export interface ResourceInputs {
  currentReplicas: number;
  pods: readonly Pod[];
  metrics: PodMetricsInfo;
  resource: string;
  /** The container of a ContainerResource metric; '' for the whole pod. */
  container: string;
  now: number;
  tolerance?: number;
}

function checkedGroups(inputs: ResourceInputs): PodGroups {
  if (inputs.pods.length === 0)
    throw new CalculationError('no pods returned by selector while calculating replica count');
  const groups = groupPods(inputs.pods, inputs.metrics, inputs.resource, inputs.now);
  withoutPods(inputs.metrics, groups.ignored);
  withoutPods(inputs.metrics, groups.unready);
  if (inputs.metrics.size === 0)
    throw new CalculationError('did not receive metrics for targeted pods (pods might be unready)');
  return groups;
}

/** GetResourceReplicas, past fetching the metrics: a utilization target in percent. */
export function resourceReplicas(
  inputs: ResourceInputs,
  targetUtilization: number,
): ReplicaCalculation {
  const tolerance = inputs.tolerance ?? TOLERANCE;
  const { metrics, currentReplicas } = inputs;
  const groups = checkedGroups(inputs);
  const requests = calculateRequests(inputs.pods, inputs.container, inputs.resource);
  const { ratio, utilization, rawAverage } = resourceUtilizationRatio(
    metrics,
    requests,
    targetUtilization,
  );
  const result = (replicas: number): ReplicaCalculation => ({ replicas, utilization, rawAverage });
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(ratio * groups.readyPodCount));
  }
  if (groups.missing.size > 0) {
    // Down: missing pods count as using their whole request (or the target, above 100 %).
    // Up: as using nothing.
    const fallback = Math.max(100, targetUtilization);
    for (const name of groups.missing) {
      const value = ratio < 1 ? Math.trunc(((requests.get(name) ?? 0) * fallback) / 100) : 0;
      if (ratio !== 1) metrics.set(name, { timestamp: 0, windowMs: 0, value });
    }
  }
  if (scaleUpWithUnready)
    for (const name of groups.unready) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  const newRatio = resourceUtilizationRatio(metrics, requests, targetUtilization).ratio;
  if (keepsCurrent(ratio, newRatio, tolerance)) return result(currentReplicas);
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}

/** GetRawResourceReplicas (calcPlainMetricReplicas): an average value target, in milli-units. */
export function rawResourceReplicas(
  inputs: ResourceInputs,
  targetUsage: number,
): ReplicaCalculation {
  const tolerance = inputs.tolerance ?? TOLERANCE;
  const { metrics, currentReplicas } = inputs;
  const groups = checkedGroups(inputs);
  const { ratio, usage } = metricUsageRatio(metrics, targetUsage);
  const result = (replicas: number): ReplicaCalculation => ({
    replicas,
    utilization: 0,
    rawAverage: usage,
  });
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (Math.abs(1 - ratio) <= tolerance) return result(currentReplicas);
    return result(Math.ceil(ratio * groups.readyPodCount));
  }
  if (groups.missing.size > 0) {
    // Down: missing pods count as using exactly the target; up: as using nothing.
    const value = ratio < 1 ? targetUsage : 0;
    for (const name of groups.missing) metrics.set(name, { timestamp: 0, windowMs: 0, value });
  }
  if (scaleUpWithUnready)
    for (const name of groups.unready) metrics.set(name, { timestamp: 0, windowMs: 0, value: 0 });
  const newRatio = metricUsageRatio(metrics, targetUsage).ratio;
  if (keepsCurrent(ratio, newRatio, tolerance)) return result(currentReplicas);
  const replicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}
