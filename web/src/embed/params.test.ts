import { describe, expect, it } from 'vitest';
import { encodeScenario } from '../scenarios/codec.ts';
import { LESSONS } from '../scenarios/lessons.ts';
import { readEmbedParams } from './params.ts';

const rollout = LESSONS.find((lesson) => lesson.id === 'rolling-update')?.scenario;
if (!rollout) throw new Error('no rolling-update lesson');

describe('readEmbedParams', () => {
  it('plays a built-in lesson by id, for the origins given', () => {
    const params = readEmbedParams(
      '?lesson=rolling-update&origin=https://docs.example.com,http://localhost:8080&theme=dark&id=one&autoplay=1',
      '',
    );
    expect(params).toEqual({
      scenario: rollout,
      scenarioError: null,
      problems: [],
      origins: ['https://docs.example.com', 'http://localhost:8080'],
      theme: 'dark',
      widget: 'one',
      autoplay: true,
    });
  });

  it.each([
    ['the query', `?${encodeScenario(rollout)}`, ''],
    ['the fragment', '', `#${encodeScenario(rollout)}`],
  ])('reads an encoded scenario from %s', (_where, search, hash) => {
    expect(readEmbedParams(search, hash).scenario).toEqual(rollout);
  });

  it.each<[string, string, string]>([
    ['an unknown lesson', '?lesson=nope', 'There is no lesson "nope"'],
    [
      'a damaged scenario',
      '?scenario=!!!',
      'The scenario link is damaged: it is not valid base64url.',
    ],
    ['a wildcard origin', '?origin=*', 'origin "*" is not an origin'],
    [
      'an origin with a path',
      '?origin=https://a.example/docs',
      'origin "https://a.example/docs" is not an origin',
    ],
    [
      'a javascript: origin',
      '?origin=javascript:alert(1)',
      'origin "javascript:alert(1)" is not an origin',
    ],
    ['an id with markup', '?id=<b>', 'id must be 1 to 64 letters'],
  ])('reports %s and ignores it', (_name, search, problem) => {
    const params = readEmbedParams(search, '');
    expect([params.scenarioError, ...params.problems].filter(Boolean)).toEqual([
      expect.stringContaining(problem),
    ]);
    expect(params.scenario).toBeNull();
    expect(params.origins).toEqual([]);
    expect(params.widget).toBeNull();
  });

  it('follows the host page colour scheme unless told a theme', () => {
    expect(readEmbedParams('?theme=neon', '').theme).toBe('auto');
  });
});
