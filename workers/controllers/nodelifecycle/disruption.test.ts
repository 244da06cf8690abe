// Zone disruption as tables, after the zone cases of upstream's
// TestMonitorNodeHealthEvictPodsWithDisruption: zone states, their tainting rates, and the
// all-zones-down mode.

import type { NodeCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { computeZoneState, handleDisruption, zoneKey, type ZoneState } from './disruption.ts';

function condition(type: string, status: string): NodeCondition {
  return { type, status };
}

describe('ComputeZoneState', () => {
  const ready = condition('Ready', 'True');
  const notReady = condition('Ready', 'False');
  const unknown = condition('Ready', 'Unknown');
  it.each<[string, (NodeCondition | undefined)[], number, string]>([
    ['all Ready: normal', [ready, ready, ready], 0, 'Normal'],
    ['one of three down: normal', [ready, ready, unknown], 1, 'Normal'],
    ['two of two down: full disruption', [unknown, notReady], 2, 'FullDisruption'],
    ['no Ready condition counts as down', [undefined], 1, 'FullDisruption'],
    [
      'three of five down (60 %): partial disruption',
      [ready, ready, unknown, unknown, notReady],
      3,
      'PartialDisruption',
    ],
    [
      'three of six down (50 %): normal',
      [ready, ready, ready, unknown, unknown, notReady],
      3,
      'Normal',
    ],
  ])('%s', (_name, conditions, notReadyCount, state) => {
    expect(computeZoneState(conditions, 0.55)).toEqual({ notReady: notReadyCount, state });
  });
});

describe('GetZoneKey', () => {
  it.each<[string, Record<string, string>, string]>([
    ['no topology labels: the empty zone', {}, ''],
    [
      'region and zone',
      { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' },
      'r:\x00:z',
    ],
    [
      'the beta labels when the GA ones are missing',
      { 'failure-domain.beta.kubernetes.io/zone': 'z' },
      ':\x00:z',
    ],
  ])('%s', (_name, labels, key) => {
    expect(zoneKey({ metadata: { name: 'node-1', labels } })).toBe(key);
  });
});

describe('handleDisruption', () => {
  const up: NodeCondition = { type: 'Ready', status: 'True' };
  const down: NodeCondition = { type: 'Ready', status: 'Unknown' };
  it.each<
    [
      string,
      [string, ZoneState][],
      [string, NodeCondition[]][],
      [string, ZoneState][],
      'enter' | 'exit' | null,
      { zone: string; size: number; state: ZoneState }[],
    ]
  >([
    [
      'a new zone starts Initial and goes Normal at the healthy rate',
      [],
      [['a', [up, up]]],
      [['a', 'Normal']],
      null,
      [{ zone: 'a', size: 2, state: 'Normal' }],
    ],
    [
      'nothing changes in a steady zone',
      [['a', 'Normal']],
      [['a', [up, down]]],
      [['a', 'Normal']],
      null,
      [],
    ],
    [
      'one zone down while another is up: its rate is restored, not stopped',
      [
        ['a', 'Normal'],
        ['b', 'Normal'],
      ],
      [
        ['a', [down, down]],
        ['b', [up]],
      ],
      [
        ['a', 'FullDisruption'],
        ['b', 'Normal'],
      ],
      null,
      [{ zone: 'a', size: 2, state: 'FullDisruption' }],
    ],
    [
      'every zone down: full disruption mode',
      [
        ['a', 'Normal'],
        ['b', 'Normal'],
      ],
      [
        ['a', [down]],
        ['b', [down, down]],
      ],
      [
        ['a', 'FullDisruption'],
        ['b', 'FullDisruption'],
      ],
      'enter',
      [],
    ],
    [
      'still all down: nothing more to do',
      [['a', 'FullDisruption']],
      [['a', [down]]],
      [['a', 'FullDisruption']],
      null,
      [],
    ],
    [
      'the first node back: every zone gets its rate again',
      [
        ['a', 'FullDisruption'],
        ['b', 'FullDisruption'],
      ],
      [
        ['a', [up, down]],
        ['b', [down]],
      ],
      [
        ['a', 'Normal'],
        ['b', 'FullDisruption'],
      ],
      'exit',
      [
        { zone: 'a', size: 2, state: 'Normal' },
        { zone: 'b', size: 1, state: 'FullDisruption' },
      ],
    ],
    [
      'a zone without nodes is forgotten',
      [
        ['a', 'Normal'],
        ['gone', 'Normal'],
      ],
      [['a', [up]]],
      [['a', 'Normal']],
      null,
      [],
    ],
  ])('%s', (_name, previous, zones, states, full, limiters) => {
    const decision = handleDisruption(new Map(previous), new Map(zones), 0.55);
    expect({
      states: [...decision.states],
      full: decision.full,
      limiters: decision.limiters,
    }).toEqual({
      states,
      full,
      limiters,
    });
  });
});
