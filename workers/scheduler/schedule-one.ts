// One scheduling cycle's algorithm (pkg/scheduler/schedule_one.go schedulePod, findNodesThatFitPod,
// findNodesThatPassFilters, numFeasibleNodesToFind, prioritizeNodes, selectHost; and
// framework/runtime/framework.go for running the plugins): PreFilter, Filter over the nodes from
// the round-robin start index until enough feasible ones are found, PreScore, Score and
// NormalizeScore, the weighted sum, and a uniformly random pick among the best. No API calls.

import type { Pod } from 'kubernetes-types/core/v1';
import type { Rng } from '../host/rng.ts';
import type { SchedulerCache } from './cache.ts';
import {
  CycleState,
  SKIP,
  type Handle,
  type NodeInfo,
  type PodInfo,
  type Plugins,
  type SchedulingAttempt,
  type ScorePlugin,
  type Status,
} from './framework.ts';
import { addPodInfo, cloneNodeInfo } from './node-info.ts';

/** minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind, with percentageOfNodesToScore 0 meaning the adaptive default. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number) {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/** Pods nominated to nodes by preemption and still waiting (the PodNominator). */
export interface Nominator {
  nominatedPodsForNode(node: string): readonly PodInfo[];
}

const NO_NOMINATED_PODS: readonly PodInfo[] = [];

/** For a framework run outside the scheduler, where nothing is ever nominated. */
export const NO_NOMINATOR: Nominator = { nominatedPodsForNode: () => NO_NOMINATED_PODS };

export interface CycleResult {
  attempt: SchedulingAttempt;
  state: CycleState;
  /** Where each rejected node failed (the Diagnosis' NodeToStatus). */
  failures: Map<string, Status>;
  /** A PreFilter rejection applies to every node. */
  preFilterStatus: Status | null;
}

const priorityOf = (pod: Pod): number => pod.spec?.priority ?? 0;

export class SchedulingFramework {
  private nextStartNodeIndex = 0;
  /** One plugin's scores while they are normalized, reused across cycles. */
  private scratch = new Float64Array(0);

  constructor(
    readonly plugins: Plugins,
    readonly handle: Handle,
    private readonly cache: SchedulerCache,
    private readonly rng: Rng,
    private readonly nominator: Nominator,
    private readonly percentageOfNodesToScore = 0,
  ) {}

  runFilterPlugins(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    for (const plugin of this.plugins.filter) {
      const status = plugin.filter(state, pod, node);
      if (status) return status;
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: nominated pods of at least the pod's priority count as if
   * already on the node; if the node passes that way, it must also pass without them.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, node: NodeInfo): Status | null {
    const candidates = this.nominator.nominatedPodsForNode(node.name);
    if (candidates.length === 0) return this.runFilterPlugins(state, pod, node);
    const nominated = candidates.filter(
      (info) =>
        info.pod.metadata?.uid !== pod.metadata?.uid && priorityOf(info.pod) >= priorityOf(pod),
    );
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, node);
    const withNominated = cloneNodeInfo(node);
    const stateWithNominated = state.clone();
    for (const info of nominated) {
      addPodInfo(withNominated, info);
      this.runAddPod(stateWithNominated, pod, info, withNominated);
    }
    const status = this.runFilterPlugins(stateWithNominated, pod, withNominated);
    if (status) return status;
    return this.runFilterPlugins(state, pod, node);
  }

  runAddPod(state: CycleState, pod: Pod, added: PodInfo, node: NodeInfo): void {
    for (const plugin of this.plugins.preFilter) plugin.addPod?.(state, pod, added, node);
  }

  runRemovePod(state: CycleState, pod: Pod, removed: PodInfo, node: NodeInfo): void {
    for (const plugin of this.plugins.preFilter) plugin.removePod?.(state, pod, removed, node);
  }

