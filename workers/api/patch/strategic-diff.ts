// Computing strategic merge patches (apimachinery pkg/util/strategicpatch/patch.go: diffMaps,
// CreateTwoWayMergePatch, CreateThreeWayMergePatch), as client-side `kubectl apply` does from the
// last applied configuration, the manifest and the live object. Left out: the conflict check of
// overwrite=false (kubectl apply always overwrites) and preconditions.

import { isJsonObject, jsonEqual, type Json, type JsonObject } from '../json-merge-patch.ts';
import { goPrint } from './go-format.ts';
import { deduplicateScalars, sortMapsByField, sortScalars } from './go-sort.ts';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  mergeKeyValueEqual,
  MERGE_DIRECTIVE,
  normalizeSliceOrder,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  sliceElementType,
  typeOf,
} from './strategic-lists.ts';
import { mergeMap } from './strategic-merge-patch.ts';
import {
  errBadArgType,
  errNoMergeKey,
  extractRetainKeysPatchStrategy,
  StrategicMergePatchError,
  type PatchMeta,
  type PatchMetaSchema,
} from './strategic-meta.ts';

interface DiffOptions {
  /** Emit $setElementOrder parallel lists. */
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  /** The map being diffed has patchStrategy retainKeys: emit $retainKeys. */
  buildRetainKeysDirective: boolean;
}

function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchMetaSchema,
  options: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key] ?? null;
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new StrategicMergePatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (originalValue !== modifiedValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (typeOf(originalValue) !== typeOf(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isJsonObject(originalValue)) {
      handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, schema, options);
    } else if (Array.isArray(originalValue)) {
      handleSliceDiff(key, originalValue, modifiedValue as Json[], patch, schema, options);
    } else {
      replaceIfNotEqual(key, originalValue, modifiedValue, patch, options);
    }
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  if (
    retainKeys.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeys);
  }
  return patch;
}

function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.entries(original).some(([key, value]) => value !== null && !(key in modified));
}

function replaceIfNotEqual(
  key: string,
  original: Json,
  modified: Json,
  patch: JsonObject,
  options: DiffOptions,
): void {
  if (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)) patch[key] = modified;
}

/** Looks up a field's metadata; a field without one only matters when its value changed. */
function lookupOrSkip(
  lookup: () => [PatchMetaSchema, PatchMeta],
  original: Json,
  modified: Json,
): [PatchMetaSchema, PatchMeta] | null {
  try {
    return lookup();
  } catch (error) {
    if (jsonEqual(original, modified)) return null;
    throw error;
  }
}

function handleMapDiff(
  key: string,
  original: JsonObject,
  modified: JsonObject,
  patch: JsonObject,
  schema: PatchMetaSchema,
  options: DiffOptions,
): void {
  const found = lookupOrSkip(() => schema.lookupStruct(key), original, modified);
  if (!found) return;
  const [subschema, meta] = found;
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  if (strategy === REPLACE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const nested = diffMaps(original, modified, subschema, {
    ...options,
    buildRetainKeysDirective: retainKeys,
  });
  if (Object.keys(nested).length > 0) patch[key] = nested;
}

function handleSliceDiff(
  key: string,
  original: Json[],
  modified: Json[],
  patch: JsonObject,
  schema: PatchMetaSchema,
  options: DiffOptions,
): void {
  const found = lookupOrSkip(() => schema.lookupSlice(key), original, modified);
  if (!found) return;
  const [subschema, meta] = found;
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  if (strategy !== MERGE_DIRECTIVE) {
    replaceIfNotEqual(key, original, modified, patch, options);
    return;
  }
  const [additions, deletions, order] = diffLists(original, modified, subschema, meta.mergeKey, {
    ...options,
    buildRetainKeysDirective: retainKeys,
  });
  if (additions.length > 0) patch[key] = additions;
  if (deletions.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletions;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = order;
}

/** diffLists: the patch list, the deletion list (primitives) and the $setElementOrder list. */
function diffLists(
  original: Json[],
  modified: Json[],
  schema: PatchMetaSchema,
  mergeKey: string,
  options: DiffOptions,
): [Json[], Json[], Json[]] {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, schema, mergeKey, options);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    const wantsOrder =
      (!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
      (!options.ignoreDeletions && patchList.length > 0);
    const order =
      options.setElementOrder && wantsOrder
        ? modified.map((item) => ({ [mergeKey]: (item as JsonObject)[mergeKey] ?? null }))
        : [];
    return [patchList, [], order];
  }
  const [additions, deletions] = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(additions, modified, mergeKey, kind);
  const wantsOrder =
    (!options.ignoreDeletions && deletions.length > 0) ||
    (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified));
  return [patchList, deletions, options.setElementOrder && wantsOrder ? modified : []];
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((item, index) =>
    mergeKeyValueEqual(original[index] ?? null, item, mergeKey),
  );
}

