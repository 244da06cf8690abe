import { describe, expect, it } from 'vitest';
import { createThreeWayMergePatch, createTwoWayMergePatch } from './strategic-diff.ts';
import type { JsonObject } from '../json-merge-patch.ts';
import { strategicMergeMapPatch } from './strategic-merge-patch.ts';
import { PatchMetaSchema, StrategicMergePatchError } from './strategic-meta.ts';
import { mergeItem } from './testing.ts';

const schema = new PatchMetaSchema(mergeItem);

function apply(original: JsonObject, patch: JsonObject): JsonObject {
  return strategicMergeMapPatch(structuredClone(original), structuredClone(patch), schema);
}

interface UpstreamCase {
  description: string;
  original: JsonObject;
  twoWay: JsonObject;
  modified: JsonObject;
  current?: JsonObject;
  threeWay?: JsonObject;
  result?: JsonObject;
}

// From apimachinery strategicpatch patch_test.go (strategicMergePatchRawTestCases and
// customStrategicMergePatchRawTestCases), compared exactly, list order included.
const UPSTREAM: UpstreamCase[] = [
  {
    description: 'delete items in lists of scalars',
    original: { mergingIntList: [1, 2, 3] },
    twoWay: {
      '$setElementOrder/mergingIntList': [1, 2],
      '$deleteFromPrimitiveList/mergingIntList': [3],
    },
    modified: { mergingIntList: [1, 2] },
    current: { mergingIntList: [1, 2, 3, 4] },
    threeWay: {
      '$setElementOrder/mergingIntList': [1, 2],
      '$deleteFromPrimitiveList/mergingIntList': [3],
    },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    description: 'add and delete items in lists of scalars',
    original: { mergingIntList: [1, 2, 3] },
    twoWay: {
      '$setElementOrder/mergingIntList': [1, 2, 4],
      '$deleteFromPrimitiveList/mergingIntList': [3],
      mergingIntList: [4],
    },
    modified: { mergingIntList: [1, 2, 4] },
    current: { mergingIntList: [1, 2, 3, 4] },
    threeWay: {
      '$setElementOrder/mergingIntList': [1, 2, 4],
      '$deleteFromPrimitiveList/mergingIntList': [3],
    },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    description: 'merge lists of maps',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 4, value: 4 },
        { name: 3, value: 3 },
      ],
    },
    modified: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 1 },
        { name: 2, value: 2 },
        { name: 3, value: 3 },
      ],
    },
    current: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
      mergingList: [
        { name: 4, value: 4 },
        { name: 3, value: 3 },
      ],
    },
    result: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
        { name: 3, value: 3 },
      ],
    },
  },
  {
    description: 'delete map from merging list',
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 2 }],
      mergingList: [{ name: 1, $patch: 'delete' }],
    },
    modified: { mergingList: [{ name: 2 }] },
    current: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }] },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 2 }],
      mergingList: [{ name: 1, $patch: 'delete' }],
    },
    result: { mergingList: [{ name: 2, other: 'b' }] },
  },
  {
    description: 'add map and delete map from merging list',
    original: { mergingList: [{ name: 1 }, { name: 2 }] },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }],
      mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }],
    },
    modified: { mergingList: [{ name: 2 }, { name: 3 }] },
    current: { mergingList: [{ name: 1 }, { name: 2, other: 'b' }, { name: 4, other: 'c' }] },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 3 }],
      mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }],
    },
    result: { mergingList: [{ name: 2, other: 'b' }, { name: 4, other: 'c' }, { name: 3 }] },
  },
  {
    description: 'delete field from map in merging list',
    original: {
      mergingList: [
        { name: 1, value: 1 },
        { name: 2, value: 2 },
      ],
    },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, value: null }],
    },
    modified: { mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
    current: {
      mergingList: [
        { name: 1, value: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, value: null }],
    },
    result: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    },
  },
  {
    description: 'replace non merging list nested in merging list',
    original: {
      mergingList: [{ name: 1, nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] }, { name: 2 }],
    },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }],
    },
    modified: { mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }, { name: 2 }] },
    current: {
      mergingList: [
        { name: 1, other: 'a', nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] },
        { name: 2, other: 'b' },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }],
    },
    result: {
      mergingList: [
        { name: 1, other: 'a', nonMergingList: [{ name: 1, value: 1 }] },
        { name: 2, other: 'b' },
      ],
    },
  },
  {
    description: 'add field to map in merging list nested in merging list',
    original: {
      mergingList: [{ name: 1, mergingList: [{ name: 1 }, { name: 2, value: 2 }] }, { name: 2 }],
    },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [
        {
          '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
          name: 1,
          mergingList: [{ name: 1, value: 1 }],
        },
      ],
    },
    modified: {
      mergingList: [
        {
          name: 1,
          mergingList: [
            { name: 1, value: 1 },
            { name: 2, value: 2 },
          ],
        },
        { name: 2 },
      ],
    },
    current: {
      mergingList: [
        { name: 1, other: 'a', mergingList: [{ name: 1 }, { name: 2, value: 2 }] },
        { name: 2, other: 'b' },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
      mergingList: [
        {
          '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }],
          name: 1,
          mergingList: [{ name: 1, value: 1 }],
        },
      ],
    },
    result: {
      mergingList: [
        {
          name: 1,
          other: 'a',
          mergingList: [
            { name: 1, value: 1 },
            { name: 2, value: 2 },
          ],
        },
        { name: 2, other: 'b' },
      ],
    },
  },
  {
    description: 'delete an item in a list and preserve order',
    original: { mergingList: [{ name: 1 }, { name: 3, value: 3 }, { name: 2, value: 2 }] },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }],
      mergingList: [{ name: 3, $patch: 'delete' }],
    },
    modified: { mergingList: [{ name: 2, value: 2 }, { name: 1 }] },
    current: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
        { name: 3, value: 3 },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }],
      mergingList: [{ name: 3, $patch: 'delete' }],
    },
    result: {
      mergingList: [
        { name: 2, value: 2, other: 'b' },
        { name: 1, other: 'a' },
      ],
    },
  },
  {
    description: 'set elements order in a list with server-only items',
    original: {
      mergingList: [
        { name: 1 },
        { name: 3, value: 3 },
        { name: 4, value: 4 },
        { name: 2, value: 2 },
      ],
    },
    twoWay: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1 }],
    },
    modified: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 2, value: 2 },
        { name: 3, value: 3 },
        { name: 1 },
      ],
    },
    current: {
      mergingList: [
        { name: 1, other: 'a' },
        { name: 3, value: 3 },
        { name: 4, value: 4 },
        { name: 2, value: 2 },
        { name: 9 },
      ],
    },
    threeWay: {
      '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1 }],
    },
    result: {
      mergingList: [
        { name: 4, value: 4 },
        { name: 2, value: 2 },
        { name: 3, value: 3 },
        { name: 1, other: 'a' },
        { name: 9 },
      ],
    },
  },
  {
    description: 'set elements order in a int list with server-only items',
    original: { mergingIntList: [1, 3, 4, 2] },
    twoWay: { '$setElementOrder/mergingIntList': [4, 2, 3, 1] },
    modified: { mergingIntList: [4, 2, 3, 1] },
    current: { mergingIntList: [1, 3, 4, 2, 9] },
    threeWay: { '$setElementOrder/mergingIntList': [4, 2, 3, 1] },
    result: { mergingIntList: [4, 2, 3, 1, 9] },
  },
  {
    description: 'retainKeys map should clear defaulted field',
    original: {},
    twoWay: { retainKeysMap: { other: 'bar' } },
    modified: { retainKeysMap: { other: 'bar' } },
    current: { retainKeysMap: { value: 'foo' } },
    threeWay: { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } },
    result: { retainKeysMap: { other: 'bar' } },
  },
  {
    description: 'retainKeys map adds a field and clear a field',
    original: { retainKeysMap: { name: 'foo' } },
    twoWay: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar' } },
    modified: { retainKeysMap: { name: 'foo', value: 'bar' } },
    current: { retainKeysMap: { name: 'foo', other: 'a' } },
    threeWay: { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'bar' } },
    result: { retainKeysMap: { name: 'foo', value: 'bar' } },
  },
  {
    description: 'retainKeys list of maps clears a field',
    original: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
    twoWay: {},
    modified: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
    current: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
    threeWay: {
      '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
      retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo' }],
    },
    result: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
  },
];

