import { describe, expect, it } from 'vitest';
import type { Json } from '../json-merge-patch.ts';
import { applyJsonPatch, decodeJsonPatch } from './json-patch.ts';

function apply(document: string, patch: string): Json {
  return applyJsonPatch(JSON.parse(document) as Json, decodeJsonPatch(JSON.parse(patch) as Json));
}

// Cases from evanphx/json-patch v4 patch_test.go (Cases, TestCases) and RFC 6902 appendix A.
describe('applies', () => {
  it.each([
    [
      'adds an object member',
      '{"foo":"bar"}',
      '[{"op":"add","path":"/baz","value":"qux"}]',
      '{"baz":"qux","foo":"bar"}',
    ],
    [
      'inserts into an array',
      '{"foo":["bar","baz"]}',
      '[{"op":"add","path":"/foo/1","value":"qux"}]',
      '{"foo":["bar","qux","baz"]}',
    ],
    [
      'appends with -1',
      '{"foo":["bar","baz"]}',
      '[{"op":"add","path":"/foo/-1","value":"qux"}]',
      '{"foo":["bar","baz","qux"]}',
    ],
    [
      'appends with -',
      '{"foo":["bar"]}',
      '[{"op":"add","path":"/foo/-","value":["abc","def"]}]',
      '{"foo":["bar",["abc","def"]]}',
    ],
    [
      'appends to an empty array with -1',
      '{"foo":[]}',
      '[{"op":"add","path":"/foo/-1","value":"qux"}]',
      '{"foo":["qux"]}',
    ],
    [
      'removes an object member',
      '{"baz":"qux","foo":"bar"}',
      '[{"op":"remove","path":"/baz"}]',
      '{"foo":"bar"}',
    ],
    [
      'removes an array element',
      '{"foo":["bar","qux","baz"]}',
      '[{"op":"remove","path":"/foo/1"}]',
      '{"foo":["bar","baz"]}',
    ],
    [
      'removes with a negative index',
      '{"foo":["bar","qux","baz"]}',
      '[{"op":"remove","path":"/foo/-2"}]',
      '{"foo":["bar","baz"]}',
    ],
    [
      'removes a member whose value is null',
      '{"foo":"bar","qux":{"baz":1,"bar":null}}',
      '[{"op":"remove","path":"/qux/bar"}]',
      '{"foo":"bar","qux":{"baz":1}}',
    ],
    [
      'replaces a value',
      '{"baz":"qux","foo":"bar"}',
      '[{"op":"replace","path":"/baz","value":"boo"}]',
      '{"baz":"boo","foo":"bar"}',
    ],
    [
      'replaces an array element',
      '{"foo":["bar","qux","baz"]}',
      '[{"op":"replace","path":"/foo/1","value":"bum"}]',
      '{"foo":["bar","bum","baz"]}',
    ],
    [
      'replaces a missing object member by adding it (v4)',
      '{"foo":"bar"}',
      '[{"op":"replace","path":"/baz","value":1}]',
      '{"foo":"bar","baz":1}',
    ],
    [
      'replaces with null',
      '{"bar":[{"baz":1}]}',
      '[{"op":"replace","path":"/bar/0/baz","value":null}]',
      '{"bar":[{"baz":null}]}',
    ],
    [
      'moves a member',
      '{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}',
      '[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]',
      '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}',
    ],
    [
      'moves an array element',
      '{"foo":["all","grass","cows","eat"]}',
      '[{"op":"move","from":"/foo/1","path":"/foo/3"}]',
      '{"foo":["all","cows","eat","grass"]}',
    ],
    [
      'copies into an array',
      '{"foo":["bar","qux","baz"],"bar":["qux","baz"]}',
      '[{"op":"copy","from":"/foo/0","path":"/bar/0"}]',
      '{"foo":["bar","qux","baz"],"bar":["bar","qux","baz"]}',
    ],
    [
      'copies an array into itself',
      '{"foo":["bar"]}',
      '[{"op":"copy","path":"/foo/0","from":"/foo"}]',
      '{"foo":[["bar"],"bar"]}',
    ],
    ['adds null when the value is absent', '{}', '[{"op":"add","path":"/a"}]', '{"a":null}'],
    [
      'decodes ~1 and ~0',
      '{"a/b":{"m~n":1}}',
      '[{"op":"replace","path":"/a~1b/m~0n","value":2}]',
      '{"a/b":{"m~n":2}}',
    ],
    [
      'tests then replaces the whole document',
      '{"id":"0"}',
      '[{"op":"test","path":"","value":{"id":"0"}},{"op":"replace","path":"","value":{"id":"1"}}]',
      '{"id":"1"}',
    ],
    [
      'ignores a whole-document replace with a scalar',
      '{"id":"0"}',
      '[{"op":"replace","path":"","value":"x"}]',
      '{"id":"0"}',
    ],
    [
      'passes a test of a missing member against null',
      '{"baz":"qux"}',
      '[{"op":"test","path":"/foo","value":null}]',
      '{"baz":"qux"}',
    ],
    [
      'passes a test through an escaped key',
      '{"baz/foo":"qux"}',
      '[{"op":"test","path":"/baz~1foo","value":"qux"}]',
      '{"baz/foo":"qux"}',
    ],
    ['treats a null patch as no operations', '{"a":1}', 'null', '{"a":1}'],
  ])('%s', (_name, document, patch, expected) => {
    expect(apply(document, patch)).toEqual(JSON.parse(expected));
  });

  it('leaves its input unchanged', () => {
    const document = { a: { b: [1, 2] } };
    applyJsonPatch(document, [{ op: 'remove', path: '/a/b/0' }]);
    expect(document).toEqual({ a: { b: [1, 2] } });
  });
});

