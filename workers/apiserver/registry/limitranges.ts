// The LimitRange registry (core/v1): pkg/registry/core/limitrange/strategy.go, the scheme's
// SetDefaults_LimitRangeItem (pkg/apis/core/v1/defaults.go) and ValidateLimitRange of
// pkg/apis/core/validation/validation.go, 1.32. Go ranges over the resource maps in random
// order; here errors follow the order of the request.

import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1';
import {
  field,
  fieldPath,
  isParseError,
  type FieldError,
  type FieldPath,
} from '../../api/errors.ts';
import { parseQuantity, type Quantity } from '../../api/quantity.ts';
import { quantityText } from '../../api/quota/resource-list.ts';
import { isExtendedResourceName, isNativeResource } from '../../api/quota/resource-names.ts';
import { builtinType } from '../../api/resources.ts';
import { isQualifiedName } from '../../api/validation.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { quantitySyntax, validateResourceName } from './resourcequotas.ts';
import type { Strategy } from './strategy.ts';

export const LIMIT_RANGE_TYPE = builtinType('', 'limitranges');

type List = Record<string, string>;
type ListField = 'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio';

const STANDARD_LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

function itemsOf(object: KubeObject): LimitRangeItem[] {
  return (object as LimitRange).spec?.limits ?? [];
}

function listOf(item: LimitRangeItem, name: ListField): List {
  return item[name] ?? {};
}

/**
 * SetDefaults_LimitRangeItem: a Container item's default limit falls back to its max, its default
 * request to the default limit, then to its min.
 */
function defaultItem(item: LimitRangeItem): void {
  if (item.type !== 'Container') return;
  const defaults: List = { ...listOf(item, 'default') };
  const requests: List = { ...listOf(item, 'defaultRequest') };
  for (const [name, value] of Object.entries(listOf(item, 'max'))) defaults[name] ??= value;
  for (const [name, value] of Object.entries(defaults)) requests[name] ??= value;
  for (const [name, value] of Object.entries(listOf(item, 'min'))) requests[name] ??= value;
  const mutable = item as { default?: List; defaultRequest?: List };
  if (Object.keys(defaults).length > 0) mutable.default = defaults;
  if (Object.keys(requests).length > 0) mutable.defaultRequest = requests;
}

/** validateLimitRangeTypeName. */
function validateTypeName(type: string, path: FieldPath): FieldError[] {
  const errors = isQualifiedName(type).map((message) => field.invalid(path, type, message));
  if (errors.length > 0) return errors;
  if (!type.includes('/') && !STANDARD_LIMIT_TYPES.includes(type))
    return [field.invalid(path, type, 'must be a standard limit type or fully qualified')];
  return [];
}

