// Models pkg/scheduler/framework/plugins/podtopologyspread (common.go, filtering.go, scoring.go):
// DoNotSchedule constraints filter nodes whose domain would exceed maxSkew over the least loaded
// domain; ScheduleAnyway constraints (or, for pods without constraints, the system defaults:
// hostname maxSkew 3 and zone maxSkew 5 over the pod's Service/ReplicaSet/… selector) score
// nodes with fewer matching pods higher. Node inclusion policies are honoured (1.32 default on).

import type { Node, Pod, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import {
  isEmptySelector,
  labelSelectorFromObject,
  matchesLabels,
  newRequirement,
  type Requirement,
  type Selector,
} from '../../api/labels.ts';
import {
  MAX_NODE_SCORE,
  SKIP,
  unresolvable,
  unschedulable,
  type Handle,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type FilterPlugin,
  type ScorePlugin,
  type StateData,
  stateKey,
} from '../framework.ts';
import { RequiredNodeAffinity } from './node-affinity.ts';
import { tolerated } from './taint-toleration.ts';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH =
  "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const NOT_MATCH = unschedulable(POD_TOPOLOGY_SPREAD, ERR_REASON_CONSTRAINTS_NOT_MATCH);
const LABEL_NOT_MATCH = unresolvable(POD_TOPOLOGY_SPREAD, ERR_REASON_NODE_LABEL_NOT_MATCH);

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** systemDefaultConstraints. */
const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: HOSTNAME, maxSkew: 3 },
  { topologyKey: ZONE, maxSkew: 5 },
];

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

/** filterTopologySpreadConstraints: the constraints of one action, matchLabelKeys merged in. */
function podConstraints(pod: Pod, action: string): Constraint[] {
  const labels = pod.metadata?.labels ?? {};
  const result: Constraint[] = [];
  for (const c of pod.spec?.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    const parsed = labelSelectorFromObject(c.labelSelector);
    if ('error' in parsed) continue;
    let selector = parsed;
    if ('requirements' in selector && c.matchLabelKeys) {
      const extra: Requirement[] = [];
      for (const key of c.matchLabelKeys) {
        const value = labels[key];
        if (value === undefined) continue;
        const requirement = newRequirement(key, 'in', [value]);
        if (!('error' in requirement)) extra.push(requirement);
      }
      selector = { requirements: [...selector.requirements, ...extra] };
    }
    result.push(constraintOf(c, selector));
  }
  return result;
}

function constraintOf(c: TopologySpreadConstraint, selector: Selector): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
  };
}

/** buildDefaultConstraints: the system defaults over the pod's default selector, if any. */
function defaultConstraints(handle: Handle, pod: Pod): Constraint[] {
  const selector = handle.defaultSelector(pod);
  if (isEmptySelector(selector) || 'nothing' in selector) return [];
  return SYSTEM_DEFAULT_CONSTRAINTS.map(({ topologyKey, maxSkew }) => ({
    maxSkew,
    topologyKey,
    selector,
    minDomains: 1,
    honorNodeAffinity: true,
    honorNodeTaints: false,
  }));
}

function nodeLabelsMatchSpreadConstraints(
  labels: Readonly<Record<string, string>>,
  constraints: readonly Constraint[],
): boolean {
  return constraints.every((c) => Object.hasOwn(labels, c.topologyKey));
}

