// The DaemonSet's per-node decisions (pkg/controller/daemon/daemon_controller.go
// podsShouldBeOnNode and update.go rollingUpdate): which nodes need a pod, which pods must go,
// and how far a rolling update may go within maxUnavailable or maxSurge. Pure functions over the
// pods the controller owns, by target node; nodes are visited in name order for determinism.

import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { isPodAvailable, isPodReady } from '../pod-util.ts';
import {
  allowsSurge,
  byCreationTimestampAndPhase,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  REVISION_HASH_LABEL,
  rollingBudgets,
  templateGeneration,
} from './util.ts';

export type NodeToDaemonPods = Map<string, Pod[]>;

export interface NodePlan {
  createOn: boolean;
  deletePods: string[];
  /** Failed pods found, which the controller deletes unless their node is in back-off. */
  failedPods: Pod[];
}

/** podsShouldBeOnNode, with the failed-pod back-off left to the caller. */
export function podsShouldBeOnNode(
  node: Node,
  pods: readonly Pod[] | undefined,
  ds: DaemonSet,
  hash: string,
  now: number,
): NodePlan {
  const plan: NodePlan = { createOn: false, deletePods: [], failedPods: [] };
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  if (shouldRun && pods === undefined) {
    plan.createOn = true;
  } else if (shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of pods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      if (pod.status?.phase === 'Failed') plan.failedPods.push(pod);
      else if (pod.status?.phase === 'Succeeded') plan.deletePods.push(pod.metadata?.name ?? '');
      else running.push(pod);
    }
    plan.deletePods.push(...excessPods(running, ds, hash, now));
  } else if (pods !== undefined) {
    for (const pod of pods)
      if (!pod.metadata?.deletionTimestamp) plan.deletePods.push(pod.metadata?.name ?? '');
  }
  return plan;
}

/**
 * Without surge one pod per node: all but the oldest go. With surge an old and a new pod may
 * share a node while the new one is not yet available (and the old one still ready).
 */
function excessPods(running: Pod[], ds: DaemonSet, hash: string, now: number): string[] {
  if (running.length <= 1) return [];
  const sorted = [...running].sort(byCreationTimestampAndPhase);
  const names = (pods: Pod[]): string[] => pods.map((pod) => pod.metadata?.name ?? '');
  if (!allowsSurge(ds)) return names(sorted.slice(1));
  const toDelete: Pod[] = [];
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of sorted) {
    const isNew = pod.metadata?.labels?.[REVISION_HASH_LABEL] === hash;
    if (isNew && !oldestNew) oldestNew = pod;
    else if (!isNew && !oldestOld) oldestOld = pod;
    else toDelete.push(pod);
  }
  if (oldestNew && oldestOld) {
    if (!isPodReady(oldestOld)) toDelete.push(oldestOld);
    else if (isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, now))
      toDelete.push(oldestOld);
  }
  return names(toDelete);
}

/** findUpdatedPodsOnNode: the node's new and old pod, or null when it has two of either. */
function updatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod } | null {
  const generation = templateGeneration(ds);
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return null;
      newPod = pod;
    } else {
      if (oldPod) return null;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

export interface RollingPlan {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/**
 * updatedDesiredNodeCounts: budgets for the nodes that should run the pod, each of which gets an
 * entry (empty when it has no pod yet).
 */
function desiredNodeCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: NodeToDaemonPods,
): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    const name = node.metadata?.name ?? '';
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  const budgets = rollingBudgets(ds, desired);
  // An impossible configuration (both zero) falls back to one unavailable pod at a time.
  if (desired > 0 && budgets.maxUnavailable === 0 && budgets.maxSurge === 0)
    budgets.maxUnavailable = 1;
  return { ...budgets, desired };
}

const sortedEntries = (map: NodeToDaemonPods): [string, Pod[]][] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** rollingUpdate: the old pods to delete and the nodes to surge onto now. */
export function rollingUpdate(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: NodeToDaemonPods,
  hash: string,
  now: number,
): RollingPlan {
  const pods = new Map(nodeToDaemonPods);
  const { maxSurge, maxUnavailable, desired } = desiredNodeCounts(ds, nodes, pods);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (pod: Pod): boolean => isPodAvailable(pod, minReady, now);
  const name = (pod: Pod): string => pod.metadata?.name ?? '';
  if (maxSurge === 0) {
    // Delete just enough old pods to stay within maxUnavailable; the manage loop replaces them.
    let unavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const [, podsOnNode] of sortedEntries(pods)) {
      const found = updatedPodsOnNode(ds, podsOnNode, hash);
      if (!found || (found.newPod === undefined) === (found.oldPod === undefined)) {
        unavailable++;
      } else if (found.newPod) {
        if (!available(found.newPod)) unavailable++;
      } else if (found.oldPod && !available(found.oldPod)) {
        replacements.push(name(found.oldPod));
        unavailable++;
      } else if (found.oldPod && unavailable < maxUnavailable) {
        candidates.push(name(found.oldPod));
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - unavailable, 0), candidates.length);
    return {
      podsToDelete: [...replacements, ...candidates.slice(0, remaining)],
      nodesToCreate: [],
    };
  }
  return surgeUpdate(ds, nodes, pods, hash, available, { maxSurge, desired });
}

/** The surge half of rollingUpdate: new pods first, old ones deleted once the new are available. */
function surgeUpdate(
  ds: DaemonSet,
  nodes: readonly Node[],
  pods: NodeToDaemonPods,
  hash: string,
  available: (pod: Pod) => boolean,
  { maxSurge, desired }: { maxSurge: number; desired: number },
): RollingPlan {
  const nodeByName = new Map(nodes.map((node) => [node.metadata?.name ?? '', node]));
  const shouldRun = (nodeName: string): boolean => {
    const node = nodeByName.get(nodeName);
    return node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
  };
  const name = (pod: Pod): string => pod.metadata?.name ?? '';
  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: Pod[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let surge = 0;
  let availableCount = 0;
  for (const [nodeName, podsOnNode] of sortedEntries(pods)) {
    const found = updatedPodsOnNode(ds, podsOnNode, hash);
    if (!found) {
      surge++;
      continue;
    }
    const { newPod, oldPod } = found;
    const counted = oldPod ?? newPod;
    if (counted && available(counted)) availableCount++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(nodeName)) oldPodsToDelete.push(name(oldPod));
        else allowedNewNodes.push(nodeName);
      } else if (!shouldRun(nodeName)) {
        shouldNotRunPodsToDelete.push(oldPod);
      } else if (surge < maxSurge) {
        candidateNewNodes.push(nodeName);
      }
    } else if (!available(newPod)) {
      surge++;
    } else {
      oldPodsToDelete.push(name(oldPod));
    }
  }
  // Pods on nodes the set no longer wants go only as pods elsewhere become available.
  const deletable = Math.min(availableCount - desired, shouldNotRunPodsToDelete.length);
  for (const pod of shouldNotRunPodsToDelete.slice(0, Math.max(deletable, 0)))
    if (!pod.metadata?.deletionTimestamp) oldPodsToDelete.push(name(pod));
  const remaining = Math.min(Math.max(maxSurge - surge, 0), candidateNewNodes.length);
  return {
    podsToDelete: oldPodsToDelete,
    nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remaining)],
  };
}
