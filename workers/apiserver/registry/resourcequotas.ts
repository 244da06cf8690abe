// The ResourceQuota registry (core/v1): pkg/registry/core/resourcequota/strategy.go (status
// reset on create, spec and status each kept by the other's update) and ValidateResourceQuota,
// ValidateResourceQuotaUpdate and ValidateResourceQuotaStatusUpdate of
// pkg/apis/core/validation/validation.go, 1.32, with their %#v-printed bad values.

import type { ResourceQuota, ResourceQuotaSpec, ScopeSelector } from 'kubernetes-types/core/v1';
import { goSyntax, typedStringSlice } from '../../api/core-validation.ts';
import {
  field,
  fieldPath,
  goQuote,
  isParseError,
  type FieldError,
  type FieldPath,
  type GoSyntax,
} from '../../api/errors.ts';
import { parseQuantity } from '../../api/quantity.ts';
import {
  isIntegerResourceName,
  isResourceQuotaScopeValidForResource,
  isStandardQuotaResourceName,
  isStandardResourceName,
  isStandardResourceQuotaScope,
} from '../../api/quota/resource-names.ts';
import { quantityText } from '../../api/quota/resource-list.ts';
import { builtinType } from '../../api/resources.ts';
import { isQualifiedName } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

export const RESOURCE_QUOTA_TYPE = builtinType('', 'resourcequotas');

type Hard = Readonly<Record<string, unknown>>;

function asQuota(object: KubeObject): ResourceQuota {
  return object as ResourceQuota;
}

/** validateResourceName: a qualified name, standard unless it is prefixed. */
export function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const errors = isQualifiedName(name).map((message) => field.invalid(path, name, message));
  if (errors.length > 0) return errors;
  if (!name.includes('/') && !isStandardResourceName(name))
    return [field.invalid(path, name, 'must be a standard resource type or fully qualified')];
  return [];
}

/** ValidateResourceQuotaResourceName. */
export function validateResourceQuotaResourceName(name: string, path: FieldPath): FieldError[] {
  const errors = validateResourceName(name, path);
  if (!name.includes('/') && !isStandardQuotaResourceName(name))
    errors.push(field.invalid(path, name, 'must be a standard resource for quota'));
  return errors;
}

/**
 * %#v of a resource.Quantity (its String() has a pointer receiver, so field errors print the
 * struct): the int64Amount of upstream's fast path, and the cached string when it kept one. The
 * typed decoder keeps quantities canonical, so `1.5` shows as upstream shows `1500m`.
 */
export function quantitySyntax(text: string): GoSyntax {
  const parsed = parseQuantity(text);
  const match = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*)$/.exec(text);
  const exponent = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }[
    match?.[4] ?? ''
  ];
  const digits = `${match?.[2] ?? ''}${match?.[3] ?? ''}`.replace(/^0+/, '') || '0';
  const value = `${match?.[1] === '-' && digits !== '0' ? '-' : ''}${digits}`;
  const scale = (exponent ?? 0) - (match?.[3]?.length ?? 0);
  const cached = !isParseError(parsed) && parsed.text !== undefined ? text : '';
  const format = isParseError(parsed) ? 'DecimalSI' : parsed.format;
  return goSyntax(
    `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${String(scale)}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${goQuote(cached)}, Format:${goQuote(format)}}`,
  );
}

/** ValidateResourceQuantityValue: not negative, and whole for integer resources. */
function validateResourceQuantityValue(
  name: string,
  value: unknown,
  path: FieldPath,
): FieldError[] {
  const text = String(value);
  const parsed = parseQuantity(text);
  if (isParseError(parsed)) return [];
  const errors: FieldError[] = [];
  if (parsed.milliValue < 0)
    errors.push(field.invalid(path, quantityText(parsed), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && parsed.milliValue % 1000 !== 0)
    errors.push(field.invalid(path, quantitySyntax(text), 'must be an integer'));
  return errors;
}

function validateResourceList(list: Hard | undefined, path: FieldPath): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([name, value]) => [
    ...validateResourceQuotaResourceName(name, path.key(name)),
    ...validateResourceQuantityValue(name, value, path.key(name)),
  ]);
}

function scopesSyntax(scopes: readonly string[] | undefined): GoSyntax {
  return scopes === undefined
    ? goSyntax('[]core.ResourceQuotaScope(nil)')
    : typedStringSlice('core.ResourceQuotaScope', scopes);
}

function scopeSelectorSyntax(selector: ScopeSelector): GoSyntax {
  const expressions = selector.matchExpressions;
  const items = (expressions ?? []).map((requirement) => {
    const values =
      requirement.values === undefined
        ? '[]string(nil)'
        : `[]string{${requirement.values.map((value) => goQuote(value)).join(', ')}}`;
    return `core.ScopedResourceSelectorRequirement{ScopeName:${goQuote(requirement.scopeName)}, Operator:${goQuote(requirement.operator)}, Values:${values}}`;
  });
  const list =
    expressions === undefined
      ? '[]core.ScopedResourceSelectorRequirement(nil)'
      : `[]core.ScopedResourceSelectorRequirement{${items.join(', ')}}`;
  return goSyntax(`core.ScopeSelector{MatchExpressions:${list}}`);
}

