// batch/v1 spec validation (pkg/apis/batch/validation/validation.go): Jobs, their generated
// selector and update rules, job templates and CronJobs, with upstream's messages and order.
// Left out: Go's %#v of pod templates and policies in "field is immutable" errors (they print
// pointer addresses); the value is shown as JSON instead.

import type {
  CronJobSpec,
  JobSpec,
  JobTemplateSpec,
  PodFailurePolicyRule,
} from 'kubernetes-types/batch/v1';
import { validateLabelSelector } from '../../api/core-validation.ts';
import { field, fieldPath, type FieldError, type FieldPath } from '../../api/errors.ts';
import { copyJson } from '../../api/json-merge-patch.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  regexError,
} from '../../api/validation.ts';
import { parseStandardSchedule } from '../../api/cron.ts';
import { loadLocationError } from '../../api/time-zone.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { labelSelectorGo, stringMapGo } from './go-values.ts';
import { countIndexes } from './job-indexes.ts';
import { validatePodTemplateSpec, type Template } from './pod-template.ts';
import {
  immutable,
  immutableSelector,
  nonnegative,
  selectorMatches,
  selectorOf,
} from './workload-validation.ts';

const MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES = 20;

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/** An Invalid error whose value upstream leaves out (field.OmitValueType). */
function invalidWithoutValue(path: FieldPath | string, detail: string): FieldError {
  const error = field.invalid(path, null, detail);
  delete error.badValue;
  return error;
}

