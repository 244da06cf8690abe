// Models pkg/scheduler/framework/plugins/interpodaffinity (filtering.go, scoring.go, plugin.go):
// required pod affinity and anti-affinity of the incoming pod, and the required anti-affinity of
// pods already placed, counted per topology pair; preferred terms on both sides (and existing
// pods' required affinity, at hardPodAffinityWeight 1) score the topology domains, normalized
// between the lowest and highest node.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { isEmptySelector, matchesLabels, nothing, type Labels } from '../../api/labels.ts';
import {
  MAX_NODE_SCORE,
  SKIP,
  unresolvable,
  unschedulable,
  type AffinityTerm,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type ScorePlugin,
  type StateData,
  type WeightedAffinityTerm,
  stateKey,
} from '../framework.ts';
import { newPodInfo } from '../node-info.ts';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const AFFINITY_REJECTED = unresolvable(INTER_POD_AFFINITY, ERR_REASON_AFFINITY);
const ANTI_AFFINITY_REJECTED = unschedulable(INTER_POD_AFFINITY, ERR_REASON_ANTI_AFFINITY);
const EXISTING_REJECTED = unschedulable(INTER_POD_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY);
const HARD_POD_AFFINITY_WEIGHT = 1;

/** AffinityTerm.Matches. */
export function termMatches(term: AffinityTerm, pod: Pod, namespaceLabels: Labels): boolean {
  const namespace = pod.metadata?.namespace ?? '';
  if (!term.namespaces.has(namespace) && !matchesLabels(term.namespaceSelector, namespaceLabels))
    return false;
  return matchesLabels(term.selector, pod.metadata?.labels);
}

function matchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  return terms.length > 0 && terms.every((term) => termMatches(term, pod, undefined));
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: the incoming pod's namespaceSelector resolved to names
 * now, so existing pods are matched by namespace alone.
 */
function mergeNamespaces<T extends AffinityTerm>(handle: Handle, term: T): T {
  const selector = term.namespaceSelector;
  if ('nothing' in selector || isEmptySelector(selector)) return term;
  const namespaces = new Set(term.namespaces);
  for (const { name, labels } of handle.namespaces())
    if (matchesLabels(selector, labels)) namespaces.add(name);
  return { ...term, namespaces, namespaceSelector: nothing() };
}

/** topologyToMatchedTermCount. */
class Counts {
  readonly map = new Map<string, number>();

  update(node: Node, topologyKey: string, value: number): void {
    const topologyValue = node.metadata?.labels?.[topologyKey];
    if (topologyValue === undefined) return;
    const key = `${topologyKey}\x00${topologyValue}`;
    const next = (this.map.get(key) ?? 0) + value;
    if (next === 0) this.map.delete(key);
    else this.map.set(key, next);
  }

  get(topologyKey: string, topologyValue: string): number {
    return this.map.get(`${topologyKey}\x00${topologyValue}`) ?? 0;
  }

  /** updateWithAffinityTerms: every term counts when the pod matches all of them. */
  withAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, node: Node, value: number): void {
    if (!matchesAllTerms(terms, pod)) return;
    for (const term of terms) this.update(node, term.topologyKey, value);
  }

  withAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    namespaceLabels: Labels,
    node: Node,
    value: number,
  ): void {
    for (const term of terms)
      if (termMatches(term, pod, namespaceLabels)) this.update(node, term.topologyKey, value);
  }

  copy(): Counts {
    const copy = new Counts();
    for (const [key, value] of this.map) copy.map.set(key, value);
    return copy;
  }
}

