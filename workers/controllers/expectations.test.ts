import { describe, expect, it } from 'vitest';
import { Expectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.ts';

const T0 = 1_000_000;
const RS = 'default/web';

describe('Expectations (ControllerExpectations)', () => {
  it('is satisfied for a controller it knows nothing about', () => {
    expect(new Expectations().satisfied(RS, T0)).toBe(true);
  });

  it.each<[string, number, number, boolean]>([
    ['waits while creations are outstanding', 3, 2, false],
    ['is satisfied once every creation was observed', 3, 3, true],
    ['stays satisfied when more creations are observed than expected', 1, 2, true],
    ['is satisfied at once by an expectation of zero creations', 0, 0, true],
  ])('%s', (_name, expected, observed, satisfied) => {
    const expectations = new Expectations();
    expectations.expectCreations(RS, expected, T0);
    for (let i = 0; i < observed; i++) expectations.creationObserved(RS);
    expect(expectations.satisfied(RS, T0)).toBe(satisfied);
  });

  it.each<[string, string[], boolean]>([
    ['waits until every expected pod is seen deleted', ['default/web-a'], false],
    [
      'is satisfied when every expected pod was seen deleted',
      ['default/web-a', 'default/web-b'],
      true,
    ],
    [
      'does not count deletions of pods it did not expect',
      ['default/other', 'default/web-a'],
      false,
    ],
    ['counts a repeated deletion once', ['default/web-a', 'default/web-a'], false],
  ])('%s', (_name, observed, satisfied) => {
    const expectations = new Expectations();
    expectations.expectDeletions(RS, ['default/web-a', 'default/web-b'], T0);
    for (const key of observed) expectations.deletionObserved(RS, key);
    expect(expectations.satisfied(RS, T0)).toBe(satisfied);
  });

  it.each<[string, number, boolean]>([
    ['still waits exactly 5 minutes after the expectation', EXPECTATIONS_TIMEOUT_MS, false],
    ['gives up waiting after more than 5 minutes', EXPECTATIONS_TIMEOUT_MS + 1, true],
  ])('%s', (_name, elapsed, satisfied) => {
    const expectations = new Expectations();
    expectations.expectCreations(RS, 2, T0);
    expect(expectations.satisfied(RS, T0 + elapsed)).toBe(satisfied);
    expect(EXPECTATIONS_TIMEOUT_MS).toBe(5 * 60_000);
  });

  it('replaces earlier expectations and restarts the timeout', () => {
    const expectations = new Expectations();
    expectations.expectDeletions(RS, ['default/web-a'], T0);
    expectations.expectCreations(RS, 1, T0 + EXPECTATIONS_TIMEOUT_MS);
    expect(expectations.satisfied(RS, T0 + EXPECTATIONS_TIMEOUT_MS + 1)).toBe(false);
    expectations.creationObserved(RS);
    expect(expectations.satisfied(RS, T0 + EXPECTATIONS_TIMEOUT_MS + 1)).toBe(true);
  });

  it('keeps controllers apart', () => {
    const expectations = new Expectations();
    expectations.expectCreations(RS, 1, T0);
    expectations.creationObserved('default/other');
    expect(expectations.satisfied(RS, T0)).toBe(false);
    expect(expectations.satisfied('default/other', T0)).toBe(true);
  });

  it('forgets a deleted controller', () => {
    const expectations = new Expectations();
    expectations.expectCreations(RS, 5, T0);
    expectations.delete(RS);
    expect(expectations.satisfied(RS, T0)).toBe(true);
  });

  it('ignores observations for a controller without expectations', () => {
    const expectations = new Expectations();
    expectations.creationObserved(RS);
    expectations.deletionObserved(RS, 'default/web-a');
    expectations.expectCreations(RS, 1, T0);
    expect(expectations.satisfied(RS, T0)).toBe(false);
  });
});
