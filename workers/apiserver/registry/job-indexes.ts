// The index-interval strings of Indexed Jobs (`1,3-5,7`), as pkg/apis/batch/validation parses
// them for status.completedIndexes, status.failedIndexes and successPolicy's succeededIndexes.

import { goQuote } from '../../api/errors.ts';

type Interval = [number, number];

/** strconv.Atoi, or null. */
function atoi(text: string): number | null {
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/** parseIndexInterval: an interval, or the error text. */
function parseInterval(text: string, completions: number): Interval | string {
  const limits = text.split('-');
  if (limits.length > 2) {
    return `the fragment ${goQuote(text)} violates the requirement that an index interval can have at most two parts separated by '-'`;
  }
  const bounds: number[] = [];
  for (const limit of limits) {
    const value = atoi(limit);
    if (value === null) return `cannot convert string to integer for index: ${goQuote(limit)}`;
    if (value >= completions) return `too large index: ${goQuote(limit)}`;
    bounds.push(value);
  }
  const [start = 0, end = start] = bounds;
  if (bounds.length === 2 && start >= end)
    return `non-increasing order, previous: ${start}, current: ${end}`;
  return [start, end];
}

/** validateIndexesFormat: the number of indexes, or the error text. */
export function countIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | null = null;
  let total = 0;
  for (const part of text.split(',')) {
    const interval = parseInterval(part, completions);
    if (typeof interval === 'string') return interval;
    const [start, end] = interval;
    if (last !== null && last >= start)
      return `non-increasing order, previous: ${last}, current: ${start}`;
    total += end - start + 1;
    last = end;
  }
  return total;
}

/** validateFailedIndexesNotOverlapCompleted: the error text, or null. Unparsable intervals are skipped. */
export function indexesOverlap(
  completed: string,
  failed: string,
  completions: number,
): string | null {
  if (completed === '' || failed === '') return null;
  const parse = (parts: string[]): (Interval | null)[] =>
    parts.map((part) => {
      const interval = parseInterval(part, completions);
      return typeof interval === 'string' ? null : interval;
    });
  const completedIntervals = parse(completed.split(','));
  const failedIntervals = parse(failed.split(','));
  let c = 0;
  let f = 0;
  while (c < completedIntervals.length && f < failedIntervals.length) {
    const done = completedIntervals[c];
    const lost = failedIntervals[f];
    if (!done) c++;
    else if (!lost) f++;
    else {
      if (done[0] <= lost[1] && lost[0] <= done[1])
        return `failedIndexes and completedIndexes overlap at index: ${Math.max(done[0], lost[0])}`;
      if (done[0] <= lost[0]) c++;
      else f++;
    }
  }
  return null;
}