const INVALID_SCOPE_PAIRS = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function conflicting(scopes: ReadonlySet<string>): number {
  return INVALID_SCOPE_PAIRS.filter((pair) => pair.every((scope) => scopes.has(scope))).length;
}

/** validateResourceQuotaScopes. */
function validateScopes(spec: ResourceQuotaSpec, path: FieldPath): FieldError[] {
  const scopes = spec.scopes ?? [];
  if (scopes.length === 0) return [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const scopesPath = path.child('scopes');
  const errors: FieldError[] = [];
  for (const scope of scopes) {
    if (!isStandardResourceQuotaScope(scope))
      errors.push(field.invalid(scopesPath, scopesSyntax(scopes), 'unsupported scope'));
    for (const name of hard) {
      if (isStandardQuotaResourceName(name) && !isResourceQuotaScopeValidForResource(scope, name))
        errors.push(
          field.invalid(scopesPath, scopesSyntax(scopes), 'unsupported scope applied to resource'),
        );
    }
  }
  for (let i = conflicting(new Set(scopes)); i > 0; i--)
    errors.push(field.invalid(scopesPath, scopesSyntax(scopes), 'conflicting scopes'));
  return errors;
}

const EXISTS_ONLY_SCOPES = [
  'BestEffort',
  'NotBestEffort',
  'Terminating',
  'NotTerminating',
  'CrossNamespacePodAffinity',
];

/** validateScopedResourceSelectorRequirement, through validateScopeSelector. */
function validateScopeSelector(spec: ResourceQuotaSpec, path: FieldPath): FieldError[] {
  const selector = spec.scopeSelector;
  if (!selector) return [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const at = path.child('scopeSelector').child('matchExpressions');
  const errors: FieldError[] = [];
  const scopes = new Set<string>();
  for (const requirement of selector.matchExpressions ?? []) {
    const { scopeName, operator } = requirement;
    if (!isStandardResourceQuotaScope(scopeName))
      errors.push(field.invalid(at.child('scopeName'), scopeName, 'unsupported scope'));
    for (const name of hard) {
      if (
        isStandardQuotaResourceName(name) &&
        !isResourceQuotaScopeValidForResource(scopeName, name)
      )
        errors.push(
          field.invalid(at, scopeSelectorSyntax(selector), 'unsupported scope applied to resource'),
        );
    }
    if (EXISTS_ONLY_SCOPES.includes(scopeName) && operator !== 'Exists')
      errors.push(
        field.invalid(
          at.child('operator'),
          operator,
          "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    const values = requirement.values ?? [];
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        errors.push(
          field.required(
            at.child('values'),
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length !== 0)
        errors.push(
          field.invalid(
            at.child('values'),
            goSyntax(`[]string{${values.map((value) => goQuote(value)).join(', ')}}`),
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else {
      errors.push(field.invalid(at.child('operator'), operator, 'not a valid selector operator'));
    }
    scopes.add(scopeName);
  }
  for (let i = conflicting(scopes); i > 0; i--)
    errors.push(field.invalid(at, scopesSyntax(spec.scopes), 'conflicting scopes'));
  return errors;
}

/** ValidateResourceQuotaSpec. */
export function validateResourceQuotaSpec(spec: ResourceQuotaSpec | undefined): FieldError[] {
  const path = fieldPath('spec');
  const quotaSpec = spec ?? {};
  return [
    ...validateResourceList(quotaSpec.hard, path.child('hard')),
    ...validateScopes(quotaSpec, path),
    ...validateScopeSelector(quotaSpec, path),
  ];
}

function validateStatus(quota: ResourceQuota): FieldError[] {
  const path = fieldPath('status');
  return [
    ...validateResourceList(quota.status?.hard, path.child('hard')),
    ...validateResourceList(quota.status?.used, path.child('used')),
  ];
}

function sameScopes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = new Set(a ?? []);
  const right = new Set(b ?? []);
  return left.size === right.size && [...left].every((scope) => right.has(scope));
}

function checkQuantities(...lists: (Hard | undefined)[]): string | null {
  for (const list of lists) {
    for (const value of Object.values(list ?? {})) {
      const parsed = parseQuantity(String(value));
      if (isParseError(parsed)) return parsed.error;
    }
  }
  return null;
}

export const resourceQuotaStrategy: Strategy = {
  type: RESOURCE_QUOTA_TYPE,
  checkDecode(object) {
    const quota = asQuota(object);
    return checkQuantities(quota.spec?.hard, quota.status?.hard, quota.status?.used);
  },
  prepareForCreate(object) {
    (object as { status?: unknown }).status = {};
  },
  prepareForUpdate(object, old) {
    (object as { status?: unknown }).status = (old as { status?: unknown }).status;
  },
  validate: (object) => [
    ...validateResourceQuotaSpec(asQuota(object).spec),
    ...validateStatus(asQuota(object)),
  ],
  validateUpdate(object, old) {
    const errors = validateResourceQuotaSpec(asQuota(object).spec);
    const scopes = asQuota(object).spec?.scopes;
    if (!sameScopes(scopes, asQuota(old).spec?.scopes))
      errors.push(field.invalid('spec.scopes', scopesSyntax(scopes), 'field is immutable'));
    return errors;
  },
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate: (object) => validateStatus(asQuota(object)),
  },
};
