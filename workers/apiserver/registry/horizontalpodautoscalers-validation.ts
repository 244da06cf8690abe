// HorizontalPodAutoscaler validation and autoscaling/v2 defaulting as kube-apiserver 1.32 applies
// them (pkg/apis/autoscaling/validation/validation.go, pkg/apis/autoscaling/v2/defaults.go). The
// HPAScaleToZero gate is off (minReplicas ≥ 1 unless the stored object already had 0);
// HPAContainerMetrics is on.

import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerBehavior,
  HPAScalingRules,
  MetricSpec,
  MetricTarget,
} from 'kubernetes-types/autoscaling/v2';
import { field, fieldPath, type FieldError, type FieldPath } from '../../api/errors.ts';
import {
  goSyntax,
  validateDNS1123Label,
  validatePathSegmentName,
} from '../../api/core-validation.ts';
import { parseQuantity } from '../../api/quantity.ts';

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

const scaleUpDefaults = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

/** The scale-down window stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies. */
const scaleDownDefaults = (): HPAScalingRules => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

/** copyHPAScalingRules: the set fields of `from` over the defaults. */
function withDefaults(
  from: HPAScalingRules | undefined,
  defaults: HPAScalingRules,
): HPAScalingRules {
  if (!from) return defaults;
  const rules: HPAScalingRules = {};
  const stabilization = from.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds;
  if (stabilization !== undefined) rules.stabilizationWindowSeconds = stabilization;
  const select = from.selectPolicy ?? defaults.selectPolicy;
  if (select !== undefined) rules.selectPolicy = select;
  const policies = from.policies ?? defaults.policies;
  if (policies !== undefined) rules.policies = policies;
  return rules;
}

/** SetDefaults_HorizontalPodAutoscaler of autoscaling/v2. */
export function defaultHorizontalPodAutoscalerV2(hpa: HorizontalPodAutoscaler): void {
  const spec = hpa.spec;
  if (!spec) return;
  spec.minReplicas ??= 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  if (spec.behavior) {
    spec.behavior = {
      scaleUp: withDefaults(spec.behavior.scaleUp, scaleUpDefaults()),
      scaleDown: withDefaults(spec.behavior.scaleDown, scaleDownDefaults()),
    };
  }
}

function quantitySign(text: string | number | undefined): number {
  const parsed = parseQuantity(String(text ?? '0'));
  return 'error' in parsed ? 0 : Math.sign(parsed.milliValue);
}

/** ValidateCrossVersionObjectReference. */
function validateReference(
  ref: { kind?: string; name?: string } | undefined,
  path: FieldPath,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['kind', 'name'] as const) {
    const value = ref?.[key] ?? '';
    if (value === '') errors.push(field.required(path.child(key), ''));
    else
      for (const message of validatePathSegmentName(value, false))
        errors.push(field.invalid(path.child(key), value, message));
  }
  return errors;
}

