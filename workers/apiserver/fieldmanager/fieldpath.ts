// Field paths and sets of them, as sigs.k8s.io/structured-merge-diff/v4 fieldpath models them
// (element.go, path.go, set.go, serialize.go, serialize-pe.go): path elements `f:name`,
// `k:{"name":"nginx"}`, `v:"x"`, `i:0`, a trie of them, and its FieldsV1 JSON form with `.` for
// "this node itself". Sets are kept as maps keyed by the serialized element and sorted only
// when written or iterated.

import { goQuote } from '../../api/errors.ts';
import type { Json } from '../../api/json-merge-patch.ts';
import { goPrint } from '../../api/patch/go-format.ts';

export type PathElement =
  | { readonly kind: 'field'; readonly text: string; readonly name: string }
  | { readonly kind: 'key'; readonly text: string; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly text: string; readonly value: Json }
  | { readonly kind: 'index'; readonly text: string; readonly index: number };

export type KeyField = readonly [name: string, value: Json];

export type Path = readonly PathElement[];

const fieldCache = new Map<string, PathElement>();

export function fieldElement(name: string): PathElement {
  let element = fieldCache.get(name);
  if (!element) {
    element = { kind: 'field', text: `f:${name}`, name };
    fieldCache.set(name, element);
  }
  return element;
}

/** A list-map item's key fields, sorted by name as value.FieldList.Sort does. */
export function keyElement(fields: KeyField[]): PathElement {
  const sorted = fields.length > 1 ? [...fields].sort(([a], [b]) => compareStrings(a, b)) : fields;
  const json = sorted.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return { kind: 'key', text: `k:{${json.join(',')}}`, fields: sorted };
}

export function valueElement(value: Json): PathElement {
  return { kind: 'value', text: `v:${JSON.stringify(value)}`, value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', text: `i:${index}`, index };
}

/** DeserializePathElement; null for element types this version does not know (dropped). */
export function parseElement(text: string): PathElement | null {
  if (text.length < 2 || text[1] !== ':') throw new Error(`missing colon: ${text}`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(JSON.parse(body) as Json);
    case 'k':
      return keyElement(Object.entries(JSON.parse(body) as Record<string, Json>));
    case 'i':
      return indexElement(Number.parseInt(body, 10));
    default:
      return null;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ELEMENT_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

/** value.Compare: numbers, then strings, booleans, lists, maps, null. */
function compareValues(a: Json, b: Json): number {
  const rank = (value: Json): number => {
    if (typeof value === 'number') return 0;
    if (typeof value === 'string') return 1;
    if (typeof value === 'boolean') return 2;
    if (Array.isArray(value)) return 3;
    return value === null ? 5 : 4;
  };
  const difference = rank(a) - rank(b);
  if (difference !== 0) return Math.sign(difference);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i] ?? null, b[i] ?? null);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}

export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind === 'field' && b.kind === 'field') return compareStrings(a.name, b.name);
  if (a.kind !== b.kind) return ELEMENT_ORDER[a.kind] - ELEMENT_ORDER[b.kind];
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key': {
      const other = (b as typeof a).fields;
      for (let i = 0; i < Math.min(a.fields.length, other.length); i++) {
        const [name, value] = a.fields[i] as KeyField;
        const [otherName, otherValue] = other[i] as KeyField;
        const c = compareStrings(name, otherName) || compareValues(value, otherValue);
        if (c !== 0) return c;
      }
      return Math.sign(a.fields.length - other.length);
    }
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
  }
}

/** value.ToString: how conflict messages print a key's values. */
function valueString(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return goPrint(value);
  if (Array.isArray(value)) return `[${value.map(valueString).join(',')}]`;
  return Object.entries(value)
    .map(([key, item]) => `${key}=${valueString(item)}`)
    .join('');
}

