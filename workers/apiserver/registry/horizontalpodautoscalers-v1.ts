// autoscaling/v1 HorizontalPodAutoscalers over the stored autoscaling/v2 ones, converted as
// pkg/apis/autoscaling/v1/conversion.go does: the CPU utilization target and current value map to
// the first cpu Resource metric; everything else v1 cannot hold travels in the round-trip
// annotations (other metrics and current metrics as v1 MetricSpec/MetricStatus, conditions, and
// the behavior, which upstream marshals from its internal type, so with Go field names).

import type * as v1 from 'kubernetes-types/autoscaling/v1';
import type * as v2 from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from '../../client/protocol.ts';
import { DEFAULT_CPU_UTILIZATION } from './horizontalpodautoscalers-validation.ts';

export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  CONDITIONS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
];

type Json = Record<string, unknown>;

/** The annotations without the round-trip ones (DropRoundTripHorizontalPodAutoscalerAnnotations). */
function dropRoundTrip(
  annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const kept = Object.fromEntries(
    Object.entries(annotations).filter(([key]) => !ROUND_TRIP.includes(key)),
  );
  return Object.keys(kept).length > 0 ? kept : undefined;
}

const isCpuUtilization = (metric: v2.MetricSpec): boolean =>
  metric.type === 'Resource' &&
  metric.resource?.name === 'cpu' &&
  metric.resource.target.averageUtilization !== undefined;

/** A v2 target as v1's target fields (targetValue, targetAverageValue, targetAverageUtilization). */
function v1Source(target: v2.MetricTarget | undefined, extra: Json): Json {
  const out: Json = { ...extra };
  if (target?.value !== undefined) out.targetValue = target.value;
  if (target?.averageValue !== undefined) out.targetAverageValue = target.averageValue;
  if (target?.averageUtilization !== undefined)
    out.targetAverageUtilization = target.averageUtilization;
  return out;
}

/** Convert_autoscaling_MetricSpec_To_v1_MetricSpec. */
function metricSpecToV1(metric: v2.MetricSpec): Json {
  const out: Json = { type: metric.type };
  if (metric.resource)
    out.resource = v1Source(metric.resource.target, { name: metric.resource.name });
  if (metric.containerResource)
    out.containerResource = v1Source(metric.containerResource.target, {
      name: metric.containerResource.name,
      container: metric.containerResource.container,
    });
  if (metric.pods) {
    out.pods = {
      metricName: metric.pods.metric.name,
      targetAverageValue: metric.pods.target.averageValue ?? '0',
      ...(metric.pods.metric.selector ? { selector: metric.pods.metric.selector } : {}),
    };
  }
  if (metric.object) {
    out.object = {
      target: metric.object.describedObject,
      metricName: metric.object.metric.name,
      targetValue: metric.object.target.value ?? '0',
      ...(metric.object.metric.selector ? { selector: metric.object.metric.selector } : {}),
      ...(metric.object.target.averageValue !== undefined
        ? { averageValue: metric.object.target.averageValue }
        : {}),
    };
  }
  if (metric.external) {
    out.external = {
      metricName: metric.external.metric.name,
      ...(metric.external.metric.selector
        ? { metricSelector: metric.external.metric.selector }
        : {}),
      ...(metric.external.target.value !== undefined
        ? { targetValue: metric.external.target.value }
        : {}),
      ...(metric.external.target.averageValue !== undefined
        ? { targetAverageValue: metric.external.target.averageValue }
        : {}),
    };
  }
  return out;
}

/** v1's target fields back as a v2 MetricTarget. */
function v2Target(source: Json): v2.MetricTarget {
  if (source.targetAverageUtilization !== undefined)
    return { type: 'Utilization', averageUtilization: source.targetAverageUtilization as number };
  if (source.targetAverageValue !== undefined)
    return { type: 'AverageValue', averageValue: source.targetAverageValue as string };
  return { type: 'Value', value: source.targetValue as string };
}

