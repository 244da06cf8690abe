// One pod's life on a node (pkg/kubelet/pod_workers.go + kuberuntime_manager.go SyncPod): start
// the sandbox, pull and start each container with the kubelet's events, restart exited containers
// as restartPolicy says with the 10 s → 5 min back-off (CrashLoopBackOff), back off failed pulls
// (ErrImagePull → ImagePullBackOff), and on deletion stop everything and report a terminal phase.
// Of a restarted container the last dead instance is kept, for its log (`kubectl logs
// --previous`), as the container GC's MaxPerPodContainer of 1 does.
// Left out: init containers, probes, volumes, container lifecycle hooks and env valueFrom.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import { goDuration } from '../api/duration.ts';
import type { CoreEventRecorder } from '../client/events.ts';
import type { Clock, TimerHandle } from '../host/clock.ts';
import {
  ImagePullError,
  type ContainerStatus,
  type ImageService,
  type PulledImage,
  type RuntimeService,
} from './cri.ts';
import type { ContainerRecord, PodRecord } from './pod-status.ts';

const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const RUNTIME_PREFIX = 'containerd://';

export interface PodWorkerDeps {
  runtime: RuntimeService & ImageService;
  recorder: Pick<CoreEventRecorder, 'event'>;
  clock: Clock;
  hostIP: string;
  /** Records a CRI call on the trace. */
  traceRuntime(pod: Pod, call: string, detail?: string): void;
  /** Asks the status manager to write the pod's status now. */
  statusChanged(worker: PodWorker): void;
  /** Final DELETE once the pod is terminated. */
  finished(worker: PodWorker): void;
}

interface Backoff {
  delayMs: number;
  timer?: TimerHandle;
}

function fieldPath(container: Container): string {
  return `spec.containers{${container.name}}`;
}

