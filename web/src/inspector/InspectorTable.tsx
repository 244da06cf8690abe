// The inspector's tables (a pod's events, a component's watches and requests, an edge's newest
// events): a line saying there is nothing yet, or the rows under their column headings.

import type { ReactNode } from 'react';

export function InspectorTable<T>({
  items,
  empty,
  columns,
  testId,
  className = 'inspector-table',
  children,
}: {
  items: readonly T[];
  /** Said instead of an empty table. */
  empty: string;
  /** Column headings; none for a table whose rows say what they are. */
  columns?: readonly string[];
  testId: string;
  className?: string;
  /** One keyed `<tr>` per item. */
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="inspector-empty">{empty}</p>;
  return (
    <table className={className} data-testid={testId}>
      {columns ? (
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column}>{column}</th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>{items.map(children)}</tbody>
    </table>
  );
}
