// printLease of pkg/printers/internalversion/printers.go.

import type { Lease } from 'kubernetes-types/coordination/v1';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer } from './table.ts';

export const leasePrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    AGE_COLUMN,
  ],
  (lease: Lease, now) => [nameOf(lease), lease.spec?.holderIdentity ?? '', ageOf(lease, now)],
);
