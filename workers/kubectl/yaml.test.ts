import { describe, expect, it } from 'vitest';
import { toYaml, yamlKeyLess } from './yaml.ts';

describe('toYaml', () => {
  it.each<[string, unknown, string]>([
    [
      'nested maps, sorted keys',
      { b: 1, a: { d: true, c: null } },
      'a:\n  c: null\n  d: true\nb: 1\n',
    ],
    [
      "sequences at their key's indent",
      { items: [{ name: 'x', v: 1 }, 'z'] },
      'items:\n- name: x\n  v: 1\n- z\n',
    ],
    ['empty collections inline', { a: {}, b: [] }, 'a: {}\nb: []\n'],
    [
      'strings that read back as other types, double-quoted',
      { a: '1', b: 'true', c: '', d: '2026-01-02T03:04:05Z', e: 'null', f: '0x1F', g: '1e3' },
      'a: "1"\nb: "true"\nc: ""\nd: "2026-01-02T03:04:05Z"\ne: "null"\nf: "0x1F"\ng: "1e3"\n',
    ],
    [
      'indicators and edge spaces, single-quoted',
      { a: 'x: y', b: '*star', c: ' lead', d: "it's #1", e: '-x', f: '- x' },
      "a: 'x: y'\nb: '*star'\nc: ' lead'\nd: 'it''s #1'\ne: -x\nf: '- x'\n",
    ],
    [
      'multi-line strings as literal blocks',
      { a: 'one\ntwo', b: 'one\n', c: 'x\n\n' },
      'a: |-\n  one\n  two\nb: |\n  one\nc: |+\n  x\n\n',
    ],
    [
      'long plain strings folded past column 80',
      { k: 'word '.repeat(20).trim() },
      `k: ${'word '.repeat(16).trim()}\n  ${'word '.repeat(4).trim()}\n`,
    ],
  ])('prints %s', (_name, value, yaml) => {
    expect(toYaml(value)).toBe(yaml);
  });
});

describe('yamlKeyLess', () => {
  it.each([
    ['a2', 'a10', true],
    ['a10', 'a2', false],
    ['apiVersion', 'kind', true],
    ['_x', 'Zed', true],
    ['metadata', 'metadata2', true],
  ])('orders %s before %s: %s', (a, b, less) => {
    expect(yamlKeyLess(a, b)).toBe(less);
  });
});