/** Go's %q of a []string, as a `valid values` detail prints it: `["a" "b"]`. */
const quotedList = (values: readonly string[]): string =>
  `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;

/** IsDomainPrefixedPath. */
function domainPrefixedPath(path: FieldPath, value: string): FieldError[] {
  if (value === '') return [field.required(path)];
  const slash = value.indexOf('/');
  const host = value.slice(0, slash);
  const rest = value.slice(slash + 1);
  if (slash <= 0 || rest === '')
    return [field.invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errors = isDNS1123Subdomain(host).map((message) => field.invalid(path, host, message));
  const pathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
    errors.push(field.invalid(path, rest, regexError('Invalid path', pathFormat)));
  return errors;
}

function validateOnExitCodes(
  onExitCodes: NonNullable<PodFailurePolicyRule['onExitCodes']>,
  path: FieldPath,
  containerNames: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  const operators = ['In', 'NotIn'];
  if (!onExitCodes.operator)
    errors.push(field.required(path.child('operator'), `valid values: ${quotedList(operators)}`));
  else if (!operators.includes(onExitCodes.operator))
    errors.push(field.notSupported(path.child('operator'), onExitCodes.operator, operators));
  if (onExitCodes.containerName !== undefined && !containerNames.has(onExitCodes.containerName)) {
    errors.push(
      field.invalid(
        path.child('containerName'),
        onExitCodes.containerName,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const values = onExitCodes.values;
  const valuesPath = path.child('values');
  if (values.length === 0)
    errors.push(
      field.invalid(valuesPath, { goSyntax: '[]int32(nil)' }, 'at least one value is required'),
    );
  else if (values.length > MAX_ON_EXIT_CODES_VALUES)
    errors.push(field.tooMany(valuesPath, values.length, MAX_ON_EXIT_CODES_VALUES));
  const seen = new Set<number>();
  values.forEach((value, index) => {
    if (onExitCodes.operator === 'In' && value === 0)
      errors.push(
        field.invalid(valuesPath.index(index), value, 'must not be 0 for the In operator'),
      );
    if (seen.has(value)) errors.push(field.duplicate(valuesPath.index(index), value));
    else seen.add(value);
  });
  if (values.some((value, index) => index > 0 && (values[index - 1] ?? 0) > value)) {
    errors.push(
      field.invalid(valuesPath, { goSyntax: `[]int32{${values.join(', ')}}` }, 'must be ordered'),
    );
  }
  return errors;
}

function validatePodFailurePolicyRule(
  spec: JobSpec,
  rule: PodFailurePolicyRule,
  path: FieldPath,
  containerNames: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
  const actionPath = path.child('action');
  if (!rule.action) errors.push(field.required(actionPath, `valid values: ${quotedList(actions)}`));
  else if (rule.action === 'FailIndex') {
    if (spec.backoffLimitPerIndex === undefined)
      errors.push(
        field.invalid(actionPath, rule.action, 'requires the backoffLimitPerIndex to be set'),
      );
  } else if (!actions.includes(rule.action))
    errors.push(field.notSupported(actionPath, rule.action, actions));
  if (rule.onExitCodes)
    errors.push(
      ...validateOnExitCodes(rule.onExitCodes, path.child('onExitCodes'), containerNames),
    );
  const patterns = rule.onPodConditions ?? [];
  if (patterns.length > 0) {
    const patternsPath = path.child('onPodConditions');
    if (patterns.length > MAX_ON_POD_CONDITIONS_PATTERNS)
      errors.push(field.tooMany(patternsPath, patterns.length, MAX_ON_POD_CONDITIONS_PATTERNS));
    const statuses = ['False', 'True', 'Unknown'];
    patterns.forEach((pattern, index) => {
      const patternPath = patternsPath.index(index);
      for (const message of isQualifiedName(pattern.type))
        errors.push(field.invalid(patternPath.child('type'), pattern.type, message));
      if (!pattern.status)
        errors.push(
          field.required(patternPath.child('status'), `valid values: ${quotedList(statuses)}`),
        );
      else if (!statuses.includes(pattern.status))
        errors.push(field.notSupported(patternPath.child('status'), pattern.status, statuses));
    });
  }
  if (rule.onExitCodes && patterns.length > 0)
    errors.push(
      invalidWithoutValue(path, 'specifying both OnExitCodes and OnPodConditions is not supported'),
    );
  if (!rule.onExitCodes && patterns.length === 0)
    errors.push(
      invalidWithoutValue(path, 'specifying one of OnExitCodes and OnPodConditions is required'),
    );
  return errors;
}

function validatePodFailurePolicy(spec: JobSpec, path: FieldPath): FieldError[] {
  const rules = spec.podFailurePolicy?.rules ?? [];
  const rulesPath = path.child('rules');
  const errors: FieldError[] = [];
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES)
    errors.push(field.tooMany(rulesPath, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const podSpec = spec.template.spec;
  const names = new Set(
    [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])].map((c) => c.name),
  );
  rules.forEach((rule, index) =>
    errors.push(...validatePodFailurePolicyRule(spec, rule, rulesPath.index(index), names)),
  );
  return errors;
}

function validateSuccessPolicy(spec: JobSpec, path: FieldPath): FieldError[] {
  const rules = spec.successPolicy?.rules ?? [];
  const rulesPath = path.child('rules');
  const errors: FieldError[] = [];
  if (rules.length === 0)
    errors.push(
      field.required(
        rulesPath,
        'at least one rules must be specified when the successPolicy is specified',
      ),
    );
  if (rules.length > MAX_SUCCESS_POLICY_RULES)
    errors.push(field.tooMany(rulesPath, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = spec.completions ?? 0;
  rules.forEach((rule, index) => {
    const rulePath = rulesPath.index(index);
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined)
      errors.push(
        field.required(
          rulePath,
          'at least one of succeededCount or succeededIndexes must be specified',
        ),
      );
    let totalIndexes = 0;
    if (rule.succeededIndexes !== undefined) {
      const indexesPath = rulePath.child('succeededIndexes');
      if (rule.succeededIndexes.length > MAX_SUCCEEDED_INDEXES_LENGTH)
        errors.push(field.tooLong(indexesPath, '', MAX_SUCCEEDED_INDEXES_LENGTH));
      const counted = countIndexes(rule.succeededIndexes, completions);
      if (typeof counted === 'string')
        errors.push(
          field.invalid(
            indexesPath,
            rule.succeededIndexes,
            `error parsing succeededIndexes: ${counted}`,
          ),
        );
      else totalIndexes = counted;
    }
    if (rule.succeededCount !== undefined) {
      const countPath = rulePath.child('succeededCount');
      errors.push(...nonnegative(rule.succeededCount, countPath));
      if (rule.succeededCount > completions) {
        errors.push(
          field.invalid(
            countPath,
            rule.succeededCount,
            `must be less than or equal to ${completions} (the number of specified completions)`,
          ),
        );
      }
      if (rule.succeededIndexes !== undefined && rule.succeededCount > totalIndexes) {
        errors.push(
          field.invalid(
            countPath,
            rule.succeededCount,
            `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
      }
    }
  });
  return errors;
}

