// printHorizontalPodAutoscaler and formatHPAMetrics of pkg/printers/internalversion/printers.go
// (1.32): the target reference, up to two metrics as `<name>: <current>/<target>` with
// `<unknown>` before the first reading, the replica bounds and the current count.

import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
  MetricValueStatus,
} from 'kubernetes-types/autoscaling/v2';
import { parseQuantity, quantityString } from '../../api/quantity.ts';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer } from './table.ts';

const UNKNOWN = '<unknown>';
const MAX_SHOWN = 2;

/** A quantity as Quantity.String() writes it. */
function quantity(value: string | number | undefined): string {
  const parsed = parseQuantity(String(value ?? '0'));
  return 'error' in parsed ? String(value) : quantityString(parsed);
}

function resourceMetric(
  name: string,
  target: MetricSpec['resource'] extends infer R
    ? R extends { target: infer T }
      ? T
      : never
    : never,
  current: MetricValueStatus | undefined,
): string {
  if (target.averageValue !== undefined) {
    const shown = current ? quantity(current.averageValue) : UNKNOWN;
    return `${name}: ${shown}/${quantity(target.averageValue)}`;
  }
  const shown =
    current?.averageUtilization !== undefined ? `${String(current.averageUtilization)}%` : UNKNOWN;
  const wanted =
    target.averageUtilization !== undefined ? `${String(target.averageUtilization)}%` : '<auto>';
  return `${name}: ${shown}/${wanted}`;
}

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target;
      if (target?.averageValue !== undefined) {
        const current = status?.external?.current.averageValue;
        return `${current !== undefined ? quantity(current) : UNKNOWN}/${quantity(target.averageValue)} (avg)`;
      }
      const current = status?.external ? quantity(status.external.current.value) : UNKNOWN;
      return `${current}/${quantity(target?.value)}`;
    }
    case 'Pods': {
      const current = status?.pods ? quantity(status.pods.current.averageValue) : UNKNOWN;
      return `${current}/${quantity(spec.pods?.target.averageValue)}`;
    }
    case 'Object': {
      const target = spec.object?.target;
      if (target?.averageValue !== undefined) {
        const current = status?.object ? quantity(status.object.current.averageValue) : UNKNOWN;
        return `${current}/${quantity(target.averageValue)} (avg)`;
      }
      const current = status?.object ? quantity(status.object.current.value) : UNKNOWN;
      return `${current}/${quantity(target?.value)}`;
    }
    case 'Resource':
      return spec.resource
        ? resourceMetric(spec.resource.name, spec.resource.target, status?.resource?.current)
        : '<unknown type>';
    case 'ContainerResource':
      return spec.containerResource
        ? resourceMetric(
            spec.containerResource.name,
            spec.containerResource.target,
            status?.containerResource?.current,
          )
        : '<unknown type>';
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: statuses are matched to specs by position. */
export function formatHPAMetrics(
  specs: readonly MetricSpec[],
  statuses: readonly MetricStatus[],
): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, index) => formatMetric(spec, statuses[index]));
  if (list.length <= MAX_SHOWN) return list.join(', ');
  return `${list.slice(0, MAX_SHOWN).join(', ')} + ${String(list.length - MAX_SHOWN)} more...`;
}

export const horizontalPodAutoscalerPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Reference',
      'string',
      'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
    ),
    column(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization.',
    ),
    column(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.',
    ),
    column(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.',
    ),
    column(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
    ),
    AGE_COLUMN,
  ],
  (hpa: HorizontalPodAutoscaler, now) => {
    const spec = hpa.spec;
    const ref = spec?.scaleTargetRef;
    return [
      nameOf(hpa),
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHPAMetrics(spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
      spec?.minReplicas !== undefined ? String(spec.minReplicas) : '<unset>',
      spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      ageOf(hpa, now),
    ];
  },
);
