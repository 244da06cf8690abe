// Runs one store case on a target and makes what it observed comparable across targets:
// revisions counted from the case's start (a real etcd is shared by all cases), keys without the
// case's prefix, lease IDs numbered in order of appearance.

import type { StoreCase } from './cases.ts';
import type { EtcdTarget } from './target.ts';

const REVISION_FIELDS = new Set([
  'revision',
  'create_revision',
  'mod_revision',
  'compact_revision',
]);
const LEASE_FIELDS = new Set(['lease', 'ID']);

export function normalize(observed: unknown, base: number, keyPrefix: string): unknown {
  const leases = new Map<number, number>();
  const walk = (value: unknown, field?: string): unknown => {
    if (typeof value === 'string') {
      return value.startsWith(keyPrefix) ? value.slice(keyPrefix.length) : value;
    }
    if (typeof value === 'number' && field !== undefined) {
      if (REVISION_FIELDS.has(field) && value > 0) return value - base;
      if (LEASE_FIELDS.has(field) && value > 0) {
        if (!leases.has(value)) leases.set(value, leases.size + 1);
        return leases.get(value);
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, walk(item, name)]),
      );
    }
    return value;
  };
  return walk(observed);
}

export async function observe(
  target: EtcdTarget,
  storeCase: StoreCase,
  index: number,
): Promise<unknown> {
  const keyPrefix = `/case-${String(index).padStart(2, '0')}/`;
  const base = (await target.range({ key: keyPrefix })).header.revision;
  const observed = await storeCase.run(target, (name) => keyPrefix + name);
  return normalize(observed, base, keyPrefix);
}
