import { describe, expect, it } from 'vitest';
import {
  compareElements,
  elementString,
  fieldElement,
  FieldSet,
  indexElement,
  keyElement,
  parseElement,
  pathString,
  valueElement,
  type Path,
} from './fieldpath.ts';

const f = fieldElement;

// managedFields as kube-apiserver 1.32 writes them for `kubectl apply` of a Deployment.
const DEPLOYMENT_FIELDS = {
  'f:metadata': {
    'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} },
  },
  'f:spec': {
    'f:progressDeadlineSeconds': {},
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': {
              '.': {},
              'k:{"containerPort":80,"protocol":"TCP"}': {
                '.': {},
                'f:containerPort': {},
                'f:protocol': {},
              },
            },
          },
        },
      },
    },
  },
};

describe('FieldsV1', () => {
  it('reads and writes back what kube-apiserver writes', () => {
    const set = FieldSet.fromFieldsV1(DEPLOYMENT_FIELDS);
    expect(set.toFieldsV1()).toEqual(DEPLOYMENT_FIELDS);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify(DEPLOYMENT_FIELDS));
  });

  it('lists member paths in upstream order', () => {
    const set = FieldSet.fromFieldsV1(DEPLOYMENT_FIELDS);
    expect(set.paths().map(pathString).slice(0, 4)).toEqual([
      '.metadata.annotations',
      '.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
      '.spec.progressDeadlineSeconds',
      '.spec.replicas',
    ]);
    expect(set.has([f('spec'), f('selector')])).toBe(true);
    expect(set.has([f('spec'), f('template')])).toBe(false);
  });

  it('drops element types it does not know', () => {
    expect(FieldSet.fromFieldsV1({ 'f:a': {}, 'z:b': {} }).toFieldsV1()).toEqual({ 'f:a': {} });
  });
});

describe('path elements', () => {
  it.each([
    ['f:spec', '.spec'],
    ['k:{"containerPort":80,"protocol":"TCP"}', '[containerPort=80,protocol="TCP"]'],
    ['v:"example.com/finalizer"', '[="example.com/finalizer"]'],
    ['i:3', '[3]'],
  ])('reads %s, printed as %s', (text, printed) => {
    const element = parseElement(text);
    expect(element?.text).toBe(text);
    expect(element && elementString(element)).toBe(printed);
  });

  it('sorts keys by name and orders fields, keys, values, indices', () => {
    expect(
      keyElement([
        ['protocol', 'TCP'],
        ['containerPort', 80],
      ]).text,
    ).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    const elements = [
      indexElement(0),
      valueElement('a'),
      keyElement([['port', 443]]),
      keyElement([['port', 80]]),
      f('z'),
      f('a'),
    ];
    expect(elements.sort(compareElements).map((e) => e.text)).toEqual([
      'f:a',
      'f:z',
      'k:{"port":80}',
      'k:{"port":443}',
      'v:"a"',
      'i:0',
    ]);
  });
});

describe('set algebra', () => {
  const paths = (...list: string[][]): Path[] => list.map((names) => names.map(f));
  const set = (...list: string[][]): FieldSet => FieldSet.of(...paths(...list));
  const show = (s: FieldSet): string[] => s.paths().map(pathString);

  it('keeps children under a removed member in a difference, not in a recursive one', () => {
    const owned = set(['spec'], ['spec', 'replicas'], ['status', 'phase']);
    const removed = set(['spec']);
    expect(show(owned.difference(removed))).toEqual(['.spec.replicas', '.status.phase']);
    expect(show(owned.recursiveDifference(removed))).toEqual(['.status.phase']);
  });

  it('unions and intersects', () => {
    const a = set(['a'], ['b', 'c']);
    const b = set(['b', 'c'], ['b', 'd']);
    expect(show(a.union(b))).toEqual(['.a', '.b.c', '.b.d']);
    expect(show(a.intersection(b))).toEqual(['.b.c']);
    expect(a.intersection(set(['x'])).empty()).toBe(true);
  });
});
