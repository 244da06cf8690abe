import { describe, expect, it } from 'vitest';
import { LimitedBytes } from './limited-bytes.ts';

describe('LimitedBytes', () => {
  it.each<[string, number, number[][], boolean[], number[]]>([
    ['keeps chunks in order', 10, [[1, 2], [3], []], [true, true, true], [1, 2, 3]],
    ['keeps a total exactly at the limit', 3, [[1, 2], [3]], [true, true], [1, 2, 3]],
    [
      'refuses the chunk that passes the limit',
      3,
      [
        [1, 2],
        [3, 4],
      ],
      [true, false],
      [1, 2],
    ],
    ['refuses every chunk after that', 3, [[1, 2], [3, 4], [5]], [true, false, false], [1, 2]],
    ['gives an empty array for nothing kept', 0, [], [], []],
  ])('%s', (_name, limit, chunks, kept, expected) => {
    const collected = new LimitedBytes(limit);
    expect(chunks.map((chunk) => collected.add(Uint8Array.from(chunk)))).toEqual(kept);
    expect(collected.bytes()).toEqual(Uint8Array.from(expected));
  });
});
