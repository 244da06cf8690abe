// DefaultPreemption's PostFilter (pkg/scheduler/framework/plugins/defaultpreemption and
// framework/preemption/preemption.go): on each node that failed with a resolvable status, remove
// every lower-priority pod, check the pod fits, then reprieve as many as possible (PDB-protected
// ones first, most important first); pick the node with the fewest PDB violations, the lowest
// highest victim priority, the smallest priority sum, the fewest victims, the latest start.

import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { labelSelectorFromObject, matchesLabels } from '../api/labels.ts';
import { parseTime } from '../api/time.ts';
import type { Rng } from '../host/rng.ts';
import { fitErrorMessage } from './fit-error.ts';
import type { CycleState, NodeInfo, PodInfo, Status } from './framework.ts';
import { addPodInfo, cloneNodeInfo, removePodInfo } from './node-info.ts';
import type { SchedulingFramework } from './schedule-one.ts';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
/** DefaultPreemptionArgs defaults. */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
const MAX_INT32 = 2 ** 31 - 1;

const priorityOf = (pod: Pod): number => pod.spec?.priority ?? 0;

function startTime(pod: Pod): number {
  const started = pod.status?.startTime ?? pod.metadata?.creationTimestamp;
  return started ? parseTime(started) : 0;
}

/** podTerminatingByPreemption: deleted, with the DisruptionTarget condition preemption sets. */
function terminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some(
    (condition) =>
      condition.type === 'DisruptionTarget' &&
      condition.status === 'True' &&
      condition.reason === 'PreemptionByScheduler',
  );
}

/** util.MoreImportantPod: higher priority, then the one running longer. */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  const pa = priorityOf(a);
  const pb = priorityOf(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

export interface Candidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

export type PreemptionOutcome =
  | { kind: 'nominated'; candidate: Candidate }
  /**
   * The PostFilter message, already prefixed with "preemption: " as DefaultPreemption does; when
   * no node could be freed, any earlier nomination is cleared (a nominated node of "").
   */
  | { kind: 'failed'; message: string; clearNomination?: boolean };

/** filterPodsWithPDBViolation: victims whose eviction would breach a budget, and the rest. */
function splitByPDBViolation(
  pods: PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((pdb) => pdb.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of pods) {
    const pod = info.pod;
    let violates = false;
    const labels = pod.metadata?.labels;
    if (labels && Object.keys(labels).length > 0) {
      for (const [i, pdb] of pdbs.entries()) {
        if (pdb.metadata?.namespace !== pod.metadata?.namespace) continue;
        const selector = labelSelectorFromObject(pdb.spec?.selector);
        // A PDB with a nil or empty selector matches nothing.
        if ('error' in selector || 'nothing' in selector || selector.requirements.length === 0)
          continue;
        if (!matchesLabels(selector, labels)) continue;
        // A pod already disrupted under this budget does not count against it again.
        if (pdb.status?.disruptedPods?.[pod.metadata?.name ?? ''] !== undefined) continue;
        allowed[i] = (allowed[i] ?? 0) - 1;
        if ((allowed[i] ?? 0) < 0) violates = true;
      }
    }
    (violates ? violating : nonViolating).push(info);
  }
  return [violating, nonViolating];
}

/** SelectVictimsOnNode, on a copy of the node and of the cycle state. */
function selectVictimsOnNode(
  framework: SchedulingFramework,
  state: CycleState,
  pod: Pod,
  original: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): { victims: Pod[]; numPDBViolations: number } | Status {
  const node = cloneNodeInfo(original);
  const priority = priorityOf(pod);
  const potential = [...node.pods.values()].filter((info) => priorityOf(info.pod) < priority);
  if (potential.length === 0) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: [NO_VICTIMS],
      plugin: 'DefaultPreemption',
    };
  }
  for (const info of potential) {
    removePodInfo(node, info.key);
    framework.runRemovePod(state, pod, info, node);
  }
  const status = framework.runFilterPluginsWithNominatedPods(state, pod, node);
  if (status) return status;
  potential.sort((a, b) =>
    moreImportantPod(a.pod, b.pod) ? -1 : moreImportantPod(b.pod, a.pod) ? 1 : 0,
  );
  const [violating, nonViolating] = splitByPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  const reprieve = (info: PodInfo): boolean => {
    addPodInfo(node, info);
    framework.runAddPod(state, pod, info, node);
    if (!framework.runFilterPluginsWithNominatedPods(state, pod, node)) return true;
    removePodInfo(node, info.key);
    framework.runRemovePod(state, pod, info, node);
    victims.push(info);
    return false;
  };
  let numPDBViolations = 0;
  for (const info of violating) if (!reprieve(info)) numPDBViolations++;
  for (const info of nonViolating) reprieve(info);
  if (violating.length > 0 && nonViolating.length > 0) {
    victims.sort((a, b) =>
      moreImportantPod(a.pod, b.pod) ? -1 : moreImportantPod(b.pod, a.pod) ? 1 : 0,
    );
  }
  return { victims: victims.map((info) => info.pod), numPDBViolations };
}

