// The scheduling framework's vocabulary (pkg/scheduler/framework/interface.go, types.go): plugin
// statuses, the node and pod views plugins read, the extension points the playground runs
// (PreFilter with its AddPod/RemovePod extensions, Filter, PreScore, Score with NormalizeScore)
// and what one scheduling attempt records for the UI.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Labels, Selector } from '../api/labels.ts';

export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Status {
  code: Exclude<Code, 'Success'>;
  reasons: string[];
  plugin: string;
}

export const MAX_NODE_SCORE = 100;

/** Quantities the scheduler accounts for: millicores, bytes, and extended resources by name. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Record<string, number>;
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };
}

/** framework.AffinityTerm: a pod (anti-)affinity term with its selectors parsed. */
export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  selector: Selector;
  topologyKey: string;
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface PodInfo {
  pod: Pod;
  key: string;
  request: Resources;
  /** Requests with the scoring defaults (100m / 200Mi) for containers that ask for nothing. */
  nonZeroRequest: Resources;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
}

/** One host port in use: HostPortInfo's ip → protocol/port entries, flattened. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface NodeInfo {
  name: string;
  node: Node;
  labels: Readonly<Record<string, string>>;
  allocatable: Resources;
  /** allocatable.pods */
  allowedPodNumber: number;
  requested: Resources;
  nonZeroRequested: Resources;
  pods: Map<string, PodInfo>;
  /** Pods with any pod affinity or anti-affinity (PodsWithAffinity). */
  podsWithAffinity: number;
  /** Pods with required anti-affinity terms (PodsWithRequiredAntiAffinity). */
  podsWithRequiredAntiAffinity: number;
  usedPorts: HostPort[];
  /** Image name → size in bytes, from node.status.images. */
  images: ReadonlyMap<string, number>;
}

/** What plugins may read beyond the node at hand (framework.Handle with its snapshot lister). */
export interface Handle {
  /** Every node, in the node tree's order. */
  nodes(): readonly NodeInfo[];
  havePodsWithAffinity(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
  /** How many nodes hold an image (ImageStateSummary.NumNodes). */
  imageNumNodes(image: string): number;
  namespaceLabels(namespace: string): Labels;
  namespaces(): readonly { name: string; labels: Labels }[];
  /** helper.DefaultSelector: what selects the pod's siblings for default spreading. */
  defaultSelector(pod: Pod): Selector;
}

/** Per-cycle state a plugin keeps between its extension points; preemption clones it per node. */
export interface StateData {
  clone(): StateData;
}

/** A CycleState key that knows the type stored under it, and its slot in every CycleState. */
export interface StateKey<T extends StateData> {
  readonly name: string;
  readonly slot: number;
  /** Never set: carries T for the type checker. */
  readonly type?: T;
}

let nextSlot = 0;

export function stateKey<T extends StateData>(name: string): StateKey<T> {
  return { name, slot: nextSlot++ };
}

/**
 * framework.CycleState: plugin state by key. Plugins read it for every node, so values sit in an
 * array indexed by the key's slot rather than in a map.
 */
export class CycleState {
  private readonly data: (StateData | undefined)[] = [];

  read<T extends StateData>(key: StateKey<T>): T | undefined {
    return this.data[key.slot] as T | undefined;
  }

  write<T extends StateData>(key: StateKey<T>, value: T): void {
    this.data[key.slot] = value;
  }

  clone(): CycleState {
    const copy = new CycleState();
    this.data.forEach((value, slot) => {
      copy.data[slot] = value?.clone();
    });
    return copy;
  }
}

/** Returned by PreFilter or PreScore: the plugin has nothing to check for this pod. */
export const SKIP = 'Skip';

export interface PreFilterPlugin {
  readonly name: string;
  preFilter(state: CycleState, pod: Pod): Status | null | typeof SKIP;
  /** PreFilterExtensions: keep the state right when preemption adds or removes a pod. */
  addPod?(state: CycleState, pod: Pod, added: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: Pod, removed: PodInfo, node: NodeInfo): void;
}

export interface FilterPlugin {
  readonly name: string;
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  preScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): typeof SKIP | null;
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rescales the raw scores of `nodes` (same order) to 0–100 in place. */
  normalize?(state: CycleState, scores: Float64Array, nodes: readonly NodeInfo[]): void;
}

