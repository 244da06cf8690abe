// What the widget's URL asks for (docs/embed.md): which scenario to play (`lesson=<id>`, or
// `scenario=<encoded>` as share links encode it, in the query or the fragment), which origins may
// drive it (`origin=`, one or more), its theme, its id in outgoing messages and whether it plays
// on its own. Every value is checked; a bad one is a message, never a guess.

import { decodeFragment } from '../scenarios/codec.ts';
import type { Scenario } from '../scenarios/format.ts';
import { LESSONS } from '../scenarios/lessons.ts';

export const MAX_ORIGINS = 8;
export type ThemeChoice = 'light' | 'dark' | 'auto';

export interface EmbedParams {
  scenario: Scenario | null;
  /** Why the scenario in the URL was refused. */
  scenarioError: string | null;
  /** What else in the URL was refused (an origin, the id). */
  problems: string[];
  /** Exact origins (`https://docs.example.com`) whose messages the widget reads and posts to. */
  origins: string[];
  theme: ThemeChoice;
  widget: string | null;
  autoplay: boolean;
}

function readOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin === value ? value : null;
  } catch {
    return null;
  }
}

function readScenarioParam(query: URLSearchParams, hash: string): Scenario | string | null {
  const lesson = query.get('lesson');
  if (lesson !== null) {
    const found = LESSONS.find((candidate) => candidate.id === lesson);
    return found
      ? found.scenario
      : `There is no lesson "${lesson.slice(0, 64)}"; the lessons are ${LESSONS.map((known) => known.id).join(', ')}.`;
  }
  const link = query.has('scenario')
    ? decodeFragment(`scenario=${query.get('scenario') ?? ''}`)
    : decodeFragment(hash);
  if ('error' in link) return link.error;
  return 'none' in link ? null : link.scenario;
}

export function readEmbedParams(search: string, hash: string): EmbedParams {
  const query = new URLSearchParams(search);
  const problems: string[] = [];
  const scenario = readScenarioParam(query, hash);
  const origins: string[] = [];
  const given = query.getAll('origin').flatMap((value) => value.split(','));
  for (const value of given.slice(0, MAX_ORIGINS)) {
    const origin = readOrigin(value.trim());
    if (origin) origins.push(origin);
    else
      problems.push(
        `origin "${value.slice(0, 100)}" is not an origin such as https://docs.example.com; messages from it are ignored.`,
      );
  }
  if (given.length > MAX_ORIGINS)
    problems.push(`Only the first ${MAX_ORIGINS} origins are allowed; the rest are ignored.`);
  const theme = query.get('theme');
  const widget = query.get('id');
  const validWidget = widget !== null && /^[A-Za-z0-9_-]{1,64}$/.test(widget);
  if (widget !== null && !validWidget)
    problems.push('id must be 1 to 64 letters, digits, "-" or "_"; messages go out without one.');
  return {
    scenario: typeof scenario === 'string' ? null : scenario,
    scenarioError: typeof scenario === 'string' ? scenario : null,
    problems,
    origins,
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    widget: validWidget ? widget : null,
    autoplay: query.get('autoplay') === '1',
  };
}
