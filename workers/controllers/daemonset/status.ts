// A DaemonSet's status (pkg/controller/daemon/daemon_controller.go updateDaemonSetStatus and
// storeDaemonSetStatus): per node that should run the pod, whether its oldest daemon pod exists,
// is ready, available and up to date; pods on other nodes are misscheduled. Written only when a
// count or the observed generation changed, with one retry on a fresh read.

import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node } from 'kubernetes-types/core/v1';
import { isNotFound, type ResourceClient } from '../../client/client.ts';
import { isPodAvailable, isPodReady } from '../pod-util.ts';
import type { NodeToDaemonPods } from './update.ts';
import {
  byCreationTimestampAndPhase,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  templateGeneration,
} from './util.ts';

export type StatusCounts = Record<
  'desired' | 'current' | 'misscheduled' | 'ready' | 'updated' | 'available',
  number
>;

const STATUS_FIELDS = [
  'desiredNumberScheduled',
  'currentNumberScheduled',
  'numberMisscheduled',
  'numberReady',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
] as const;

export function statusCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  byNode: NodeToDaemonPods,
  hash: string,
  now: number,
): StatusCounts {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const generation = templateGeneration(ds);
  const counts = { desired: 0, current: 0, misscheduled: 0, ready: 0, updated: 0, available: 0 };
  for (const node of nodes) {
    const pods = byNode.get(node.metadata?.name ?? '') ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) counts.misscheduled++;
      continue;
    }
    counts.desired++;
    const [pod] = [...pods].sort(byCreationTimestampAndPhase);
    if (!pod) continue;
    counts.current++;
    if (isPodReady(pod)) {
      counts.ready++;
      if (isPodAvailable(pod, minReady, now)) counts.available++;
    }
    if (isPodUpdated(pod, hash, generation)) counts.updated++;
  }
  return counts;
}

/** The status these counts give; zero optional counts are left out, as Go's omitempty does. */
function statusFrom(
  base: DaemonSet,
  counts: StatusCounts,
  updateObservedGeneration: boolean,
): DaemonSetStatus {
  const status: DaemonSetStatus = {
    ...base.status,
    desiredNumberScheduled: counts.desired,
    currentNumberScheduled: counts.current,
    numberMisscheduled: counts.misscheduled,
    numberReady: counts.ready,
  };
  const optional = {
    updatedNumberScheduled: counts.updated,
    numberAvailable: counts.available,
    numberUnavailable: counts.desired - counts.available,
  };
  for (const [field, value] of Object.entries(optional)) {
    if (value !== 0) status[field as keyof typeof optional] = value;
    else delete status[field as keyof typeof optional];
  }
  if (updateObservedGeneration && base.metadata?.generation !== undefined)
    status.observedGeneration = base.metadata.generation;
  return status;
}

export async function storeStatus(
  client: ResourceClient<DaemonSet>,
  ds: DaemonSet,
  counts: StatusCounts,
  updateObservedGeneration: boolean,
): Promise<void> {
  const status = statusFrom(ds, counts, updateObservedGeneration);
  const current: Partial<DaemonSetStatus> = ds.status ?? {};
  const unchanged =
    STATUS_FIELDS.every((field) => (current[field] ?? 0) === (status[field] ?? 0)) &&
    (!updateObservedGeneration || current.observedGeneration === ds.metadata?.generation);
  if (unchanged) return;
  try {
    await client.updateStatus({ ...ds, status });
  } catch (error) {
    if (isNotFound(error)) return;
    const latest = await client.get(ds.metadata?.name ?? '');
    await client.updateStatus({
      ...latest,
      status: statusFrom(latest, counts, updateObservedGeneration),
    });
  }
}