/** Walks both lists sorted by %v text: what modified adds, and what it drops. */
function diffListsOfScalars(
  original: Json[],
  modified: Json[],
  options: DiffOptions,
): [Json[], Json[]] {
  const originalSorted = sortScalars([...original]);
  const modifiedSorted = sortScalars([...modified]);
  const additions: Json[] = [];
  const deletions: Json[] = [];
  let o = 0;
  let m = 0;
  while (o < originalSorted.length || m < modifiedSorted.length) {
    const inOriginal = o < originalSorted.length;
    const inModified = m < modifiedSorted.length;
    const originalText = inOriginal ? goPrint(originalSorted[o]) : '';
    const modifiedText = inModified ? goPrint(modifiedSorted[m]) : '';
    if (inOriginal && inModified && originalText === modifiedText) {
      o++;
      m++;
    } else if (!inOriginal || (inModified && originalText > modifiedText)) {
      if (!options.ignoreChangesAndAdditions) additions.push(modifiedSorted[m] ?? null);
      m++;
    } else {
      if (!options.ignoreDeletions) deletions.push(originalSorted[o] ?? null);
      o++;
    }
  }
  return [additions, deduplicateScalars(deletions)];
}

/** sortMergeListsByNameArray without recursion: scalars deduplicated and sorted, maps by key. */
function sortByMergeKey(items: Json[], mergeKey: string): Json[] {
  if (items.length === 0) return items;
  const kind = sliceElementType(items);
  if (kind !== 'map') return sortScalars(deduplicateScalars(items));
  return sortMapsByField([...(items as JsonObject[])], mergeKey);
}

function mapAndMergeKey(items: Json[], index: number, mergeKey: string): [JsonObject, Json] {
  const item = items[index] ?? null;
  if (!isJsonObject(item)) throw errBadArgType('map', item);
  if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
  return [item, item[mergeKey] ?? null];
}

function diffListsOfMaps(
  original: Json[],
  modified: Json[],
  schema: PatchMetaSchema,
  mergeKey: string,
  options: DiffOptions,
): [Json[], Json[]] {
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  const patch: Json[] = [];
  const deletions: Json[] = [];
  let o = 0;
  let m = 0;
  while (o < originalSorted.length || m < modifiedSorted.length) {
    const inOriginal = o < originalSorted.length;
    const inModified = m < modifiedSorted.length;
    const [originalItem, originalKey] = inOriginal
      ? mapAndMergeKey(originalSorted, o, mergeKey)
      : [{}, null];
    const [modifiedItem, modifiedKey] = inModified
      ? mapAndMergeKey(modifiedSorted, m, mergeKey)
      : [{}, null];
    const originalText = inOriginal ? goPrint(originalKey) : '';
    const modifiedText = inModified ? goPrint(modifiedKey) : '';
    if (inOriginal && inModified && originalText === modifiedText) {
      const nested = diffMaps(originalItem, modifiedItem, schema, options);
      if (Object.keys(nested).length > 0) {
        nested[mergeKey] = modifiedKey;
        patch.push(nested);
      }
      o++;
      m++;
    } else if (!inOriginal || (inModified && originalText > modifiedText)) {
      if (!options.ignoreChangesAndAdditions) patch.push(modifiedItem);
      m++;
    } else {
      if (!options.ignoreDeletions) {
        deletions.push({ [mergeKey]: originalKey, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      }
      o++;
    }
  }
  return [patch, deletions];
}

const NO_OPTIONS: DiffOptions = {
  setElementOrder: false,
  ignoreChangesAndAdditions: false,
  ignoreDeletions: false,
  buildRetainKeysDirective: false,
};

/** CreateTwoWayMergeMapPatch: the patch that turns `original` into `modified`. */
export function createTwoWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchMetaSchema,
): JsonObject {
  return diffMaps(original, modified, schema, { ...NO_OPTIONS, setElementOrder: true });
}

/**
 * CreateThreeWayMergePatch with overwrite: what changed from `current` to `modified` (no
 * deletions), plus what was deleted from `original` (the last applied configuration) to
 * `modified`. Fields other writers set on the live object are left alone.
 */
export function createThreeWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  current: JsonObject,
  schema: PatchMetaSchema,
): JsonObject {
  const delta = diffMaps(structuredClone(current), structuredClone(modified), schema, {
    ...NO_OPTIONS,
    ignoreDeletions: true,
    setElementOrder: true,
  });
  const deletions = diffMaps(structuredClone(original), structuredClone(modified), schema, {
    ...NO_OPTIONS,
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
  });
  return mergeMap(deletions, delta, schema, {
    mergeParallelList: false,
    ignoreUnmatchedNulls: false,
  });
}
