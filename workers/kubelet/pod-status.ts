// How the kubelet reports a pod (kubelet_pods.go generateAPIPodStatus, getPhase; status/generate.go;
// status_manager.go): container statuses sorted by name, the phase from the containers' states,
// the kubelet's five conditions in upstream order with their False reasons and messages.
// Left out: init containers' own statuses, readiness gates and probes (containers are ready once running).

import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { formatTime } from '../api/time.ts';

/** The kubelet's view of one container, kept across restarts. */
export interface ContainerRecord {
  name: string;
  /** The image as the spec writes it, until the runtime reports its normalized name. */
  image: string;
  imageID: string;
  containerID?: string;
  restartCount: number;
  state:
    | { kind: 'waiting'; reason: string; message?: string }
    | { kind: 'running'; startedAt: number }
    | {
        kind: 'terminated';
        exitCode: number;
        reason: string;
        startedAt: number;
        finishedAt: number;
        containerID: string;
      };
  lastTerminated?: {
    exitCode: number;
    reason: string;
    startedAt: number;
    finishedAt: number;
    containerID: string;
  };
}

export interface PodRecord {
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime: number;
  containers: ContainerRecord[];
  /** Set once the pod will never run again (killed for deletion, or finished for good). */
  terminal: boolean;
}

const KUBELET_CONDITIONS = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

function apiState(record: ContainerRecord): ContainerStatus['state'] {
  const state = record.state;
  switch (state.kind) {
    case 'waiting':
      return {
        waiting: state.message
          ? { reason: state.reason, message: state.message }
          : { reason: state.reason },
      };
    case 'running':
      return { running: { startedAt: formatTime(state.startedAt) } };
    case 'terminated':
      return {
        terminated: {
          exitCode: state.exitCode,
          reason: state.reason,
          startedAt: formatTime(state.startedAt),
          finishedAt: formatTime(state.finishedAt),
          containerID: state.containerID,
        },
      };
  }
}

function containerStatus(pod: Pod, record: ContainerRecord): ContainerStatus {
  const running = record.state.kind === 'running';
  const spec = pod.spec?.containers.find((container) => container.name === record.name);
  const status: ContainerStatus = {
    ...(record.containerID ? { containerID: record.containerID } : {}),
    image: record.image,
    imageID: record.imageID,
    lastState: record.lastTerminated
      ? {
          terminated: {
            exitCode: record.lastTerminated.exitCode,
            reason: record.lastTerminated.reason,
            startedAt: formatTime(record.lastTerminated.startedAt),
            finishedAt: formatTime(record.lastTerminated.finishedAt),
            containerID: record.lastTerminated.containerID,
          },
        }
      : {},
    name: record.name,
    ready: running,
    restartCount: record.restartCount,
    started: running,
    state: apiState(record),
  };
  const mounts = spec?.volumeMounts ?? [];
  if (mounts.length > 0) {
    (status as { volumeMounts?: unknown[] }).volumeMounts = mounts.map((mount) => ({
      mountPath: mount.mountPath,
      name: mount.name,
      ...(mount.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
    }));
  }
  return status;
}

/** getPhase for pods without init containers. */
export function podPhase(pod: Pod, record: PodRecord): NonNullable<PodStatus['phase']> {
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of record.containers) {
    const state = container.state;
    if (state.kind === 'running') running++;
    else if (state.kind === 'terminated') {
      stopped++;
      if (state.exitCode === 0) succeeded++;
    } else if (container.lastTerminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (record.terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return restartPolicy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

function condition(
  type: string,
  status: 'True' | 'False',
  reason?: string,
  message?: string,
): PodCondition {
  return {
    type,
    status,
    lastProbeTime: null,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  } as unknown as PodCondition;
}

/** The pod's status as the kubelet would PATCH it; lastTransitionTimes carried over from `previous`. */
export function generatePodStatus(pod: Pod, record: PodRecord, now: number): PodStatus {
  const phase = podPhase(pod, record);
  const statuses = record.containers
    .map((container) => containerStatus(pod, container))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  // GenerateContainersReadyCondition walks the spec, so the names come in spec order.
  const unready = (pod.spec?.containers ?? [])
    .filter(
      (container) => statuses.find((status) => status.name === container.name)?.ready !== true,
    )
    .map((container) => container.name);
  const completed =
    phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : null;
  const containersReady = completed
    ? condition('ContainersReady', 'False', completed)
    : unready.length > 0
      ? condition(
          'ContainersReady',
          'False',
          'ContainersNotReady',
          `containers with unready status: [${unready.join(' ')}]`,
        )
      : condition('ContainersReady', 'True');
  const ready = { ...containersReady, type: 'Ready' };
  const initialized =
    phase === 'Succeeded'
      ? condition('Initialized', 'True', 'PodCompleted')
      : condition('Initialized', 'True');
  const generated = [
    condition('PodReadyToStartContainers', record.sandboxReady ? 'True' : 'False'),
    initialized,
    ready,
    containersReady,
    condition('PodScheduled', 'True'),
  ];
  const previous = pod.status?.conditions ?? [];
  const kept = previous.filter((existing) => !KUBELET_CONDITIONS.has(existing.type));
  const conditions = [...kept, ...generated].map((next) => {
    const old = previous.find((existing) => existing.type === next.type);
    const lastTransitionTime =
      old?.status === next.status ? old.lastTransitionTime : formatTime(now);
    return { ...next, lastTransitionTime };
  });
  const status: PodStatus = {
    conditions,
    containerStatuses: statuses,
    hostIP: record.hostIP,
    hostIPs: [{ ip: record.hostIP }],
    phase,
    qosClass: pod.status?.qosClass,
    startTime: formatTime(record.startTime),
  };
  if (record.podIP) {
    (status as { podIP?: string }).podIP = record.podIP;
    (status as { podIPs?: { ip: string }[] }).podIPs = [{ ip: record.podIP }];
  }
  return status;
}
