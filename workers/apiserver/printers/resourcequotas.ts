// printResourceQuota and printLimitRange of pkg/printers/internalversion/printers.go (1.32): a
// quota's NAME, AGE, then each status.hard resource as `name: used/hard`, sorted by name, the
// `limits.*` ones in LIMIT; a limit range's NAME and CREATED AT.

import type { LimitRange, ResourceQuota } from 'kubernetes-types/core/v1';
import { parseResourceList, quantityText } from '../../api/quota/resource-list.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  OBJECT_META_DOCS,
  ageOf,
  column,
  nameOf,
  printer,
} from './table.ts';

export const resourceQuotaPrinter = printer(
  [
    NAME_COLUMN,
    AGE_COLUMN,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  (quota: ResourceQuota, now) => {
    const hard = parseResourceList(quota.status?.hard);
    const used = parseResourceList(quota.status?.used);
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of [...hard.keys()].sort()) {
      const pieces = name.split('.');
      const into = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      into.push(`${name}: ${quantityText(used.get(name))}/${quantityText(hard.get(name))}`);
    }
    return [nameOf(quota), ageOf(quota, now), requests.join(', '), limits.join(', ')];
  },
);

export const limitRangePrinter = printer(
  [NAME_COLUMN, column('Created At', 'date', OBJECT_META_DOCS.creationTimestamp)],
  (limitRange: LimitRange) => [nameOf(limitRange), limitRange.metadata?.creationTimestamp ?? ''],
);
