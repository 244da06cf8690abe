import { describe, expect, it } from 'vitest';
import { convertToTable, type TableOptions } from './convert.ts';
import { defaultPrinter } from './default.ts';
import { podPrinter } from './pods.ts';
import { NOW, ago } from './testing.ts';

const options: TableOptions = {
  groupVersion: 'meta.k8s.io/v1',
  includeObject: '',
  noHeaders: false,
  now: NOW,
};

const role = {
  kind: 'Role',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  metadata: { name: 'pod-reader', namespace: 'default', creationTimestamp: '2025-01-15T10:04:05Z' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
};

describe('convertToTable', () => {
  it('builds the default table of a Role', () => {
    expect(convertToTable(defaultPrinter, [role], { resourceVersion: '7' }, options)).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '7' },
      columnDefinitions: defaultPrinter.columns,
      rows: [
        {
          cells: ['pod-reader', '2025-01-15T10:04:05Z'],
          object: {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: role.metadata,
          },
        },
      ],
    });
  });

  it.each([
    ['the default table', defaultPrinter, null],
    ['a printers.go table', podPrinter, []],
  ])('serializes the rows of an empty list in %s as %j', (_name, printer, rows) => {
    expect(convertToTable(printer, [], { resourceVersion: '7' }, options).rows).toEqual(rows);
  });

  it('leaves the column definitions out once the client has them', () => {
    expect(
      convertToTable(defaultPrinter, [role], {}, { ...options, noHeaders: true }).columnDefinitions,
    ).toBeNull();
  });

  it('keeps a row condition between the cells and the object', () => {
    const pod = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'job-x', creationTimestamp: ago(60) },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
      status: { phase: 'Succeeded' },
    };
    const [row] =
      convertToTable(podPrinter, [pod], {}, { ...options, includeObject: 'None' }).rows ?? [];
    expect(Object.keys(row ?? {})).toEqual(['cells', 'conditions', 'object']);
    expect(row?.object).toBeNull();
  });
});