function nextDelay(backoff: Backoff | undefined): number {
  return backoff ? Math.min(backoff.delayMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
}

/** The container's env entries with a literal value (valueFrom is not resolved yet). */
function literalEnv(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return env;
}

function delayText(ms: number): string {
  return goDuration(ms).replace(/^(\d+)m$/, '$1m0s');
}

export class PodWorker {
  readonly record: PodRecord;
  private sandboxId: string | null = null;
  private readonly containerIds = new Map<string, string>();
  /** The dead instance kept of each restarted container. */
  private readonly deadIds = new Map<string, string>();
  private readonly crashBackoff = new Map<string, Backoff>();
  private readonly pullBackoff = new Map<string, Backoff>();
  private terminating = false;

  constructor(
    public pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    this.record = {
      sandboxReady: false,
      hostIP: deps.hostIP,
      startTime: deps.clock.now(),
      terminal: false,
      containers: (pod.spec?.containers ?? []).map((container) => ({
        name: container.name,
        image: container.image ?? '',
        imageID: '',
        restartCount: 0,
        state: { kind: 'waiting', reason: 'ContainerCreating' },
      })),
    };
  }

  /** Read afresh after every await: terminate() may have started meanwhile. */
  private isTerminating(): boolean {
    return this.terminating;
  }

  get key(): string {
    return `${this.pod.metadata?.namespace ?? ''}/${this.pod.metadata?.name ?? ''}`;
  }

  private podLabel(): string {
    const meta = this.pod.metadata ?? {};
    return `${meta.name ?? ''}_${meta.namespace ?? ''}(${meta.uid ?? ''})`;
  }

  private containerRecord(name: string): ContainerRecord | undefined {
    return this.record.containers.find((record) => record.name === name);
  }

  /** Admission done: report ContainerCreating, then bring the pod up. */
  async start(): Promise<void> {
    this.deps.statusChanged(this);
    const meta = this.pod.metadata ?? {};
    this.deps.traceRuntime(this.pod, 'RunPodSandbox');
    try {
      const sandbox = await this.deps.runtime.runPodSandbox({
        name: meta.name ?? '',
        namespace: meta.namespace ?? '',
        uid: meta.uid ?? '',
        hostname: meta.name ?? '',
      });
      if (this.isTerminating()) {
        // Deleted while the sandbox came up: terminate() found nothing to stop, so stop it here.
        this.deps.traceRuntime(this.pod, 'StopPodSandbox');
        await this.deps.runtime.stopPodSandbox(sandbox.sandboxId);
        await this.deps.runtime.removePodSandbox(sandbox.sandboxId);
        return;
      }
      this.sandboxId = sandbox.sandboxId;
      this.record.sandboxReady = true;
      this.record.podIP = sandbox.ip;
      this.deps.traceRuntime(this.pod, 'sandbox ready', sandbox.ip);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.recorder.event(
        this.pod,
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: ${message}`,
      );
      return;
    }
    for (const container of this.pod.spec?.containers ?? []) {
      if (this.isTerminating()) return;
      await this.startContainer(container);
    }
    this.deps.statusChanged(this);
  }

  private async ensureImage(container: Container): Promise<PulledImage | null> {
    const image = container.image ?? '';
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    const present = this.deps.runtime.imageStatus(image);
    if (present && policy !== 'Always') {
      this.deps.recorder.event(
        this.pod,
        'Normal',
        'Pulled',
        `Container image "${image}" already present on machine`,
        fieldPath(container),
      );
      return present;
    }
    if (!present && policy === 'Never') {
      this.setWaiting(
        container.name,
        'ErrImageNeverPull',
        `Container image "${image}" is not present with pull policy of Never`,
      );
      this.deps.recorder.event(
        this.pod,
        'Warning',
        'ErrImageNeverPull',
        `Container image "${image}" is not present with pull policy of Never`,
        fieldPath(container),
      );
      return null;
    }
    this.deps.recorder.event(
      this.pod,
      'Normal',
      'Pulling',
      `Pulling image "${image}"`,
      fieldPath(container),
    );
    this.deps.traceRuntime(this.pod, 'PullImage', image);
    const startedAt = this.deps.clock.now();
    try {
      const pulled = await this.deps.runtime.pullImage(image);
      const took = goDuration(this.deps.clock.now() - startedAt);
      this.deps.recorder.event(
        this.pod,
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pulled.size} bytes.`,
        fieldPath(container),
      );
      this.pullBackoff.delete(container.name);
      return pulled;
    } catch (error) {
      if (!(error instanceof ImagePullError)) throw error;
      this.deps.recorder.event(
        this.pod,
        'Warning',
        'Failed',
        `Failed to pull image "${image}": ${error.message}`,
        fieldPath(container),
      );
      this.deps.recorder.event(
        this.pod,
        'Warning',
        'Failed',
        'Error: ErrImagePull',
        fieldPath(container),
      );
      this.setWaiting(container.name, 'ErrImagePull', error.message);
      this.scheduleImageRetry(container, error.message);
      return null;
    }
  }

  private scheduleImageRetry(container: Container, pullError: string): void {
    const previous = this.pullBackoff.get(container.name);
    const backoff: Backoff = { delayMs: nextDelay(previous) };
    this.pullBackoff.set(container.name, backoff);
    this.deps.statusChanged(this);
    // The next sync finds the pull backing off: ImagePullBackOff until the delay is over.
    backoff.timer = this.deps.clock.setTimeout(() => {
      if (this.terminating) return;
      const image = container.image ?? '';
      this.setWaiting(
        container.name,
        'ImagePullBackOff',
        `Back-off pulling image "${image}": ErrImagePull: ${pullError}`,
      );
      this.deps.recorder.event(
        this.pod,
        'Normal',
        'BackOff',
        `Back-off pulling image "${image}"`,
        fieldPath(container),
      );
      this.deps.recorder.event(
        this.pod,
        'Warning',
        'Failed',
        'Error: ImagePullBackOff',
        fieldPath(container),
      );
      this.deps.statusChanged(this);
      backoff.timer = this.deps.clock.setTimeout(() => {
        if (!this.terminating)
          void this.startContainer(container).then(() => {
            this.deps.statusChanged(this);
          });
      }, backoff.delayMs);
    }, 1_000);
  }

  private setWaiting(name: string, reason: string, message?: string): void {
    const record = this.containerRecord(name);
    if (record)
      record.state = message ? { kind: 'waiting', reason, message } : { kind: 'waiting', reason };
  }

  private async startContainer(container: Container): Promise<void> {
    const sandboxId = this.sandboxId;
    if (!sandboxId) return;
    const pulled = await this.ensureImage(container);
    if (!pulled || this.terminating) return;
    this.deps.traceRuntime(this.pod, 'CreateContainer', container.name);
    const id = await this.deps.runtime.createContainer(
      sandboxId,
      {
        name: container.name,
        image: container.image ?? '',
        command: container.command,
        args: container.args,
        env: literalEnv(container),
      },
      pulled,
    );
    if (this.isTerminating()) {
      // terminate() ran while the runtime created it, so it never saw this container.
      await this.deps.runtime.removeContainer(id);
      return;
    }
    this.replaceInstance(container.name, id);
    this.deps.recorder.event(
      this.pod,
      'Normal',
      'Created',
      `Created container: ${container.name}`,
      fieldPath(container),
    );
    this.deps.traceRuntime(this.pod, 'StartContainer', container.name);
    await this.deps.runtime.startContainer(id);
    if (this.isTerminating()) {
      // terminate() found it not yet running and left it alone: stop it now, without a grace period.
      await this.deps.runtime.stopContainer(id, 0);
      await this.deps.runtime.removeContainer(id);
      return;
    }
    this.deps.recorder.event(
      this.pod,
      'Normal',
      'Started',
      `Started container ${container.name}`,
      fieldPath(container),
    );
    const record = this.containerRecord(container.name);
    const status = this.deps.runtime.containerStatus(id);
    if (!record || !status) return;
    record.image = pulled.image;
    record.imageID = pulled.imageRef;
    record.containerID = `${RUNTIME_PREFIX}${id}`;
    if (status.state === 'running')
      record.state = { kind: 'running', startedAt: status.startedAt ?? this.deps.clock.now() };
    else if (status.state === 'exited') this.recordExit(record, status);
  }

  /** The new instance becomes current, the one it replaces is kept and the one before goes. */
  private replaceInstance(name: string, id: string): void {
    const previous = this.containerIds.get(name);
    const older = this.deadIds.get(name);
    if (older) void this.deps.runtime.removeContainer(older);
    if (previous) this.deadIds.set(name, previous);
    this.containerIds.set(name, id);
  }

  private recordExit(record: ContainerRecord, status: ContainerStatus): void {
    const previous = record.state;
    record.state = {
      kind: 'terminated',
      exitCode: status.exitCode ?? 0,
      reason: status.reason ?? (status.exitCode === 0 ? 'Completed' : 'Error'),
      startedAt:
        status.startedAt ??
        (previous.kind === 'running' ? previous.startedAt : this.deps.clock.now()),
      finishedAt: status.finishedAt ?? this.deps.clock.now(),
      containerID: record.containerID ?? '',
    };
  }

  /** The runtime says a container's process ended (PLEG's ContainerDied). */
  containerExited(containerId: string): void {
    const name = [...this.containerIds].find(([, id]) => id === containerId)?.[0];
    const record = name ? this.containerRecord(name) : undefined;
    const status = this.deps.runtime.containerStatus(containerId);
    const spec = this.pod.spec?.containers.find((container) => container.name === name);
    if (!record || !status || !spec) return;
    this.recordExit(record, status);
    this.deps.statusChanged(this);
    if (this.terminating) return;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && (status.exitCode ?? 0) !== 0);
    if (restart) this.restart(spec, record);
    else if (this.record.containers.every((container) => container.state.kind === 'terminated'))
      this.finishRun();
  }

  /** A pod that ran to completion is done for good: its sandbox goes, the pod object stays. */
  private finishRun(): void {
    this.record.terminal = true;
    this.deps.statusChanged(this);
  }

  private restart(container: Container, record: ContainerRecord): void {
    const previous = this.crashBackoff.get(container.name);
    const terminated = record.state.kind === 'terminated' ? record.state : undefined;
    const restartNow = (): void => {
      if (this.terminating) return;
      if (terminated) record.lastTerminated = { ...terminated };
      record.restartCount++;
      void this.startContainer(container).then(() => {
        this.deps.statusChanged(this);
      });
    };
    if (!previous) {
      // The first restart after the first exit is immediate.
      this.crashBackoff.set(container.name, { delayMs: 0 });
      restartNow();
      return;
    }
    const delayMs =
      previous.delayMs === 0 ? BACKOFF_INITIAL_MS : Math.min(previous.delayMs * 2, BACKOFF_MAX_MS);
    const backoff: Backoff = { delayMs };
    this.crashBackoff.set(container.name, backoff);
    const message = `back-off ${delayText(delayMs)} restarting failed container=${container.name} pod=${this.podLabel()}`;
    if (terminated) record.lastTerminated = { ...terminated };
    record.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message };
    this.deps.recorder.event(
      this.pod,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${container.name} in pod ${this.podLabel()}`,
      fieldPath(container),
    );
    this.deps.statusChanged(this);
    backoff.timer = this.deps.clock.setTimeout(() => {
      if (this.terminating) return;
      record.restartCount++;
      void this.startContainer(container).then(() => {
        this.deps.statusChanged(this);
      });
    }, delayMs);
  }

  /** Graceful deletion: SIGTERM every container, wait for them, report, then let the pod go. */
  async terminate(): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    for (const backoff of [...this.crashBackoff.values(), ...this.pullBackoff.values()]) {
      if (backoff.timer) this.deps.clock.clearTimeout(backoff.timer);
    }
    const grace =
      this.pod.metadata?.deletionGracePeriodSeconds ??
      this.pod.spec?.terminationGracePeriodSeconds ??
      30;
    await Promise.all(
      (this.pod.spec?.containers ?? []).map(async (container) => {
        const id = this.containerIds.get(container.name);
        const status = id ? this.deps.runtime.containerStatus(id) : undefined;
        if (!id || status?.state !== 'running') return;
        this.deps.recorder.event(
          this.pod,
          'Normal',
          'Killing',
          `Stopping container ${container.name}`,
          fieldPath(container),
        );
        this.deps.traceRuntime(this.pod, 'StopContainer', container.name);
        await this.deps.runtime.stopContainer(id, grace);
        const record = this.containerRecord(container.name);
        const stopped = this.deps.runtime.containerStatus(id);
        if (record && stopped) this.recordExit(record, stopped);
      }),
    );
    for (const record of this.record.containers) {
      // Never started: it ends without running (ContainerStatusUnknown is for lost ones).
      if (record.state.kind === 'waiting' && !record.lastTerminated) {
        const now = this.deps.clock.now();
        record.state = {
          kind: 'terminated',
          exitCode: 137,
          reason: 'ContainerStatusUnknown',
          startedAt: now,
          finishedAt: now,
          containerID: '',
        };
      }
    }
    this.record.terminal = true;
    this.record.sandboxReady = false;
    if (this.sandboxId) {
      this.deps.traceRuntime(this.pod, 'StopPodSandbox');
      await this.deps.runtime.stopPodSandbox(this.sandboxId);
      await this.deps.runtime.removePodSandbox(this.sandboxId);
      this.sandboxId = null;
    }
    this.deps.statusChanged(this);
    this.deps.finished(this);
  }
}
