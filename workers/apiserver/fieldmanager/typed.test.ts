import { describe, expect, it } from 'vitest';
import type { Json } from '../../api/json-merge-patch.ts';
import { INT, list, map, STRING, struct } from '../../api/patch/testing.ts';
import { pathString } from './fieldpath.ts';
import { validate } from './merge.ts';
import { compare, toFieldSet } from './typed.ts';

const port = struct('v1.ContainerPort', () => ({
  containerPort: INT,
  protocol: STRING,
  name: STRING,
}));
const container = struct('v1.Container', () => ({
  name: STRING,
  image: STRING,
  ports: list(port, 'map', 'containerPort', 'protocol'),
  resources: struct('v1.ResourceRequirements', () => ({ limits: map(STRING) })),
}));
const pod = struct('v1.Pod', () => ({
  apiVersion: STRING,
  kind: STRING,
  metadata: struct('v1.ObjectMeta', () => ({
    name: STRING,
    labels: map(STRING),
    finalizers: list(STRING, 'set'),
  })),
  spec: struct('v1.PodSpec', () => ({ containers: list(container, 'map', 'name') })),
}));

const paths = (value: Json): string[] => toFieldSet(value, pod).paths().map(pathString);

describe('toFieldSet', () => {
  it('names list-map items by key, set items by value, and defaults a missing protocol', () => {
    expect(
      paths({
        metadata: { name: 'p', labels: { app: 'web' }, finalizers: ['a/b'] },
        spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
      }),
    ).toEqual([
      '.metadata.name',
      '.metadata.finalizers[="a/b"]',
      '.metadata.labels.app',
      '.spec.containers[name="nginx"]',
      '.spec.containers[name="nginx"].name',
      '.spec.containers[name="nginx"].resources',
      '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
      '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort',
    ]);
  });

  it('counts a repeated item once, without descending into it', () => {
    expect(paths({ metadata: { finalizers: ['a', 'a', 'b'] } })).toEqual([
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
    ]);
  });
});

describe('compare', () => {
  it('reports added, modified and removed fields', () => {
    const before = {
      metadata: { labels: { a: '1', b: '2' } },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    };
    const after = {
      metadata: { labels: { a: '1', c: '3' } },
      spec: { containers: [{ name: 'c', image: 'y' }] },
    };
    const comparison = compare(before, after, pod);
    expect(comparison.added.paths().map(pathString)).toEqual(['.metadata.labels.c']);
    expect(comparison.modified.paths().map(pathString)).toEqual([
      '.spec.containers[name="c"].image',
    ]);
    expect(comparison.removed.paths().map(pathString)).toEqual(['.metadata.labels.b']);
  });
});

describe('validate', () => {
  it.each([
    [
      { spec: { containers: [{ image: 'x' }] } },
      '.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ],
    [
      { spec: { containers: [{ name: 'a' }, { name: 'a' }] } },
      '.spec.containers: duplicate entries for key [name="a"]',
    ],
    [{ spec: { nodeName: 'x' } }, '.spec.nodeName: field not declared in schema'],
    [
      { metadata: { name: 5 } },
      '.metadata.name: expected string, got &value.valueUnstructured{Value:5}',
    ],
    [{ spec: { containers: {} } }, '.spec.containers: expected list, got &{map[]}'],
    [
      { metadata: { finalizers: [null] } },
      ".metadata.finalizers: element 0: associative list without keys has an element that's an explicit null",
    ],
  ])('reports %j', (value, message) => {
    expect(validate(value, pod)).toBe(message);
  });

  it('lists several errors under a heading', () => {
    expect(validate({ metadata: { name: 5 }, spec: { nodeName: 'x' } }, pod)).toBe(
      'errors:\n  .metadata.name: expected string, got &value.valueUnstructured{Value:5}\n  .spec.nodeName: field not declared in schema',
    );
  });
});