export interface Plugins {
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  score: ScorePlugin[];
}

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons, plugin };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons, plugin };
}

/** helper.DefaultNormalizeScore: scale to 0–100 by the maximum, reversed on request. */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean): void {
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const scaled = Math.trunc((MAX_NODE_SCORE * (scores[i] ?? 0)) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}

/** One node in one attempt, as the UI shows it: where it was filtered out, or how it scored. */
export interface NodeVerdict {
  node: string;
  filter: { plugin: string; code: Code; reasons: string[] } | null;
  scores: { plugin: string; raw: number; normalized: number; weight: number }[];
  total: number;
}

export interface ScoredPlugin {
  plugin: string;
  weight: number;
}

/**
 * One scheduling attempt, kept in columns so a cycle over thousands of nodes stays cheap:
 * `nodes` are the nodes evaluated, from the round-robin start index on (percentageOfNodesToScore
 * leaves the rest unvisited); `feasible` indexes the ones that passed every filter, and the score
 * arrays hold one row per plugin of `scorePlugins`, one column per feasible node.
 */
export interface SchedulingAttempt {
  pod: string;
  time: number;
  /** Nodes in the cluster when the attempt ran. */
  numAllNodes: number;
  nodes: string[];
  /** Per evaluated node, the filter that rejected it, or null. */
  filters: (Status | null)[];
  feasible: Int32Array;
  /** Score plugins that ran (a PreScore Skip leaves a plugin out, as upstream). */
  scorePlugins: ScoredPlugin[];
  /** Score plugins return integers (int64 upstream), and normalized scores are 0–100. */
  raw: Int32Array;
  normalized: Uint8Array;
  totals: Float64Array;
  /** The chosen node, or null when none fits. */
  selected: string | null;
  /** Nodes that shared the top score; the winner was drawn among them. */
  tiedWith: string[];
  message?: string;
  /** DefaultPreemption's outcome: the node nominated and the pods evicted there. */
  preemption?: { nominatedNode: string; victims: string[] };
}

const ATTEMPTS_KEPT = 20;
/** Pods whose attempts are kept; the pod attempted longest ago goes first. */
const PODS_WITH_ATTEMPTS_KEPT = 256;

/** The last attempts of the pods scheduled most recently, for the UI. */
export class AttemptHistory {
  private readonly byPod = new Map<string, SchedulingAttempt[]>();

  record(attempt: SchedulingAttempt): void {
    const history = this.byPod.get(attempt.pod) ?? [];
    history.push(attempt);
    if (history.length > ATTEMPTS_KEPT) history.shift();
    // Re-inserted, so the map's order is the order pods were last attempted.
    this.byPod.delete(attempt.pod);
    this.byPod.set(attempt.pod, history);
    if (this.byPod.size > PODS_WITH_ATTEMPTS_KEPT) {
      const oldest = this.byPod.keys().next().value;
      if (oldest !== undefined) this.byPod.delete(oldest);
    }
  }

  get(pod: string): readonly SchedulingAttempt[] {
    return this.byPod.get(pod) ?? [];
  }

  delete(pod: string): void {
    this.byPod.delete(pod);
  }
}

/** The attempt as one row per evaluated node. */
export function nodeVerdicts(attempt: SchedulingAttempt): NodeVerdict[] {
  const rows: NodeVerdict[] = attempt.nodes.map((node, i) => {
    const failure = attempt.filters[i];
    return {
      node,
      filter: failure
        ? { plugin: failure.plugin, code: failure.code, reasons: failure.reasons }
        : null,
      scores: [],
      total: 0,
    };
  });
  const count = attempt.feasible.length;
  attempt.feasible.forEach((nodeIndex, column) => {
    const row = rows[nodeIndex];
    if (!row) return;
    row.total = attempt.totals[column] ?? 0;
    attempt.scorePlugins.forEach(({ plugin, weight }, p) => {
      row.scores.push({
        plugin,
        raw: attempt.raw[p * count + column] ?? 0,
        normalized: attempt.normalized[p * count + column] ?? 0,
        weight,
      });
    });
  });
  return rows;
}
