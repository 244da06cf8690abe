// The shapes and helpers of server-side printing: metav1.Table (apimachinery
// pkg/apis/meta/v1/types.go), a printer per kind (pkg/printers TableHandler) and the formatting
// helpers printers.go shares (translateTimestampSince, layoutContainerCells, FormatLabels...).

import type { Container } from 'kubernetes-types/core/v1';
import { humanDuration } from '../../api/duration.ts';
import { labelSelectorFromObject, selectorString, type LabelSelector } from '../../api/labels.ts';
import { parseTime } from '../../api/time.ts';
import type { KubeObject } from '../../client/protocol.ts';

/** Key order and omitempty as TableColumnDefinition's JSON: every field is always present. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True';
  reason: string;
  message: string;
}

/** What a printer makes of one object: every cell, wide ones included, as the server prints. */
export interface PrintedRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
}

export interface TablePrinter {
  readonly columns: readonly TableColumnDefinition[];
  print(object: KubeObject, now: number): PrintedRow;
  /**
   * The default convertor appends rows to a nil slice, so an empty list serializes `rows: null`;
   * printers.go's list handlers start from an empty slice.
   */
  readonly nullRowsWhenEmpty?: boolean;
}

/**
 * A printer whose function takes its kind's typed object (`(pod: Pod, now) => …`): the one cast
 * from plain JSON lives here.
 */
export function printer(
  columns: readonly TableColumnDefinition[],
  print: (object: never, now: number) => PrintedRow | Cell[],
): TablePrinter {
  const typed = print as (object: KubeObject, now: number) => PrintedRow | Cell[];
  return {
    columns,
    print: (object, now) => {
      const printed = typed(object, now);
      return Array.isArray(printed) ? { cells: printed } : printed;
    },
  };
}

export function column(
  name: string,
  type: string,
  description: string,
  options: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

export const wide = { priority: 1 } as const;

/** metav1.ObjectMeta{}.SwaggerDoc(), the two fields every table names. */
export const OBJECT_META_DOCS = {
  name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  creationTimestamp:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

export const NAME_COLUMN = column('Name', 'string', OBJECT_META_DOCS.name, { format: 'name' });
export const AGE_COLUMN = column('Age', 'string', OBJECT_META_DOCS.creationTimestamp);

/** The wide Containers/Images columns of the workload printers. */
export const CONTAINERS_COLUMN = column(
  'Containers',
  'string',
  'Names of each container in the template.',
  wide,
);
export const IMAGES_COLUMN = column(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  wide,
);

const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** metav1.Time.IsZero for a serialized time: absent, null or Go's zero instant. */
export function isZeroTime(timestamp: string | null | undefined): timestamp is null | undefined {
  return !timestamp || parseTime(timestamp) === GO_ZERO_TIME;
}

/** translateTimestampSince (and its MicroTime twin): HumanDuration of the time since. */
export function translateTimestampSince(timestamp: string | null | undefined, now: number): string {
  if (isZeroTime(timestamp)) return '<unknown>';
  return humanDuration(now - parseTime(timestamp));
}

export function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}

export function ageOf(object: KubeObject, now: number): string {
  return translateTimestampSince(object.metadata?.creationTimestamp, now);
}

/** layoutContainerCells: names and images, comma-joined. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [
    list.map((container) => container.name).join(','),
    list.map((container) => container.image ?? '').join(','),
  ];
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels?.[key] ?? ''}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/** metav1.FormatLabelSelector: the selector's String(), `<none>` when empty, `<error>` if bad. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const text = labelSelectorText(selector);
  if (text === null) return '<error>';
  return text === '' ? '<none>' : text;
}

/** LabelSelectorAsSelector(...).String(), or null when the selector does not convert. */
export function labelSelectorText(selector: LabelSelector | null | undefined): string | null {
  const parsed = labelSelectorFromObject(selector);
  return 'error' in parsed ? null : selectorString(parsed);
}

/** printBoolPtr: `True`, `False`, or `<unset>` for a nil pointer. */
export function printBoolPtr(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}

/** listWithMoreString: the first entries, `+ N more...`, `<unset>` when there are none. */
export function listWithMore(list: readonly string[], more: boolean, count: number, max: number) {
  const text = list.join(',');
  if (more) return `${text} + ${count - max} more...`;
  return text === '' ? '<unset>' : text;
}
