// The list helpers of strategic merge patch (apimachinery pkg/util/strategicpatch/patch.go):
// element types, merge-key lookups, partitioning and the ordering rules that keep the patch's
// order, then the live list's, for merged lists.

import { isJsonObject, type Json, type JsonObject } from '../json-merge-patch.ts';
import { goKind, goPrint } from './go-format.ts';
import { sliceStable } from './go-sort.ts';
import {
  errBadArgType,
  errNoListOfLists,
  errNoMergeKey,
  StrategicMergePatchError,
} from './strategic-meta.ts';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** The Go type a decoded value has (reflect.TypeOf), for "same type" checks. */
export function typeOf(value: Json | undefined): string {
  return goKind(value);
}

export function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isJsonObject(left)) throw errBadArgType('map', left);
  if (!isJsonObject(right)) throw errBadArgType('map', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/**
 * A Go slice over a list it shares storage with: deleting shifts items down in place and
 * appending writes past the end while the list's length (taken as the capacity) allows. Upstream
 * merges lists this way, and $setElementOrder then orders by the live list as those writes left
 * it, so the result depends on the aliasing.
 */
export class SharedSlice {
  length: number;

  constructor(public items: Json[]) {
    this.length = items.length;
  }

  set(index: number, value: Json): void {
    this.items[index] = value;
  }

  delete(index: number): void {
    for (let i = index; i < this.length - 1; i++) this.items[i] = this.items[i + 1] ?? null;
    this.length--;
  }

  append(value: Json): void {
    if (this.length === this.items.length) this.items = this.items.slice(0, this.length);
    this.items[this.length++] = value;
  }

  view(): Json[] {
    return this.items.slice(0, this.length);
  }
}

export function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  const deleted = new Set<Json>(toDelete);
  return current.filter((item) => !deleted.has(item));
}

export function findMapInSliceBasedOnKeyValue(
  items: readonly Json[],
  key: string,
  value: Json,
): { map: JsonObject; index: number } | null {
  for (const [index, item] of items.entries()) {
    if (!isJsonObject(item)) {
      throw new StrategicMergePatchError(`value for key ${index} is not a map`);
    }
    if (key in item && item[key] === value) return { map: item, index };
  }
  return null;
}

export function partitionPrimitivesByPresentInList(
  items: Json[],
  partitionBy: Json[],
): [Json[], Json[]] {
  const present = new Set<Json>(partitionBy);
  return [items.filter((item) => present.has(item)), items.filter((item) => !present.has(item))];
}

export function partitionMapsByPresentInList(
  items: Json[],
  partitionBy: Json[],
  mergeKey: string,
): [Json[], Json[]] {
  const inList: Json[] = [];
  const serverOnly: Json[] = [];
  for (const item of items) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    if (findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, item[mergeKey] ?? null)) {
      inList.push(item);
    } else {
      serverOnly.push(item);
    }
  }
  return [inList, serverOnly];
}

/**
 * sliceElementType: the one Go type of every element of the lists; lists of lists are refused.
 */
export function sliceElementType(...lists: Json[][]): string {
  let previous: string | null = null;
  for (const list of lists) {
    for (const item of list) {
      const current = typeOf(item);
      if (previous === null) {
        previous = current;
        if (previous === 'slice') throw errNoListOfLists();
      } else if (previous !== current) {
        throw new StrategicMergePatchError(
          `list element types are not identical: ${goPrint(lists)}`,
        );
      }
    }
  }
  if (previous === null)
    throw new StrategicMergePatchError('no elements in any of the given slices');
  return previous;
}

/** The merge key value of a map item, or a primitive item itself (index's getValFn). */
function orderValue(item: Json, mergeKey: string, kind: string): Json | undefined {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

function indexIn(items: readonly Json[], item: Json, mergeKey: string, kind: string): number {
  const wanted = orderValue(item, mergeKey, kind);
  return items.findIndex((candidate) => orderValue(candidate, mergeKey, kind) === wanted);
}

export function extractToDeleteItems(items: Json[]): [Json[], Json[]] {
  const keep: Json[] = [];
  const toDelete: Json[] = [];
  for (const item of items) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) toDelete.push(item);
    else keep.push(item);
  }
  return [keep, toDelete];
}

function validateMergeKeyInLists(mergeKey: string, ...lists: Json[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item);
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** normalizeSliceOrder: `items` sorted by their position in `order`, deletions last. */
export function normalizeSliceOrder(
  items: Json[],
  order: Json[],
  mergeKey: string,
  kind: string,
): Json[] {
  let toSort = items;
  let toDelete: Json[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, order);
    [toSort, toDelete] = extractToDeleteItems(items);
  }
  sliceStable(toSort, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...toSort, ...toDelete];
}

export function normalizeElementOrder(
  patch: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: string,
): Json[] {
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServerOnly = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(sortedServerOnly, sortedPatch, serverOrder, mergeKey, kind);
}

/**
 * mergeSortedSlice: interleaves server-only items (`left`) into the patch items (`right`),
 * keeping each list's order and using the live order where both items appear in it.
 */
function mergeSortedSlice(
  left: Json[],
  right: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: string,
): Json[] {
  const merged: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      merged.push(right[j++] ?? null);
    } else if (j >= right.length) {
      merged.push(left[i++] ?? null);
    } else {
      const li = indexIn(serverOrder, left[i] ?? null, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j] ?? null, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) merged.push(left[i++] ?? null);
      else merged.push(right[j++] ?? null);
    }
  }
  return merged;
}
