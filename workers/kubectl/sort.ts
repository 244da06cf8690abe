// --sort-by (kubectl pkg/cmd/get/sorter.go): a stable sort of a Table's rows by a JSONPath into
// each row's object; numbers numerically, strings that are both quantities by value, other
// strings bytewise; rows missing the field first.

import { isParseError } from '../api/errors.ts';
import { parseQuantity } from '../api/quantity.ts';
import { findResults } from './jsonpath.ts';
import type { Table } from './table-printer.ts';

function quantity(text: string): number | null {
  const parsed = parseQuantity(text);
  return isParseError(parsed) ? null : parsed.milliValue;
}

function isLess(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa !== null && qb !== null) return qa < qb;
    return a < b;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  return false;
}

export function sortRows(table: Table, path: string): Table {
  const rows = [...(table.rows ?? [])];
  const key = (row: (typeof rows)[number]): unknown[] => findResults(row.object, path);
  const keyed = rows.map((row, index) => ({ row, index, values: key(row) }));
  keyed.sort((x, y) => {
    const less = (i: typeof x, j: typeof y): boolean => {
      if (i.values.length === 0) return true;
      if (j.values.length === 0) return false;
      return isLess(i.values[0], j.values[0]);
    };
    if (less(x, y) && !less(y, x)) return -1;
    if (less(y, x) && !less(x, y)) return 1;
    return x.index - y.index;
  });
  return { ...table, rows: keyed.map((entry) => entry.row) };
}
