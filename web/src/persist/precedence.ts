// Which cluster a tab starts: the saved one or a fresh one (docs/decisions/0004-persistence.md).
// A reload continues where the tab was, lesson included; a scenario link opened on purpose (typed,
// clicked, pasted: a "navigate") starts its scenario afresh even when the save came from it.

/** PerformanceNavigationTiming.type: how the page was reached. */
export type NavigationType = 'navigate' | 'reload' | 'back_forward' | 'prerender';

export type StartChoice =
  { start: 'saved' } | { start: 'fresh'; why: 'nothing-saved' | 'link-opened' | 'other-scenario' };

/**
 * `fragment` is the scenario part of the URL ('' for none); `savedFragment` the one the saved
 * cluster was started from, or null when nothing is saved.
 */
export function chooseStart(
  savedFragment: string | null,
  fragment: string,
  navigation: NavigationType,
): StartChoice {
  if (savedFragment === null) return { start: 'fresh', why: 'nothing-saved' };
  if (fragment === '') return { start: 'saved' };
  if (navigation === 'navigate') return { start: 'fresh', why: 'link-opened' };
  return fragment === savedFragment
    ? { start: 'saved' }
    : { start: 'fresh', why: 'other-scenario' };
}