/** validateContainerResourceName. */
function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errors = validateResourceName(name, path);
  if (!name.includes('/')) {
    const standard =
      ['cpu', 'memory', 'ephemeral-storage'].includes(name) || name.startsWith('hugepages-');
    if (!standard)
      errors.push(field.invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errors.push(field.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errors;
}

/** validateLimitRangeResourceName: storage and the like are allowed beyond Pod and Container. */
function validateLimitRangeResourceName(type: string, name: string, path: FieldPath): FieldError[] {
  return type === 'Pod' || type === 'Container'
    ? validateContainerResourceName(name, path)
    : validateResourceName(name, path);
}

function parsed(text: string | undefined): Quantity | undefined {
  if (text === undefined) return undefined;
  const quantity = parseQuantity(text);
  return isParseError(quantity) ? undefined : quantity;
}

/** The relations between one resource's min, max, defaults and ratio. */
function validateRelations(item: LimitRangeItem, name: string, path: FieldPath): FieldError[] {
  const errors: FieldError[] = [];
  const at = (list: ListField): FieldPath => path.child(list).key(name);
  const text = (list: ListField): string | undefined => listOf(item, list)[name];
  const [min, max, limit, request, ratio] = (
    ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const
  ).map((list) => parsed(text(list)));
  const show = (quantity: Quantity): string => quantityText(quantity);
  const invalid = (list: ListField, value: Quantity, detail: string): void => {
    errors.push(field.invalid(at(list), quantitySyntax(show(value)), detail));
  };
  if (min && max && min.milliValue > max.milliValue)
    invalid('min', min, `min value ${show(min)} is greater than max value ${show(max)}`);
  if (request && min && min.milliValue > request.milliValue)
    invalid(
      'defaultRequest',
      request,
      `min value ${show(min)} is greater than default request value ${show(request)}`,
    );
  if (request && max && request.milliValue > max.milliValue)
    invalid(
      'defaultRequest',
      request,
      `default request value ${show(request)} is greater than max value ${show(max)}`,
    );
  if (request && limit && request.milliValue > limit.milliValue)
    invalid(
      'defaultRequest',
      request,
      `default request value ${show(request)} is greater than default limit value ${show(limit)}`,
    );
  if (limit && min && min.milliValue > limit.milliValue)
    invalid('default', min, `min value ${show(min)} is greater than default value ${show(limit)}`);
  if (limit && max && limit.milliValue > max.milliValue)
    invalid('default', max, `default value ${show(limit)} is greater than max value ${show(max)}`);
  if (ratio && ratio.milliValue < 1000)
    invalid('maxLimitRequestRatio', ratio, `ratio ${show(ratio)} is less than 1`);
  if (ratio && min && max) {
    const maxRatio = max.milliValue / min.milliValue;
    if (ratio.milliValue / 1000 > maxRatio)
      invalid(
        'maxLimitRequestRatio',
        ratio,
        `ratio ${show(ratio)} is greater than max/min = ${maxRatio.toFixed(6)}`,
      );
  }
  const overcommit = isNativeResource(name) && !name.startsWith('hugepages-');
  if (!overcommit && limit && request && limit.milliValue !== request.milliValue)
    invalid(
      'defaultRequest',
      request,
      `default value ${show(limit)} must equal to defaultRequest value ${show(request)} in ${name}`,
    );
  return errors;
}

/** ValidateLimitRange, past ObjectMeta. */
function validateLimitRange(object: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const types = new Set<string>();
  const limitsPath = fieldPath('spec', 'limits');
  itemsOf(object).forEach((item, index) => {
    const path = limitsPath.index(index);
    errors.push(...validateTypeName(item.type, path.child('type')));
    if (types.has(item.type)) errors.push(field.duplicate(path.child('type'), item.type));
    types.add(item.type);
    const keys = new Set<string>();
    const names = (list: ListField): void => {
      for (const name of Object.keys(listOf(item, list))) {
        errors.push(...validateLimitRangeResourceName(item.type, name, path.child(list).key(name)));
        keys.add(name);
      }
    };
    names('max');
    names('min');
    if (item.type === 'Pod') {
      for (const list of ['default', 'defaultRequest'] as const) {
        if (Object.keys(listOf(item, list)).length > 0)
          errors.push(
            field.forbidden(path.child(list), "may not be specified when `type` is 'Pod'"),
          );
      }
    } else {
      names('default');
      names('defaultRequest');
    }
    if (
      item.type === 'PersistentVolumeClaim' &&
      !listOf(item, 'min').storage &&
      !listOf(item, 'max').storage
    )
      errors.push(
        field.required(
          path.child('limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    names('maxLimitRequestRatio');
    for (const name of keys) errors.push(...validateRelations(item, name, path));
  });
  return errors;
}

function checkQuantities(object: KubeObject): string | null {
  for (const item of itemsOf(object)) {
    for (const list of [
      'max',
      'min',
      'default',
      'defaultRequest',
      'maxLimitRequestRatio',
    ] as const) {
      for (const value of Object.values(listOf(item, list))) {
        const quantity = parseQuantity(value);
        if (isParseError(quantity)) return quantity.error;
      }
    }
  }
  return null;
}

export const limitRangeStrategy: Strategy = {
  type: LIMIT_RANGE_TYPE,
  checkDecode: checkQuantities,
  applyDefaults(object) {
    for (const item of itemsOf(object)) defaultItem(item);
  },
  validate: validateLimitRange,
  validateUpdate: validateLimitRange,
};
