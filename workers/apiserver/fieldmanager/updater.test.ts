import { describe, expect, it } from 'vitest';
import type { Json } from '../../api/json-merge-patch.ts';
import { INT, list, map, STRING, struct } from '../../api/patch/testing.ts';
import type { SchemaNode } from '../../api/schema/schema.ts';
import { pathString } from './fieldpath.ts';
import { Conflicts, Updater, type ManagedSets } from './updater.ts';

// Cases from structured-merge-diff v4 merge/leaf_test.go, set_test.go and
// multiple_appliers_test.go, on the same schemas; versions play no part here.

const leafFields = struct('leafFields', () => ({
  numeric: INT,
  string: STRING,
  bool: { ...STRING, scalar: 'boolean' },
}));
const sets = struct('sets', () => ({ list: list(STRING, 'set') }));
const item = struct('item', () => ({ name: STRING, value: INT }));
const associativeList = struct('type', () => ({ list: list(item, 'map', 'name') }));
const nested = struct('nested', () => ({
  labels: map(STRING),
  atomicList: list(STRING),
  inner: struct('inner', () => ({ a: STRING, b: STRING })),
  atomicInner: struct('inner', () => ({ a: STRING, b: STRING }), 'atomic'),
}));

type Op =
  | { apply: Json; manager: string; force?: boolean; conflicts?: string[] }
  | { update: Json; manager: string };

interface Case {
  name: string;
  type: SchemaNode;
  ops: Op[];
  object: Json;
  managed: Record<string, string[]>;
}

function run(type: SchemaNode, ops: readonly Op[]): { object: Json; managed: ManagedSets } {
  const updater = new Updater(type, undefined);
  let object: Json = {};
  const managed: ManagedSets = new Map();
  for (const op of ops) {
    if ('update' in op) {
      updater.updateManagers(object, op.update, 'v1', managed, op.manager);
      object = op.update;
      continue;
    }
    const attempt = new Map(managed);
    try {
      object =
        updater.apply(object, op.apply, 'v1', attempt, op.manager, op.force ?? false) ?? object;
      for (const [manager, set] of attempt) managed.set(manager, set);
      for (const manager of managed.keys()) if (!attempt.has(manager)) managed.delete(manager);
      expect(op.conflicts).toBeUndefined();
    } catch (error) {
      if (!(error instanceof Conflicts)) throw error;
      const conflicts = error.conflicts.map((c) => `${c.manager}: ${pathString(c.path)}`);
      expect(conflicts).toEqual(op.conflicts);
    }
  }
  return { object, managed };
}

