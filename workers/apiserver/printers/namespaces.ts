// printNamespace of pkg/printers/internalversion/printers.go.

import type { Namespace } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer } from './table.ts';

export const namespacePrinter = printer(
  [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  (namespace: Namespace, now) => [
    nameOf(namespace),
    namespace.status?.phase ?? '',
    ageOf(namespace, now),
  ],
);
