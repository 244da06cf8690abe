// printPodDisruptionBudget of pkg/printers/internalversion/printers.go.

import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer } from './table.ts';

/** IntOrString.String(), or N/A when unset. */
const intOrString = (value: number | string | undefined): string =>
  value === undefined ? 'N/A' : String(value);

export const podDisruptionBudgetPrinter = printer(
  [
    NAME_COLUMN,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
    ),
    AGE_COLUMN,
  ],
  (budget: PodDisruptionBudget, now) => [
    nameOf(budget),
    intOrString(budget.spec?.minAvailable),
    intOrString(budget.spec?.maxUnavailable),
    budget.status?.disruptionsAllowed ?? 0,
    ageOf(budget, now),
  ],
);