describe('fails', () => {
  it.each([
    [
      'add under a missing parent',
      '{"foo":"bar"}',
      '[{"op":"add","path":"/baz/bat","value":"qux"}]',
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    ],
    [
      'remove of a missing member',
      '{"a":{"b":{"d":1}}}',
      '[{"op":"remove","path":"/a/b/c"}]',
      "error in remove for path: '/a/b/c': Unable to remove nonexistent key: c: missing value",
    ],
    [
      'move from a missing member',
      '{"a":{"b":{"d":1}}}',
      '[{"op":"move","from":"/a/b/c","path":"/a/b/e"}]',
      "error in move for path: 'c': Unable to remove nonexistent key: c: missing value",
    ],
    [
      'remove past the end',
      '{"a":{"b":[1]}}',
      '[{"op":"remove","path":"/a/b/1"}]',
      "error in remove for path: '/a/b/1': Unable to access invalid index: 1: invalid index referenced",
    ],
    [
      'add without a path',
      '{"foo":"bar"}',
      '[{"op":"add","pathz":"/baz","value":"qux"}]',
      'add operation failed to decode path: missing value',
    ],
    [
      'add at the root',
      '{"foo":"bar"}',
      '[{"op":"add","path":"","value":"qux"}]',
      'add operation does not apply: doc is missing path: "": missing value',
    ],
    [
      'replace past the end',
      '{"foo":["bar","baz"]}',
      '[{"op":"replace","path":"/foo/2","value":"bum"}]',
      'replace operation does not apply: doc is missing key: /foo/2: missing value',
    ],
    [
      'add below the start',
      '{"foo":["bar","baz"]}',
      '[{"op":"add","path":"/foo/-4","value":"bum"}]',
      "error in add for path: '/foo/-4': Unable to access invalid index: -4: invalid index referenced",
    ],
    [
      'replace under a missing parent',
      '{"name":{"foo":"bat"}}',
      '[{"op":"replace","path":"/foo/bar","value":"baz"}]',
      'replace operation does not apply: doc is missing path: /foo/bar: missing value',
    ],
    [
      'remove with -',
      '{"foo":[]}',
      '[{"op":"remove","path":"/foo/-"}]',
      `error in remove for path: '/foo/-': strconv.Atoi: parsing "-": invalid syntax`,
    ],
    [
      'add with a word for an index',
      '{"foo":[]}',
      '[{"op":"add","path":"/foo/x","value":1}]',
      `error in add for path: '/foo/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    ],
    ['an operation without op', '{}', '[{"op":null,"path":""}]', 'Unexpected kind: unknown'],
    ['an unknown op', '{}', '[{"op":"merge","path":"/a"}]', 'Unexpected kind: merge'],
    [
      'copy without from',
      '{}',
      '[{"op":"copy","from":null}]',
      'copy operation failed to decode from: operation, missing from field: missing value',
    ],
    [
      'replace with a number for a path',
      '{}',
      '[{"op":"replace","path":1}]',
      'replace operation failed to decode path: json: cannot unmarshal number into Go value of type string',
    ],
    [
      'copy past the end',
      '{"foo":["bar"]}',
      '[{"op":"copy","path":"/foo/2","from":"/foo/0"}]',
      'error while adding value during copy: Unable to access invalid index: 2: invalid index referenced',
    ],
    [
      'move past the end',
      '{"foo":["all","grass","cows","eat"]}',
      '[{"op":"move","from":"/foo/1","path":"/foo/4"}]',
      "error in move for path: '/foo/4': Unable to access invalid index: 4: invalid index referenced",
    ],
    [
      'a failed test',
      '{"baz":"qux","foo":["a",2,"c"]}',
      '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":"c"}]',
      'testing value /foo/1 failed: test failed',
    ],
    [
      'a test of an empty object against null',
      '{"foo":{}}',
      '[{"op":"test","path":"/foo","value":null}]',
      'testing value /foo failed: test failed',
    ],
    [
      'a test without a value',
      '{"foo":[]}',
      '[{"op":"test","path":"/foo"}]',
      'testing value /foo failed: test failed',
    ],
    [
      'a path through a string',
      '{"foo":"bar"}',
      '[{"op":"add","path":"/foo/x","value":1}]',
      'add operation does not apply: doc is missing path: "/foo/x": missing value',
    ],
  ])('on %s', (_name, document, patch, message) => {
    expect(() => apply(document, patch)).toThrow(message);
  });

  it('caps the bytes copies may add', () => {
    const big = 'A'.repeat(2 * 1024 * 1024);
    expect(() =>
      applyJsonPatch({ foo: [big] }, [
        { op: 'copy', path: '/foo/-', from: '/foo/0' },
        { op: 'copy', path: '/foo/-', from: '/foo/0' },
      ]),
    ).toThrow(
      'Unable to complete the copy, the accumulated size increase of copy is 4194308, exceeding the limit 3145728',
    );
  });
});

describe('decodes', () => {
  it.each([
    [
      'an object',
      '{"op":"add"}',
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    ],
    ['a string', '"x"', 'json: cannot unmarshal string into Go value of type jsonpatch.Patch'],
    [
      'a list of numbers',
      '[1]',
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    ],
  ])('rejects %s', (_name, body, message) => {
    expect(() => decodeJsonPatch(JSON.parse(body) as Json)).toThrow(message);
  });
});