class PreFilterState implements StateData {
  constructor(
    readonly podInfo: PodInfo,
    readonly namespaceLabels: Labels,
    readonly existingAntiAffinity: Counts,
    readonly affinity: Counts,
    readonly antiAffinity: Counts,
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.podInfo,
      this.namespaceLabels,
      this.existingAntiAffinity.copy(),
      this.affinity.copy(),
      this.antiAffinity.copy(),
    );
  }

  /** updateWithPod. */
  update(changed: PodInfo, node: Node, value: number): void {
    this.existingAntiAffinity.withAntiAffinityTerms(
      changed.requiredAntiAffinityTerms,
      this.podInfo.pod,
      this.namespaceLabels,
      node,
      value,
    );
    this.affinity.withAffinityTerms(this.podInfo.requiredAffinityTerms, changed.pod, node, value);
    this.antiAffinity.withAntiAffinityTerms(
      this.podInfo.requiredAntiAffinityTerms,
      changed.pod,
      undefined,
      node,
      value,
    );
  }
}

const PRE_FILTER_KEY = stateKey<PreFilterState>('PreFilterInterPodAffinity');
const PRE_SCORE_KEY = stateKey<PreScoreState>('PreScoreInterPodAffinity');

export function interPodAffinityPreFilter(handle: Handle): PreFilterPlugin {
  return {
    name: INTER_POD_AFFINITY,
    preFilter(state, pod) {
      const parsed = newPodInfo(pod);
      const podInfo: PodInfo = {
        ...parsed,
        requiredAffinityTerms: parsed.requiredAffinityTerms.map((t) => mergeNamespaces(handle, t)),
        requiredAntiAffinityTerms: parsed.requiredAntiAffinityTerms.map((t) =>
          mergeNamespaces(handle, t),
        ),
      };
      const namespaceLabels = handle.namespaceLabels(pod.metadata?.namespace ?? '');
      // getExistingAntiAffinityCounts
      const existing = new Counts();
      for (const info of handle.havePodsWithRequiredAntiAffinity()) {
        for (const placed of info.pods.values()) {
          existing.withAntiAffinityTerms(
            placed.requiredAntiAffinityTerms,
            pod,
            namespaceLabels,
            info.node,
            1,
          );
        }
      }
      // getIncomingAffinityAntiAffinityCounts
      const affinity = new Counts();
      const antiAffinity = new Counts();
      const { requiredAffinityTerms, requiredAntiAffinityTerms } = podInfo;
      if (requiredAffinityTerms.length > 0 || requiredAntiAffinityTerms.length > 0) {
        for (const info of handle.nodes()) {
          for (const placed of info.pods.values()) {
            affinity.withAffinityTerms(requiredAffinityTerms, placed.pod, info.node, 1);
            antiAffinity.withAntiAffinityTerms(
              requiredAntiAffinityTerms,
              placed.pod,
              undefined,
              info.node,
              1,
            );
          }
        }
      }
      if (
        existing.map.size === 0 &&
        requiredAffinityTerms.length === 0 &&
        requiredAntiAffinityTerms.length === 0
      )
        return SKIP;
      state.write(
        PRE_FILTER_KEY,
        new PreFilterState(podInfo, namespaceLabels, existing, affinity, antiAffinity),
      );
      return null;
    },
    addPod(state, _pod, added, node) {
      state.read(PRE_FILTER_KEY)?.update(added, node.node, 1);
    },
    removePod(state, _pod, removed, node) {
      state.read(PRE_FILTER_KEY)?.update(removed, node.node, -1);
    },
  };
}

function satisfyPodAffinity(s: PreFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of s.podInfo.requiredAffinityTerms) {
    const value = node.labels[term.topologyKey];
    // All topology labels must exist on the node.
    if (value === undefined) return false;
    if (s.affinity.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first of a group of pods with affinity to each other may go anywhere with the topology.
  return (
    s.affinity.map.size === 0 && matchesAllTerms(s.podInfo.requiredAffinityTerms, s.podInfo.pod)
  );
}

function satisfyPodAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.antiAffinity.map.size === 0) return true;
  for (const term of s.podInfo.requiredAntiAffinityTerms) {
    const value = node.labels[term.topologyKey];
    if (value !== undefined && s.antiAffinity.get(term.topologyKey, value) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.existingAntiAffinity.map.size === 0) return true;
  for (const [key, value] of Object.entries(node.labels)) {
    if (s.existingAntiAffinity.get(key, value) > 0) return false;
  }
  return true;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: INTER_POD_AFFINITY,
  filter(state, _pod, node) {
    const s = state.read(PRE_FILTER_KEY);
    if (!s) return null;
    if (!satisfyPodAffinity(s, node)) return AFFINITY_REJECTED;
    if (!satisfyPodAntiAffinity(s, node)) return ANTI_AFFINITY_REJECTED;
    if (!satisfyExistingPodsAntiAffinity(s, node)) return EXISTING_REJECTED;
    return null;
  },
};

