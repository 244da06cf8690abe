// Cases in the manner of horizontal_test.go's normalization tests (TestNormalizeDesiredReplicas,
// TestNormalizeDesiredReplicasWithBehavior, TestScalingWithRules, TestStabilizeRecommendation...):
// a history of recommendations and rescales, then the count set and the conditions left.

import type { HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';
import { describe, expect, it } from 'vitest';
import { convertWithRules, ScaleHistory } from './behavior.ts';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const KEY = 'default/web';

/** The v2 defaults, with a scale-down window left to the controller. */
const DEFAULT_BEHAVIOR: HorizontalPodAutoscalerBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  },
};

describe('the replica count without a behavior', () => {
  it.each<[string, number, number, number, number, [number, string]]>([
    ['keeps a count within range', 3, 5, 1, 10, [5, 'DesiredWithinRange']],
    ['doubles at most (or goes to 4)', 1, 10, 1, 10, [4, 'ScaleUpLimit']],
    ['doubles at most from larger counts', 3, 10, 1, 10, [6, 'ScaleUpLimit']],
    ['stops at maxReplicas', 6, 12, 1, 10, [10, 'TooManyReplicas']],
    ['stops at minReplicas', 3, 0, 2, 10, [2, 'TooFewReplicas']],
  ])('%s', (_name, current, desired, min, max, expected) => {
    const [replicas, reason] = convertWithRules(current, desired, min, max);
    expect([replicas, reason]).toEqual(expected);
  });

  it('holds a scale-down for the 5 minute stabilization window', () => {
    const history = new ScaleHistory();
    history.recordInitial(KEY, 5, T0);
    const held = history.normalize(KEY, 5, 2, 1, 10, T0 + 60_000);
    expect(held.replicas).toBe(5);
    expect(held.conditions[0]).toEqual({
      type: 'AbleToScale',
      status: 'True',
      reason: 'ScaleDownStabilized',
      message:
        'recent recommendations were higher than current one, applying the highest recent recommendation',
    });
    expect(held.conditions[1]).toMatchObject({ type: 'ScalingLimited', status: 'False' });
    const released = history.normalize(KEY, 5, 2, 1, 10, T0 + 300_001);
    expect(released.replicas).toBe(2);
    expect(released.conditions[0]?.reason).toBe('ReadyForNewScale');
  });

  it('scales up at once, whatever the recent recommendations', () => {
    const history = new ScaleHistory();
    history.recordInitial(KEY, 2, T0);
    expect(history.normalize(KEY, 2, 3, 1, 10, T0 + 15_000).replicas).toBe(3);
  });
});

describe('the replica count with a behavior', () => {
  it.each<[string, HorizontalPodAutoscalerBehavior, number, number, [number, string, string]]>([
    [
      'adds at most 4 pods or 100 % per 15 s by default',
      DEFAULT_BEHAVIOR,
      1,
      10,
      [5, 'ScaleUpLimit', 'True'],
    ],
    [
      'takes the smaller change under the Min policy',
      { ...DEFAULT_BEHAVIOR, scaleUp: { ...DEFAULT_BEHAVIOR.scaleUp, selectPolicy: 'Min' } },
      2,
      20,
      [4, 'ScaleUpLimit', 'True'],
    ],
    [
      'does not scale up when scale-up is disabled',
      { ...DEFAULT_BEHAVIOR, scaleUp: { ...DEFAULT_BEHAVIOR.scaleUp, selectPolicy: 'Disabled' } },
      3,
      6,
      [3, 'ScaleUpLimit', 'True'],
    ],
    [
      'removes at most the percentage the scale-down policy allows',
      {
        ...DEFAULT_BEHAVIOR,
        scaleDown: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
      10,
      1,
      [5, 'ScaleDownLimit', 'True'],
    ],
    [
      'stops at maxReplicas before the rate limit',
      DEFAULT_BEHAVIOR,
      8,
      12,
      [10, 'TooManyReplicas', 'True'],
    ],
  ])('%s', (_name, behavior, current, desired, [replicas, reason, limited]) => {
    const history = new ScaleHistory();
    history.recordInitial(KEY, current, T0 - 600_000);
    const result = history.normalizeWithBehavior(KEY, behavior, current, desired, 1, 10, T0);
    expect(result.replicas).toBe(replicas);
    expect(result.conditions[1]).toMatchObject({
      type: 'ScalingLimited',
      status: limited,
      reason,
    });
  });

  it('counts the pods added earlier in the policy period', () => {
    const history = new ScaleHistory();
    history.recordInitial(KEY, 1, T0 - 600_000);
    expect(history.normalizeWithBehavior(KEY, DEFAULT_BEHAVIOR, 1, 20, 1, 20, T0).replicas).toBe(5);
    history.storeScaleEvent(KEY, DEFAULT_BEHAVIOR, 1, 5, T0);
    // Within the 15 s period the limit still starts from 1 pod.
    expect(
      history.normalizeWithBehavior(KEY, DEFAULT_BEHAVIOR, 5, 20, 1, 20, T0 + 10_000).replicas,
    ).toBe(5);
    expect(
      history.normalizeWithBehavior(KEY, DEFAULT_BEHAVIOR, 5, 20, 1, 20, T0 + 16_000).replicas,
    ).toBe(10);
  });

  it('uses the controller window where the scale-down sets none', () => {
    const history = new ScaleHistory();
    history.recordInitial(KEY, 6, T0);
    const held = history.normalizeWithBehavior(KEY, DEFAULT_BEHAVIOR, 6, 2, 1, 10, T0 + 120_000);
    expect(held.replicas).toBe(6);
    expect(held.conditions[0]?.reason).toBe('ScaleDownStabilized');
    const released = history.normalizeWithBehavior(
      KEY,
      DEFAULT_BEHAVIOR,
      6,
      2,
      1,
      10,
      T0 + 420_001,
    );
    expect(released.replicas).toBe(2);
  });
});
