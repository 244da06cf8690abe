// Models pkg/scheduler/framework/plugins/tainttoleration: NoSchedule and NoExecute taints a pod
// does not tolerate rule the node out; untolerated PreferNoSchedule taints lower its score.

import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, unresolvable, type FilterPlugin, type ScorePlugin } from '../framework.ts';

export const TAINT_TOLERATION = 'TaintToleration';

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(
  toleration: Toleration,
  taint: Pick<Taint, 'key' | 'effect' | 'value'>,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  // An omitted operator and an empty one are both Go's "", which means Equal.
  switch (
    toleration.operator === undefined || toleration.operator === '' ? 'Equal' : toleration.operator
  ) {
    case 'Exists':
      return true;
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((toleration) => toleratesTaint(toleration, taint));
}

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter(_state, pod, node) {
    const tolerations = pod.spec?.tolerations ?? [];
    const taint = (node.node.spec?.taints ?? []).find(
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

export const taintTolerationScore: ScorePlugin = {
  name: TAINT_TOLERATION,
  weight: 3,
  score(_state, pod, node) {
    // Only PreferNoSchedule tolerations matter here (getAllTolerationPreferNoSchedule).
    const tolerations = (pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    return (node.node.spec?.taints ?? []).filter(
      (taint) => taint.effect === 'PreferNoSchedule' && !tolerated(tolerations, taint),
    ).length;
  },
  normalize(scores) {
    // DefaultNormalizeScore with reverse: the node with the most intolerable taints scores 0.
    const max = Math.max(0, ...scores.values());
    for (const [node, raw] of scores) {
      scores.set(
        node,
        max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor((MAX_NODE_SCORE * raw) / max),
      );
    }
  },
};
