// An object or list as a metav1.Table: pkg/printers/tablegenerator.go GenerateTable (the server
// always prints wide) and asTable of k8s.io/apiserver pkg/endpoints/handlers/response.go, which
// replaces each row's object by what includeObject asks for.

import type { KubeObject } from '../../client/protocol.ts';
import type { Cell, TableColumnDefinition, TablePrinter, TableRowCondition } from './table.ts';

export type IncludeObject = '' | 'None' | 'Metadata' | 'Object';

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  object: KubeObject | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[] | null;
}

export interface TableOptions {
  /** `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`, as the client asked. */
  groupVersion: string;
  includeObject: IncludeObject;
  /** Set for every watch event after the first: the client already has the headers. */
  noHeaders: boolean;
  now: number;
}

/** meta.AsPartialObjectMetadata, typed with the Table's group-version. */
export function partialObjectMetadata(object: KubeObject, groupVersion: string): KubeObject {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: groupVersion,
    metadata: object.metadata ?? {},
  };
}

function rowObject(object: KubeObject, options: TableOptions): KubeObject | null {
  switch (options.includeObject) {
    case 'None':
      return null;
    case 'Object':
      return object;
    default:
      return partialObjectMetadata(object, options.groupVersion);
  }
}

/**
 * `objects` are served objects with their kind and apiVersion; `metadata` is the list's, or the
 * single object's resourceVersion.
 */
export function convertToTable(
  printer: TablePrinter,
  objects: readonly KubeObject[],
  metadata: ListMeta,
  options: TableOptions,
): Table {
  const rows = objects.map((object): TableRow => {
    const printed = printer.print(object, options.now);
    return {
      cells: printed.cells,
      ...(printed.conditions ? { conditions: printed.conditions } : {}),
      object: rowObject(object, options),
    };
  });
  return {
    kind: 'Table',
    apiVersion: options.groupVersion,
    metadata,
    columnDefinitions: options.noHeaders ? null : [...printer.columns],
    rows: rows.length === 0 && printer.nullRowsWhenEmpty ? null : rows,
  };
}
