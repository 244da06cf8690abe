import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { parentManagedFields, scaleManagedFields } from './scale.ts';

// Cases from apimachinery pkg/util/managedfields/scalehandler_test.go.

const REPLICAS = { 'f:spec': { 'f:replicas': {} } };
const REPLICAS_AND_SELECTOR = { 'f:spec': { 'f:replicas': {}, 'f:selector': {} } };
const SELECTOR = { 'f:spec': { 'f:selector': {} } };
const TIME = '2013-02-03T00:00:00Z';

function entry(
  manager: string,
  operation: 'Apply' | 'Update',
  apiVersion: string,
  fieldsV1: object,
  extra: Partial<ManagedFieldsEntry> = {},
): ManagedFieldsEntry {
  return { manager, operation, apiVersion, fieldsType: 'FieldsV1', fieldsV1, ...extra };
}

describe('scaleManagedFields', () => {
  it.each<[string, ManagedFieldsEntry[], ManagedFieldsEntry[]]>([
    [
      'keeps the managers of replicas, as Scale managers',
      [
        entry('manager-1', 'Apply', 'apps/v1', { 'f:spec': { 'f:another-field': {} } }),
        entry('manager-2', 'Apply', 'apps/v1', REPLICAS, { time: TIME }),
      ],
      [entry('manager-2', 'Apply', 'autoscaling/v1', REPLICAS, { time: TIME })],
    ],
    [
      'transforms every manager of replicas, subresource included',
      [
        entry('manager-1', 'Apply', 'apps/v1', REPLICAS),
        entry('manager-3', 'Apply', 'apps/v1', REPLICAS, { subresource: 'scale' }),
      ],
      [
        entry('manager-1', 'Apply', 'autoscaling/v1', REPLICAS),
        entry('manager-3', 'Apply', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
      ],
    ],
    ['drops unknown versions', [entry('manager-1', 'Apply', 'apps/v10', REPLICAS)], []],
  ])('%s', (_name, parent, expected) => {
    expect(scaleManagedFields(parent, 'apps/v1')).toEqual(expected);
  });
});

describe('parentManagedFields', () => {
  it.each<[string, ManagedFieldsEntry, ManagedFieldsEntry, ManagedFieldsEntry[]]>([
    [
      'apply, then an update through scale',
      entry('test', 'Apply', 'apps/v1', REPLICAS_AND_SELECTOR),
      entry('scale', 'Update', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
      [
        entry('test', 'Apply', 'apps/v1', SELECTOR),
        entry('scale', 'Update', 'apps/v1', REPLICAS, { subresource: 'scale' }),
      ],
    ],
    [
      'apply, then an apply through scale',
      entry('test', 'Apply', 'apps/v1', REPLICAS_AND_SELECTOR),
      entry('scale', 'Apply', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
      [
        entry('scale', 'Apply', 'apps/v1', REPLICAS, { subresource: 'scale' }),
        entry('test', 'Apply', 'apps/v1', SELECTOR),
      ],
    ],
    [
      'update, then an update through scale',
      entry('test', 'Update', 'apps/v1', REPLICAS_AND_SELECTOR),
      entry('scale', 'Update', 'autoscaling/v1', REPLICAS, { subresource: 'scale' }),
      [
        entry('scale', 'Update', 'apps/v1', REPLICAS, { subresource: 'scale' }),
        entry('test', 'Update', 'apps/v1', SELECTOR),
      ],
    ],
  ])('%s', (_name, parent, scale, expected) => {
    expect(parentManagedFields([parent], [scale], 'apps/v1')).toEqual(expected);
  });
});
