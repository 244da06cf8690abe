// The STATUS and READY columns of `kubectl get pods`, computed as the server's printer does
// (pkg/printers/internalversion/printers.go printPod): the phase, overridden by the first
// interesting container reason (containers walked from last to first), Init:… while init
// containers run, Terminating while a deletion is pending.

import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

function isRestartableInit(pod: Pod, name: string): boolean {
  return (
    pod.spec?.initContainers?.find((container) => container.name === name)?.restartPolicy ===
    'Always'
  );
}

function initReason(pod: Pod): string | null {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const count = pod.spec?.initContainers?.length ?? 0;
  for (const [index, status] of statuses.entries()) {
    const terminated = status.state?.terminated;
    const waiting = status.state?.waiting;
    if (terminated?.exitCode === 0) continue;
    if (isRestartableInit(pod, status.name) && status.started) continue;
    if (terminated) {
      if (terminated.reason) return `Init:${terminated.reason}`;
      return terminated.signal
        ? `Init:Signal:${terminated.signal}`
        : `Init:ExitCode:${terminated.exitCode}`;
    }
    if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${index}/${count}`;
  }
  return null;
}

function containerReason(statuses: readonly ContainerStatus[]): {
  reason: string | null;
  running: boolean;
} {
  let reason: string | null = null;
  let running = false;
  for (const status of [...statuses].reverse()) {
    const { waiting, terminated } = status.state ?? {};
    if (waiting?.reason) reason = waiting.reason;
    else if (terminated?.reason) reason = terminated.reason;
    else if (terminated)
      reason = terminated.signal
        ? `Signal:${terminated.signal}`
        : `ExitCode:${terminated.exitCode}`;
    else if (status.ready && status.state?.running) running = true;
  }
  return { reason, running };
}

export function podStatusColumn(pod: Pod): string {
  let reason = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  if (scheduled?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const initializing = initReason(pod);
  if (initializing) {
    reason = initializing;
  } else {
    const { reason: containerStatusReason, running } = containerReason(
      pod.status?.containerStatuses ?? [],
    );
    if (containerStatusReason) reason = containerStatusReason;
    if (reason === 'Completed' && running) {
      const ready = pod.status?.conditions?.some(
        (condition) => condition.type === 'Ready' && condition.status === 'True',
      );
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) {
    if (pod.status?.reason === 'NodeLost') return 'Unknown';
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') return 'Terminating';
  }
  return reason;
}

/** READY: ready containers (and started sidecars) over containers plus sidecars. */
export function podReadyColumn(pod: Pod): string {
  const sidecars = (pod.spec?.initContainers ?? []).filter(
    (container) => container.restartPolicy === 'Always',
  ).length;
  const total = (pod.spec?.containers.length ?? 0) + sidecars;
  const readyContainers = (pod.status?.containerStatuses ?? []).filter(
    (status) => status.ready,
  ).length;
  const readySidecars = (pod.status?.initContainerStatuses ?? []).filter(
    (status) => isRestartableInit(pod, status.name) && status.ready,
  ).length;
  return `${readyContainers + readySidecars}/${total}`;
}
