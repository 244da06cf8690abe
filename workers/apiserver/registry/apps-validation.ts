// apps/v1 workload validation (pkg/apis/apps/validation/validation.go): Deployment, DaemonSet
// and StatefulSet specs, updates and statuses, in upstream's order and wording.
// Left out: the deprecated rollbackTo (its annotation is not read) and the gated StatefulSet
// maxUnavailable, which 1.32 drops before validation.

import type {
  DaemonSetSpec,
  DaemonSetStatus,
  DeploymentSpec,
  DeploymentStatus,
  StatefulSetSpec,
  StatefulSetStatus,
} from 'kubernetes-types/apps/v1';
import { intOrStringSyntax, validateLabelSelector } from '../../api/core-validation.ts';
import { field, fieldPath, type FieldError, type FieldPath } from '../../api/errors.ts';
import { copyJson, jsonEqual } from '../../api/json-merge-patch.ts';
import type { Selector } from '../../api/labels.ts';
import { labelSelectorGo, pointerGo, stringMapGo, strategyGo } from './go-values.ts';
import {
  validatePodTemplateSpec,
  validateTemplateMetadata,
  type Template,
} from './pod-template.ts';
import {
  intOrPercentValue,
  nonnegative,
  notMoreThan100Percent,
  selectorMatches,
  selectorOf,
  selectsEverything,
  validatePositiveIntOrPercent,
} from './workload-validation.ts';

const SPEC = fieldPath('spec');
const STATUS = fieldPath('status');
const SELECTOR_MISMATCH = '`selector` does not match template `labels`';
const NOT_ABOVE_REPLICAS = 'cannot be greater than status.replicas';

function templateOf(spec: { template?: unknown }): Template {
  return spec.template ?? {};
}

function labelsMismatch(selector: Selector, template: Template, path: FieldPath): FieldError[] {
  const labels = template.metadata?.labels;
  return selectorMatches(selector, labels)
    ? []
    : [field.invalid(path.child('metadata', 'labels'), stringMapGo(labels), SELECTOR_MISMATCH)];
}

/** The selector checks Deployments, ReplicaSets and StatefulSets share, then the template's. */
function validateSelectorAndTemplate(
  spec: { selector?: DeploymentSpec['selector']; template?: unknown },
  kind: string,
  validateTemplate: (selector: Selector, template: Template, path: FieldPath) => FieldError[],
): FieldError[] {
  const errors: FieldError[] = [];
  const selectorPath = SPEC.child('selector');
  if (!spec.selector) {
    errors.push(field.required(selectorPath));
  } else {
    errors.push(...validateLabelSelector(spec.selector, selectorPath));
    const { matchLabels = {}, matchExpressions = [] } = spec.selector;
    if (Object.keys(matchLabels).length + matchExpressions.length === 0)
      errors.push(
        field.invalid(
          selectorPath,
          labelSelectorGo(spec.selector),
          `empty selector is invalid for ${kind}`,
        ),
      );
  }
  const selector = selectorOf(spec.selector);
  if (!selector) {
    const detail = kind === 'statefulset' ? '' : 'invalid label selector';
    errors.push(field.invalid(selectorPath, labelSelectorGo(spec.selector ?? {}), detail));
  } else {
    errors.push(...validateTemplate(selector, templateOf(spec), SPEC.child('template')));
  }
  return errors;
}

function restartPolicyAlways(template: Template, path: FieldPath): FieldError[] {
  const restartPolicy = template.spec?.restartPolicy ?? '';
  return restartPolicy === 'Always'
    ? []
    : [field.notSupported(path.child('spec', 'restartPolicy'), restartPolicy, ['Always'])];
}

function noActiveDeadline(template: Template, path: FieldPath, kind: string): FieldError[] {
  return template.spec?.activeDeadlineSeconds === undefined
    ? []
    : [
        field.forbidden(
          path.child('spec', 'activeDeadlineSeconds'),
          `activeDeadlineSeconds in ${kind} is not Supported`,
        ),
      ];
}

