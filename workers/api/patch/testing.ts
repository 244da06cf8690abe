// Test support: hand-built TypeInfo schemas. MergeItem is the struct apimachinery's
// strategicpatch tests use (patch_test.go), so upstream's cases run against the same tags.

import type {
  ListInfo,
  MapInfo,
  NodeBase,
  ScalarInfo,
  StructInfo,
  TypeInfo,
  UntypedInfo,
} from './type-info.ts';

const UNTAGGED: NodeBase = { patchStrategies: [], patchMergeKey: undefined, goType: '' };

export const STRING: ScalarInfo = {
  ...UNTAGGED,
  kind: 'scalar',
  scalar: 'string',
  format: undefined,
  goType: 'string',
};
export const INT: ScalarInfo = {
  ...UNTAGGED,
  kind: 'scalar',
  scalar: 'integer',
  format: 'int32',
  goType: 'int',
};
export const UNTYPED: UntypedInfo = {
  ...UNTAGGED,
  kind: 'untyped',
  goType: 'runtime.RawExtension',
};

/** A struct whose fields are built on first use, so types may refer to themselves. */
export function struct(
  goType: string,
  fields: () => Record<string, TypeInfo>,
  elementRelationship: StructInfo['elementRelationship'] = 'separable',
): StructInfo {
  let built: Record<string, TypeInfo> | undefined;
  return {
    ...UNTAGGED,
    kind: 'struct',
    goType,
    elementRelationship,
    field: (name) => (built ??= fields())[name],
  };
}

export function list(
  element: TypeInfo,
  listType: ListInfo['listType'] = 'atomic',
  ...listMapKeys: string[]
): ListInfo {
  return {
    ...UNTAGGED,
    kind: 'list',
    element,
    listType,
    listMapKeys,
    goType: `[]${element.goType}`,
  };
}

export function map(value: TypeInfo, mapType: MapInfo['mapType'] = 'granular'): MapInfo {
  return { ...UNTAGGED, kind: 'map', value, mapType, goType: `map[string]${value.goType}` };
}

/** The same type as seen through a field with patch tags. */
export function tagged<T extends TypeInfo>(type: T, strategy: string, mergeKey?: string): T {
  return { ...type, patchStrategies: strategy.split(','), patchMergeKey: mergeKey };
}

/** A merging list: patchStrategy merge keyed by `key`, which is a list-map for apply. */
export function merging(element: TypeInfo, key: string, strategy = 'merge'): ListInfo {
  return tagged(list(element, 'map', key), strategy, key);
}

export const mergeItem: StructInfo = struct('strategicpatch.MergeItem', () => ({
  name: STRING,
  value: STRING,
  other: STRING,
  mergingList: merging(mergeItem, 'name'),
  nonMergingList: list(mergeItem),
  mergingIntList: tagged(list(INT, 'set'), 'merge'),
  nonMergingIntList: list(INT),
  mergeItemPtr: tagged(mergeItem, 'merge', 'name'),
  simpleMap: map(STRING),
  replacingItem: tagged(UNTYPED, 'replace'),
  retainKeysMap: tagged(retainKeysMergeItem, 'retainKeys'),
  retainKeysMergingList: merging(mergeItem, 'name', 'merge,retainKeys'),
}));

const retainKeysMergeItem: StructInfo = struct('strategicpatch.RetainKeysMergeItem', () => ({
  name: STRING,
  value: STRING,
  other: STRING,
  simpleMap: map(STRING),
  mergingIntList: tagged(list(INT, 'set'), 'merge'),
  mergingList: merging(mergeItem, 'name'),
  nonMergingList: list(mergeItem),
}));
