// How the kubelet reports a pod (kubelet_pods.go generateAPIPodStatus, getPhase; status/generate.go;
// prober_manager.go UpdatePodStatus; status_manager.go): init container statuses in spec order,
// container statuses sorted by name, the phase from the containers' states (sidecars apart), the
// kubelet's five conditions in upstream order with their False reasons and messages.
// Left out: readiness gates.

import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../api/time.ts';

/** The kubelet's view of one container, kept across restarts. */
export interface ContainerRecord {
  name: string;
  /** The image as the spec writes it, until the runtime reports its normalized name. */
  image: string;
  imageID: string;
  containerID?: string;
  restartCount: number;
  /** Passed its startup probe (or has none) while running; the running state when unset. */
  started?: boolean;
  /** Passed its readiness probe (or has none) once started; the running state when unset. */
  ready?: boolean;
  /** A sidecar: an init container with restartPolicy Always. */
  restartable?: boolean;
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
  initContainers?: ContainerRecord[];
  /** Set once the pod will never run again (killed for deletion, or finished for good). */
  terminal: boolean;
}

/**
 * The kubelet's record of a container from the status it reported, for a kubelet taking over a
 * node's running pods (docs/decisions/0003-restoring-state.md); apiState's inverse.
 */
export function recordFromStatus(status: ContainerStatus, restartable: boolean): ContainerRecord {
  const state = status.state ?? {};
  const last = status.lastState?.terminated;
  const record: ContainerRecord = {
    name: status.name,
    image: status.image,
    imageID: status.imageID,
    restartCount: status.restartCount,
    started: status.started ?? false,
    ready: status.ready,
    state: state.running
      ? { kind: 'running', startedAt: parseTime(state.running.startedAt ?? '') }
      : state.terminated
        ? {
            kind: 'terminated',
            exitCode: state.terminated.exitCode,
            reason: state.terminated.reason ?? '',
            startedAt: parseTime(state.terminated.startedAt ?? ''),
            finishedAt: parseTime(state.terminated.finishedAt ?? ''),
            containerID: state.terminated.containerID ?? '',
          }
        : state.waiting?.message
          ? { kind: 'waiting', reason: state.waiting.reason ?? '', message: state.waiting.message }
          : { kind: 'waiting', reason: state.waiting?.reason ?? '' },
  };
  if (status.containerID) record.containerID = status.containerID;
  if (restartable) record.restartable = true;
  if (last) {
    record.lastTerminated = {
      exitCode: last.exitCode,
      reason: last.reason ?? '',
      startedAt: parseTime(last.startedAt ?? ''),
      finishedAt: parseTime(last.finishedAt ?? ''),
      containerID: last.containerID ?? '',
    };
  }
  return record;
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

function containerStatus(pod: Pod, record: ContainerRecord, init = false): ContainerStatus {
  const running = record.state.kind === 'running';
  const specs = init ? (pod.spec?.initContainers ?? []) : (pod.spec?.containers ?? []);
  const spec = specs.find((container) => container.name === record.name);
  const started = running && (record.started ?? true);
  // A regular init container is ready once it has completed.
  const ready =
    init && !record.restartable
      ? record.state.kind === 'terminated' && record.state.exitCode === 0
      : started && (record.ready ?? true);
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
    ready,
    restartCount: record.restartCount,
    started,
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

type Counted = 'running' | 'terminated' | 'waiting' | 'restarting';

function stateOf(record: ContainerRecord): Counted {
  if (record.state.kind === 'waiting') return record.lastTerminated ? 'restarting' : 'waiting';
  return record.state.kind;
}

function exitCodeOf(record: ContainerRecord): number | undefined {
  if (record.state.kind === 'terminated') return record.state.exitCode;
  return record.state.kind === 'waiting' ? record.lastTerminated?.exitCode : undefined;
}

/** HasAnyRegularContainerStarted: some regular container is running or has run. */
function anyRegularStarted(record: PodRecord): boolean {
  return record.containers.some((container) => stateOf(container) !== 'waiting');
}

/** getPhase: regular init containers gate the pod; sidecars count as running but not as stopped. */
export function podPhase(pod: Pod, record: PodRecord): NonNullable<PodStatus['phase']> {
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInitialization = 0;
  let failedInitialization = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const init of record.initContainers ?? []) {
    const state = stateOf(init);
    if (init.restartable) {
      if (state === 'running') {
        if (!(init.started ?? true)) pendingInitialization++;
        running++;
      } else if (state === 'waiting') {
        pendingInitialization++;
        waiting++;
      }
      continue;
    }
    if (state === 'running' || state === 'waiting') pendingInitialization++;
    else if (exitCodeOf(init) !== 0) failedInitialization++;
  }
  for (const container of record.containers) {
    const state = stateOf(container);
    if (state === 'running') running++;
    else if (state === 'waiting') waiting++;
    else {
      stopped++;
      if (state === 'terminated' && exitCodeOf(container) === 0) succeeded++;
    }
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !anyRegularStarted(record)) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (record.terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
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
  const initStatuses = (record.initContainers ?? []).map((init) =>
    containerStatus(pod, init, true),
  );
  const initSpecs = pod.spec?.initContainers ?? [];
  const isSidecar = (name: string): boolean =>
    initSpecs.some((init) => init.name === name && init.restartPolicy === 'Always');
  // GenerateContainersReadyCondition walks the spec (sidecars first), so names come in spec order.
  const unready = [
    ...initSpecs
      .filter((init) => init.restartPolicy === 'Always')
      .filter((init) => initStatuses.find((status) => status.name === init.name)?.ready !== true),
    ...(pod.spec?.containers ?? []).filter(
      (container) => statuses.find((status) => status.name === container.name)?.ready !== true,
    ),
  ].map((container) => container.name);
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
  // GeneratePodInitializedCondition: sidecars must have started, the others completed.
  const incomplete = initStatuses
    .filter((status) =>
      isSidecar(status.name) ? status.started !== true : status.state?.terminated?.exitCode !== 0,
    )
    .map((status) => status.name);
  const initialized =
    phase === 'Succeeded'
      ? condition('Initialized', 'True', 'PodCompleted')
      : incomplete.length > 0 && !anyRegularStarted(record)
        ? condition(
            'Initialized',
            'False',
            'ContainersNotInitialized',
            `containers with incomplete status: [${incomplete.join(' ')}]`,
          )
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
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
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