const CASES: Case[] = [
  {
    name: 'leaf: applying twice owns the new field too',
    type: leafFields,
    ops: [
      { manager: 'default', apply: { numeric: 1, string: 'string' } },
      { manager: 'default', apply: { numeric: 2, string: 'string', bool: false } },
    ],
    object: { numeric: 2, string: 'string', bool: false },
    managed: { default: ['.bool', '.numeric', '.string'] },
  },
  {
    name: 'leaf: an updater keeps the field it added',
    type: leafFields,
    ops: [
      { manager: 'default', apply: { numeric: 1, string: 'string' } },
      { manager: 'controller', update: { numeric: 1, string: 'string', bool: true } },
      { manager: 'default', apply: { numeric: 2, string: 'string' } },
    ],
    object: { numeric: 2, string: 'string', bool: true },
    managed: { default: ['.numeric', '.string'], controller: ['.bool'] },
  },
  {
    name: 'leaf: a field an updater changed conflicts until forced',
    type: leafFields,
    ops: [
      { manager: 'default', apply: { numeric: 1, string: 'string' } },
      { manager: 'controller', update: { numeric: 1, string: 'controller string', bool: true } },
      {
        manager: 'default',
        apply: { numeric: 2, string: 'user string' },
        conflicts: ['controller: .string'],
      },
      { manager: 'default', apply: { numeric: 2, string: 'user string' }, force: true },
    ],
    object: { numeric: 2, string: 'user string', bool: true },
    managed: { default: ['.numeric', '.string'], controller: ['.bool'] },
  },
  {
    name: 'leaf: a field no longer applied is removed',
    type: leafFields,
    ops: [
      { manager: 'default', apply: { numeric: 1, string: 'string', bool: false } },
      { manager: 'default', apply: { string: 'new string' } },
    ],
    object: { string: 'new string' },
    managed: { default: ['.string'] },
  },
  {
    name: 'set: items another manager added stay in place',
    type: sets,
    ops: [
      { manager: 'default', apply: { list: ['a', 'c'] } },
      { manager: 'controller', update: { list: ['a', 'b', 'c', 'd'] } },
      { manager: 'default', apply: { list: ['a', 'aprime', 'c', 'cprime'] } },
    ],
    object: { list: ['a', 'b', 'aprime', 'c', 'd', 'cprime'] },
    managed: {
      default: ['.list[="a"]', '.list[="aprime"]', '.list[="c"]', '.list[="cprime"]'],
      controller: ['.list[="b"]', '.list[="d"]'],
    },
  },
  {
    name: 'set: the applier restores its order over an updater reordering',
    type: sets,
    ops: [
      { manager: 'default', apply: { list: ['a', 'b', 'c', 'd'] } },
      { manager: 'controller', update: { list: ['a', 'd', 'c', 'b'] } },
      { manager: 'default', apply: { list: ['a', 'b', 'c', 'd'] } },
    ],
    object: { list: ['a', 'b', 'c', 'd'] },
    managed: { default: ['.list[="a"]', '.list[="b"]', '.list[="c"]', '.list[="d"]'] },
  },
  {
    name: 'set: applying fewer items removes the rest',
    type: sets,
    ops: [
      { manager: 'default', apply: { list: ['a', 'b', 'c', 'd'] } },
      { manager: 'default', apply: { list: ['a', 'c'] } },
    ],
    object: { list: ['a', 'c'] },
    managed: { default: ['.list[="a"]', '.list[="c"]'] },
  },
  {
    name: 'list-map: one applier drops an item another never had',
    type: associativeList,
    ops: [
      { manager: 'apply-one', apply: { list: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
      { manager: 'apply-two', apply: { list: [{ name: 'c' }, { name: 'd' }] } },
      { manager: 'apply-one', apply: { list: [{ name: 'a' }] } },
    ],
    object: { list: [{ name: 'a' }, { name: 'c' }, { name: 'd' }] },
    managed: {
      'apply-one': ['.list[name="a"]', '.list[name="a"].name'],
      'apply-two': [
        '.list[name="c"]',
        '.list[name="d"]',
        '.list[name="c"].name',
        '.list[name="d"].name',
      ],
    },
  },
  {
    name: 'list-map: the same value from two appliers is shared',
    type: associativeList,
    ops: [
      { manager: 'apply-one', apply: { list: [{ name: 'a', value: 0 }] } },
      { manager: 'apply-two', apply: { list: [{ name: 'a', value: 0 }] } },
    ],
    object: { list: [{ name: 'a', value: 0 }] },
    managed: {
      'apply-one': ['.list[name="a"]', '.list[name="a"].name', '.list[name="a"].value'],
      'apply-two': ['.list[name="a"]', '.list[name="a"].name', '.list[name="a"].value'],
    },
  },
  {
    name: 'list-map: a different value conflicts',
    type: associativeList,
    ops: [
      { manager: 'apply-one', apply: { list: [{ name: 'a', value: 0 }] } },
      {
        manager: 'apply-two',
        apply: { list: [{ name: 'a', value: 1 }] },
        conflicts: ['apply-one: .list[name="a"].value'],
      },
    ],
    object: { list: [{ name: 'a', value: 0 }] },
    managed: {
      'apply-one': ['.list[name="a"]', '.list[name="a"].name', '.list[name="a"].value'],
    },
  },
  {
    name: 'maps and structs are granular; atomic lists and atomic structs are leaves',
    type: nested,
    ops: [
      {
        manager: 'default',
        apply: {
          labels: { a: 'x' },
          atomicList: ['1', '2'],
          inner: { a: 'y' },
          atomicInner: { a: 'y' },
        },
      },
      { manager: 'other', apply: { labels: { b: 'z' } } },
    ],
    object: {
      labels: { a: 'x', b: 'z' },
      atomicList: ['1', '2'],
      inner: { a: 'y' },
      atomicInner: { a: 'y' },
    },
    managed: {
      default: ['.atomicInner', '.atomicList', '.inner.a', '.labels.a'],
      other: ['.labels.b'],
    },
  },
];

describe('Updater', () => {
  it.each(CASES)('$name', ({ type, ops, object, managed }) => {
    const result = run(type, ops);
    expect(result.object).toEqual(object);
    const owned = Object.fromEntries(
      [...result.managed].map(([manager, versioned]) => [
        manager,
        versioned.set.paths().map(pathString),
      ]),
    );
    expect(owned).toEqual(managed);
  });
});