/** ValidatePodTemplateSpecForReplicaSet, which Deployments use too (hence its wording). */
export function validateTemplateForReplicaSet(
  selector: Selector,
  template: Template,
  path: FieldPath,
): FieldError[] {
  return [
    ...(selectsEverything(selector) ? [] : labelsMismatch(selector, template, path)),
    ...validatePodTemplateSpec(template, path),
    ...restartPolicyAlways(template, path),
    ...noActiveDeadline(template, path, 'ReplicaSet'),
  ];
}

// --- Deployment -----------------------------------------------------------------------------

function validateRollingUpdateDeployment(
  rollingUpdate: NonNullable<NonNullable<DeploymentSpec['strategy']>['rollingUpdate']>,
  path: FieldPath,
): FieldError[] {
  const { maxUnavailable, maxSurge } = rollingUpdate;
  const errors = [
    ...validatePositiveIntOrPercent(maxUnavailable, path.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(maxSurge, path.child('maxSurge')),
  ];
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errors.push(
      field.invalid(
        path.child('maxUnavailable'),
        intOrStringSyntax(maxUnavailable ?? 0),
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  }
  errors.push(...notMoreThan100Percent(maxUnavailable, path.child('maxUnavailable')));
  return errors;
}

function validateDeploymentStrategy(
  strategy: NonNullable<DeploymentSpec['strategy']>,
  path: FieldPath,
): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate
        ? [
            field.forbidden(
              path.child('rollingUpdate'),
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return strategy.rollingUpdate
        ? validateRollingUpdateDeployment(strategy.rollingUpdate, path.child('rollingUpdate'))
        : [
            field.required(
              path.child('rollingUpdate'),
              'this should be defaulted and never be nil',
            ),
          ];
    default:
      return [
        field.notSupported(
          path,
          strategyGo('apps.DeploymentStrategy', 'apps.RollingUpdateDeployment', strategy),
          ['Recreate', 'RollingUpdate'],
        ),
      ];
  }
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: DeploymentSpec): FieldError[] {
  const errors = [
    ...nonnegative(spec.replicas ?? 0, SPEC.child('replicas')),
    ...validateSelectorAndTemplate(spec, 'deployment', validateTemplateForReplicaSet),
    ...validateDeploymentStrategy(spec.strategy ?? {}, SPEC.child('strategy')),
    ...nonnegative(spec.minReadySeconds ?? 0, SPEC.child('minReadySeconds')),
    ...nonnegative(spec.revisionHistoryLimit, SPEC.child('revisionHistoryLimit')),
  ];
  const deadline = spec.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errors.push(...nonnegative(deadline, SPEC.child('progressDeadlineSeconds')));
    if (deadline <= (spec.minReadySeconds ?? 0)) {
      errors.push(
        field.invalid(
          SPEC.child('progressDeadlineSeconds'),
          deadline,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errors;
}

/** ValidateDeploymentStatus. */
export function validateDeploymentStatus(status: DeploymentStatus = {}): FieldError[] {
  const count = (key: keyof DeploymentStatus): number => (status[key] as number | undefined) ?? 0;
  const errors = [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'collisionCount',
  ].flatMap((key) =>
    nonnegative(status[key as keyof DeploymentStatus] as number | undefined, STATUS.child(key)),
  );
  for (const key of ['updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) {
    if (count(key) > count('replicas'))
      errors.push(field.invalid(STATUS.child(key), count(key), NOT_ABOVE_REPLICAS));
  }
  if (count('availableReplicas') > count('readyReplicas')) {
    errors.push(
      field.invalid(
        STATUS.child('availableReplicas'),
        count('availableReplicas'),
        'cannot be greater than readyReplicas',
      ),
    );
  }
  return errors;
}

// --- DaemonSet ------------------------------------------------------------------------------

function validateRollingUpdateDaemonSet(
  rollingUpdate: NonNullable<NonNullable<DaemonSetSpec['updateStrategy']>['rollingUpdate']>,
  path: FieldPath,
): FieldError[] {
  const { maxUnavailable, maxSurge } = rollingUpdate;
  const errors = [
    ...validatePositiveIntOrPercent(maxUnavailable, path.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(maxSurge, path.child('maxSurge')),
    ...notMoreThan100Percent(maxUnavailable, path.child('maxUnavailable')),
    ...notMoreThan100Percent(maxSurge, path.child('maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errors.push(
      field.invalid(
        path.child('maxSurge'),
        intOrStringSyntax(maxSurge ?? 0),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errors.push(field.required(path.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  }
  return errors;
}

function validateDaemonSetUpdateStrategy(
  strategy: NonNullable<DaemonSetSpec['updateStrategy']>,
  path: FieldPath,
): FieldError[] {
  switch (strategy.type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      return strategy.rollingUpdate
        ? validateRollingUpdateDaemonSet(strategy.rollingUpdate, path.child('rollingUpdate'))
        : [field.required(path.child('rollingUpdate'))];
    default:
      return [
        field.notSupported(
          path,
          strategyGo('apps.DaemonSetUpdateStrategy', 'apps.RollingUpdateDaemonSet', strategy),
          ['RollingUpdate', 'OnDelete'],
        ),
      ];
  }
}

/** ValidateDaemonSetSpec. Note that a missing selector is only reported as a label mismatch. */
export function validateDaemonSetSpec(spec: DaemonSetSpec): FieldError[] {
  const template = templateOf(spec);
  const templatePath = SPEC.child('template');
  const errors = validateLabelSelector(spec.selector, SPEC.child('selector'));
  const selector = selectorOf(spec.selector);
  if (selector) errors.push(...labelsMismatch(selector, template, templatePath));
  const { matchLabels = {}, matchExpressions = [] } = spec.selector ?? {};
  if (spec.selector && Object.keys(matchLabels).length + matchExpressions.length === 0) {
    errors.push(
      field.invalid(
        SPEC.child('selector'),
        labelSelectorGo(spec.selector),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  errors.push(
    ...validatePodTemplateSpec(template, templatePath),
    ...restartPolicyAlways(template, templatePath),
    ...noActiveDeadline(template, templatePath, 'DaemonSet'),
    ...nonnegative(spec.minReadySeconds ?? 0, SPEC.child('minReadySeconds')),
    ...validateDaemonSetUpdateStrategy(spec.updateStrategy ?? {}, SPEC.child('updateStrategy')),
    ...nonnegative(spec.revisionHistoryLimit, SPEC.child('revisionHistoryLimit')),
  );
  return errors;
}

/** validateDaemonSetStatus. */
export function validateDaemonSetStatus(status: Partial<DaemonSetStatus> = {}): FieldError[] {
  return [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'collisionCount',
  ].flatMap((key) =>
    nonnegative(status[key as keyof DaemonSetStatus] as number | undefined, STATUS.child(key)),
  );
}

// --- StatefulSet ----------------------------------------------------------------------------

type StatefulSetStrategy = NonNullable<StatefulSetSpec['updateStrategy']>;

function rollingUpdateStatefulSetGo(
  rollingUpdate: NonNullable<StatefulSetStrategy['rollingUpdate']>,
): {
  goSyntax: string;
} {
  return {
    goSyntax: `apps.RollingUpdateStatefulSetStrategy{Partition:${String(rollingUpdate.partition ?? 0)}, MaxUnavailable:${pointerGo('intstr.IntOrString', undefined)}}`,
  };
}

function validateStatefulSetStrategy(strategy: StatefulSetStrategy, path: FieldPath): FieldError[] {
  const rollingUpdatePath = path.child('rollingUpdate');
  switch (strategy.type ?? '') {
    case '':
      return [field.required(path)];
    case 'OnDelete':
      return strategy.rollingUpdate
        ? [
            field.invalid(
              rollingUpdatePath,
              rollingUpdateStatefulSetGo(strategy.rollingUpdate),
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return nonnegative(
        strategy.rollingUpdate?.partition ?? 0,
        rollingUpdatePath.child('partition'),
      );
    default:
      return [
        field.invalid(
          path,
          strategyGo(
            'apps.StatefulSetUpdateStrategy',
            'apps.RollingUpdateStatefulSetStrategy',
            strategy,
          ),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      ];
  }
}

function validateRetentionPolicy(
  policy: StatefulSetSpec['persistentVolumeClaimRetentionPolicy'],
  path: FieldPath,
): FieldError[] {
  if (!policy) return [];
  return (['whenDeleted', 'whenScaled'] as const).flatMap((key) => {
    const value = policy[key] ?? '';
    return value === 'Retain' || value === 'Delete'
      ? []
      : [field.notSupported(path.child(key), value, ['Retain', 'Delete'])];
  });
}

/** ValidatePodTemplateSpecForStatefulSet: 1.32 checks the template's metadata, not its pod spec. */
function validateTemplateForStatefulSet(
  selector: Selector,
  template: Template,
  path: FieldPath,
): FieldError[] {
  return [
    ...(selectsEverything(selector) ? [] : labelsMismatch(selector, template, path)),
    ...validateTemplateMetadata(template, path),
  ];
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: StatefulSetSpec): FieldError[] {
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (policy === '') errors.push(field.required(SPEC.child('podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errors.push(
      field.invalid(
        SPEC.child('podManagementPolicy'),
        policy,
        "must be 'OrderedReady' or 'Parallel'",
      ),
    );
  }
  errors.push(
    ...validateStatefulSetStrategy(spec.updateStrategy ?? {}, SPEC.child('updateStrategy')),
    ...validateRetentionPolicy(
      spec.persistentVolumeClaimRetentionPolicy,
      SPEC.child('persistentVolumeClaimRetentionPolicy'),
    ),
    ...nonnegative(spec.replicas ?? 0, SPEC.child('replicas')),
    ...nonnegative(spec.minReadySeconds ?? 0, SPEC.child('minReadySeconds')),
  );
  if (spec.ordinals) errors.push(...nonnegative(spec.ordinals.start ?? 0, 'spec.ordinals.start'));
  errors.push(...validateSelectorAndTemplate(spec, 'statefulset', validateTemplateForStatefulSet));
  const template = templateOf(spec);
  errors.push(
    ...restartPolicyAlways(template, SPEC.child('template')),
    ...noActiveDeadline(template, SPEC.child('template'), 'StatefulSet'),
  );
  return errors;
}

/** The fields ValidateStatefulSetUpdate lets change; anything else in the spec is forbidden. */
const MUTABLE_STATEFULSET_FIELDS = [
  'replicas',
  'template',
  'updateStrategy',
  'minReadySeconds',
  'ordinals',
  'persistentVolumeClaimRetentionPolicy',
] as const;

/** ValidateStatefulSetUpdate: the new spec's own validation, then what may change. */
export function validateStatefulSetUpdate(
  spec: StatefulSetSpec,
  old: StatefulSetSpec,
): FieldError[] {
  const errors = validateStatefulSetSpec(spec);
  const restored = copyJson(spec) as unknown as Record<string, unknown>;
  const previous = old as unknown as Record<string, unknown>;
  for (const key of MUTABLE_STATEFULSET_FIELDS) {
    if (previous[key] === undefined) delete restored[key];
    else restored[key] = previous[key];
  }
  if (!jsonEqual(restored, previous)) {
    errors.push(
      field.forbidden(
        SPEC,
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errors;
}

/** ValidateStatefulSetStatus. */
export function validateStatefulSetStatus(status: Partial<StatefulSetStatus> = {}): FieldError[] {
  const count = (key: keyof StatefulSetStatus): number => (status[key] as number | undefined) ?? 0;
  const errors = [
    'replicas',
    'readyReplicas',
    'currentReplicas',
    'updatedReplicas',
    'availableReplicas',
    'observedGeneration',
    'collisionCount',
  ].flatMap((key) =>
    nonnegative(status[key as keyof StatefulSetStatus] as number | undefined, STATUS.child(key)),
  );
  for (const key of [
    'readyReplicas',
    'currentReplicas',
    'updatedReplicas',
    'availableReplicas',
  ] as const) {
    if (count(key) > count('replicas'))
      errors.push(field.invalid(STATUS.child(key), count(key), NOT_ABOVE_REPLICAS));
  }
  if (count('availableReplicas') > count('readyReplicas')) {
    errors.push(
      field.invalid(
        STATUS.child('availableReplicas'),
        count('availableReplicas'),
        'cannot be greater than status.readyReplicas',
      ),
    );
  }
  return errors;
}
