// The node controller's API helpers (pkg/controller/util/node/controller_utils.go and the taint
// helpers of pkg/controller/controller_utils.go): swapping taints on a node with a conflict-retried
// GET + patch, marking a node's pods NotReady, and the node events. Left out: DeletePods (the
// pre-taint-manager eviction path, gone since 1.27).

import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { formatTime } from '../../api/time.ts';
import { isConflict, isNotFound, NODE_TYPE, POD_TYPE, type Client } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { updatePodCondition } from '../pod-util.ts';

/** UpdateTaintBackoff: how often a taint write is retried after a conflict. */
const TAINT_UPDATE_ATTEMPTS = 5;

/** Taint.MatchTaint: the same key and effect. */
export function matchTaint(a: Taint, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((existing) => matchTaint(existing, taint));
}

function sameTaint(a: Taint, b: Taint): boolean {
  return matchTaint(a, b) && (a.value ?? '') === (b.value ?? '') && a.timeAdded === b.timeAdded;
}

/** taints.AddOrUpdateTaint then DeleteTaint for each: the node's new taints, or null if unchanged. */
export function swapTaints(
  current: readonly Taint[],
  add: readonly Taint[],
  remove: readonly Taint[],
): Taint[] | null {
  let taints = [...current];
  let changed = false;
  for (const taint of add) {
    const index = taints.findIndex((existing) => matchTaint(existing, taint));
    if (index === -1) {
      taints.push(taint);
      changed = true;
    } else if (!sameTaint(taints[index] as Taint, taint)) {
      taints[index] = taint;
      changed = true;
    }
  }
  for (const taint of remove) {
    const kept = taints.filter((existing) => !matchTaint(existing, taint));
    if (kept.length !== taints.length) changed = true;
    taints = kept;
  }
  return changed ? taints : null;
}

/**
 * AddOrUpdateTaintOnNode and RemoveTaintOffNode in one write: GET the node, change its taints,
 * PATCH them with the node's resourceVersion, and start again on a conflict.
 */
export async function updateNodeTaints(
  client: Client,
  name: string,
  add: readonly Taint[],
  remove: readonly Taint[],
): Promise<void> {
  const nodes = client.resource<Node>(NODE_TYPE);
  for (let attempt = 1; ; attempt++) {
    const node = await nodes.get(name);
    const taints = swapTaints(node.spec?.taints ?? [], add, remove);
    if (!taints) return;
    try {
      await nodes.patch(name, 'merge', {
        metadata: { resourceVersion: node.metadata?.resourceVersion },
        spec: { taints },
      });
      return;
    } catch (error) {
      if (!isConflict(error) || attempt === TAINT_UPDATE_ATTEMPTS) throw error;
    }
  }
}

/** SwapNodeControllerTaint: the added taints are stamped with the time they were added. */
export async function swapNodeControllerTaint(
  client: Client,
  now: number,
  name: string,
  add: readonly Taint[],
  remove: readonly Taint[],
): Promise<boolean> {
  const timeAdded = formatTime(now);
  try {
    await updateNodeTaints(
      client,
      name,
      add.map((taint) => ({ ...taint, timeAdded })),
      remove,
    );
    return true;
  } catch {
    return false;
  }
}

function nodeReference(node: Node): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata?.name ?? '', uid: node.metadata?.uid ?? '' },
  };
}

/** RecordNodeEvent: "Node <name> event: <event>". */
export function recordNodeEvent(
  recorder: CoreEventRecorder,
  node: Node,
  reason: string,
  event: string,
): void {
  const name = node.metadata?.name ?? '';
  recorder.event(nodeReference(node), 'Normal', reason, `Node ${name} event: ${event}`);
}

/** RecordNodeStatusChange: "Node <name> status is now: <status>". */
export function recordNodeStatusChange(
  recorder: CoreEventRecorder,
  node: Node,
  newStatus: string,
): void {
  const name = node.metadata?.name ?? '';
  recorder.event(
    nodeReference(node),
    'Normal',
    newStatus,
    `Node ${name} status is now: ${newStatus}`,
  );
}

/**
 * MarkPodsNotReady: each pod's Ready condition becomes False (status PUT from the cached pod),
 * then a NodeNotReady warning on the pod. Rejects after trying all, if any write failed.
 */
export async function markPodsNotReady(
  client: Client,
  recorder: CoreEventRecorder,
  now: number,
  pods: readonly Pod[],
  nodeName: string,
): Promise<void> {
  const failures: unknown[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
    if (!ready) continue;
    const status = updatePodCondition(pod.status, { ...ready, status: 'False' }, now);
    if (!status) continue;
    try {
      await client
        .resource<Pod>(POD_TYPE, pod.metadata?.namespace)
        .updateStatus({ ...pod, status });
    } catch (error) {
      if (isNotFound(error)) continue;
      failures.push(error);
    }
    recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (failures.length > 0) throw new AggregateError(failures, 'unable to mark pods NotReady');
}
