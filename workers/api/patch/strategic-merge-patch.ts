// Applying a strategic merge patch (apimachinery pkg/util/strategicpatch/patch.go: mergeMap and
// its helpers): lists with patchStrategy merge are merged by patchMergeKey (lists of primitives as
// sets), and the directives $patch (replace, delete, merge), $retainKeys,
// $deleteFromPrimitiveList/<field> and $setElementOrder/<field> are honoured. Like upstream it
// changes `original` and `patch` in place; callers pass copies.

import { isJsonObject, type Json, type JsonObject } from '../json-merge-patch.ts';
import { goPrint } from './go-format.ts';
import { deduplicateScalars } from './go-sort.ts';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  deleteFromSlice,
  DIRECTIVE_MARKER,
  extractToDeleteItems,
  findMapInSliceBasedOnKeyValue,
  MERGE_DIRECTIVE,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  SharedSlice,
  sliceElementType,
  typeOf,
} from './strategic-lists.ts';
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  extractRetainKeysPatchStrategy,
  StrategicMergePatchError,
  type PatchMetaSchema,
} from './strategic-meta.ts';

interface MergeOptions {
  /** Server side: apply the parallel lists ($deleteFromPrimitiveList, $setElementOrder). */
  mergeParallelList: boolean;
  /** Server side: nulls for fields the original lacks are dropped rather than kept. */
  ignoreUnmatchedNulls: boolean;
}

/** StrategicMergeMapPatch: the server-side application of `patch` to `original`. */
export function strategicMergeMapPatch(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchMetaSchema,
): JsonObject {
  return mergeMap(original, patch, schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}

function handleDirectiveInMergeMap(directive: Json, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

/** mergeMap: merges `patch` into `original` (which may be null) and returns it. */
export function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: PatchMetaSchema,
  options: MergeOptions,
): JsonObject {
  if (DIRECTIVE_MARKER in patch) {
    return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER] ?? null, patch);
  }
  const target = original ?? {};
  applyRetainKeysDirective(target, patch, options);
  mergePatchIntoOriginal(target, patch, schema, options);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey] ?? null;
    const deletion = preprocessDeletionListForMerging(
      patchKey,
      target,
      patchValue,
      options.mergeParallelList,
    );
    if (deletion.skip) continue;
    const key = deletion.key ?? patchKey;
    const isDeleteList = deletion.isDeleteList;

    if (patchValue === null) {
      delete target[key];
      if (options.ignoreUnmatchedNulls) continue;
    }
    if (!(key in target) || typeOf(target[key]) !== typeOf(patchValue)) {
      if (!isDeleteList) setWithoutDirectives(target, key, patchValue, options);
      continue;
    }
    const originalValue = target[key] ?? null;
    if (isJsonObject(originalValue)) {
      const [subschema, meta] = schema.lookupStruct(key);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      target[key] = mergeMapHandler(originalValue, patchValue, subschema, strategy, options);
    } else if (Array.isArray(originalValue)) {
      const [subschema, meta] = schema.lookupSlice(key);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      target[key] = mergeSliceHandler(
        originalValue,
        patchValue,
        subschema,
        strategy,
        meta.mergeKey,
        isDeleteList,
        options,
      );
    } else {
      setWithoutDirectives(target, key, patchValue, { ...options, ignoreUnmatchedNulls: false });
    }
  }
  return target;
}

/** Takes the patch value as is, minus directives (and nulls, on the server). */
function setWithoutDirectives(
  target: JsonObject,
  key: string,
  value: Json,
  options: MergeOptions,
): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(value);
  const [cleaned, keep] = removeDirectives(value);
  if (keep) target[key] = cleaned;
  else delete target[key];
}

function discardNullValuesFromPatch(value: Json): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNullValuesFromPatch(item);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else discardNullValuesFromPatch(item);
    }
  }
}

