// The READY, STATUS and RESTARTS columns of `kubectl get pods`, computed as the server's printer
// does (pkg/printers/internalversion/printers.go printPod): the phase, overridden by Init:… while
// init containers run, then by the first interesting container reason (containers walked from
// last to first), Terminating while a deletion is pending. Shared by the API server's Table and
// the UI.

import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { parseTime } from './time.ts';

export interface PodSummary {
  /** `<ready>/<containers + sidecars>` */
  ready: string;
  status: string;
  restarts: number;
  /** When the most recently restarted counted container last finished, in ms; null if never. */
  lastRestart: number | null;
}

/** pkg/util/node NodeUnreachablePodReason: the node controller's reason for lost pods. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some(
    (condition) => condition.type === type && condition.status === 'True',
  );
}

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function isInitialized(pod: Pod): boolean {
  const condition = pod.status?.conditions?.find((candidate) => candidate.type === 'Initialized');
  return condition?.status === 'True';
}

/** Go's metav1.Time.Before on lastState.terminated.finishedAt: zero times never win. */
function laterRestart(current: number | null, status: ContainerStatus): number | null {
  const finishedAt = status.lastState?.terminated?.finishedAt;
  if (!finishedAt) return current;
  const finished = parseTime(finishedAt);
  return current === null || current < finished ? finished : current;
}

function terminatedReason(
  terminated: NonNullable<ContainerStatus['state']>['terminated'],
  prefix: string,
): string {
  if (terminated?.reason) return `${prefix}${terminated.reason}`;
  return terminated?.signal
    ? `${prefix}Signal:${terminated.signal}`
    : `${prefix}ExitCode:${terminated?.exitCode ?? 0}`;
}

export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec;
  const initContainers = spec?.initContainers ?? [];
  const byName = new Map(initContainers.map((container) => [container.name, container]));
  let totalContainers = spec?.containers.length ?? 0;
  for (const container of initContainers) {
    if (isRestartableInitContainer(container)) totalContainers++;
  }
  let readyContainers = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | null = null;
  let lastSidecarRestart: number | null = null;

  const phase = pod.status?.phase ?? '';
  let reason = pod.status?.reason || phase;
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  let initializing = false;
  for (const [index, status] of (pod.status?.initContainerStatuses ?? []).entries()) {
    restarts += status.restartCount;
    lastRestart = laterRestart(lastRestart, status);
    const sidecar = isRestartableInitContainer(byName.get(status.name));
    if (sidecar) {
      sidecarRestarts += status.restartCount;
      lastSidecarRestart = laterRestart(lastSidecarRestart, status);
    }
    const { terminated, waiting } = status.state ?? {};
    if (terminated?.exitCode === 0) continue;
    if (sidecar && status.started === true) {
      if (status.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      reason = terminatedReason(terminated, 'Init:');
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isInitialized(pod)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (const status of [...(pod.status?.containerStatuses ?? [])].reverse()) {
      restarts += status.restartCount;
      lastRestart = laterRestart(lastRestart, status);
      const { waiting, terminated, running } = status.state ?? {};
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminatedReason(terminated, '');
      } else if (status.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A container still running turns "Completed" back into Running (or NotReady).
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && pod.status?.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return {
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts,
    lastRestart,
  };
}

export function podStatusColumn(pod: Pod): string {
  return summarizePod(pod).status;
}

export function podReadyColumn(pod: Pod): string {
  return summarizePod(pod).ready;
}