/** Convert_v1_MetricSpec_To_autoscaling_MetricSpec. */
function metricSpecFromV1(metric: Json): v2.MetricSpec {
  const out: v2.MetricSpec = { type: metric.type as string };
  const resource = metric.resource as Json | undefined;
  if (resource) out.resource = { name: resource.name as string, target: v2Target(resource) };
  const container = metric.containerResource as Json | undefined;
  if (container)
    out.containerResource = {
      name: container.name as string,
      container: container.container as string,
      target: v2Target(container),
    };
  const pods = metric.pods as Json | undefined;
  if (pods)
    out.pods = {
      metric: {
        name: pods.metricName as string,
        ...(pods.selector ? { selector: pods.selector } : {}),
      },
      target: { type: 'AverageValue', averageValue: pods.targetAverageValue as string },
    };
  const object = metric.object as Json | undefined;
  if (object) {
    const target: v2.MetricTarget =
      object.averageValue !== undefined
        ? { type: 'AverageValue', averageValue: object.averageValue as string }
        : { type: 'Value', value: object.targetValue as string };
    out.object = {
      describedObject: object.target as v2.CrossVersionObjectReference,
      metric: {
        name: object.metricName as string,
        ...(object.selector ? { selector: object.selector } : {}),
      },
      target,
    };
  }
  const external = metric.external as Json | undefined;
  if (external)
    out.external = {
      metric: {
        name: external.metricName as string,
        ...(external.metricSelector ? { selector: external.metricSelector } : {}),
      },
      target:
        external.targetAverageValue !== undefined
          ? { type: 'AverageValue', averageValue: external.targetAverageValue as string }
          : { type: 'Value', value: external.targetValue as string },
    };
  return out;
}

/** Convert_autoscaling_MetricStatus_To_v1_MetricStatus (resource kinds; the rest by name). */
function metricStatusToV1(status: v2.MetricStatus): Json {
  const out: Json = { type: status.type };
  const resourceStatus = (current: v2.MetricValueStatus, extra: Json): Json => ({
    ...extra,
    ...(current.averageUtilization !== undefined
      ? { currentAverageUtilization: current.averageUtilization }
      : {}),
    currentAverageValue: current.averageValue ?? '0',
  });
  if (status.resource)
    out.resource = resourceStatus(status.resource.current, { name: status.resource.name });
  if (status.containerResource)
    out.containerResource = resourceStatus(status.containerResource.current, {
      name: status.containerResource.name,
      container: status.containerResource.container,
    });
  if (status.pods)
    out.pods = {
      metricName: status.pods.metric.name,
      currentAverageValue: status.pods.current.averageValue ?? '0',
    };
  if (status.object)
    out.object = {
      target: status.object.describedObject,
      metricName: status.object.metric.name,
      currentValue: status.object.current.value ?? '0',
    };
  if (status.external)
    out.external = {
      metricName: status.external.metric.name,
      currentValue: status.external.current.value ?? '0',
    };
  return out;
}

function metricStatusFromV1(status: Json): v2.MetricStatus {
  const out: v2.MetricStatus = { type: status.type as string };
  const current = (source: Json): v2.MetricValueStatus => ({
    averageValue: source.currentAverageValue as string,
    ...(source.currentAverageUtilization !== undefined
      ? { averageUtilization: source.currentAverageUtilization as number }
      : {}),
  });
  const resource = status.resource as Json | undefined;
  if (resource) out.resource = { name: resource.name as string, current: current(resource) };
  const container = status.containerResource as Json | undefined;
  if (container)
    out.containerResource = {
      name: container.name as string,
      container: container.container as string,
      current: current(container),
    };
  const pods = status.pods as Json | undefined;
  if (pods)
    out.pods = {
      metric: { name: pods.metricName as string },
      current: { averageValue: pods.currentAverageValue as string },
    };
  const object = status.object as Json | undefined;
  if (object)
    out.object = {
      describedObject: object.target as v2.CrossVersionObjectReference,
      metric: { name: object.metricName as string },
      current: { value: object.currentValue as string },
    };
  const external = status.external as Json | undefined;
  if (external)
    out.external = {
      metric: { name: external.metricName as string },
      current: { value: external.currentValue as string },
    };
  return out;
}

/** The internal HPAScalingRules as encoding/json writes them: Go field names, nil pointers null. */
function goRules(rules: v2.HPAScalingRules | undefined): Json | null {
  if (!rules) return null;
  return {
    StabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? null,
    SelectPolicy: rules.selectPolicy ?? null,
    Policies:
      rules.policies?.map((policy) => ({
        Type: policy.type,
        Value: policy.value,
        PeriodSeconds: policy.periodSeconds,
      })) ?? null,
  };
}

function rulesFromGo(rules: Json | null | undefined): v2.HPAScalingRules | undefined {
  if (!rules) return undefined;
  const out: v2.HPAScalingRules = {};
  if (typeof rules.StabilizationWindowSeconds === 'number')
    out.stabilizationWindowSeconds = rules.StabilizationWindowSeconds;
  if (typeof rules.SelectPolicy === 'string') out.selectPolicy = rules.SelectPolicy;
  if (Array.isArray(rules.Policies))
    out.policies = (rules.Policies as Json[]).map((policy) => ({
      type: policy.Type as string,
      value: policy.Value as number,
      periodSeconds: policy.PeriodSeconds as number,
    }));
  return out;
}

