// Test support for the printer tests: a fixed virtual now and timestamps relative to it.

import type { KubeObject } from '../../client/protocol.ts';
import type { TablePrinter } from './table.ts';

/** The virtual now every printer test prints at. */
export const NOW = Date.parse('2025-01-15T12:00:00Z');

/** The RFC 3339 time `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** A printed row's cells, named by the printer's column names for readable failures. */
export function cellsByColumn(printer: TablePrinter, object: KubeObject): Record<string, unknown> {
  const { cells } = printer.print(object, NOW);
  return Object.fromEntries(printer.columns.map((column, index) => [column.name, cells[index]]));
}