  /** schedulePod: the attempt, with `selected` set when some node fits. */
  schedulePod(pod: Pod, key: string, time: number): CycleResult {
    const nodes = this.cache.nodeInfos();
    const state = new CycleState();
    const failures = new Map<string, Status>();
    const attempt: SchedulingAttempt = {
      pod: key,
      time,
      numAllNodes: nodes.length,
      nodes: [],
      filters: [],
      feasible: new Int32Array(0),
      scorePlugins: [],
      raw: new Int32Array(0),
      normalized: new Uint8Array(0),
      totals: new Float64Array(0),
      selected: null,
      tiedWith: [],
    };
    const result: CycleResult = { attempt, state, failures, preFilterStatus: null };
    if (nodes.length === 0) return result;

    for (const plugin of this.plugins.preFilter) {
      const status = plugin.preFilter(state, pod);
      if (status && status !== SKIP) {
        result.preFilterStatus = status;
        for (const node of nodes) failures.set(node.name, status);
        return result;
      }
    }

    const feasible = this.findFeasible(state, pod, nodes, attempt, failures);
    attempt.feasible = Int32Array.from(feasible.indices);
    if (feasible.nodes.length === 0) return result;
    const [only] = feasible.nodes;
    if (feasible.nodes.length === 1 && only) {
      attempt.selected = only.name;
      return result;
    }
    attempt.selected = this.prioritize(state, pod, feasible.nodes, attempt);
    return result;
  }

  private findFeasible(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    attempt: SchedulingAttempt,
    failures: Map<string, Status>,
  ): { nodes: NodeInfo[]; indices: number[] } {
    const found: NodeInfo[] = [];
    const indices: number[] = [];
    const check = (node: NodeInfo): void => {
      const status = this.runFilterPluginsWithNominatedPods(state, pod, node);
      attempt.nodes.push(node.name);
      attempt.filters.push(status);
      if (status) {
        failures.set(node.name, status);
      } else {
        indices.push(attempt.nodes.length - 1);
        found.push(node);
      }
    };
    // A node nominated by an earlier preemption is tried first, and alone if it fits.
    const nominated = pod.status?.nominatedNodeName;
    const nominatedNode = nominated ? this.cache.get(nominated) : undefined;
    if (nominatedNode) {
      check(nominatedNode);
      if (found.length > 0) return { nodes: found, indices };
      attempt.nodes.length = 0;
      attempt.filters.length = 0;
      failures.clear();
    }
    const numAllNodes = nodes.length;
    const numNodesToFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, numAllNodes);
    for (let i = 0; i < numAllNodes && found.length < numNodesToFind; i++) {
      const node = nodes[(this.nextStartNodeIndex + i) % numAllNodes];
      if (node) check(node);
    }
    const processed = found.length + failures.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % numAllNodes;
    return { nodes: found, indices };
  }

  /** prioritizeNodes and selectHost. */
  private prioritize(
    state: CycleState,
    pod: Pod,
    feasible: NodeInfo[],
    attempt: SchedulingAttempt,
  ): string {
    const active: ScorePlugin[] = [];
    for (const plugin of this.plugins.score) {
      if (plugin.preScore?.(state, pod, feasible) !== SKIP) active.push(plugin);
    }
    const count = feasible.length;
    const raw = new Int32Array(active.length * count);
    const normalized = new Uint8Array(active.length * count);
    const totals = new Float64Array(count);
    if (this.scratch.length < count) this.scratch = new Float64Array(count);
    const scores = this.scratch.subarray(0, count);
    active.forEach((plugin, p) => {
      for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i] as NodeInfo);
      raw.set(scores, p * count);
      plugin.normalize?.(state, scores, feasible);
      normalized.set(scores, p * count);
      for (let i = 0; i < count; i++)
        totals[i] = (totals[i] ?? 0) + (scores[i] ?? 0) * plugin.weight;
    });
    attempt.scorePlugins = active.map(({ name, weight }) => ({ plugin: name, weight }));
    attempt.raw = raw;
    attempt.normalized = normalized;
    attempt.totals = totals;

    // Reservoir sampling over the nodes sharing the top score.
    let best = Number.NEGATIVE_INFINITY;
    let winner = '';
    let tied = 0;
    for (let i = 0; i < count; i++) {
      const total = totals[i] ?? 0;
      const name = (feasible[i] as NodeInfo).name;
      if (total > best) {
        best = total;
        winner = name;
        tied = 1;
      } else if (total === best) {
        tied++;
        if (this.rng.int(tied) === 0) winner = name;
      }
    }
    if (tied > 1) {
      attempt.tiedWith = feasible.filter((_node, i) => totals[i] === best).map((node) => node.name);
    }
    return winner;
  }
}
