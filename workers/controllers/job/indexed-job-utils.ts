// Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completion indexes read from the pod
// annotation, succeeded indexes kept as ordered intervals and printed as `0-2,4,6,7`, the first
// pending indexes to create, and the duplicate-index pods to remove.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { compareActivePods } from './active-pods.ts';

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV_NAME = 'JOB_COMPLETION_INDEX';
export const UNKNOWN_COMPLETION_INDEX = -1;
/** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

export interface Interval {
  first: number;
  last: number;
}

export type OrderedIntervals = Interval[];

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** getCompletionIndex: a non-negative integer annotation, or UNKNOWN_COMPLETION_INDEX. */
export function getCompletionIndex(annotations: Record<string, string> | undefined): number {
  const value = annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return UNKNOWN_COMPLETION_INDEX;
  const index = Number(value);
  return index < 0 ? UNKNOWN_COMPLETION_INDEX : index;
}

export function totalIndexes(intervals: OrderedIntervals): number {
  return intervals.reduce((sum, interval) => sum + interval.last - interval.first + 1, 0);
}

export function hasIndex(intervals: OrderedIntervals, index: number): boolean {
  return intervals.some((interval) => interval.first <= index && index <= interval.last);
}

/** orderedIntervals.String: two adjacent indexes print as `a,b`, longer runs as `a-b`. */
export function formatIntervals(intervals: OrderedIntervals): string {
  return intervals
    .map(({ first, last }) =>
      last === first ? `${first}` : `${first}${last === first + 1 ? ',' : '-'}${last}`,
    )
    .join(',');
}

/** withOrderedIndexes: the intervals merged with `indexes`, given in increasing order. */
export function withOrderedIndexes(
  intervals: OrderedIntervals,
  indexes: number[],
): OrderedIntervals {
  const result: OrderedIntervals = [];
  const append = (next: Interval): void => {
    const last = result[result.length - 1];
    if (!last || next.first > last.last + 1) result.push({ ...next });
    else if (last.last < next.last) last.last = next.last;
  };
  let i = 0;
  let j = 0;
  while (i < intervals.length && j < indexes.length) {
    const interval = intervals[i] as Interval;
    const index = indexes[j] as number;
    if (interval.first < index) {
      append(interval);
      i++;
    } else {
      append({ first: index, last: index });
      j++;
    }
  }
  for (; i < intervals.length; i++) append(intervals[i] as Interval);
  for (; j < indexes.length; j++)
    append({ first: indexes[j] as number, last: indexes[j] as number });
  return result;
}

/**
 * parseIndexesFromString (succeededIndexesFromString): corrupt intervals are skipped, indexes at or
 * beyond `completions` dropped, and touching intervals merged.
 */
export function parseIndexes(text: string, completions: number): OrderedIntervals {
  if (text === '') return [];
  const result: OrderedIntervals = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = /^[+-]?\d+$/.test(limits[0] ?? '') ? Number(limits[0]) : NaN;
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      if (!/^[+-]?\d+$/.test(limits[1] ?? '')) continue;
      last = Math.min(Number(limits[1]), completions - 1);
    }
    const previous = result[result.length - 1];
    if (previous?.last === first - 1) previous.last = last;
    else result.push({ first, last });
  }
  return result;
}

/** calculateSucceededIndexes: the indexes in status, and those plus newly succeeded tracked pods. */
export function calculateSucceededIndexes(
  job: Job,
  pods: Pod[],
  hasTrackingFinalizer: (pod: Pod) => boolean,
): { previous: OrderedIntervals; current: OrderedIntervals } {
  const completions = job.spec?.completions ?? 0;
  const previous = parseIndexes(job.status?.completedIndexes ?? '', completions);
  const succeeded = new Set<number>();
  for (const pod of pods) {
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (
      pod.status?.phase === 'Succeeded' &&
      index !== UNKNOWN_COMPLETION_INDEX &&
      index < completions &&
      hasTrackingFinalizer(pod)
    )
      succeeded.add(index);
  }
  const sorted = [...succeeded].sort((a, b) => a - b);
  return { previous, current: withOrderedIndexes(previous, sorted) };
}

/** merge: the union of two interval lists. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): OrderedIntervals {
  const result: OrderedIntervals = [];
  for (const next of [...a, ...b].sort((x, y) => x.first - y.first)) {
    const last = result[result.length - 1];
    if (!last || next.first > last.last + 1) result.push({ ...next });
    else if (last.last < next.last) last.last = next.last;
  }
  return result;
}

/**
 * firstPendingIndexes: `count` indexes below `completions` neither active, succeeded nor in
 * `unavailable` (failed indexes, and terminating pods' when only failed pods are replaced).
 */
export function firstPendingIndexes(
  activePods: Pod[],
  succeeded: OrderedIntervals,
  count: number,
  completions: number,
  unavailable: OrderedIntervals = [],
): number[] {
  if (count === 0) return [];
  const active = new Set<number>();
  for (const pod of activePods) {
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (index !== UNKNOWN_COMPLETION_INDEX) active.add(index);
  }
  const taken = mergeIntervals(
    withOrderedIndexes(
      succeeded,
      [...active].sort((a, b) => a - b),
    ),
    unavailable,
  );
  const result: number[] = [];
  let candidate = 0;
  for (const interval of taken) {
    for (
      ;
      candidate < completions && result.length < count && candidate < interval.first;
      candidate++
    )
      result.push(candidate);
    if (candidate < interval.last + 1) candidate = interval.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

const byIndex = (a: Pod, b: Pod): number =>
  getCompletionIndex(a.metadata?.annotations) - getCompletionIndex(b.metadata?.annotations);

/**
 * appendDuplicatedIndexPodsForRemoval: pods without an index or beyond `completions` go, and of
 * pods sharing an index all but the most advanced one.
 */
export function duplicatedIndexPodsForRemoval(
  pods: Pod[],
  completions: number,
): { remove: Pod[]; keep: Pod[] } {
  const remove: Pod[] = [];
  const keep: Pod[] = [];
  const groups = new Map<number, Pod[]>();
  for (const pod of [...pods].sort(byIndex)) {
    const index = getCompletionIndex(pod.metadata?.annotations);
    if (index === UNKNOWN_COMPLETION_INDEX || index >= completions) remove.push(pod);
    else groups.set(index, [...(groups.get(index) ?? []), pod]);
  }
  for (const group of groups.values()) {
    const ranked = [...group].sort(compareActivePods);
    keep.push(ranked.pop() as Pod);
    remove.push(...ranked);
  }
  return { remove, keep };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut to fit a generated name. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH
    ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix
    : prefix;
}
