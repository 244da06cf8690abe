import { describe, expect, it } from 'vitest';
import { defaultPrinter } from './default.ts';
import { printerFor } from './registry.ts';
import { NOW } from './testing.ts';

describe('the default table', () => {
  it.each([
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['example.com', 'Widget'],
  ])('serves %s %s', (group, kind) => {
    expect(printerFor(group, kind)).toBe(defaultPrinter);
  });

  it.each([
    ['2025-01-15T10:04:05Z', '2025-01-15T10:04:05Z'],
    ['2025-01-15T11:04:05+01:00', '2025-01-15T10:04:05Z'],
    [undefined, '0001-01-01T00:00:00Z'],
  ])('prints NAME and CREATED AT in UTC for %s', (creationTimestamp, createdAt) => {
    const role = {
      metadata: { name: 'pod-reader', ...(creationTimestamp ? { creationTimestamp } : {}) },
    };
    expect(defaultPrinter.print(role, NOW).cells).toEqual(['pod-reader', createdAt]);
  });

  it('names the columns Name and Created At (a date)', () => {
    expect(defaultPrinter.columns.map(({ name, type, format }) => [name, type, format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
  });
});
