import { describe, expect, it } from 'vitest';
import { fnv1a32, SeededRng } from './rng.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function draws(rng: SeededRng, count = 20): number[] {
  return Array.from({ length: count }, () => rng.float());
}

describe('fnv1a32', () => {
  it.each<[string, number]>([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j like the FNV-1a reference', (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });
});

describe('SeededRng', () => {
  it.each<[string, number | string, string]>([
    ['a numeric seed', 1, 'kube-scheduler'],
    ['a string seed', 'demo', 'kubelet/node-1'],
    ['the default stream', 7, ''],
  ])('replays the same sequence for the same seed and stream (%s)', (_name, seed, stream) => {
    expect(draws(new SeededRng(seed, stream))).toEqual(draws(new SeededRng(seed, stream)));
  });

  it.each<[string, [number | string, string], [number | string, string]]>([
    ['different streams of one seed', [1, 'kube-scheduler'], [1, 'kube-apiserver']],
    ['different seeds of one stream', [1, 'etcd'], [2, 'etcd']],
  ])('draws differently for %s', (_name, [seedA, streamA], [seedB, streamB]) => {
    expect(draws(new SeededRng(seedA, streamA))).not.toEqual(draws(new SeededRng(seedB, streamB)));
  });

  it('treats a numeric seed and its string form alike', () => {
    expect(draws(new SeededRng(5, 'x'))).toEqual(draws(new SeededRng('5', 'x')));
  });

  it('draws floats in [0, 1) and integers in [0, n)', () => {
    const rng = new SeededRng(3, 'range');
    for (let i = 0; i < 2000; i++) {
      const float = rng.float();
      expect(float).toBeGreaterThanOrEqual(0);
      expect(float).toBeLessThan(1);
      const int = rng.int(7);
      expect(Number.isInteger(int)).toBe(true);
      expect(int).toBeGreaterThanOrEqual(0);
      expect(int).toBeLessThan(7);
    }
  });

  it('reaches every integer of a small range', () => {
    const rng = new SeededRng(9, 'spread');
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(5)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('produces RFC 4122 version-4 UUIDs, all different', () => {
    const rng = new SeededRng(1, 'uids');
    const uuids = Array.from({ length: 200 }, () => rng.uuid());
    for (const uuid of uuids) expect(uuid).toMatch(UUID_V4);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it.each<[string, number, string]>([
    ['pod name suffixes', 5, NAME_ALPHABET],
    ['container ids', 64, '0123456789abcdef'],
    ['a one-letter alphabet', 8, 'z'],
    ['an empty string', 0, 'abc'],
  ])('draws strings of the requested length from the alphabet (%s)', (_name, length, alphabet) => {
    const text = new SeededRng(4, 'strings').string(length, alphabet);
    expect(text).toHaveLength(length);
    for (const char of text) expect(alphabet).toContain(char);
  });
});