function untoleratedTaint(taints: readonly Taint[], pod: Pod): boolean {
  const tolerations = pod.spec?.tolerations ?? [];
  return taints.some(
    (taint) =>
      (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') &&
      !tolerated(tolerations, taint),
  );
}

/** matchNodeInclusionPolicies. */
function includesNode(
  c: Constraint,
  pod: Pod,
  node: Node,
  affinity: RequiredNodeAffinity,
): boolean {
  if (c.honorNodeAffinity && !affinity.match(node)) return false;
  if (c.honorNodeTaints && untoleratedTaint(node.spec?.taints ?? [], pod)) return false;
  return true;
}

/** countPodsMatchSelector: live pods of the namespace that the selector matches. */
function countPodsMatchSelector(node: NodeInfo, selector: Selector, namespace: string): number {
  if ('nothing' in selector) return 0;
  let count = 0;
  for (const { pod } of node.pods.values()) {
    if (pod.metadata?.deletionTimestamp) continue;
    if ((pod.metadata?.namespace ?? '') !== namespace) continue;
    if (matchesLabels(selector, pod.metadata?.labels)) count++;
  }
  return count;
}

const pairKey = (key: string, value: string): string => `${key}\x00${value}`;

class PreFilterState implements StateData {
  /** Matching pods per topology pair (TpPairToMatchNum). */
  readonly matchNum = new Map<string, number>();
  /** Domains per topology key (TpKeyToDomainsNum). */
  readonly domains = new Map<string, number>();
  /** The least loaded domain's count per key (TpKeyToCriticalPaths[key][0]), computed lazily. */
  private minimums = new Map<string, number>();

  constructor(
    readonly constraints: Constraint[],
    readonly affinity: RequiredNodeAffinity,
  ) {}

  clone(): StateData {
    const copy = new PreFilterState(this.constraints, this.affinity);
    for (const [key, value] of this.matchNum) copy.matchNum.set(key, value);
    for (const [key, value] of this.domains) copy.domains.set(key, value);
    return copy;
  }

  minMatchNum(c: Constraint): number {
    if ((this.domains.get(c.topologyKey) ?? 0) < c.minDomains) return 0;
    let min = this.minimums.get(c.topologyKey);
    if (min === undefined) {
      min = Number.MAX_SAFE_INTEGER;
      const prefix = `${c.topologyKey}\x00`;
      for (const [pair, count] of this.matchNum) {
        if (pair.startsWith(prefix) && count < min) min = count;
      }
      this.minimums.set(c.topologyKey, min);
    }
    return min;
  }

  /** updateWithPod: a pod added to or removed from a node during preemption. */
  update(changed: Pod, preemptor: Pod, node: Node, delta: number): void {
    const labels = node.metadata?.labels ?? {};
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    if ((changed.metadata?.namespace ?? '') !== (preemptor.metadata?.namespace ?? '')) return;
    for (const c of this.constraints) {
      if (!includesNode(c, preemptor, node, this.affinity)) continue;
      if (!matchesLabels(c.selector, changed.metadata?.labels)) continue;
      const key = pairKey(c.topologyKey, labels[c.topologyKey] ?? '');
      this.matchNum.set(key, (this.matchNum.get(key) ?? 0) + delta);
    }
    this.minimums = new Map();
  }
}

const PRE_FILTER_KEY = stateKey<PreFilterState>('PreFilterPodTopologySpread');
const PRE_SCORE_KEY = stateKey<PreScoreState>('PreScorePodTopologySpread');

/** calPreFilterState. */
function preFilterState(handle: Handle, pod: Pod, constraints: Constraint[]): PreFilterState {
  const affinity = new RequiredNodeAffinity(pod);
  const state = new PreFilterState(constraints, affinity);
  const namespace = pod.metadata?.namespace ?? '';
  for (const info of handle.nodes()) {
    if (!nodeLabelsMatchSpreadConstraints(info.labels, constraints)) continue;
    for (const c of constraints) {
      if (!includesNode(c, pod, info.node, affinity)) continue;
      const key = pairKey(c.topologyKey, info.labels[c.topologyKey] ?? '');
      const known = state.matchNum.get(key);
      if (known === undefined)
        state.domains.set(c.topologyKey, (state.domains.get(c.topologyKey) ?? 0) + 1);
      state.matchNum.set(key, (known ?? 0) + countPodsMatchSelector(info, c.selector, namespace));
    }
  }
  return state;
}

export function podTopologySpreadPreFilter(handle: Handle): PreFilterPlugin {
  return {
    name: POD_TOPOLOGY_SPREAD,
    preFilter(state, pod) {
      // The system defaults are all ScheduleAnyway, so they never filter.
      const constraints = podConstraints(pod, 'DoNotSchedule');
      if (constraints.length === 0) return SKIP;
      state.write(PRE_FILTER_KEY, preFilterState(handle, pod, constraints));
      return null;
    },
    addPod(state, pod, added: PodInfo, node) {
      state.read(PRE_FILTER_KEY)?.update(added.pod, pod, node.node, 1);
    },
    removePod(state, pod, removed: PodInfo, node) {
      state.read(PRE_FILTER_KEY)?.update(removed.pod, pod, node.node, -1);
    },
  };
}

export const podTopologySpreadFilter: FilterPlugin = {
  name: POD_TOPOLOGY_SPREAD,
  filter(state, pod, node) {
    const s = state.read(PRE_FILTER_KEY);
    if (!s) return null;
    const podLabels = pod.metadata?.labels;
    for (const c of s.constraints) {
      const value = node.labels[c.topologyKey];
      if (value === undefined) return LABEL_NOT_MATCH;
      const selfMatch = matchesLabels(c.selector, podLabels) ? 1 : 0;
      const matchNum = s.matchNum.get(pairKey(c.topologyKey, value)) ?? 0;
      if (matchNum + selfMatch - s.minMatchNum(c) > c.maxSkew) return NOT_MATCH;
    }
    return null;
  },
};

class PreScoreState implements StateData {
  readonly ignoredNodes = new Set<string>();
  /** Matching pods per topology pair of the feasible nodes (TopologyPairToPodCounts). */
  readonly podCounts = new Map<string, number>();
  weights: number[] = [];

  constructor(readonly constraints: Constraint[]) {}

  clone(): StateData {
    return this;
  }
}

/** topologyNormalizingWeight. */
const normalizingWeight = (size: number): number => Math.log(size + 2);

export function podTopologySpreadScore(handle: Handle): ScorePlugin {
  return {
    name: POD_TOPOLOGY_SPREAD,
    weight: 2,
    preScore(state, pod, nodes) {
      const explicit = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0;
      const constraints = explicit
        ? podConstraints(pod, 'ScheduleAnyway')
        : defaultConstraints(handle, pod);
      if (constraints.length === 0) return SKIP;
      // Only explicit constraints need every topology key on a node (the defaults are lenient).
      const requireAllTopologies = explicit;
      const s = new PreScoreState(constraints);
      const sizes = constraints.map(() => 0);
      for (const info of nodes) {
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(info.labels, constraints)) {
          s.ignoredNodes.add(info.name);
          continue;
        }
        constraints.forEach((c, i) => {
          if (c.topologyKey === HOSTNAME) return;
          const key = pairKey(c.topologyKey, info.labels[c.topologyKey] ?? '');
          if (!s.podCounts.has(key)) {
            s.podCounts.set(key, 0);
            sizes[i] = (sizes[i] ?? 0) + 1;
          }
        });
      }
      s.weights = constraints.map((c, i) =>
        normalizingWeight(
          c.topologyKey === HOSTNAME ? nodes.length - s.ignoredNodes.size : (sizes[i] ?? 0),
        ),
      );
      const affinity = new RequiredNodeAffinity(pod);
      const namespace = pod.metadata?.namespace ?? '';
      for (const info of handle.nodes()) {
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(info.labels, constraints))
          continue;
        for (const c of constraints) {
          if (!includesNode(c, pod, info.node, affinity)) continue;
          const key = pairKey(c.topologyKey, info.labels[c.topologyKey] ?? '');
          const count = s.podCounts.get(key);
          if (count === undefined) continue;
          s.podCounts.set(key, count + countPodsMatchSelector(info, c.selector, namespace));
        }
      }
      state.write(PRE_SCORE_KEY, s);
      return null;
    },
    score(state, pod, node) {
      const s = state.read(PRE_SCORE_KEY);
      if (!s || s.ignoredNodes.has(node.name)) return 0;
      const namespace = pod.metadata?.namespace ?? '';
      let score = 0;
      s.constraints.forEach((c, i) => {
        const value = node.labels[c.topologyKey];
        if (value === undefined) return;
        const count =
          c.topologyKey === HOSTNAME
            ? countPodsMatchSelector(node, c.selector, namespace)
            : (s.podCounts.get(pairKey(c.topologyKey, value)) ?? 0);
        // scoreForCount
        score += count * (s.weights[i] ?? 0) + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalize(state, scores, nodes) {
      const s = state.read(PRE_SCORE_KEY);
      if (!s) return;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      nodes.forEach((node, i) => {
        if (s.ignoredNodes.has(node.name)) return;
        const score = scores[i] ?? 0;
        if (score < min) min = score;
        if (score > max) max = score;
      });
      nodes.forEach((node, i) => {
        if (s.ignoredNodes.has(node.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - (scores[i] ?? 0))) / max);
      });
    },
  };
}