/** scoreMap: topology key → value → score. */
type ScoreMap = Map<string, Map<string, number>>;

function processTerm(
  scores: ScoreMap,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  namespaceLabels: Labels,
  node: Node,
  multiplier: number,
): void {
  if (!termMatches(term, pod, namespaceLabels)) return;
  const value = node.metadata?.labels?.[term.topologyKey];
  if (value === undefined) return;
  let values = scores.get(term.topologyKey);
  if (!values) {
    values = new Map();
    scores.set(term.topologyKey, values);
  }
  values.set(value, (values.get(value) ?? 0) + weight * multiplier);
}

function processTerms(
  scores: ScoreMap,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  namespaceLabels: Labels,
  node: Node,
  multiplier: number,
): void {
  for (const term of terms)
    processTerm(scores, term, term.weight, pod, namespaceLabels, node, multiplier);
}

class PreScoreState implements StateData {
  constructor(readonly topologyScore: ScoreMap) {}
  clone(): StateData {
    return this;
  }
}

export function interPodAffinityScore(handle: Handle): ScorePlugin {
  return {
    name: INTER_POD_AFFINITY,
    weight: 2,
    preScore(state, pod, nodes) {
      if (nodes.length === 0) return null;
      const affinity = pod.spec?.affinity;
      const hasConstraints =
        (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
        (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) >
          0;
      // Unless the pod has preferred terms, only nodes with pods with affinity matter.
      const candidates = hasConstraints ? handle.nodes() : handle.havePodsWithAffinity();
      if (candidates.length === 0) return SKIP;
      const parsed = newPodInfo(pod);
      const preferredAffinity = parsed.preferredAffinityTerms.map((t) =>
        mergeNamespaces(handle, t),
      );
      const preferredAnti = parsed.preferredAntiAffinityTerms.map((t) =>
        mergeNamespaces(handle, t),
      );
      const namespaceLabels = handle.namespaceLabels(pod.metadata?.namespace ?? '');
      const topologyScore: ScoreMap = new Map();
      for (const info of candidates) {
        const node = info.node;
        if (Object.keys(info.labels).length === 0) continue;
        for (const existing of info.pods.values()) {
          // processExistingPod
          processTerms(topologyScore, preferredAffinity, existing.pod, undefined, node, 1);
          processTerms(topologyScore, preferredAnti, existing.pod, undefined, node, -1);
          for (const term of existing.requiredAffinityTerms)
            processTerm(
              topologyScore,
              term,
              HARD_POD_AFFINITY_WEIGHT,
              pod,
              namespaceLabels,
              node,
              1,
            );
          processTerms(
            topologyScore,
            existing.preferredAffinityTerms,
            pod,
            namespaceLabels,
            node,
            1,
          );
          processTerms(
            topologyScore,
            existing.preferredAntiAffinityTerms,
            pod,
            namespaceLabels,
            node,
            -1,
          );
        }
      }
      if (topologyScore.size === 0) return SKIP;
      state.write(PRE_SCORE_KEY, new PreScoreState(topologyScore));
      return null;
    },
    score(state, _pod, node) {
      const s = state.read(PRE_SCORE_KEY);
      if (!s) return 0;
      let score = 0;
      for (const [key, values] of s.topologyScore) {
        const value = node.labels[key];
        if (value !== undefined) score += values.get(value) ?? 0;
      }
      return score;
    },
    normalize(state, scores) {
      if (!state.read(PRE_SCORE_KEY)) return;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const score of scores) {
        if (score > max) max = score;
        if (score < min) min = score;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) {
        scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] ?? 0) - min) / diff)) : 0;
      }
    },
  };
}
