import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { CycleState } from '../framework.ts';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, nodeInfo } from '../testing.ts';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.ts';

const NOT_READY: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const CONTROL_PLANE: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const GPU: Taint = { key: 'gpu', value: 'nvidia', effect: 'NoSchedule' };
const DEDICATED_EXECUTE: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
const PREFER_SPOT: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };

describe('TaintToleration filter', () => {
  it.each<[string, Taint[], Toleration[], string | null]>([
    ['admits a pod to an untainted node', [], [], null],
    [
      'rejects an untolerated NoSchedule taint with an empty value',
      [NOT_READY],
      [],
      '{node.kubernetes.io/not-ready: }',
    ],
    ['reports the value of the taint', [GPU], [], '{gpu: nvidia}'],
    ['rejects an untolerated NoExecute taint', [DEDICATED_EXECUTE], [], '{dedicated: db}'],
    ['ignores PreferNoSchedule taints', [PREFER_SPOT], [], null],
    [
      'reports only the first untolerated taint, in node order',
      [CONTROL_PLANE, NOT_READY],
      [],
      '{node-role.kubernetes.io/control-plane: }',
    ],
    [
      'skips tolerated taints to report the next one',
      [CONTROL_PLANE, GPU],
      [{ key: CONTROL_PLANE.key, operator: 'Exists', effect: 'NoSchedule' }],
      '{gpu: nvidia}',
    ],
    [
      'admits a pod tolerating every taint',
      [CONTROL_PLANE, GPU, DEDICATED_EXECUTE],
      [{ operator: 'Exists' }],
      null,
    ],
  ])('%s', (_name, taints, tolerations, taintText) => {
    const status = taintTolerationFilter.filter(
      new CycleState(),
      makePod('p', { tolerations }),
      nodeInfo(makeNode('n', { taints })),
    );
    expect(status).toEqual(
      taintText === null
        ? null
        : {
            code: 'UnschedulableAndUnresolvable',
            reasons: [`node(s) had untolerated taint ${taintText}`],
            plugin: 'TaintToleration',
          },
    );
  });
});

describe('TaintToleration score', () => {
  const PREFER_OLD: Taint = { key: 'old-hardware', effect: 'PreferNoSchedule' };

  it.each<[string, Taint[], Toleration[], number]>([
    ['counts nothing on an untainted node', [], [], 0],
    ['counts each untolerated PreferNoSchedule taint', [PREFER_SPOT, PREFER_OLD], [], 2],
    ['ignores NoSchedule and NoExecute taints', [GPU, DEDICATED_EXECUTE, PREFER_OLD], [], 1],
    [
      'subtracts taints tolerated for PreferNoSchedule',
      [PREFER_SPOT, PREFER_OLD],
      [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }],
      1,
    ],
    [
      'subtracts taints tolerated for every effect',
      [PREFER_SPOT, PREFER_OLD],
      [{ key: 'old-hardware', operator: 'Exists' }],
      1,
    ],
    [
      'does not use tolerations limited to NoSchedule',
      [PREFER_SPOT],
      [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }],
      1,
    ],
  ])('%s', (_name, taints, tolerations, raw) => {
    const state = new CycleState();
    const pod = makePod('p', { tolerations });
    const node = nodeInfo(makeNode('n', { taints }));
    taintTolerationScore.preScore?.(state, pod, [node]);
    expect(taintTolerationScore.score(state, pod, node)).toBe(raw);
  });

  it.each<[string, Record<string, number>, Record<string, number>]>([
    [
      'gives every node 100 when no node has intolerable taints',
      { a: 0, b: 0 },
      { a: 100, b: 100 },
    ],
    ['reverses the counts, worst node 0', { a: 0, b: 1, c: 2 }, { a: 100, b: 50, c: 0 }],
    ['truncates like integer division before reversing', { a: 1, b: 3 }, { a: 67, b: 0 }],
    ['gives a lone tainted node 0', { a: 4 }, { a: 0 }],
  ])('normalizes: %s', (_name, raw, normalized) => {
    const scores = Float64Array.from(Object.values(raw));
    taintTolerationScore.normalize?.(new CycleState(), scores, []);
    expect([...scores]).toEqual(Object.values(normalized));
  });

  it('weighs 3', () => {
    expect(taintTolerationScore.weight).toBe(3);
  });
});
