// The default table of k8s.io/apiserver pkg/registry/rest/table.go (defaultTableConvertor), for
// kinds without a printer (Roles, ClusterRoles, and any other served kind): NAME and CREATED AT.

import { formatTime, parseTime } from '../../api/time.ts';
import {
  OBJECT_META_DOCS,
  NAME_COLUMN,
  column,
  isZeroTime,
  nameOf,
  type TablePrinter,
} from './table.ts';

const GO_ZERO_TIME_TEXT = '0001-01-01T00:00:00Z';

export const defaultPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Created At', 'date', OBJECT_META_DOCS.creationTimestamp)],
  print: (object) => {
    const created = object.metadata?.creationTimestamp;
    return {
      cells: [
        nameOf(object),
        isZeroTime(created) ? GO_ZERO_TIME_TEXT : formatTime(parseTime(created)),
      ],
    };
  },
  nullRowsWhenEmpty: true,
};
