import { describe, expect, it } from 'vitest';
import {
  applyMergePatch,
  createThreeWayMergePatch,
  jsonEqual,
  type Json,
} from './json-merge-patch.ts';

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A, every example in order.
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('patches %j with %j into %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('replaces lists wholesale, pruning nulls from the objects in them as v4 does', () => {
    expect(applyMergePatch({ a: [{ b: 1 }, { c: 2 }] }, { a: [{ b: null }, null] })).toEqual({
      a: [{}, null],
    });
  });

  it('changes neither its target nor its patch', () => {
    const target = { metadata: { labels: { app: 'web' } } };
    const patch = { metadata: { labels: { app: null, tier: 'fe' } } };
    applyMergePatch(target, patch);
    expect(target).toEqual({ metadata: { labels: { app: 'web' } } });
    expect(patch).toEqual({ metadata: { labels: { app: null, tier: 'fe' } } });
  });
});

describe('jsonEqual', () => {
  it.each<[Json, Json, boolean]>([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, { a: 1, b: null }, false],
    [null, null, true],
    ['1', 1, false],
  ])('compares %j and %j: %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });
});

describe('createThreeWayMergePatch', () => {
  const lastApplied = {
    metadata: { labels: { app: 'web', tier: 'fe' } },
    data: { a: '1', b: '2' },
  };

  it.each<[string, Json, Json, Json]>([
    [
      'deletes a field removed from the last applied configuration',
      { metadata: { labels: { app: 'web' } }, data: { a: '1', b: '2' } },
      lastApplied,
      { metadata: { labels: { tier: null } } },
    ],
    [
      'keeps fields other writers added to the live object',
      lastApplied,
      {
        ...lastApplied,
        metadata: { labels: { app: 'web', tier: 'fe', 'pod-template-hash': 'abc' } },
        status: { ready: true },
      },
      {},
    ],
    [
      'sets a changed value back to the manifest',
      lastApplied,
      { ...lastApplied, data: { a: 'edited', b: '2' } },
      { data: { a: '1' } },
    ],
    [
      'adds a new field and deletes a removed one in one patch',
      { metadata: { labels: { app: 'web', tier: 'fe' } }, data: { a: '1', c: '3' } },
      lastApplied,
      { data: { b: null, c: '3' } },
    ],
    [
      'replaces a list that differs',
      { ...lastApplied, items: [1, 2] },
      { ...lastApplied, items: [1] },
      { items: [1, 2] },
    ],
    [
      'leaves alone a field deleted from the manifest that is already gone',
      { metadata: { labels: { app: 'web' } }, data: { a: '1', b: '2' } },
      { metadata: { labels: { app: 'web' } }, data: { a: '1', b: '2' } },
      { metadata: { labels: { tier: null } } },
    ],
  ])('%s', (_case, modified, current, expected) => {
    expect(createThreeWayMergePatch(lastApplied, modified, current)).toEqual(expected);
  });

  it('gives an empty patch when nothing changed, which kubectl reports as unchanged', () => {
    expect(createThreeWayMergePatch(lastApplied, lastApplied, lastApplied)).toEqual({});
  });

  it('yields, applied to the live object, the manifest plus what others added', () => {
    const modified = { metadata: { labels: { app: 'api' } }, data: { a: '1' } };
    const current = {
      metadata: { labels: { app: 'web', tier: 'fe', owner: 'ops' } },
      data: { a: '1', b: '2' },
      status: { ready: true },
    };
    const patch = createThreeWayMergePatch(lastApplied, modified, current);
    expect(applyMergePatch(current, patch)).toEqual({
      metadata: { labels: { app: 'api', owner: 'ops' } },
      data: { a: '1' },
      status: { ready: true },
    });
  });
});