/** PathElement.String(): `.spec`, `[name="nginx"]`, `[="a"]`, `[0]`. */
export function elementString(element: PathElement): string {
  switch (element.kind) {
    case 'field':
      return `.${element.name}`;
    case 'key':
      return `[${element.fields.map(([name, value]) => `${name}=${valueString(value)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(element.value)}]`;
    case 'index':
      return `[${element.index}]`;
  }
}

export function pathString(path: Path): string {
  return path.map(elementString).join('');
}

function sorted<T>(entries: Iterable<T>, elementOf: (entry: T) => PathElement): T[] {
  return [...entries].sort((a, b) => compareElements(elementOf(a), elementOf(b)));
}

interface Child {
  readonly element: PathElement;
  readonly set: FieldSet;
}

/** fieldpath.Set: member paths end at this node; children lead further. */
export class FieldSet {
  readonly members = new Map<string, PathElement>();
  readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: Path): void {
    insertPath(this, path);
  }

  descend(element: PathElement): FieldSet {
    let child = this.children.get(element.text);
    if (!child) {
      child = { element, set: new FieldSet() };
      this.children.set(element.text, child);
    }
    return child.set;
  }

  has(path: Path): boolean {
    return hasPath(this, path);
  }

  hasMember(element: PathElement): boolean {
    return this.members.has(element.text);
  }

  /** The subset below `element` (empty when there is none). */
  withPrefix(element: PathElement): FieldSet {
    return this.children.get(element.text)?.set ?? EMPTY;
  }

  empty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.set.empty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    if (other.empty()) return this;
    if (this.empty()) return other;
    const out = new FieldSet();
    for (const [text, element] of this.members) out.members.set(text, element);
    for (const [text, element] of other.members) out.members.set(text, element);
    for (const [text, child] of this.children) out.children.set(text, child);
    for (const [text, child] of other.children) {
      const mine = this.children.get(text);
      out.children.set(
        text,
        mine ? { element: mine.element, set: mine.set.union(child.set) } : child,
      );
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [text, element] of this.members) {
      if (other.members.has(text)) out.members.set(text, element);
    }
    for (const [text, child] of this.children) {
      const theirs = other.children.get(text);
      if (!theirs) continue;
      const both = child.set.intersection(theirs.set);
      if (!both.empty()) out.children.set(text, { element: child.element, set: both });
    }
    return out;
  }

  /** Members minus members, children minus children; a member does not remove children. */
  difference(other: FieldSet): FieldSet {
    if (other.empty()) return this;
    const out = new FieldSet();
    for (const [text, element] of this.members) {
      if (!other.members.has(text)) out.members.set(text, element);
    }
    for (const [text, child] of this.children) {
      const theirs = other.children.get(text);
      const rest = theirs ? child.set.difference(theirs.set) : child.set;
      if (!rest.empty()) out.children.set(text, { element: child.element, set: rest });
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [text, element] of this.members) {
      if (!other.members.has(text)) out.members.set(text, element);
    }
    for (const [text, child] of this.children) {
      if (other.members.has(text)) continue;
      const theirs = other.children.get(text);
      const rest = theirs ? child.set.recursiveDifference(theirs.set) : child.set;
      if (!rest.empty()) out.children.set(text, { element: child.element, set: rest });
    }
    return out;
  }

  /** Every member path, in fieldpath order. */
  iterate(visit: (path: Path) => void, prefix: Path = []): void {
    for (const element of sorted(this.members.values(), (e) => e)) visit([...prefix, element]);
    for (const child of sorted(this.children.values(), (c) => c.element)) {
      child.set.iterate(visit, [...prefix, child.element]);
    }
  }

  paths(): Path[] {
    const paths: Path[] = [];
    this.iterate((path) => paths.push(path));
    return paths;
  }

  /** The FieldsV1 JSON object (emitContentsV1). */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.members.size > 0 || this.children.size > 0)) out['.'] = {};
    const elements: PathElement[] = [...this.members.values()];
    for (const [text, child] of this.children) {
      if (!this.members.has(text)) elements.push(child.element);
    }
    if (elements.length > 1) elements.sort(compareElements);
    for (const element of elements) {
      const child = this.children.get(element.text);
      out[element.text] = child ? child.set.emit(this.members.has(element.text)) : {};
    }
    return out;
  }

  /** Reads a FieldsV1 object (readIterV1); unknown element types are dropped. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    if (typeof fields !== 'object' || fields === null) return set;
    for (const [text, nested] of Object.entries(fields)) {
      if (text === '.') continue;
      const element = parseElement(text);
      if (!element) continue;
      const child = FieldSet.fromFieldsV1(nested);
      const self = typeof nested === 'object' && nested !== null && '.' in nested;
      if (self || child.empty()) set.members.set(element.text, element);
      if (!child.empty()) set.children.set(element.text, { element, set: child });
    }
    return set;
  }
}

const EMPTY = new FieldSet();

function insertPath(root: FieldSet, path: Path): void {
  const last = path[path.length - 1];
  if (!last) return;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) node = node.descend(path[i] as PathElement);
  node.members.set(last.text, last);
}

function hasPath(root: FieldSet, path: Path): boolean {
  const last = path[path.length - 1];
  if (!last) return false;
  let node: FieldSet | undefined = root;
  for (let i = 0; i < path.length - 1 && node; i++) {
    node = node.children.get((path[i] as PathElement).text)?.set;
  }
  return node?.members.has(last.text) ?? false;
}
