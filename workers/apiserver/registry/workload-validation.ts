// Validation pieces every workload shares: non-negative counts and int-or-percent values
// (pkg/apis/apps/validation/validation.go), selector conversion (metav1.LabelSelectorAsSelector),
// immutable fields (ValidateImmutableField) and statuses as Go encodes them.

import { intOrStringSyntax, validateNonnegative } from '../../api/core-validation.ts';
import {
  field,
  isParseError,
  type FieldError,
  type FieldPath,
  type PathLike,
} from '../../api/errors.ts';
import { copyJson, jsonEqual } from '../../api/json-merge-patch.ts';
import {
  labelSelectorFromObject,
  matchesLabels,
  selectorString,
  type LabelSelector,
  type Selector,
} from '../../api/labels.ts';
import { regexError } from '../../api/validation.ts';
import { labelSelectorGo } from './go-values.ts';

export const IS_NEGATIVE = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE = 'field is immutable';

/** ValidateNonnegativeField of an optional field: nothing to check when it is unset. */
export function nonnegative(value: number | undefined, path: PathLike): FieldError[] {
  return value === undefined ? [] : validateNonnegative(value, path);
}

/** ValidateImmutableField (Semantic.DeepEqual): reports the new value. */
export function immutable(
  value: unknown,
  old: unknown,
  path: PathLike,
  shown: unknown = value,
): FieldError[] {
  return jsonEqual(value ?? null, old ?? null)
    ? []
    : [field.invalid(path, shown ?? null, FIELD_IMMUTABLE)];
}

/** apps/v1 and batch/v1 selectors never change after create. */
export function immutableSelector(
  selector: LabelSelector | undefined,
  old: LabelSelector | undefined,
): FieldError[] {
  return immutable(selector, old, 'spec.selector', selector ? labelSelectorGo(selector) : null);
}

// --- label selectors ------------------------------------------------------------------------

/** metav1.LabelSelectorAsSelector: null when the selector does not convert. */
export function selectorOf(selector: LabelSelector | undefined): Selector | null {
  const parsed = labelSelectorFromObject(selector);
  return isParseError(parsed) ? null : parsed;
}

/** Selector.Empty(): true only for a selector that selects everything (Nothing is not empty). */
export function selectsEverything(selector: Selector): boolean {
  return 'requirements' in selector && selector.requirements.length === 0;
}

export function selectorMatches(
  selector: Selector,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabels(selector, labels ?? {});
}

/** `selector.String()`, as the scale subresource reports it; a parse failure's text otherwise. */
export function selectorText(selector: LabelSelector | undefined): string | { error: string } {
  const parsed = labelSelectorFromObject(selector);
  return isParseError(parsed) ? parsed : selectorString(parsed);
}

// --- int or percent -------------------------------------------------------------------------

export type IntOrString = number | string;

const PERCENT_FMT = '[0-9]+%';
const PERCENT_ERR = "a valid percent string must be a numeric string followed by an ending '%'";

function percentMessages(value: string): string[] {
  return /^[0-9]+%$/.test(value) ? [] : [regexError(PERCENT_ERR, PERCENT_FMT, '1%', '93%')];
}

/** strconv.Atoi as IntOrString.IntValue uses it: 0 for anything that is not a decimal integer. */
function atoi(text: string): number {
  return /^[+-]?\d+$/.test(text) ? Number(text) : 0;
}

function percentValue(value: IntOrString): number | null {
  if (typeof value !== 'string' || percentMessages(value).length > 0) return null;
  return Number(value.slice(0, -1));
}

/** getIntOrPercentValue. */
export function intOrPercentValue(value: IntOrString | undefined): number {
  if (value === undefined) return 0;
  return percentValue(value) ?? (typeof value === 'string' ? atoi(value) : value);
}

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(
  value: IntOrString | undefined,
  path: FieldPath,
): FieldError[] {
  if (typeof value === 'string')
    return percentMessages(value).map((message) =>
      field.invalid(path, intOrStringSyntax(value), message),
    );
  return nonnegative(value ?? 0, path);
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(
  value: IntOrString | undefined,
  path: FieldPath,
): FieldError[] {
  const percent = value === undefined ? null : percentValue(value);
  return percent !== null && percent > 100
    ? [field.invalid(path, intOrStringSyntax(value ?? 0), 'must not be greater than 100%')]
    : [];
}

// --- status ---------------------------------------------------------------------------------

/**
 * A status as Go encodes it after decoding: fields without omitempty show even at zero, zero
 * counters with omitempty disappear.
 */
export function normalizeStatus(
  status: Record<string, unknown> | undefined,
  counters: { required: readonly string[]; omitEmpty: readonly string[] },
): Record<string, unknown> {
  const normalized = status ? copyJson(status) : {};
  for (const key of counters.omitEmpty) if (normalized[key] === 0) delete normalized[key];
  for (const key of counters.required) normalized[key] ??= 0;
  return normalized;
}

/** IsDecremented on collisionCount, and the error it gives. */
export function collisionCountDecremented(
  status: { collisionCount?: number } | undefined,
  old: { collisionCount?: number } | undefined,
): FieldError[] {
  const value = status?.collisionCount;
  const previous = old?.collisionCount;
  const decremented = previous !== undefined && (value === undefined || value < previous);
  return decremented
    ? [field.invalid('status.collisionCount', value ?? 0, 'cannot be decremented')]
    : [];
}
