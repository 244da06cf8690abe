// Go's sort.SliceStable (sort/zsortfunc.go: insertion sort in blocks of 20, then symMerge),
// ported because strategic merge patch sorts with a comparison that is not a strict order
// (items missing from the ordering list compare "less" both ways), so only Go's own algorithm
// gives Go's result. Plus strategicpatch's scalar helpers that rely on Go's sorts.

import { goPrint } from './go-format.ts';

type Less = (i: number, j: number) => boolean;

function swap(items: unknown[], i: number, j: number): void {
  const held = items[i];
  items[i] = items[j];
  items[j] = held;
}

function insertionSort(items: unknown[], less: Less, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(j, j - 1); j--) swap(items, j, j - 1);
  }
}

function swapRange(items: unknown[], a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) swap(items, a + i, b + i);
}

function rotate(items: unknown[], a: number, m: number, b: number): void {
  let i = m - a;
  let j = b - m;
  while (i !== j) {
    if (i > j) {
      swapRange(items, m - i, m, j);
      i -= j;
    } else {
      swapRange(items, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(items, m - i, m, i);
}

function symMerge(items: unknown[], less: Less, a: number, m: number, b: number): void {
  if (m - a === 1) {
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (less(h, a)) i = h + 1;
      else j = h;
    }
    for (let k = a; k < i - 1; k++) swap(items, k, k + 1);
    return;
  }
  if (b - m === 1) {
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!less(m, h)) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) swap(items, k, k - 1);
    return;
  }
  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - b;
    r = mid;
  } else {
    start = a;
    r = m;
  }
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!less(p - c, c)) start = c + 1;
    else r = c;
  }
  const end = n - start;
  if (start < m && m < end) rotate(items, start, m, end);
  if (a < start && start < mid) symMerge(items, less, a, start, mid);
  if (mid < end && end < b) symMerge(items, less, mid, end, b);
}

/** sort.SliceStable: sorts `items` in place; `less` compares the items at two indices. */
export function sliceStable<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const at: Less = (i, j) => less(items[i] as T, items[j] as T);
  const n = items.length;
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(items, at, a, b);
    a = b;
    b += blockSize;
  }
  insertionSort(items, at, a, n);
  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(items, at, a, a + blockSize, b);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) symMerge(items, at, a, m, n);
    blockSize *= 2;
  }
  return items;
}

/** Scalars compared as strategicpatch does: by their fmt %v text. */
function textLess(a: unknown, b: unknown): boolean {
  return goPrint(a) < goPrint(b);
}

/** sortScalars (SortableSliceOfScalars): in place, by %v text. */
export function sortScalars<T>(items: T[]): T[] {
  return sliceStable(items, textLess);
}

/** sortMapsBasedOnField: by the %v text of one field. */
export function sortMapsByField<T extends Record<string, unknown>>(items: T[], field: string): T[] {
  return sliceStable(items, (a, b) => textLess(a[field], b[field]));
}

/** deduplicateScalars: drops repeats by moving the last item into their place. */
export function deduplicateScalars<T>(items: T[]): T[] {
  const result = [...items];
  let length = result.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (result[i] === result[j]) {
        result[j] = result[length] as T;
        result.length = length;
        length--;
        j--;
      }
    }
  }
  return result;
}
