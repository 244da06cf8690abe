// Models pkg/scheduler/framework/plugins/tainttoleration: NoSchedule and NoExecute taints a pod
// does not tolerate rule the node out; untolerated PreferNoSchedule taints lower its score.

import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { toleratesTaint } from '../../api/node-affinity.ts';
import {
  defaultNormalizeScore,
  unresolvable,
  type FilterPlugin,
  type ScorePlugin,
  type StateData,
  stateKey,
} from '../framework.ts';

export const TAINT_TOLERATION = 'TaintToleration';

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((toleration) => toleratesTaint(toleration, taint));
}

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter(_state, pod, node) {
    const taints = node.node.spec?.taints;
    if (!taints || taints.length === 0) return null;
    const tolerations = pod.spec?.tolerations ?? [];
    const taint = taints.find(
      (candidate) =>
        (candidate.effect === 'NoSchedule' || candidate.effect === 'NoExecute') &&
        !tolerated(tolerations, candidate),
    );
    if (!taint) return null;
    return unresolvable(
      TAINT_TOLERATION,
      `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
    );
  },
};

/** The PreferNoSchedule tolerations (getAllTolerationPreferNoSchedule), read once per cycle. */
class PreScoreState implements StateData {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

const PRE_SCORE_KEY = stateKey<PreScoreState>('PreScoreTaintToleration');

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  preScore(state, pod) {
    const tolerations = (pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    state.write(PRE_SCORE_KEY, new PreScoreState(tolerations));
    return null;
  },
  score(state, _pod, node) {
    const taints = node.node.spec?.taints;
    if (!taints) return 0;
    const tolerations = state.read(PRE_SCORE_KEY)?.tolerations ?? [];
    let count = 0;
    for (const taint of taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerated(tolerations, taint)) count++;
    }
    return count;
  },
  normalize(_state, scores) {
    // The node with the most intolerable taints scores 0.
    defaultNormalizeScore(scores, true);
  },
};