/** pickOneNodeForPreemption. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -priorityOf(c.victims[0] as Pod),
    (c) => -c.victims.reduce((sum, pod) => sum + priorityOf(pod) + MAX_INT32 + 1, 0),
    (c) => -c.victims.length,
    // The earliest start among the highest-priority victims; later is better.
    (c) => {
      const highest = priorityOf(c.victims[0] as Pod);
      return Math.min(
        ...c.victims.filter((pod) => priorityOf(pod) === highest).map((pod) => startTime(pod)),
      );
    },
  ];
  let remaining = [...candidates];
  for (const score of scoreFuncs) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const candidate of remaining) {
      const value = score(candidate);
      if (value > best) {
        best = value;
        selected = [];
      }
      if (value === best) selected.push(candidate);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}

/** Evaluator.Preempt, short of the API calls, which the scheduler makes. */
export function preempt(
  framework: SchedulingFramework,
  state: CycleState,
  pod: Pod,
  failures: ReadonlyMap<string, Status>,
  pdbs: readonly PodDisruptionBudget[],
  rng: Rng,
): PreemptionOutcome {
  if (pod.spec?.preemptionPolicy === 'Never')
    return { kind: 'failed', message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const nominated = pod.status?.nominatedNodeName;
  if (nominated && failures.get(nominated)?.code !== 'UnschedulableAndUnresolvable') {
    const node = framework.handle.nodes().find((info) => info.name === nominated);
    const terminating = [...(node?.pods.values() ?? [])].some(
      (info) => priorityOf(info.pod) < priorityOf(pod) && terminatingByPreemption(info.pod),
    );
    if (terminating) {
      return {
        kind: 'failed',
        message: 'preemption: not eligible due to a terminating pod on the nominated node.',
      };
    }
  }
  const allNodes = framework.handle.nodes();
  const potential = allNodes.filter((info) => failures.get(info.name)?.code === 'Unschedulable');
  const statuses = new Map<string, Status>();
  const candidates: Candidate[] = [];
  if (potential.length > 0) {
    const offset = rng.int(potential.length);
    const wanted = Math.min(
      Math.max(
        Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100),
        MIN_CANDIDATE_NODES_ABSOLUTE,
      ),
      potential.length,
    );
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < potential.length; i++) {
      const node = potential[(offset + i) % potential.length] as NodeInfo;
      const outcome = selectVictimsOnNode(framework, state.clone(), pod, node, pdbs);
      if ('code' in outcome) {
        statuses.set(node.name, outcome);
        continue;
      }
      const candidate = { node: node.name, ...outcome };
      (candidate.numPDBViolations === 0 ? nonViolating : violating).push(candidate);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    }
    candidates.push(...nonViolating, ...violating);
  }
  if (candidates.length === 0) {
    const perNode: Status[] = allNodes.map(
      (info) =>
        statuses.get(info.name) ?? {
          code: 'UnschedulableAndUnresolvable',
          reasons: [NOT_HELPFUL],
          plugin: 'DefaultPreemption',
        },
    );
    return {
      kind: 'failed',
      message: `preemption: ${fitErrorMessage(allNodes.length, perNode, null)}`,
      clearNomination: true,
    };
  }
  const best = candidates.length === 1 ? candidates[0] : pickOneNodeForPreemption(candidates);
  return { kind: 'nominated', candidate: best as Candidate };
}
