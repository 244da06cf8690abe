import { describe, expect, it } from 'vitest';
import { PendingEchoes } from './pending-echoes.ts';

function afterReporting(...texts: string[]): PendingEchoes {
  const echoes = new PendingEchoes();
  texts.forEach((text) => {
    echoes.reported(text);
  });
  return echoes;
}

describe('PendingEchoes', () => {
  it.each([
    ['the latest report', ['a', 'ab', 'abc'], 'abc', true],
    ['a report older than the latest (React lagging behind typing)', ['a', 'ab', 'abc'], 'a', true],
    ['a text never reported (a value from outside)', ['a', 'ab'], 'xyz', false],
    ['anything when nothing was reported', [], 'a', false],
  ])('recognises %s', (_case, reported, value, expected) => {
    expect(afterReporting(...reported).isEcho(value)).toBe(expected);
  });

  it('keeps the reports after a matched echo pending', () => {
    const echoes = afterReporting('a', 'ab', 'abc');
    expect(echoes.isEcho('ab')).toBe(true);
    expect(echoes.isEcho('abc')).toBe(true);
  });

  it('settles a matched echo and every report before it', () => {
    const echoes = afterReporting('a', 'ab');
    expect(echoes.isEcho('ab')).toBe(true);
    expect(echoes.isEcho('a')).toBe(false);
  });

  it('settles everything once a value comes from outside', () => {
    const echoes = afterReporting('a', 'ab');
    expect(echoes.isEcho('xyz')).toBe(false);
    expect(echoes.isEcho('ab')).toBe(false);
  });
});
