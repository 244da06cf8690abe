// JSON patch (RFC 6902) as gopkg.in/evanphx/json-patch.v4 (patch.go) applies it for the
// apiserver: add/remove/replace/move/copy/test, `-` and negative indices, ~0/~1 escapes, and its
// quirks (replace on a missing object key adds it; a null value reads as missing). Errors carry
// v4's texts. Left out: the raw-byte comparison of numbers in `test` (1 and 1.0 are equal here).

import { isJsonObject, jsonEqual, type Json, type JsonObject } from '../json-merge-patch.ts';

type Container = JsonObject | Json[];

/** The apiserver's limit on what `copy` operations may add (server JSONPatchMaxCopyBytes). */
const ACCUMULATED_COPY_SIZE_LIMIT = 3 * 1024 * 1024;

export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

function fail(message: string, cause: string): never {
  throw new JsonPatchError(`${message}: ${cause}`);
}

/** strconv.Atoi: an optional sign and decimal digits, within int64. */
function atoi(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text))
    return `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  const value = Number(text);
  if (!Number.isSafeInteger(value) && Math.abs(value) >= 2 ** 63) {
    return `strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`;
  }
  return value;
}

function decodeKey(token: string): string {
  return token.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

/** partialArray's index rules: negative indices count from the end. */
function arrayIndex(array: Json[], key: string, length: number): number {
  const index = atoi(key);
  if (typeof index === 'string') throw new JsonPatchError(index);
  if (index >= length || index < -length) {
    throw new JsonPatchError(`Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
  }
  return index < 0 ? index + length : index;
}

/** container.get: a missing object key (or a null value) is undefined, not an error. */
function get(container: Container, key: string): Json | undefined {
  if (!Array.isArray(container)) {
    const value = container[key];
    return value === null ? undefined : value;
  }
  return container[arrayIndex(container, key, container.length)];
}

function add(container: Container, key: string, value: Json): void {
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = atoi(key);
  if (typeof index === 'string') {
    throw new JsonPatchError(`value was not a proper array index: '${key}': ${index}`);
  }
  const size = container.length + 1;
  if (index >= size || index < -size) {
    throw new JsonPatchError(`Unable to access invalid index: ${index}: ${INVALID_INDEX}`);
  }
  container.splice(index < 0 ? index + size : index, 0, value);
}

function remove(container: Container, key: string): void {
  if (!Array.isArray(container)) {
    if (!(key in container)) {
      throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    }
    delete container[key];
    return;
  }
  container.splice(arrayIndex(container, key, container.length), 1);
}

function set(container: Container, key: string, value: Json): void {
  if (Array.isArray(container)) container[arrayIndex(container, key, container.length)] = value;
  else container[key] = value;
}

/** findObject: the container that holds the last token of `path`, or null. */
function findContainer(
  root: Container,
  path: string,
): { container: Container; key: string } | null {
  const tokens = path.split('/');
  if (tokens.length < 2) return null;
  let container: Container = root;
  for (const token of tokens.slice(1, -1)) {
    let next: Json | undefined;
    try {
      next = get(container, decodeKey(token));
    } catch {
      return null;
    }
    if (!Array.isArray(next) && !isJsonObject(next)) return null;
    container = next;
  }
  return { container, key: decodeKey(tokens[tokens.length - 1] ?? '') };
}

type Operation = Record<string, Json> | null;

/** A string member of the operation: its value, or the error Path()/From() return. */
function member(operation: Operation, name: 'path' | 'from'): string | { error: string } {
  const value = operation?.[name];
  if (value === undefined || value === null) {
    return {
      error:
        name === 'path'
          ? `operation missing path field: ${MISSING}`
          : `operation, missing from field: ${MISSING}`,
    };
  }
  if (typeof value !== 'string') {
    return { error: `json: cannot unmarshal ${jsonKind(value)} into Go value of type string` };
  }
  return value;
}

/** How encoding/json names a JSON value in an UnmarshalTypeError. */
function jsonKind(value: Json): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function kindOf(operation: Operation): string {
  const op = operation?.op;
  return typeof op === 'string' ? op : 'unknown';
}

/** The operation's value; an absent value is written as null, as v4 marshals a nil node. */
function valueOf(operation: Operation): Json {
  return structuredClone(operation?.value ?? null);
}

function utf8Length(text: string): number {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return length;
}

class Patcher {
  private copied = 0;

  constructor(public root: Container) {}

  private pathOf(operation: Operation, onError: (error: string) => never): string {
    const path = member(operation, 'path');
    return typeof path === 'string' ? path : onError(path.error);
  }

  add(operation: Operation): void {
    const path = this.pathOf(operation, () => fail('add operation failed to decode path', MISSING));
    const found = findContainer(this.root, path);
    if (!found) fail(`add operation does not apply: doc is missing path: "${path}"`, MISSING);
    try {
      add(found.container, found.key, valueOf(operation));
    } catch (error) {
      fail(`error in add for path: '${path}'`, (error as Error).message);
    }
  }

  remove(operation: Operation): void {
    const path = this.pathOf(operation, () =>
      fail('remove operation failed to decode path', MISSING),
    );
    const found = findContainer(this.root, path);
    if (!found) fail(`remove operation does not apply: doc is missing path: "${path}"`, MISSING);
    try {
      remove(found.container, found.key);
    } catch (error) {
      fail(`error in remove for path: '${path}'`, (error as Error).message);
    }
  }

