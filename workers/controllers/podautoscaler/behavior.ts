// How the HPA turns a metric's proposal into the replica count it sets
// (pkg/controller/podautoscaler/horizontal.go normalizeDesiredReplicas,
// normalizeDesiredReplicasWithBehaviors, stabilizeRecommendation[WithBehaviors],
// convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate, the scale-event
// bookkeeping): recent recommendations stabilize the proposal, then the min/max bounds and the
// scale-rate limits (the default ×2-or-4 rule, or the behavior's policies) cap it. Each step names
// the condition it leaves on the HPA.

import type {
  HorizontalPodAutoscalerBehavior,
  HPAScalingRules,
} from 'kubernetes-types/autoscaling/v2';

/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_WINDOW_MS = 5 * 60_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface ConditionChange {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

interface Recommendation {
  replicas: number;
  timestamp: number;
}

interface ScaleEvent {
  change: number;
  timestamp: number;
  outdated: boolean;
}

export interface Normalization {
  replicas: number;
  conditions: ConditionChange[];
}

/** Per-HPA memory of recent recommendations and rescales, kept across syncs. */
export class ScaleHistory {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  constructor(private readonly downscaleWindowMs = DOWNSCALE_STABILIZATION_WINDOW_MS) {}

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  /** recordInitialRecommendation. */
  recordInitial(key: string, currentReplicas: number, now: number): void {
    if (!this.recommendations.has(key))
      this.recommendations.set(key, [{ replicas: currentReplicas, timestamp: now }]);
  }

  /** Replaces the oldest stale sample (the last found) or appends. */
  private record(key: string, replicas: number, now: number, staleIndex: number | null): void {
    const list = this.recommendations.get(key) ?? [];
    const sample = { replicas, timestamp: now };
    if (staleIndex !== null) list[staleIndex] = sample;
    else list.push(sample);
    this.recommendations.set(key, list);
  }

  /** normalizeDesiredReplicas: no behavior, so the downscale window and the ×2-or-4 rule. */
  normalize(
    key: string,
    currentReplicas: number,
    desired: number,
    minReplicas: number,
    maxReplicas: number,
    now: number,
  ): Normalization {
    let stabilized = desired;
    let staleIndex: number | null = null;
    const cutoff = now - this.downscaleWindowMs;
    for (const [index, rec] of (this.recommendations.get(key) ?? []).entries()) {
      if (rec.timestamp < cutoff) staleIndex = index;
      else if (rec.replicas > stabilized) stabilized = rec.replicas;
    }
    this.record(key, desired, now, staleIndex);
    const conditions: ConditionChange[] = [
      stabilized !== desired
        ? {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ScaleDownStabilized',
            message:
              'recent recommendations were higher than current one, applying the highest recent recommendation',
          }
        : readyForNewScale(),
    ];
    const [replicas, reason, message] = convertWithRules(
      currentReplicas,
      stabilized,
      minReplicas,
      maxReplicas,
    );
    conditions.push({
      type: 'ScalingLimited',
      status: replicas === stabilized ? 'False' : 'True',
      reason,
      message,
    });
    return { replicas, conditions };
  }

  /** normalizeDesiredReplicasWithBehaviors. */
  normalizeWithBehavior(
    key: string,
    behavior: HorizontalPodAutoscalerBehavior,
    currentReplicas: number,
    desired: number,
    minReplicas: number,
    maxReplicas: number,
    now: number,
  ): Normalization {
    const scaleUp = behavior.scaleUp ?? {};
    // maybeInitScaleDownStabilizationWindow: the controller's window where the HPA sets none.
    const scaleDown = {
      ...behavior.scaleDown,
      stabilizationWindowSeconds:
        behavior.scaleDown?.stabilizationWindowSeconds ?? this.downscaleWindowMs / 1000,
    };
    const upCutoff = now - (scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
    const downCutoff = now - scaleDown.stabilizationWindowSeconds * 1000;
    let up = desired;
    let down = desired;
    let staleIndex: number | null = null;
    for (const [index, rec] of (this.recommendations.get(key) ?? []).entries()) {
      if (rec.timestamp > upCutoff) up = Math.min(rec.replicas, up);
      if (rec.timestamp > downCutoff) down = Math.max(rec.replicas, down);
      if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) staleIndex = index;
    }
    let stabilized = currentReplicas;
    if (stabilized < up) stabilized = up;
    if (stabilized > down) stabilized = down;
    this.record(key, desired, now, staleIndex);
    const conditions: ConditionChange[] = [];
    if (stabilized !== desired) {
      conditions.push(
        desired >= currentReplicas
          ? {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ScaleUpStabilized',
              message:
                'recent recommendations were lower than current one, applying the lowest recent recommendation',
            }
          : {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ScaleDownStabilized',
              message:
                'recent recommendations were higher than current one, applying the highest recent recommendation',
            },
      );
    } else conditions.push(readyForNewScale());
    const [replicas, reason, message] = this.convertWithBehaviorRate(
      key,
      scaleUp,
      scaleDown,
      currentReplicas,
      stabilized,
      minReplicas,
      maxReplicas,
      now,
    );
    conditions.push({
      type: 'ScalingLimited',
      status: replicas === stabilized ? 'False' : 'True',
      reason,
      message,
    });
    return { replicas, conditions };
  }

  private convertWithBehaviorRate(
    key: string,
    scaleUp: HPAScalingRules,
    scaleDown: HPAScalingRules,
    current: number,
    desired: number,
    minReplicas: number,
    maxReplicas: number,
    now: number,
  ): [number, string, string] {
    const upEvents = this.scaleUpEvents.get(key) ?? [];
    const downEvents = this.scaleDownEvents.get(key) ?? [];
    if (desired > current) {
      const limit = Math.max(scaleUpLimit(current, upEvents, downEvents, scaleUp, now), current);
      const [allowed, reason, message] =
        maxReplicas > limit
          ? [
              limit,
              'ScaleUpLimit',
              'the desired replica count is increasing faster than the maximum scale rate',
            ]
          : [
              maxReplicas,
              'TooManyReplicas',
              'the desired replica count is more than the maximum replica count',
            ];
      if (desired > allowed) return [allowed, reason, message];
    } else if (desired < current) {
      const limit = Math.min(
        scaleDownLimit(current, upEvents, downEvents, scaleDown, now),
        current,
      );
      const [allowed, reason, message] =
        minReplicas < limit
          ? [
              limit,
              'ScaleDownLimit',
              'the desired replica count is decreasing faster than the maximum scale rate',
            ]
          : [
              minReplicas,
              'TooFewReplicas',
              'the desired replica count is less than the minimum replica count',
            ];
      if (desired < allowed) return [allowed, reason, message];
    }
    return [desired, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
  }

  /** storeScaleEvent: only HPAs with a behavior keep them. */
  storeScaleEvent(
    key: string,
    behavior: HorizontalPodAutoscalerBehavior | undefined,
    previous: number,
    next: number,
    now: number,
  ): void {
    if (!behavior) return;
    const up = next > previous;
    const events = (up ? this.scaleUpEvents : this.scaleDownEvents).get(key) ?? [];
    const rules = (up ? behavior.scaleUp : behavior.scaleDown) ?? {};
    const longest = Math.max(0, ...(rules.policies ?? []).map((policy) => policy.periodSeconds));
    const cutoff = now - longest * 1000;
    let staleIndex: number | null = null;
    for (const [index, event] of events.entries()) {
      if (event.timestamp < cutoff) event.outdated = true;
      if (event.outdated) staleIndex = index;
    }
    const event = {
      change: up ? next - previous : previous - next,
      timestamp: now,
      outdated: false,
    };
    if (staleIndex !== null) events[staleIndex] = event;
    else events.push(event);
    (up ? this.scaleUpEvents : this.scaleDownEvents).set(key, events);
  }
}

function readyForNewScale(): ConditionChange {
  return {
    type: 'AbleToScale',
    status: 'True',
    reason: 'ReadyForNewScale',
    message: 'recommended size matches current size',
  };
}

/** convertDesiredReplicasWithRules. */
export function convertWithRules(
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
): [number, string, string] {
  const scaleUpLimit = Math.trunc(
    Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM),
  );
  const [maximum, reason, message] =
    maxReplicas > scaleUpLimit
      ? [
          scaleUpLimit,
          'ScaleUpLimit',
          'the desired replica count is increasing faster than the maximum scale rate',
        ]
      : [
          maxReplicas,
          'TooManyReplicas',
          'the desired replica count is more than the maximum replica count',
        ];
  if (desired < minReplicas)
    return [
      minReplicas,
      'TooFewReplicas',
      'the desired replica count is less than the minimum replica count',
    ];
  if (desired > maximum) return [maximum, reason, message];
  return [desired, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
}

/** getReplicasChangePerPeriod. */
function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.reduce((sum, event) => (event.timestamp > cutoff ? sum + event.change : sum), 0);
}

/** calculateScaleUpLimitWithScalingRules. */
export function scaleUpLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? 2 ** 31 - 1 : -(2 ** 31);
  for (const policy of rules.policies ?? []) {
    const periodStart =
      current -
      changeInPeriod(policy.periodSeconds, upEvents, now) +
      changeInPeriod(policy.periodSeconds, downEvents, now);
    const proposed =
      policy.type === 'Pods'
        ? periodStart + policy.value
        : Math.ceil(periodStart * (1 + policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
export function scaleDownLimit(
  current: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: HPAScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? -(2 ** 31) : 2 ** 31 - 1;
  for (const policy of rules.policies ?? []) {
    const periodStart =
      current -
      changeInPeriod(policy.periodSeconds, upEvents, now) +
      changeInPeriod(policy.periodSeconds, downEvents, now);
    const proposed =
      policy.type === 'Pods'
        ? periodStart - policy.value
        : Math.trunc(periodStart * (1 - policy.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}
