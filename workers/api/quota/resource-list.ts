// Resource lists as quota does arithmetic on them (k8s.io/apiserver pkg/quota/v1/resources.go):
// Add, Subtract, Mask, LessThanOrEqual and friends over quantities. A list is held parsed; its
// JSON form (`{cpu: '500m'}`) is what objects carry. Quantity.Add keeps the first non-zero format.

import { isParseError } from '../errors.ts';
import { formatQuantity, parseQuantity, type Quantity } from '../quantity.ts';

export type ResourceList = Map<string, Quantity>;

const ZERO: Quantity = { milliValue: 0, format: 'DecimalSI' };

/** A resource list from its JSON form; unparsable quantities (refused at decode) count as zero. */
export function parseResourceList(
  json: Readonly<Record<string, unknown>> | undefined | null,
): ResourceList {
  const list: ResourceList = new Map();
  for (const [name, value] of Object.entries(json ?? {})) {
    const quantity = parseQuantity(String(value));
    list.set(name, isParseError(quantity) ? ZERO : quantity);
  }
  return list;
}

/** Quantity.String() of each entry, as the API serializes a ResourceList. */
export function resourceListJson(list: ResourceList): Record<string, string> {
  const json: Record<string, string> = {};
  for (const [name, quantity] of list) json[name] = quantityText(quantity);
  return json;
}

export function quantityText(quantity: Quantity | undefined): string {
  if (!quantity) return '0';
  return quantity.text ?? formatQuantity(quantity.milliValue, quantity.format);
}

/** A quantity of whole units (resource.NewQuantity(n, DecimalSI)). */
export function count(n: number): Quantity {
  return { milliValue: n * 1000, format: 'DecimalSI' };
}

function sum(a: Quantity, b: Quantity, sign: 1 | -1): Quantity {
  const format = a.milliValue === 0 ? b.format : a.format;
  return { milliValue: a.milliValue + sign * b.milliValue, format };
}

export function add(a: ResourceList, b: ResourceList): ResourceList {
  const result: ResourceList = new Map();
  for (const [name, quantity] of a) {
    const other = b.get(name);
    result.set(name, other ? sum(quantity, other, 1) : quantity);
  }
  for (const [name, quantity] of b) if (!result.has(name)) result.set(name, quantity);
  return result;
}

export function subtract(a: ResourceList, b: ResourceList): ResourceList {
  const result: ResourceList = new Map();
  for (const [name, quantity] of a) {
    const other = b.get(name);
    result.set(name, other ? sum(quantity, other, -1) : quantity);
  }
  for (const [name, quantity] of b) {
    if (!result.has(name)) result.set(name, { ...quantity, milliValue: -quantity.milliValue });
  }
  return result;
}

/** SubtractWithNonNegativeResult: a − b, floored at zero per resource. */
export function subtractWithNonNegativeResult(a: ResourceList, b: ResourceList): ResourceList {
  const result: ResourceList = new Map();
  for (const [name, quantity] of subtract(a, b)) {
    if (!a.has(name)) continue;
    result.set(name, quantity.milliValue > 0 ? quantity : { ...quantity, milliValue: 0 });
  }
  return result;
}

export function equals(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [name, quantity] of a) {
    if (b.get(name)?.milliValue !== quantity.milliValue) return false;
  }
  return true;
}

/** LessThanOrEqual: whether every entry of a is within b, and the names that are not. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): [boolean, string[]] {
  const exceeded: string[] = [];
  for (const [name, quantity] of a) {
    const limit = b.get(name);
    if (limit && quantity.milliValue > limit.milliValue) exceeded.push(name);
  }
  return [exceeded.length === 0, exceeded];
}

export function mask(list: ResourceList, names: Iterable<string>): ResourceList {
  const result: ResourceList = new Map();
  for (const name of names) {
    const quantity = list.get(name);
    if (quantity) result.set(name, quantity);
  }
  return result;
}

export function resourceNames(list: ResourceList): string[] {
  return [...list.keys()];
}

export function intersection(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set(a.filter((name) => b.includes(name)))].sort();
}

export function removeZeros(list: ResourceList): ResourceList {
  return new Map([...list].filter(([, quantity]) => quantity.milliValue !== 0));
}

export function isNegative(list: ResourceList): string[] {
  return [...list].filter(([, quantity]) => quantity.milliValue < 0).map(([name]) => name);
}

/** prettyPrint of the quota admission: `name=quantity` sorted by name, comma-joined. */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((name) => `${name}=${quantityText(list.get(name))}`)
    .join(',');
}