  replace(operation: Operation): void {
    const path = this.pathOf(operation, (error) =>
      fail('replace operation failed to decode path', error),
    );
    if (path === '') {
      // v4 replaces the whole document with an object or array; any other value is ignored.
      const value = valueOf(operation);
      if (Array.isArray(value) || isJsonObject(value)) this.root = value;
      return;
    }
    const found = findContainer(this.root, path);
    if (!found) fail(`replace operation does not apply: doc is missing path: ${path}`, MISSING);
    try {
      get(found.container, found.key);
    } catch {
      fail(`replace operation does not apply: doc is missing key: ${path}`, MISSING);
    }
    set(found.container, found.key, valueOf(operation));
  }

  move(operation: Operation): void {
    const from = member(operation, 'from');
    if (typeof from !== 'string') fail('move operation failed to decode from', from.error);
    const source = findContainer(this.root, from);
    if (!source) fail(`move operation does not apply: doc is missing from path: ${from}`, MISSING);
    let value: Json | undefined;
    try {
      value = get(source.container, source.key);
      remove(source.container, source.key);
    } catch (error) {
      fail(`error in move for path: '${source.key}'`, (error as Error).message);
    }
    const path = this.pathOf(operation, (error) =>
      fail('move operation failed to decode path', error),
    );
    const target = findContainer(this.root, path);
    if (!target) {
      fail(`move operation does not apply: doc is missing destination path: ${path}`, MISSING);
    }
    try {
      add(target.container, target.key, value ?? null);
    } catch (error) {
      fail(`error in move for path: '${path}'`, (error as Error).message);
    }
  }

  test(operation: Operation): void {
    const path = this.pathOf(operation, (error) =>
      fail('test operation failed to decode path', error),
    );
    const expected = operation?.value ?? null;
    if (path === '') {
      if (!jsonEqual(this.root, expected)) fail(`testing value ${path} failed`, 'test failed');
      return;
    }
    const found = findContainer(this.root, path);
    if (!found) fail(`test operation does not apply: is missing path: ${path}`, MISSING);
    let actual: Json | undefined;
    try {
      actual = get(found.container, found.key);
    } catch (error) {
      fail(`error in test for path: '${path}'`, (error as Error).message);
    }
    if (!jsonEqual(actual ?? null, expected)) fail(`testing value ${path} failed`, 'test failed');
  }

  copy(operation: Operation): void {
    const from = member(operation, 'from');
    if (typeof from !== 'string') fail('copy operation failed to decode from', from.error);
    const source = findContainer(this.root, from);
    if (!source) fail(`copy operation does not apply: doc is missing from path: ${from}`, MISSING);
    let value: Json | undefined;
    try {
      value = get(source.container, source.key);
    } catch (error) {
      fail(`error in copy for from: '${from}'`, (error as Error).message);
    }
    const path = this.pathOf(operation, () =>
      fail('copy operation failed to decode path', MISSING),
    );
    const target = findContainer(this.root, path);
    if (!target) {
      fail(`copy operation does not apply: doc is missing destination path: ${path}`, MISSING);
    }
    // A missing source copies as null and, being no node at all in v4, adds nothing to the size.
    const serialized = JSON.stringify(value ?? null);
    if (value !== undefined) this.copied += utf8Length(serialized);
    if (this.copied > ACCUMULATED_COPY_SIZE_LIMIT) {
      throw new JsonPatchError(
        `Unable to complete the copy, the accumulated size increase of copy is ${this.copied}, exceeding the limit ${ACCUMULATED_COPY_SIZE_LIMIT}`,
      );
    }
    try {
      add(target.container, target.key, JSON.parse(serialized) as Json);
    } catch (error) {
      fail('error while adding value during copy', (error as Error).message);
    }
  }
}

/**
 * Applies decoded patch operations to a copy of `document` (Patch.Apply). `operations` is what
 * DecodePatch produced: a list of objects, or null for an operation that was JSON null.
 */
export function applyJsonPatch(document: Json, operations: readonly Operation[]): Json {
  const copy = structuredClone(document);
  if (!Array.isArray(copy) && !isJsonObject(copy)) return copy;
  const patcher = new Patcher(copy);
  for (const operation of operations) {
    const kind = kindOf(operation);
    switch (kind) {
      case 'add':
        patcher.add(operation);
        break;
      case 'remove':
        patcher.remove(operation);
        break;
      case 'replace':
        patcher.replace(operation);
        break;
      case 'move':
        patcher.move(operation);
        break;
      case 'test':
        patcher.test(operation);
        break;
      case 'copy':
        patcher.copy(operation);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return patcher.root;
}

/**
 * DecodePatch: the body must be a JSON array of objects (null decodes as no operations). The
 * error is encoding/json's, naming v4's Go types.
 */
export function decodeJsonPatch(body: Json): Operation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) {
    throw new JsonPatchError(
      `json: cannot unmarshal ${jsonKind(body)} into Go value of type jsonpatch.Patch`,
    );
  }
  return body.map((operation) => {
    if (operation !== null && !isJsonObject(operation)) {
      throw new JsonPatchError(
        `json: cannot unmarshal ${jsonKind(operation)} into Go value of type jsonpatch.Operation`,
      );
    }
    return operation;
  });
}