/** An annotation's JSON; one that does not parse is ignored. */
function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The stored v2 object as autoscaling/v1 serves it. */
export function toV1(object: KubeObject): KubeObject {
  // The registry may hand out an object it already converted.
  if (object.apiVersion === 'autoscaling/v1') return object;
  const hpa = object as v2.HorizontalPodAutoscaler;
  const spec = hpa.spec;
  const status = hpa.status;
  const annotations = { ...(dropRoundTrip(hpa.metadata?.annotations) ?? {}) };
  const metrics = spec?.metrics ?? [];
  const others = metrics.filter((metric) => !isCpuUtilization(metric)).map(metricSpecToV1);
  if (others.length > 0) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(others);
  const current = status?.currentMetrics ?? [];
  if (current.length > 0)
    annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(current.map(metricStatusToV1));
  if (spec?.behavior)
    annotations[BEHAVIOR_ANNOTATION] = JSON.stringify({
      ScaleUp: goRules(spec.behavior.scaleUp),
      ScaleDown: goRules(spec.behavior.scaleDown),
    });
  const conditions = status?.conditions ?? [];
  if (conditions.length > 0) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(conditions);
  const cpuTarget = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')
    ?.resource?.target.averageUtilization;
  const cpuCurrent = current.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')
    ?.resource?.current.averageUtilization;
  const meta = { ...hpa.metadata };
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
  const v1Status: v1.HorizontalPodAutoscalerStatus = {
    ...(status?.observedGeneration !== undefined
      ? { observedGeneration: status.observedGeneration }
      : {}),
    ...(status?.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    ...(cpuCurrent !== undefined ? { currentCPUUtilizationPercentage: cpuCurrent } : {}),
  };
  const result: v1.HorizontalPodAutoscaler = {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: {
      scaleTargetRef: spec?.scaleTargetRef ?? { kind: '', name: '' },
      ...(spec?.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec?.maxReplicas ?? 0,
      ...(cpuTarget !== undefined ? { targetCPUUtilizationPercentage: cpuTarget } : {}),
    },
    status: v1Status,
  };
  return result;
}

/** An autoscaling/v1 object as the stored v2 one (with v1's minReplicas default). */
export function fromV1(object: KubeObject): KubeObject {
  if (object.apiVersion === 'autoscaling/v2') return object;
  const hpa = object as v1.HorizontalPodAutoscaler;
  const annotations = hpa.metadata?.annotations ?? {};
  const spec = hpa.spec;
  const metrics: v2.MetricSpec[] = [];
  const others = parseJson(annotations[METRIC_SPECS_ANNOTATION]) as Json[] | undefined;
  if (others) metrics.push(...others.map(metricSpecFromV1));
  if (spec?.targetCPUUtilizationPercentage !== undefined)
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  // v1 once had this default in the controller; it is explicit from v2 on.
  if (metrics.length === 0)
    metrics.push({
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
      },
    });
  const behavior = parseJson(annotations[BEHAVIOR_ANNOTATION]) as Json | undefined;
  const status = hpa.status;
  let currentMetrics: v2.MetricStatus[] | null = null;
  const currentEncoded = parseJson(annotations[METRIC_STATUSES_ANNOTATION]) as Json[] | undefined;
  if (currentEncoded) currentMetrics = currentEncoded.map(metricStatusFromV1);
  else if (status?.currentCPUUtilizationPercentage !== undefined)
    currentMetrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: status.currentCPUUtilizationPercentage },
        },
      },
    ];
  const conditions = parseJson(annotations[CONDITIONS_ANNOTATION]) as
    v2.HorizontalPodAutoscalerCondition[] | undefined;
  const meta = { ...hpa.metadata };
  const kept = dropRoundTrip(hpa.metadata?.annotations);
  if (kept) meta.annotations = kept;
  else delete meta.annotations;
  const behaviorSpec =
    behavior !== undefined
      ? {
          behavior: {
            ...(rulesFromGo(behavior.ScaleUp as Json | null)
              ? { scaleUp: rulesFromGo(behavior.ScaleUp as Json | null) }
              : {}),
            ...(rulesFromGo(behavior.ScaleDown as Json | null)
              ? { scaleDown: rulesFromGo(behavior.ScaleDown as Json | null) }
              : {}),
          },
        }
      : {};
  const result = {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    metadata: meta,
    spec: {
      scaleTargetRef: spec?.scaleTargetRef,
      minReplicas: spec?.minReplicas ?? 1,
      maxReplicas: spec?.maxReplicas,
      metrics,
      ...behaviorSpec,
    },
    status: {
      ...(status?.observedGeneration !== undefined
        ? { observedGeneration: status.observedGeneration }
        : {}),
      ...(status?.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      ...(status?.currentReplicas ? { currentReplicas: status.currentReplicas } : {}),
      desiredReplicas: status?.desiredReplicas ?? 0,
      currentMetrics,
      ...(conditions && conditions.length > 0 ? { conditions } : {}),
    },
  };
  return result;
}
