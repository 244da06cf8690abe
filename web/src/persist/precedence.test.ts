import { describe, expect, it } from 'vitest';
import { chooseStart, type NavigationType, type StartChoice } from './precedence.ts';

describe('chooseStart', () => {
  it.each<[string, string | null, string, NavigationType, StartChoice]>([
    ['a first visit starts fresh', null, '', 'navigate', { start: 'fresh', why: 'nothing-saved' }],
    ['a reload restores the saved cluster', '', '', 'reload', { start: 'saved' }],
    ['opening the bare app again restores it', '', '', 'navigate', { start: 'saved' }],
    ['a reload mid-lesson restores the lesson', '#s=A', '#s=A', 'reload', { start: 'saved' }],
    ['the bare app after a lesson restores the lesson', '#s=A', '', 'navigate', { start: 'saved' }],
    [
      'a link opened on purpose starts its scenario, even the saved one',
      '#s=A',
      '#s=A',
      'navigate',
      { start: 'fresh', why: 'link-opened' },
    ],
    [
      'a link opened on purpose starts its scenario over a saved free cluster',
      '',
      '#s=B',
      'navigate',
      { start: 'fresh', why: 'link-opened' },
    ],
    [
      'a lesson opened from the menu (a reload to another fragment) starts it',
      '#s=A',
      '#s=B',
      'reload',
      { start: 'fresh', why: 'other-scenario' },
    ],
    [
      'going back to the saved lesson restores it',
      '#s=A',
      '#s=A',
      'back_forward',
      { start: 'saved' },
    ],
  ])('%s', (_case, saved, fragment, navigation, choice) => {
    expect(chooseStart(saved, fragment, navigation)).toEqual(choice);
  });
});