function validateIndexedLimits(spec: JobSpec, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const { completions, parallelism, maxFailedIndexes, backoffLimitPerIndex } = spec;
  if (completions === undefined)
    errors.push(field.required(path.child('completions'), 'when completion mode is Indexed'));
  if (parallelism !== undefined && parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
    errors.push(
      field.invalid(
        path.child('parallelism'),
        parallelism,
        `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
      ),
    );
  }
  if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions)
    errors.push(
      field.invalid(
        path.child('maxFailedIndexes'),
        maxFailedIndexes,
        'must be less than or equal to completions',
      ),
    );
  if (maxFailedIndexes !== undefined && maxFailedIndexes > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
    errors.push(
      field.invalid(
        path.child('maxFailedIndexes'),
        maxFailedIndexes,
        `must be less than or equal to ${MAX_FAILED_INDEXES_FOR_INDEXED_JOB}`,
      ),
    );
  }
  if (
    completions !== undefined &&
    completions > COMPLETIONS_SOFT_LIMIT &&
    backoffLimitPerIndex !== undefined
  ) {
    const suffix = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
    if (maxFailedIndexes === undefined)
      errors.push(
        field.required(
          path.child('maxFailedIndexes'),
          `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`,
        ),
      );
    if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
      errors.push(
        field.invalid(
          path.child('parallelism'),
          parallelism,
          `must be less than or equal to ${PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} ${suffix}`,
        ),
      );
    }
    if (
      maxFailedIndexes !== undefined &&
      maxFailedIndexes > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS
    ) {
      errors.push(
        field.invalid(
          path.child('maxFailedIndexes'),
          maxFailedIndexes,
          `must be less than or equal to ${MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} ${suffix}`,
        ),
      );
    }
  }
  return errors;
}

function validateRestartPolicy(spec: JobSpec, path: FieldPath): FieldError[] {
  const restartPolicyPath = path.child('template', 'spec', 'restartPolicy');
  const restartPolicy = spec.template.spec?.restartPolicy ?? '';
  if (restartPolicy === 'Always' || restartPolicy === '')
    return [field.required(restartPolicyPath, 'valid values: "OnFailure", "Never"')];
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never')
    return [field.notSupported(restartPolicyPath, restartPolicy, ['OnFailure', 'Never'])];
  if (spec.podFailurePolicy && restartPolicy !== 'Never')
    return [
      field.invalid(
        restartPolicyPath,
        restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    ];
  return [];
}

/** validateJobSpec: everything a Job and a CronJob's job template share. */
function validateJobSpecFields(spec: JobSpec, path: FieldPath): FieldError[] {
  const errors = (
    [
      'parallelism',
      'completions',
      'activeDeadlineSeconds',
      'backoffLimit',
      'ttlSecondsAfterFinished',
      'backoffLimitPerIndex',
    ] as const
  ).flatMap((key) => nonnegative(spec[key], path.child(key)));
  if (spec.maxFailedIndexes !== undefined) {
    errors.push(...nonnegative(spec.maxFailedIndexes, path.child('maxFailedIndexes')));
    if (spec.backoffLimitPerIndex === undefined)
      errors.push(
        field.required(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'),
      );
  }
  if (spec.managedBy !== undefined) {
    errors.push(...domainPrefixedPath(path.child('managedBy'), spec.managedBy));
    if (spec.managedBy.length > MAX_MANAGED_BY_LENGTH)
      errors.push(field.tooLong(path.child('managedBy'), '', MAX_MANAGED_BY_LENGTH));
  }
  const mode = spec.completionMode;
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errors.push(
        field.notSupported(path.child('completionMode'), mode, ['NonIndexed', 'Indexed']),
      );
    if (mode === 'Indexed') errors.push(...validateIndexedLimits(spec, path));
  }
  if (mode === undefined || mode === 'NonIndexed') {
    for (const key of ['backoffLimitPerIndex', 'maxFailedIndexes'] as const) {
      const value = spec[key];
      if (value !== undefined)
        errors.push(field.invalid(path.child(key), value, 'requires indexed completion mode'));
    }
  }
  if (spec.podFailurePolicy)
    errors.push(...validatePodFailurePolicy(spec, path.child('podFailurePolicy')));
  if (spec.successPolicy) {
    if (mode !== 'Indexed')
      errors.push(
        field.invalid(
          path.child('successPolicy'),
          spec.successPolicy,
          'requires indexed completion mode',
        ),
      );
    else errors.push(...validateSuccessPolicy(spec, path.child('successPolicy')));
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined) {
    const allowed = spec.podFailurePolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(replacement))
      errors.push(field.notSupported(path.child('podReplacementPolicy'), replacement, allowed));
  }
  errors.push(
    ...validatePodTemplateSpec(spec.template, path.child('template')),
    ...validateRestartPolicy(spec, path),
  );
  return errors;
}

/** ValidateJobSpec: the shared fields, then a selector that matches the template. */
function validateJobSpec(spec: JobSpec, path: FieldPath): FieldError[] {
  const errors = validateJobSpecFields(spec, path);
  if (!spec.selector) errors.push(field.required(path.child('selector')));
  else errors.push(...validateLabelSelector(spec.selector, path.child('selector')));
  const selector = selectorOf(spec.selector);
  const labels = (spec.template as Template).metadata?.labels;
  if (selector && !selectorMatches(selector, labels)) {
    errors.push(
      field.invalid(
        path.child('template', 'metadata', 'labels'),
        stringMapGo(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  return errors;
}

/** ValidateHasLabel. */
function hasLabel(
  labels: Record<string, string> | undefined,
  key: string,
  expected: string,
): FieldError[] {
  const path = fieldPath('spec', 'template', 'metadata').child('labels').key(key);
  const actual = labels?.[key];
  if (actual === undefined) return [field.required(path, `must be '${expected}'`)];
  return actual === expected
    ? []
    : [field.invalid(path, stringMapGo(labels), `must be '${expected}'`)];
}

/** validateGeneratedSelector. */
function validateGeneratedSelector(
  job: KubeObject,
  spec: JobSpec,
  requirePrefixedLabels: boolean,
): FieldError[] {
  if (spec.manualSelector === true || !spec.selector) return [];
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const labels = (spec.template as Template).metadata?.labels;
  const errors: FieldError[] = [];
  if (uid === '') errors.push(field.required('metadata.uid'));
  errors.push(
    ...hasLabel(labels, LEGACY_CONTROLLER_UID_LABEL, uid),
    ...hasLabel(labels, LEGACY_JOB_NAME_LABEL, name),
  );
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errors.push(
      ...hasLabel(labels, CONTROLLER_UID_LABEL, uid),
      ...hasLabel(labels, JOB_NAME_LABEL, name),
    );
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const selector = selectorOf(spec.selector);
  if (selector && !selectorMatches(selector, expected))
    errors.push(
      field.invalid(
        'spec.selector',
        labelSelectorGo(spec.selector),
        '`selector` not auto-generated',
      ),
    );
  return errors;
}

/** ValidateJob (after ObjectMeta): the generated selector, the spec, and Indexed pod hostnames. */
export function validateJob(
  job: KubeObject,
  spec: JobSpec,
  requirePrefixedLabels: boolean,
): FieldError[] {
  const errors = [
    ...validateGeneratedSelector(job, spec, requirePrefixedLabels),
    ...validateJobSpec(spec, fieldPath('spec')),
  ];
  const completions = spec.completions;
  if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0) {
    const name = job.metadata?.name ?? '';
    const hostname = `${name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errors.push(
        field.invalid(
          'metadata.name',
          name,
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errors;
}

/** validatePodTemplateUpdate: a suspended Job that never started may change its scheduling directives. */
function templateUpdateErrors(
  spec: JobSpec,
  old: JobSpec,
  mutableScheduling: boolean,
): FieldError[] {
  const template = spec.template as Template;
  const oldTemplate = copyJson(old.template) as unknown as {
    spec: Record<string, unknown>;
    metadata?: Record<string, unknown>;
  };
  if (mutableScheduling) {
    const newSpec = (template.spec ?? {}) as unknown as Record<string, unknown>;
    const oldAffinity = oldTemplate.spec.affinity as Record<string, unknown> | undefined;
    const newAffinity = newSpec.affinity as Record<string, unknown> | undefined;
    if (!newAffinity && oldAffinity) {
      delete oldAffinity.nodeAffinity;
      if (Object.keys(oldAffinity).length === 0) delete oldTemplate.spec.affinity;
    } else if (newAffinity && !oldAffinity) {
      oldTemplate.spec.affinity =
        newAffinity.nodeAffinity === undefined ? {} : { nodeAffinity: newAffinity.nodeAffinity };
    } else if (newAffinity && oldAffinity) {
      if (newAffinity.nodeAffinity === undefined) delete oldAffinity.nodeAffinity;
      else oldAffinity.nodeAffinity = newAffinity.nodeAffinity;
    }
    for (const key of ['nodeSelector', 'tolerations', 'schedulingGates']) {
      if (newSpec[key] === undefined) delete oldTemplate.spec[key];
      else oldTemplate.spec[key] = newSpec[key];
    }
    const metadata = (oldTemplate.metadata ??= {});
    for (const key of ['annotations', 'labels'] as const) {
      const value = template.metadata?.[key];
      if (value === undefined) delete metadata[key];
      else metadata[key] = value;
    }
  }
  return immutable(template, oldTemplate, 'spec.template');
}

export interface JobUpdateOptions {
  /** The old Job was suspended and never started. */
  mutableScheduling: boolean;
}

/** ValidateJobSpecUpdate. */
export function validateJobSpecUpdate(
  spec: JobSpec,
  old: JobSpec,
  options: JobUpdateOptions,
): FieldError[] {
  const errors = validateJobSpec(spec, fieldPath('spec'));
  // ElasticIndexedJob (GA): an Indexed Job may change completions together with parallelism.
  if (spec.completionMode !== 'Indexed')
    errors.push(...immutable(spec.completions, old.completions, 'spec.completions'));
  else if (
    spec.completions !== undefined &&
    spec.completions !== old.completions &&
    spec.completions !== spec.parallelism
  ) {
    errors.push(
      field.invalid(
        'spec.completions',
        spec.completions,
        'can only be modified in tandem with spec.parallelism',
      ),
    );
  }
  errors.push(
    ...immutableSelector(spec.selector, old.selector),
    ...templateUpdateErrors(spec, old, options.mutableScheduling),
  );
  for (const key of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ] as const) {
    errors.push(...immutable(spec[key], old[key], `spec.${key}`));
  }
  return errors;
}

// --- CronJob --------------------------------------------------------------------------------

/** ValidateJobTemplateSpec: a job template never carries a selector. */
function validateJobTemplateSpec(template: JobTemplateSpec, path: FieldPath): FieldError[] {
  const spec = (template.spec ?? {}) as JobSpec;
  const errors = validateJobSpecFields(spec, path.child('spec'));
  if (spec.selector)
    errors.push(
      field.invalid(
        path.child('spec', 'selector'),
        labelSelectorGo(spec.selector),
        '`selector` will be auto-generated',
      ),
    );
  if (spec.manualSelector === true)
    errors.push(field.notSupported(path.child('spec', 'manualSelector'), true, ['nil', 'false']));
  return errors;
}

const VALID_TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** validateTimeZone. */
function validateTimeZone(timeZone: string | undefined, path: FieldPath): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone === '')
    return [field.invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  const unknown = [field.invalid(path, timeZone, `unknown time zone ${timeZone}`)];
  if (
    timeZone
      .split('/')
      .some(
        (part) =>
          part === '.' || part === '..' || part.startsWith('-') || !VALID_TIME_ZONE_PART.test(part),
      )
  )
    return unknown;
  const errors: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errors.push(
      field.invalid(
        path,
        timeZone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  const loadError = loadLocationError(timeZone);
  if (loadError !== null) errors.push(field.invalid(path, timeZone, loadError));
  return errors;
}

/** validateScheduleFormat: the parser's error, then the TZ rules. */
function validateSchedule(
  schedule: string,
  oldSchedule: string | undefined,
  timeZone: string | undefined,
): FieldError[] {
  const path = fieldPath('spec', 'schedule');
  const errors: FieldError[] = [];
  const parsed = parseStandardSchedule(schedule);
  if ('error' in parsed) errors.push(field.invalid(path, schedule, parsed.error));
  const allowTZ = oldSchedule?.includes('TZ') ?? false;
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined)
    errors.push(
      field.invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'),
    );
  else if (!allowTZ && schedule.includes('TZ'))
    errors.push(
      field.invalid(
        path,
        schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    );
  return errors;
}

/** validateCronJobSpec; `old` is the stored spec on update. */
export function validateCronJobSpec(spec: CronJobSpec, old?: CronJobSpec): FieldError[] {
  const path = fieldPath('spec');
  const errors = spec.schedule
    ? validateSchedule(spec.schedule, old?.schedule, spec.timeZone)
    : [field.required(path.child('schedule'))];
  errors.push(...nonnegative(spec.startingDeadlineSeconds, path.child('startingDeadlineSeconds')));
  if (!old || old.timeZone !== spec.timeZone)
    errors.push(...validateTimeZone(spec.timeZone, path.child('timeZone')));
  const policies = ['Allow', 'Forbid', 'Replace'];
  const policy = spec.concurrencyPolicy ?? '';
  if (policy === '') errors.push(field.required(path.child('concurrencyPolicy')));
  else if (!policies.includes(policy))
    errors.push(field.notSupported(path.child('concurrencyPolicy'), policy, policies));
  errors.push(
    ...validateJobTemplateSpec(spec.jobTemplate, path.child('jobTemplate')),
    ...nonnegative(spec.successfulJobsHistoryLimit, path.child('successfulJobsHistoryLimit')),
    ...nonnegative(spec.failedJobsHistoryLimit, path.child('failedJobsHistoryLimit')),
  );
  return errors;
}
