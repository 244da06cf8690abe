// Merging an applied configuration into a live object, removing fields from it and checking a
// configuration against the schema, as structured-merge-diff v4 does (typed/merge.go with
// ruleKeepRHS, typed/remove.go, typed/validate.go). Absent values are undefined; JSON null is a
// value, as upstream distinguishes a missing field from an explicit null.

import { isJsonObject, type Json, type JsonObject } from '../../api/json-merge-patch.ts';
import { goPrint } from '../../api/patch/go-format.ts';
import type { SchemaNode } from '../../api/schema/schema.ts';
import {
  elementString,
  fieldElement,
  indexElement,
  type FieldSet,
  type PathElement,
} from './fieldpath.ts';
import { atomOf, listItemElement, type Atom } from './typed.ts';

type ListAtom = Extract<Atom, { kind: 'list' }>;

/** TypedValue.Merge: `config` wins wherever it sets something; lists merge by item key. */
export function merge(
  live: Json | undefined,
  config: Json | undefined,
  type: SchemaNode,
): Json | undefined {
  const atom = atomOf(type, config ?? live);
  const leaf = config !== undefined ? config : live;
  if (atom.kind === 'scalar') return leaf;
  if (atom.kind === 'list') {
    const l = Array.isArray(live) ? live : [];
    const r = Array.isArray(config) ? config : [];
    if (atom.atomic || (l.length === 0 && r.length === 0)) return leaf;
    const out = mergeListItems(atom, l, r);
    return out.length > 0 ? out : undefined;
  }
  const l = isJsonObject(live) ? live : {};
  const r = isJsonObject(config) ? config : {};
  if (atom.atomic || (Object.keys(l).length === 0 && Object.keys(r).length === 0)) return leaf;
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const merged = merge(l[key], r[key], atom.child(key));
    if (merged !== undefined) out[key] = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface IndexedItems {
  elements: PathElement[];
  /** By element text; an item the list repeats is null (it is not merged). */
  observed: Map<string, Json>;
}

function indexItems(atom: ListAtom, items: Json[], allowDuplicates: boolean): IndexedItems {
  const elements: PathElement[] = [];
  const observed = new Map<string, Json>();
  for (const item of items) {
    const element = listItemElement(atom, item);
    if (typeof element === 'string') continue;
    if (observed.has(element.text)) {
      if (!allowDuplicates) continue;
      observed.set(element.text, null);
    } else {
      observed.set(element.text, item);
    }
    elements.push(element);
  }
  return { elements, observed };
}

/**
 * visitListItems of the merging walker: the live order is kept, items the configuration adds
 * go after the live item that precedes them in the configuration, and items both have follow
 * the configuration's order.
 */
function mergeListItems(atom: ListAtom, live: Json[], config: Json[]): Json[] {
  const out: Json[] = [];
  const rhs = indexItems(atom, config, false);
  const lhs = indexItems(atom, live, true);
  const shared = rhs.elements.filter((element) => lhs.observed.has(element.text));
  let nextShared = shared.shift();
  const mergedRhs = new Set<string>();
  const push = (item: Json | undefined): void => {
    if (item !== undefined) out.push(item);
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.elements.length || ri < rhs.elements.length) {
    if (li < lhs.elements.length && ri < rhs.elements.length) {
      const element = lhs.elements[li] as PathElement;
      if (element.text === rhs.elements[ri]?.text) {
        mergedRhs.add(element.text);
        push(merge(lhs.observed.get(element.text), rhs.observed.get(element.text), atom.element));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rhs.observed.has(element.text) && nextShared && nextShared.text !== element.text) {
        li++;
        continue;
      }
    }
    if (li < lhs.elements.length) {
      const element = lhs.elements[li] as PathElement;
      if (!rhs.observed.has(element.text)) {
        push(merge(live[li], undefined, atom.element));
        li++;
        continue;
      } else if (mergedRhs.has(element.text)) {
        li++;
      }
    }
    if (ri < rhs.elements.length) {
      const element = rhs.elements[ri] as PathElement;
      mergedRhs.add(element.text);
      push(merge(lhs.observed.get(element.text), rhs.observed.get(element.text), atom.element));
      ri++;
      if (nextShared?.text === element.text) nextShared = shared.shift();
    }
  }
  return out;
}

/** TypedValue.RemoveItems: drops the members of `toRemove`; an emptied map or list is null. */
export function removeItems(value: Json, toRemove: FieldSet, type: SchemaNode): Json {
  const atom = atomOf(type, value);
  if (atom.kind === 'scalar') return value;
  if (atom.kind === 'list') {
    if (!Array.isArray(value) || value.length === 0 || atom.atomic) return null;
    const items: Json[] = [];
    for (const item of value) {
      const element = listItemElement(atom, item);
      if (typeof element === 'string') {
        items.push(item);
        continue;
      }
      if (toRemove.hasMember(element)) continue;
      const below = toRemove.withPrefix(element);
      items.push(below.empty() ? item : removeItems(item, below, atom.element));
    }
    return items.length > 0 ? items : null;
  }
  if (!isJsonObject(value) || Object.keys(value).length === 0 || atom.atomic) return null;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const element = fieldElement(key);
    if (toRemove.hasMember(element)) continue;
    const below = toRemove.withPrefix(element);
    out[key] = below.empty() ? item : removeItems(item, below, atom.child(key));
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** What Go's %v prints for a value.Value holding `value`. */
function valueText(value: Json): string {
  return `&{${goPrint(value)}}`;
}

function goTypeOf(value: Json): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return value === null ? '<nil>' : 'map[string]interface {}';
}

/** validateScalar: schemaconv makes string fields with a format other than byte untyped. */
function scalarError(type: SchemaNode, value: Json): string | null {
  if (value === null || type.kind !== 'scalar') return null;
  const isScalar = typeof value !== 'object';
  switch (type.scalar) {
    case 'integer':
    case 'number':
      return typeof value === 'number'
        ? null
        : `expected numeric (int or float), got ${goTypeOf(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected boolean, got ${valueText(value)}`;
    case 'string':
      if (type.format === undefined || type.format === '' || type.format === 'byte') {
        return typeof value === 'string'
          ? null
          : `expected string, got &value.valueUnstructured{Value:${goSharpV(value)}}`;
      }
      return isScalar ? null : `expected any scalar, got ${valueText(value)}`;
    default:
      return isScalar ? null : `expected any scalar, got ${valueText(value)}`;
  }
}

/** fmt %#v of a decoded YAML value. */
function goSharpV(value: Json): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(', ')}}`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${goSharpV(value[key] ?? null)}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return goPrint(value);
}

interface ValidationError {
  path: string;
  message: string;
}

/** AsTyped's validation of an applied configuration; the error text upstream prints, or null. */
export function validate(value: Json, type: SchemaNode): string | null {
  const errors: ValidationError[] = [];
  validateNode(value, type, [], errors);
  if (errors.length === 0) return null;
  const texts = errors.map(({ path, message }) => (path ? `${path}: ${message}` : message));
  return texts.length === 1 ? (texts[0] as string) : ['errors:', ...texts].join('\n  ');
}

function validateNode(
  value: Json,
  type: SchemaNode,
  path: PathElement[],
  errors: ValidationError[],
): void {
  const at = (message: string): void => {
    errors.push({ path: path.map(elementString).join(''), message });
  };
  const atom = atomOf(type, value);
  if (atom.kind === 'scalar') {
    const error = scalarError(type, value);
    if (error) at(error);
    return;
  }
  if (value === null) return;
  if (atom.kind === 'list') {
    if (!Array.isArray(value)) {
      at(`expected list, got ${valueText(value)}`);
      return;
    }
    const seen = new Set<string>();
    for (const [index, item] of value.entries()) {
      let element: PathElement | string = indexElement(index);
      if (!atom.atomic) {
        element = listItemElement(atom, item);
        if (typeof element === 'string') {
          at(`element ${index}: ${element}`);
          return;
        }
        if (seen.has(element.text)) at(`duplicate entries for key ${elementString(element)}`);
        seen.add(element.text);
      }
      path.push(element);
      validateNode(item, atom.element, path, errors);
      path.pop();
    }
    return;
  }
  if (!isJsonObject(value)) {
    at(`expected map, got ${valueText(value)}`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    path.push(fieldElement(key));
    if (type.kind === 'struct' && !atom.isField(key)) {
      at('field not declared in schema');
      path.pop();
      return;
    }
    validateNode(item, atom.child(key), path, errors);
    path.pop();
  }
}
