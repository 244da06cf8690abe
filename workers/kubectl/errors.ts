// How kubectl prints a failed request (kubectl pkg/cmd/util/helpers.go checkErr and
// StandardErrorMessage): Invalid errors as `The Pod "x" is invalid: …` (one cause per line when
// there are several), other Status errors as `Error from server (Reason): message`.

import type { Status } from '../api/errors.ts';

export function formatStatusError(status: Status): string {
  if (status.reason === 'Invalid' && status.details) {
    const { kind = '', name = '', causes = [] } = status.details;
    const head = kind || name ? `The ${kind} "${name}" is invalid` : 'The request is invalid';
    if (causes.length === 0) return head;
    const lines = causes.map((cause) =>
      cause.field ? `${cause.field}: ${cause.message ?? ''}` : (cause.message ?? ''),
    );
    const unique = [...new Set(lines)];
    return unique.length === 1
      ? `${head}: ${unique[0] ?? ''}`
      : `${head}: \n${unique.map((line) => `* ${line}`).join('\n')}`;
  }
  if (status.reason === 'Unauthorized')
    return `error: You must be logged in to the server (${status.message ?? ''})`;
  if (status.reason) return `Error from server (${status.reason}): ${status.message ?? ''}`;
  return `Error from server: ${status.message ?? ''}`;
}