/** removeDirectives: a map carrying $patch is dropped; directives below are removed. */
function removeDirectives(value: Json): [Json, boolean] {
  if (isJsonObject(value)) {
    if (DIRECTIVE_MARKER in value) return [null, false];
    for (const [key, item] of Object.entries(value)) {
      const [cleaned, keep] = removeDirectives(item);
      if (keep) value[key] = cleaned;
      else delete value[key];
    }
    return [value, true];
  }
  if (Array.isArray(value)) {
    const kept: Json[] = [];
    for (const item of value) {
      const [cleaned, keep] = removeDirectives(item);
      if (keep) kept.push(cleaned);
    }
    return [kept, true];
  }
  return [value, true];
}

function preprocessDeletionListForMerging(
  key: string,
  original: JsonObject,
  patchValue: Json,
  mergeDeletionList: boolean,
): { skip: boolean; isDeleteList: boolean; key?: string } {
  if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX))
    return { skip: false, isDeleteList: false };
  if (!mergeDeletionList) {
    original[key] = patchValue;
    return { skip: true, isDeleteList: false };
  }
  return {
    skip: false,
    isDeleteList: true,
    key: extractKey(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX),
  };
}

/** extractKey: the field a `$prefix/field` directive names. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw errBadPatchFormatForSetElementOrderList();
    throw new StrategicMergePatchError(`fail to find unknown prefix "${prefix}" in ${key}\n`);
  }
  return key.slice(slash + 1);
}

/**
 * $retainKeys: on the server, fields of `original` missing from the list are cleared, and every
 * field of the patch must be listed. Between patches (three-way) the lists must agree.
 */
