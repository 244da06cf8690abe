// Typed values as structured-merge-diff v4 walks them (typed/helpers.go, tofieldset.go,
// compare.go): how a schema node treats a value (scalar leaf, atomic or associative list,
// atomic or granular map), how list items are named (k:/v: elements), the set of fields an
// object sets, and what changed between two objects.

import { isJsonObject, jsonEqual, type Json, type JsonObject } from '../../api/json-merge-patch.ts';
import type { SchemaNode } from '../../api/schema/schema.ts';
import {
  FieldSet,
  fieldElement,
  keyElement,
  valueElement,
  type KeyField,
  type PathElement,
} from './fieldpath.ts';

/** The deduced type of values without a schema: scalars, atomic lists, granular maps. */
export const DEDUCED: SchemaNode = {
  kind: 'untyped',
  patchStrategies: [],
  patchMergeKey: undefined,
  definition: undefined,
  goType: 'interface {}',
};

/** How a node treats a value (schema.Atom after deduceAtom). */
export type Atom =
  | { readonly kind: 'scalar' }
  | {
      readonly kind: 'list';
      readonly atomic: boolean;
      readonly keys: readonly string[];
      readonly element: SchemaNode;
    }
  | {
      readonly kind: 'map';
      readonly atomic: boolean;
      child(name: string): SchemaNode;
      isField(name: string): boolean;
    };

const SCALAR: Atom = { kind: 'scalar' };
const DEDUCED_LIST: Atom = { kind: 'list', atomic: true, keys: [], element: DEDUCED };
const DEDUCED_MAP: Atom = {
  kind: 'map',
  atomic: false,
  child: () => DEDUCED,
  isField: () => false,
};

const atoms = new WeakMap<SchemaNode, Atom>();

export function atomOf(type: SchemaNode, value: Json | undefined): Atom {
  if (type.kind === 'untyped') {
    if (Array.isArray(value)) return DEDUCED_LIST;
    return isJsonObject(value) ? DEDUCED_MAP : SCALAR;
  }
  let atom = atoms.get(type);
  if (!atom) {
    atom = typedAtom(type);
    atoms.set(type, atom);
  }
  return atom;
}

function typedAtom(type: Exclude<SchemaNode, { kind: 'untyped' }>): Atom {
  switch (type.kind) {
    case 'scalar':
      return SCALAR;
    case 'list':
      return {
        kind: 'list',
        atomic: type.listType === 'atomic',
        keys: type.listMapKeys,
        element: type.element,
      };
    case 'map':
      return {
        kind: 'map',
        atomic: type.mapType === 'atomic',
        child: () => type.value,
        isField: () => false,
      };
    case 'struct':
      return {
        kind: 'map',
        atomic: type.elementRelationship === 'atomic',
        child: (name) => type.field(name) ?? DEDUCED,
        isField: (name) => type.field(name) !== undefined,
      };
  }
}

/** Defaults of list-map key fields (the schema's `default`), by the item's Go type. */
const KEY_DEFAULTS: Record<string, Record<string, Json>> = {
  'v1.ContainerPort': { protocol: 'TCP' },
  'v1.ServicePort': { protocol: 'TCP' },
};

/** listItemToPathElement: a `k:` element for list-map items, `v:` for set items. */
export function listItemElement(
  atom: Extract<Atom, { kind: 'list' }>,
  item: Json,
): PathElement | string {
  if (atom.atomic) return 'invalid indexing of non-associative list';
  if (atom.keys.length === 0) {
    if (isJsonObject(item)) return "associative list without keys has an element that's a map type";
    if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
    if (item === null)
      return "associative list without keys has an element that's an explicit null";
    return valueElement(item);
  }
  if (item === null) return 'associative list with keys may not have a null element';
  if (!isJsonObject(item)) return 'associative list with keys may not have non-map elements';
  const fields: KeyField[] = [];
  for (const name of atom.keys) {
    const value = name in item ? item[name] : KEY_DEFAULTS[atom.element.goType]?.[name];
    if (value === undefined) {
      return `associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`;
    }
    fields.push([name, value]);
  }
  return keyElement(fields);
}

/** ToFieldSet: every field the value sets (AllowDuplicates: repeated items count once). */
export function toFieldSet(value: Json, type: SchemaNode): FieldSet {
  const set = new FieldSet();
  collect(value, type, [], set);
  return set;
}

function collect(value: Json, type: SchemaNode, path: PathElement[], set: FieldSet): void {
  const atom = atomOf(type, value);
  if (atom.kind === 'scalar' || atom.atomic) {
    set.insert(path);
    return;
  }
  if (atom.kind === 'list') {
    if (Array.isArray(value)) collectListItems(atom, value, path, set);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const element = fieldElement(key);
    path.push(element);
    collect(child, atom.child(key), path, set);
    if (
      child === null ||
      (isJsonObject(child) && Object.keys(child).length === 0) ||
      !atom.isField(key)
    ) {
      set.insert(path);
    }
    path.pop();
  }
}

