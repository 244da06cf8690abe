// Test support: hand-built TypeInfo schemas. MergeItem is the struct apimachinery's
// strategicpatch tests use (patch_test.go), so upstream's cases run against the same tags.

import type { FieldInfo, StructInfo, TypeInfo } from './type-info.ts';

export const STRING: TypeInfo = { kind: 'scalar', goKind: 'string' };
export const INT: TypeInfo = { kind: 'scalar', goKind: 'int64' };

/** A struct whose fields are built on first use, so types may refer to themselves. */
export function struct(
  name: string,
  fields: () => Record<string, FieldInfo>,
  atomic = false,
): StructInfo {
  let built: Record<string, FieldInfo> | undefined;
  return { kind: 'struct', name, atomic, field: (field) => (built ??= fields())[field] };
}

export function listMap(items: TypeInfo, ...keys: string[]): TypeInfo {
  return { kind: 'list', items, listType: 'map', keys };
}

export function set(items: TypeInfo): TypeInfo {
  return { kind: 'list', items, listType: 'set' };
}

export function atomicList(items: TypeInfo): TypeInfo {
  return { kind: 'list', items, listType: 'atomic' };
}

export function map(values: TypeInfo): TypeInfo {
  return { kind: 'map', values };
}

/** A merging list: patchStrategy merge keyed by `key`, a list-map for apply. */
export function merging(items: TypeInfo, key: string, strategy = 'merge'): FieldInfo {
  return { type: listMap(items, key), patchStrategy: strategy, patchMergeKey: key };
}

export const mergeItem: StructInfo = struct('MergeItem', () => ({
  name: { type: STRING },
  value: { type: STRING },
  other: { type: STRING },
  mergingList: merging(mergeItem, 'name'),
  nonMergingList: { type: atomicList(mergeItem) },
  mergingIntList: { type: set(INT), patchStrategy: 'merge' },
  nonMergingIntList: { type: atomicList(INT) },
  mergeItemPtr: { type: mergeItem, patchStrategy: 'merge', patchMergeKey: 'name' },
  simpleMap: { type: map(STRING) },
  replacingItem: { type: { kind: 'untyped', goKind: 'struct' }, patchStrategy: 'replace' },
  retainKeysMap: { type: retainKeysMergeItem, patchStrategy: 'retainKeys' },
  retainKeysMergingList: merging(mergeItem, 'name', 'merge,retainKeys'),
}));

const retainKeysMergeItem: StructInfo = struct('RetainKeysMergeItem', () => ({
  name: { type: STRING },
  value: { type: STRING },
  other: { type: STRING },
  simpleMap: { type: map(STRING) },
  mergingIntList: { type: set(INT), patchStrategy: 'merge' },
  mergingList: merging(mergeItem, 'name'),
  nonMergingList: { type: atomicList(mergeItem) },
}));
