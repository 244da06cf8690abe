// Test support: hand-built SchemaNode schemas. MergeItem is the struct apimachinery's
// strategicpatch tests use (patch_test.go), so upstream's cases run against the same tags.

import type {
  ListNode,
  MapNode,
  ScalarNode,
  SchemaNode,
  StructNode,
  UntypedNode,
} from '../schema/schema.ts';

const UNTAGGED = {
  patchStrategies: [],
  patchMergeKey: undefined,
  definition: undefined,
  goType: '',
};

export const STRING: ScalarNode = {
  ...UNTAGGED,
  kind: 'scalar',
  scalar: 'string',
  format: undefined,
  goType: 'string',
};
export const INT: ScalarNode = {
  ...UNTAGGED,
  kind: 'scalar',
  scalar: 'integer',
  format: 'int32',
  goType: 'int',
};
export const UNTYPED: UntypedNode = {
  ...UNTAGGED,
  kind: 'untyped',
  goType: 'runtime.RawExtension',
};

/** A struct whose fields are built on first use, so types may refer to themselves. */
export function struct(
  goType: string,
  fields: () => Record<string, SchemaNode>,
  elementRelationship: StructNode['elementRelationship'] = 'separable',
): StructNode {
  let built: Record<string, SchemaNode> | undefined;
  return {
    ...UNTAGGED,
    kind: 'struct',
    goType,
    elementRelationship,
    required: [],
    get fieldNames() {
      return Object.keys((built ??= fields()));
    },
    field: (name) => (built ??= fields())[name],
  };
}

export function list(
  element: SchemaNode,
  listType: ListNode['listType'] = 'atomic',
  ...listMapKeys: string[]
): ListNode {
  return {
    ...UNTAGGED,
    kind: 'list',
    element,
    listType,
    listMapKeys,
    goType: `[]${element.goType}`,
  };
}

export function map(value: SchemaNode, mapType: MapNode['mapType'] = 'granular'): MapNode {
  return { ...UNTAGGED, kind: 'map', value, mapType, goType: `map[string]${value.goType}` };
}

/**
 * The same type as seen through a field with patch tags. It inherits from `type` rather than
 * copying it, so a struct's lazy fields are not built while the struct is being defined.
 */
export function tagged<T extends SchemaNode>(type: T, strategy: string, mergeKey?: string): T {
  const tags = { patchStrategies: strategy.split(','), patchMergeKey: mergeKey };
  return Object.setPrototypeOf(tags, type) as T;
}

/** A merging list: patchStrategy merge keyed by `key`, which is a list-map for apply. */
export function merging(element: SchemaNode, key: string, strategy = 'merge'): ListNode {
  return tagged(list(element, 'map', key), strategy, key);
}

export const mergeItem: StructNode = struct('strategicpatch.MergeItem', () => ({
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

const retainKeysMergeItem: StructNode = struct('strategicpatch.RetainKeysMergeItem', () => ({
  name: STRING,
  value: STRING,
  other: STRING,
  simpleMap: map(STRING),
  mergingIntList: tagged(list(INT, 'set'), 'merge'),
  mergingList: merging(mergeItem, 'name'),
  nonMergingList: list(mergeItem),
}));