function collectListItems(
  atom: Extract<Atom, { kind: 'list' }>,
  items: Json[],
  path: PathElement[],
  set: FieldSet,
): void {
  const elements = items.map((item) => listItemElement(atom, item));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const element of elements) {
    if (typeof element === 'string') continue;
    if (seen.has(element.text) && !duplicates.has(element.text)) {
      set.insert([...path, element]);
      duplicates.add(element.text);
    }
    seen.add(element.text);
  }
  for (const [index, element] of elements.entries()) {
    if (typeof element === 'string' || duplicates.has(element.text)) continue;
    path.push(element);
    collect(items[index] ?? null, atom.element, path, set);
    set.insert(path);
    path.pop();
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * TypedValue.Compare: fields added, changed and removed from `lhs` to `rhs`. Subtrees that
 * `ignored` (reset fields) covers are not walked, since the result would be filtered anyway.
 */
export function compare(lhs: Json, rhs: Json, type: SchemaNode, ignored?: FieldSet): Comparison {
  const comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(lhs, rhs, type, [], comparison, ignored);
  return comparison;
}

function leafChange(
  lhs: Json | undefined,
  rhs: Json | undefined,
  path: PathElement[],
  comparison: Comparison,
): void {
  if (lhs === undefined) comparison.added.insert(path);
  else if (rhs === undefined) comparison.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) comparison.modified.insert(path);
}

const NO_FIELDS: JsonObject = {};

function compareNode(
  lhs: Json | undefined,
  rhs: Json | undefined,
  type: SchemaNode,
  path: PathElement[],
  comparison: Comparison,
  ignored?: FieldSet,
): void {
  const atom = atomOf(type, rhs ?? lhs);
  if (atom.kind === 'scalar') {
    leafChange(lhs, rhs, path, comparison);
    return;
  }
  if (atom.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : [];
    const r = Array.isArray(rhs) ? rhs : [];
    if (atom.atomic || (l.length === 0 && r.length === 0)) {
      leafChange(lhs, rhs, path, comparison);
      return;
    }
    compareListItems(atom, l, r, path, comparison);
  } else {
    const l = isJsonObject(lhs) ? lhs : NO_FIELDS;
    const r = isJsonObject(rhs) ? rhs : NO_FIELDS;
    if (atom.atomic || (isEmpty(l) && isEmpty(r))) {
      leafChange(lhs, rhs, path, comparison);
      return;
    }
    for (const key in l) compareField(atom, key, l[key], r[key], path, comparison, ignored);
    for (const key in r) {
      if (!(key in l)) compareField(atom, key, undefined, r[key], path, comparison, ignored);
    }
  }
  if (lhs === undefined) comparison.added.insert(path);
  else if (rhs === undefined) comparison.removed.insert(path);
}

function isEmpty(object: JsonObject): boolean {
  for (const _key in object) return false;
  return true;
}

function compareField(
  atom: Extract<Atom, { kind: 'map' }>,
  key: string,
  lhs: Json | undefined,
  rhs: Json | undefined,
  path: PathElement[],
  comparison: Comparison,
  ignored: FieldSet | undefined,
): void {
  // An unchanged field has nothing to report, and checking that is cheaper than walking it.
  if (lhs !== undefined && rhs !== undefined && jsonEqual(lhs, rhs)) return;
  const element = fieldElement(key);
  if (ignored?.hasMember(element)) return;
  path.push(element);
  const below = ignored?.children.get(element.text)?.set;
  compareNode(lhs, rhs, atom.child(key), path, comparison, below);
  path.pop();
}

function groupItems(
  atom: Extract<Atom, { kind: 'list' }>,
  items: Json[],
): Map<string, { element: PathElement; values: Json[] }> {
  const groups = new Map<string, { element: PathElement; values: Json[] }>();
  for (const item of items) {
    const element = listItemElement(atom, item);
    if (typeof element === 'string') continue;
    const group = groups.get(element.text);
    if (group) group.values.push(item);
    else groups.set(element.text, { element, values: [item] });
  }
  return groups;
}

function compareListItems(
  atom: Extract<Atom, { kind: 'list' }>,
  lhs: Json[],
  rhs: Json[],
  path: PathElement[],
  comparison: Comparison,
): void {
  const left = groupItems(atom, lhs);
  const right = groupItems(atom, rhs);
  for (const text of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(text)?.values ?? [];
    const r = right.get(text)?.values ?? [];
    const element = (left.get(text) ?? right.get(text))?.element as PathElement;
    path.push(element);
    if (l.length <= 1 && r.length <= 1) {
      if (l[0] === undefined || r[0] === undefined || !jsonEqual(l[0], r[0])) {
        compareNode(l[0], r[0], atom.element, path, comparison);
      }
    } else if (l.length >= 2 && r.length >= 2) {
      if (!jsonEqual(l, r)) comparison.modified.insert(path);
    } else if (l.length >= 2) {
      if (r.length > 0) compareNode(undefined, r[0], atom.element, path, comparison);
      comparison.removed.insert(path);
    } else {
      if (l.length > 0) compareNode(l[0], undefined, atom.element, path, comparison);
      comparison.added.insert(path);
    }
    path.pop();
  }
}