describe('upstream cases', () => {
  it.each(UPSTREAM)('$description: two-way', (c) => {
    const patch = createTwoWayMergePatch(
      structuredClone(c.original),
      structuredClone(c.modified),
      schema,
    );
    expect(patch).toEqual(c.twoWay);
    expect(apply(c.original, patch)).toEqual(c.modified);
  });

  it.each(UPSTREAM.filter((c) => c.threeWay))('$description: three-way', (c) => {
    const patch = createThreeWayMergePatch(c.original, c.modified, c.current ?? {}, schema);
    expect(patch).toEqual(c.threeWay);
    expect(apply(c.current ?? {}, patch)).toEqual(c.result);
  });
});

describe('directives', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    [
      '$patch: replace on a map drops the fields the patch lacks',
      { name: '1', value: '1' },
      { other: 'a', $patch: 'replace' },
      { other: 'a' },
    ],
    [
      '$patch: delete on a map empties it',
      { simpleMap: { a: '1' } },
      { simpleMap: { $patch: 'delete' } },
      { simpleMap: {} },
    ],
    [
      '$patch: replace in a merging list replaces the list',
      { mergingList: [{ name: '1' }, { name: '2' }] },
      { mergingList: [{ name: '3' }, { $patch: 'replace' }] },
      { mergingList: [{ name: '3' }] },
    ],
    [
      '$patch: delete in a merging list removes every match',
      { mergingList: [{ name: '1' }, { name: '1' }, { name: '2', value: 'a' }] },
      { mergingList: [{ name: '1', $patch: 'delete' }] },
      { mergingList: [{ name: '2', value: 'a' }] },
    ],
    ['a null deletes a field', { name: '1', value: '2' }, { value: null }, { name: '1' }],
    [
      'nulls inside a new field are dropped',
      { name: '1' },
      { mergeItemPtr: { name: 'x', value: null } },
      { name: '1', mergeItemPtr: { name: 'x' } },
    ],
    [
      'a non-merging list is replaced whole',
      { nonMergingList: [{ name: '1' }, { name: '2' }] },
      { nonMergingList: [{ name: '3' }] },
      { nonMergingList: [{ name: '3' }] },
    ],
    [
      'a primitive merging list is a set',
      { mergingIntList: [1, 2] },
      { mergingIntList: [2, 3] },
      { mergingIntList: [1, 2, 3] },
    ],
    [
      '$retainKeys clears fields it does not list',
      { retainKeysMap: { name: 'foo', value: 'bar' } },
      { retainKeysMap: { $retainKeys: ['name', 'other'], other: 'x' } },
      { retainKeysMap: { name: 'foo', other: 'x' } },
    ],
    [
      '$deleteFromPrimitiveList applies whatever the strategy',
      { nonMergingIntList: [1, 2, 3] },
      { '$deleteFromPrimitiveList/nonMergingIntList': [2] },
      { nonMergingIntList: [1, 3] },
    ],
    [
      'replace strategy takes the patch value as is',
      { replacingItem: { a: 1, b: 2 } },
      { replacingItem: { c: 3 } },
      { replacingItem: { c: 3 } },
    ],
  ])('%s', (_name, original, patch, expected) => {
    expect(apply(original, patch)).toEqual(expected);
  });
});