function validateMetricTarget(target: MetricTarget | undefined, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const type = target?.type ?? '';
  if (type === '')
    errors.push(field.required(path.child('type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type))
    errors.push(
      field.invalid(path.child('type'), type, 'must be either Utilization, Value, or AverageValue'),
    );
  for (const key of ['value', 'averageValue'] as const) {
    const value = target?.[key];
    if (value !== undefined && quantitySign(value) !== 1)
      errors.push(field.invalid(path.child(key), goSyntax(value), 'must be positive'));
  }
  const utilization = target?.averageUtilization;
  if (utilization !== undefined && utilization < 1)
    errors.push(
      field.invalid(path.child('averageUtilization'), utilization, 'must be greater than 0'),
    );
  return errors;
}

function validateMetricName(name: string | undefined, path: FieldPath): FieldError[] {
  if (!name) return [field.required(path.child('name'), 'must specify a metric name')];
  return validatePathSegmentName(name, false).map((message) =>
    field.invalid(path.child('name'), name, message),
  );
}

/** The source of one metric, by the field that holds it. */
function validateSource(metric: MetricSpec, key: string, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const target = (metric as unknown as Record<string, { target?: MetricTarget } | undefined>)[key]
    ?.target;
  const targetPath = path.child('target');
  switch (key) {
    case 'object': {
      const object = metric.object;
      errors.push(...validateReference(object?.describedObject, path.child('describedObject')));
      errors.push(...validateMetricName(object?.metric.name, path.child('metric')));
      errors.push(...validateMetricTarget(target, targetPath));
      if (target?.value === undefined && target?.averageValue === undefined)
        errors.push(
          field.required(
            targetPath.child('averageValue'),
            'must set either a target value or averageValue',
          ),
        );
      break;
    }
    case 'external':
      errors.push(...validateMetricName(metric.external?.metric.name, path.child('metric')));
      errors.push(...validateMetricTarget(target, targetPath));
      if (target?.value === undefined && target?.averageValue === undefined)
        errors.push(
          field.required(
            targetPath.child('averageValue'),
            'must set either a target value for metric or a per-pod target',
          ),
        );
      if (target?.value !== undefined && target.averageValue !== undefined)
        errors.push(
          field.forbidden(
            targetPath.child('value'),
            'may not set both a target value for metric and a per-pod target',
          ),
        );
      break;
    case 'pods':
      errors.push(...validateMetricName(metric.pods?.metric.name, path.child('metric')));
      errors.push(...validateMetricTarget(target, targetPath));
      if (target?.averageValue === undefined)
        errors.push(
          field.required(
            targetPath.child('averageValue'),
            'must specify a positive target averageValue',
          ),
        );
      break;
    default: {
      const source = key === 'resource' ? metric.resource : metric.containerResource;
      if (!source?.name)
        errors.push(field.required(path.child('name'), 'must specify a resource name'));
      if (key === 'containerResource') {
        const container = metric.containerResource?.container ?? '';
        if (container === '')
          errors.push(field.required(path.child('container'), 'must specify a container'));
        else errors.push(...validateDNS1123Label(container, path.child('container')));
      }
      errors.push(...validateMetricTarget(target, targetPath));
      if (target?.averageUtilization === undefined && target?.averageValue === undefined)
        errors.push(
          field.required(
            targetPath.child('averageUtilization'),
            'must set either a target raw value or a target utilization',
          ),
        );
      if (target?.averageUtilization !== undefined && target.averageValue !== undefined)
        errors.push(
          field.forbidden(
            targetPath.child('averageValue'),
            'may not set both a target raw value and a target utilization',
          ),
        );
    }
  }
  return errors;
}

const SOURCE_FIELDS: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

/** validateMetricSpec. */
function validateMetricSpec(metric: MetricSpec, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const type = metric.type;
  if (!type) errors.push(field.required(path.child('type'), 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type))
    errors.push(field.notSupported(path.child('type'), type, METRIC_SOURCE_TYPES));
  const present = ['object', 'external', 'pods', 'resource', 'containerResource'].filter(
    (key) => (metric as unknown as Record<string, unknown>)[key] !== undefined,
  );
  const [first] = present;
  if (first !== undefined) errors.push(...validateSource(metric, first, path.child(first)));
  const expected = SOURCE_FIELDS[type];
  if (expected === undefined) {
    errors.push(field.notSupported(path.child('type'), type, METRIC_SOURCE_TYPES));
  } else if (!present.includes(expected)) {
    errors.push(
      field.required(path.child(expected), 'must populate information for the given metric source'),
    );
  }
  if (present.length !== 1) {
    // sets.String iterates its keys in Go's random map order; sorted here.
    for (const key of present.filter((key) => key !== expected).sort())
      errors.push(field.forbidden(path.child(key), 'must populate the given metric source only'));
  }
  return errors;
}

function validateScalingRules(rules: HPAScalingRules | undefined, path: FieldPath): FieldError[] {
  if (!rules) return [];
  const errors: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && window < 0)
    errors.push(
      field.invalid(
        path.child('stabilizationWindowSeconds'),
        window,
        'must be greater than or equal to zero',
      ),
    );
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    errors.push(
      field.invalid(
        path.child('stabilizationWindowSeconds'),
        window,
        `must be less than or equal to ${String(MAX_STABILIZATION_WINDOW_SECONDS)}`,
      ),
    );
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy))
    errors.push(
      field.notSupported(path.child('selectPolicy'), rules.selectPolicy, SELECT_POLICIES),
    );
  const policies = path.child('policies');
  if (!rules.policies || rules.policies.length === 0)
    errors.push(field.required(policies, 'must specify at least one Policy'));
  (rules.policies ?? []).forEach((policy, index) => {
    const at = policies.index(index);
    if (!POLICY_TYPES.includes(policy.type))
      errors.push(field.notSupported(at.child('type'), policy.type, POLICY_TYPES));
    if (policy.value <= 0)
      errors.push(field.invalid(at.child('value'), policy.value, 'must be greater than zero'));
    if (policy.periodSeconds <= 0)
      errors.push(
        field.invalid(at.child('periodSeconds'), policy.periodSeconds, 'must be greater than zero'),
      );
    if (policy.periodSeconds > MAX_PERIOD_SECONDS)
      errors.push(
        field.invalid(
          at.child('periodSeconds'),
          policy.periodSeconds,
          `must be less than or equal to ${String(MAX_PERIOD_SECONDS)}`,
        ),
      );
  });
  return errors;
}

function validateBehavior(
  behavior: HorizontalPodAutoscalerBehavior | undefined,
  path: FieldPath,
): FieldError[] {
  if (!behavior) return [];
  return [
    ...validateScalingRules(behavior.scaleUp, path.child('scaleUp')),
    ...validateScalingRules(behavior.scaleDown, path.child('scaleDown')),
  ];
}

/** validateHorizontalPodAutoscalerSpec, with the lowest minReplicas allowed. */
export function validateHorizontalPodAutoscalerSpec(
  hpa: HorizontalPodAutoscaler,
  minReplicasLowerBound: number,
): FieldError[] {
  const spec = hpa.spec ?? { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 };
  const path = fieldPath('spec');
  const errors: FieldError[] = [];
  const min = spec.minReplicas;
  if (min !== undefined && min < minReplicasLowerBound)
    errors.push(
      field.invalid(
        path.child('minReplicas'),
        min,
        `must be greater than or equal to ${String(minReplicasLowerBound)}`,
      ),
    );
  if (spec.maxReplicas < 1)
    errors.push(
      field.invalid(path.child('maxReplicas'), spec.maxReplicas, 'must be greater than 0'),
    );
  if (min !== undefined && spec.maxReplicas < min)
    errors.push(
      field.invalid(
        path.child('maxReplicas'),
        spec.maxReplicas,
        'must be greater than or equal to `minReplicas`',
      ),
    );
  errors.push(...validateReference(spec.scaleTargetRef, path.child('scaleTargetRef')));
  const metrics = path.child('metrics');
  (spec.metrics ?? []).forEach((metric, index) => {
    errors.push(...validateMetricSpec(metric, metrics.index(index)));
  });
  if (min === 0 && !(spec.metrics ?? []).some((m) => m.type === 'Object' || m.type === 'External'))
    errors.push(
      field.forbidden(
        metrics,
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  errors.push(...validateBehavior(spec.behavior, path.child('behavior')));
  return errors;
}
