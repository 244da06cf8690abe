// kubectl's HumanReadablePrinter for the server's Tables (cli-runtime pkg/printers/
// tableprinter.go): upper-cased headers (none when there are no rows, once per watch), wide-only
// columns (priority > 0) for `-o wide`, the NAMESPACE column of `-A`, `-L` label columns and
// `--show-labels`, `kind/name` names when several kinds are printed, watch event prefixes.

import { formatLabels } from './labels.ts';

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { namespace?: string; labels?: Record<string, string> } };
}

export interface Table {
  kind?: string;
  columnDefinitions?: TableColumn[] | null;
  rows?: TableRow[] | null;
  metadata?: { resourceVersion?: string; continue?: string };
}

export interface TablePrintOptions {
  noHeaders?: boolean;
  wide?: boolean;
  withNamespace?: boolean;
  /** `deployment.apps` when several kinds are printed together: names become `kind/name`. */
  kind?: string;
  showLabels?: boolean;
  columnLabels?: string[];
}

/** `-L app.kubernetes.io/name` heads its column `NAME`. */
export function labelHeaders(columnLabels: readonly string[]): string[] {
  return columnLabels.map((label) => (label.split('/').at(-1) ?? '').toUpperCase());
}

/** fmt.Sprint of a JSON cell: integers without a fraction, strings cut at a line break. */
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const cut = cell.search(/[\f\n\r]/);
    return cut === -1 ? cell : `${cell.slice(0, cut)}...`;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** decorateTable: the columns kubectl adds around the server's. */
function decorate(
  table: Table,
  options: TablePrintOptions,
): { columns: TableColumn[]; rows: string[][] } {
  const given = table.columnDefinitions ?? [];
  const columnLabels = options.columnLabels ?? [];
  const columns: TableColumn[] = [
    ...(options.withNamespace ? [{ name: 'Namespace', type: 'string' }] : []),
    ...given,
    ...labelHeaders(columnLabels).map((name) => ({ name, type: 'string' })),
    ...(options.showLabels ? [{ name: 'Labels', type: 'string' }] : []),
  ];
  const nameColumn = options.kind
    ? given.findIndex((column) => column.format === 'name' && column.type === 'string')
    : -1;
  const rows = (table.rows ?? []).map((row) => {
    const cells = row.cells.map(cellText);
    if (nameColumn !== -1) cells[nameColumn] = `${options.kind ?? ''}/${cells[nameColumn] ?? ''}`;
    const metadata = row.object?.metadata;
    const labels = metadata?.labels ?? {};
    return [
      ...(options.withNamespace ? [metadata?.namespace ?? ''] : []),
      ...cells,
      ...columnLabels.map((key) => labels[key] ?? ''),
      ...(options.showLabels ? [formatLabels(labels)] : []),
    ];
  });
  return { columns, rows };
}

/** The tab-separated text kubectl writes to its tabwriter for one table. */
export function tableText(table: Table, options: TablePrintOptions, eventType?: string): string {
  const { columns, rows } = decorate(table, options);
  const shown = columns.map((column) => options.wide === true || !column.priority);
  const visible = (cells: string[]): string[] => cells.filter((_, index) => shown[index]);
  const prefix = eventType === undefined ? [] : [formatEventType(eventType)];
  let text = '';
  if (!options.noHeaders && rows.length > 0) {
    const headers = visible(columns.map((column) => column.name.toUpperCase()));
    text += [...(eventType === undefined ? [] : ['EVENT']), ...headers].join('\t') + '\n';
  }
  for (const row of rows) text += [...prefix, ...visible(row)].join('\t') + '\n';
  return text;
}

const EVENT_TYPES: Record<string, string> = {
  ADDED: 'ADDED   ',
  MODIFIED: 'MODIFIED',
  DELETED: 'DELETED ',
  ERROR: 'ERROR   ',
};

function formatEventType(type: string): string {
  return EVENT_TYPES[type] ?? type;
}