describe('errors', () => {
  it.each<[string, JsonObject, JsonObject, string, StrategicMergePatchError['kind']]>([
    [
      'an unknown $patch',
      { simpleMap: { a: '1' } },
      { simpleMap: { $patch: 'wipe', b: '2' } },
      'unknown patch type: wipe in map: map[$patch:wipe b:2]',
      'internal',
    ],
    [
      '$patch: merge in a list',
      { mergingList: [{ name: '1' }] },
      { mergingList: [{ $patch: 'merge' }] },
      'merging lists cannot yet be specified in the patch',
      'internal',
    ],
    [
      'a list item without its merge key',
      { mergingList: [{ name: '1' }] },
      { mergingList: [{ value: 'a' }] },
      'map: map[value:a] does not contain declared merge key: name',
      'internal',
    ],
    [
      'a field outside $retainKeys',
      { retainKeysMap: { name: 'a' } },
      { retainKeysMap: { $retainKeys: ['name'], value: 'b' } },
      'invalid patch format of retainKeys',
      'bad-request',
    ],
    [
      '$retainKeys that is not a list',
      { retainKeysMap: { name: 'a' } },
      { retainKeysMap: { $retainKeys: 'name' } },
      'invalid patch format of retainKeys',
      'bad-request',
    ],
    [
      '$setElementOrder without a field',
      { mergingList: [{ name: '1' }] },
      { $setElementOrderx: [] },
      'invalid patch format of setElementOrder list',
      'bad-request',
    ],
    [
      '$deleteFromPrimitiveList without a field',
      { mergingIntList: [1] },
      { $deleteFromPrimitiveListx: [1] },
      'invalid patch format of primitive list',
      'bad-request',
    ],
    [
      'a list of lists',
      { mergingIntList: [[1]] },
      { mergingIntList: [[2]] },
      'lists of lists are not supported',
      'invalid',
    ],
    [
      'mixed element types',
      { mergingIntList: [1] },
      { mergingIntList: ['a'] },
      'list element types are not identical: [[1] [a]]',
      'internal',
    ],
    [
      'an unknown field in $setElementOrder',
      {},
      { '$setElementOrder/foo': [] },
      'unable to find api field in struct MergeItem for the json field "foo"',
      'internal',
    ],
    [
      'a $setElementOrder list out of step with the patch',
      { mergingList: [{ name: '1' }, { name: '3' }, { name: '2' }] },
      {
        '$setElementOrder/mergingList': [{ name: '1' }, { name: '2' }, { name: '3' }],
        mergingList: [
          { name: '3', value: '3' },
          { name: '1', value: '1' },
        ],
      },
      "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
      'internal',
    ],
  ])('reports %s', (_name, original, patch, message, kind) => {
    let error: unknown;
    try {
      apply(original, patch);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StrategicMergePatchError);
    expect((error as StrategicMergePatchError).message).toBe(message);
    expect((error as StrategicMergePatchError).kind).toBe(kind);
  });
});
