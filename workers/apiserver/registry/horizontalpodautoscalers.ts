// The HorizontalPodAutoscaler registry (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go
// of 1.32): stored as autoscaling/v2, served as v2 and as v1 (horizontalpodautoscalers-v1.ts);
// create resets the status, updates keep it, the status subresource keeps the spec. Validation
// and defaulting in horizontalpodautoscalers-validation.ts.

import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { fieldPath } from '../../api/errors.ts';
import { validateNonnegative } from '../../api/core-validation.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import {
  defaultHorizontalPodAutoscalerV2,
  validateHorizontalPodAutoscalerSpec,
} from './horizontalpodautoscalers-validation.ts';
import { fromV1, toV1 } from './horizontalpodautoscalers-v1.ts';
import type { Strategy } from './strategy.ts';

const asHpa = (object: KubeObject) => object as HorizontalPodAutoscaler;

/** minReplicas may be 0 only where it already was (HPAScaleToZero is off). */
function lowerBound(old: KubeObject | undefined): number {
  return old && asHpa(old).spec?.minReplicas === 0 ? 0 : 1;
}

/** ValidateHorizontalPodAutoscalerStatusUpdate. */
function validateStatus(object: KubeObject) {
  const status = asHpa(object).status;
  return [
    ...validateNonnegative(status?.currentReplicas ?? 0, fieldPath('status', 'currentReplicas')),
    ...validateNonnegative(status?.desiredReplicas ?? 0, fieldPath('status', 'desiredReplicas')),
  ];
}

const base: Omit<Strategy, 'type'> = {
  unconditionalUpdate: true,
  prepareForCreate(object) {
    // HorizontalPodAutoscalerStatus{} in v2: desiredReplicas and currentMetrics have no omitempty.
    (object as { status?: unknown }).status = { desiredReplicas: 0, currentMetrics: null };
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate: (object) => validateHorizontalPodAutoscalerSpec(asHpa(object), lowerBound(undefined)),
  validateUpdate: (object, old) =>
    validateHorizontalPodAutoscalerSpec(asHpa(object), lowerBound(old)),
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate: validateStatus,
  },
};

export const horizontalPodAutoscalerStrategy: Strategy = {
  ...base,
  type: builtinType('autoscaling', 'horizontalpodautoscalers'),
  applyDefaults: (object) => {
    defaultHorizontalPodAutoscalerV2(asHpa(object));
  },
};

export const horizontalPodAutoscalerV1Strategy: Strategy = {
  ...base,
  type: { ...builtinType('autoscaling', 'horizontalpodautoscalers'), version: 'v1' },
  // Called on the v1 body before conversion (updates) or on the converted one (creates).
  applyDefaults: (object) => {
    if (object.apiVersion === 'autoscaling/v1') {
      const spec = (object as { spec?: { minReplicas?: number } }).spec;
      if (spec) spec.minReplicas ??= 1;
    } else defaultHorizontalPodAutoscalerV2(asHpa(object));
  },
  toStorage: fromV1,
  fromStorage: toV1,
};