function applyRetainKeysDirective(
  original: JsonObject,
  patch: JsonObject,
  options: MergeOptions,
): void {
  if (!(RETAIN_KEYS_DIRECTIVE in patch)) return;
  const retainKeys = patch[RETAIN_KEYS_DIRECTIVE] ?? null;
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    if (RETAIN_KEYS_DIRECTIVE in original) {
      const existing = original[RETAIN_KEYS_DIRECTIVE] ?? null;
      if (JSON.stringify(existing) !== JSON.stringify(retainKeys)) {
        throw new StrategicMergePatchError(
          `${goPrint(existing)} and ${goPrint(retainKeys)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeys;
    }
    return;
  }
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set<Json>(retainKeys);
  for (const [key, value] of Object.entries(patch)) {
    if (
      value === null ||
      key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      key.startsWith(SET_ELEMENT_ORDER_PREFIX)
    ) {
      continue;
    }
    if (!retained.has(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) if (!retained.has(key)) delete original[key];
}

/**
 * mergePatchIntoOriginal: each $setElementOrder/<field> list is merged together with the patch's
 * <field> list, and the result ordered: $setElementOrder first, then the patch, then the live
 * list. Both are removed from the patch so the main loop leaves them alone.
 */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchMetaSchema,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX) || !(key in patch)) continue;
    const setElementOrder = patch[key] ?? null;
    if (!options.mergeParallelList) {
      if (key in original) {
        if (JSON.stringify(original[key]) !== JSON.stringify(setElementOrder)) {
          throw errBadPatchFormatForSetElementOrderList();
        }
      } else {
        original[key] = setElementOrder;
      }
    }
    delete patch[key];
    if (!Array.isArray(setElementOrder)) throw errBadArgType('slice', setElementOrder);
    const listKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = listKey in original;
    const foundPatch = listKey in patch;
    const originalList = original[listKey] ?? null;
    const patchList = patch[listKey] ?? null;
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('slice', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    const originalItems = foundOriginal ? (originalList as Json[]) : [];
    const patchItems = foundPatch ? (patchList as Json[]) : [];
    const [subschema, meta] = schema.lookupSlice(listKey);
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchItems, setElementOrder, meta.mergeKey);

    let merged: Json[];
    if (foundOriginal && !foundPatch) {
      merged = originalItems;
    } else if (!foundOriginal && foundPatch) {
      merged = removeDirectives(patchItems)[0] as Json[];
    } else if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(
        originalItems,
        patchItems,
        subschema,
        strategy,
        meta.mergeKey,
        false,
        options,
      );
    } else {
      continue;
    }
    const [inOrder, serverOnly] = meta.mergeKey
      ? partitionMapsByPresentInList(merged, setElementOrder, meta.mergeKey)
      : partitionPrimitivesByPresentInList(merged, setElementOrder);
    const kind = sliceElementType(originalItems, patchItems);
    original[listKey] = normalizeElementOrder(
      inOrder,
      serverOnly,
      setElementOrder,
      originalItems,
      meta.mergeKey,
      kind,
    );
    delete patch[listKey];
  }
}

function validatePatchWithSetOrderList(
  patchList: Json[],
  setOrderList: Json[],
  mergeKey: string,
): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex] ?? null;
    if (isJsonObject(item) && DIRECTIVE_MARKER in item) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[setOrderIndex] ?? null, mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goPrint(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goPrint(setOrderList)}\n`,
    );
  }
}

function mergeMapHandler(
  original: JsonObject,
  patch: Json,
  schema: PatchMetaSchema,
  strategy: string,
  options: MergeOptions,
): JsonObject {
  if (!isJsonObject(patch)) throw errBadArgType('map', patch);
  return strategy === REPLACE_DIRECTIVE ? patch : mergeMap(original, patch, schema, options);
}

function mergeSliceHandler(
  original: Json,
  patch: Json,
  schema: PatchMetaSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): Json[] {
  if (!Array.isArray(original)) throw errBadArgType('slice', original);
  if (!Array.isArray(patch)) throw errBadArgType('slice', patch);
  // Deletion lists are applied whatever the field's strategy.
  if (strategy === MERGE_DIRECTIVE || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  }
  return patch;
}

function mergeSlice(
  original: Json[],
  patch: Json[],
  schema: PatchMetaSchema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    const merged = deduplicateScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partitionPrimitivesByPresentInList(merged, patch);
    return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
  }
  if (!mergeKey) {
    throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schema.name()}`);
  }
  const special = mergeSliceWithSpecialElements(new SharedSlice(original), patch, mergeKey);
  const base = special.base;
  const baseLength = base.length;
  const merged = mergeSliceWithoutSpecialElements(base, special.patch, mergeKey, schema, options);
  const [inPatch, serverOnly] = partitionMapsByPresentInList(merged, special.patch, mergeKey);
  const serverOrder = base.items.slice(0, baseLength);
  return normalizeElementOrder(inPatch, serverOnly, special.patch, serverOrder, mergeKey, kind);
}

/** $patch elements of a list of maps: delete removes matches, replace drops the live list. */
function mergeSliceWithSpecialElements(
  original: SharedSlice,
  patch: Json[],
  mergeKey: string,
): { base: SharedSlice; patch: Json[] } {
  const plain: Json[] = [];
  let replace = false;
  for (const item of patch) {
    const map = item as JsonObject;
    if (!(DIRECTIVE_MARKER in map)) {
      plain.push(item);
      continue;
    }
    const directive = map[DIRECTIVE_MARKER] ?? null;
    if (directive === DELETE_DIRECTIVE) {
      if (!(mergeKey in map)) throw errNoMergeKey(map, mergeKey);
      deleteMatchingEntries(original, mergeKey, map[mergeKey] ?? null);
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, map);
    }
  }
  return replace ? { base: new SharedSlice(plain), patch: [] } : { base: original, patch: plain };
}

function deleteMatchingEntries(original: SharedSlice, mergeKey: string, value: Json): void {
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(original.view(), mergeKey, value);
    if (!found) return;
    original.delete(found.index);
  }
}

function mergeSliceWithoutSpecialElements(
  original: SharedSlice,
  patch: Json[],
  mergeKey: string,
  schema: PatchMetaSchema,
  options: MergeOptions,
): Json[] {
  for (const item of patch) {
    const map = item as JsonObject;
    if (!(mergeKey in map)) throw errNoMergeKey(map, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(original.view(), mergeKey, map[mergeKey] ?? null);
    if (found) original.set(found.index, mergeMap(found.map, map, schema, options));
    else original.append(item);
  }
  return original.view();
}
