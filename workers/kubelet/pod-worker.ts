// One pod's life on a node (pkg/kubelet/pod_workers.go; kuberuntime_manager.go computePodActions
// and SyncPod; kuberuntime_container.go startContainer/killContainer): the sandbox, then init
// containers one at a time (sidecars, restartPolicy Always, started in order and kept running),
// then the app containers; restarts as restartPolicy says with the 10 s → 5 min back-off
// (CrashLoopBackOff), kills on failed liveness/startup probes, postStart/preStop hooks, and on
// deletion preStop, the stop signal and SIGKILL after the grace period, sidecars last. Of a
// restarted container the last dead instance is kept, for `kubectl logs --previous`.
// Left out: volumes, in-place resize, ephemeral containers.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../api/quantity.ts';
import type { CoreEventRecorder } from '../client/events.ts';
import type { Clock, TimerHandle } from '../host/clock.ts';
import { Backoff } from './backoff.ts';
import { parseTime } from '../api/time.ts';
import {
  RuntimeCallError,
  type ContainerConfig,
  type ContainerStatus,
  type KubeletRuntime,
  type RuntimeRestore,
  type SurvivingContainer,
} from './cri.ts';
import { ContainerConfigError, makeEnvironmentVariables, type EnvSources } from './env.ts';
import { resolvConf } from './cluster-dns.ts';
import { managedHostsFile } from './hosts-file.ts';
import { ImagePuller } from './image-puller.ts';
import { runHandler } from './lifecycle.ts';
import { recordFromStatus, type ContainerRecord, type PodRecord } from './pod-status.ts';
import { ProbeWorker, type ProbeResult, type ProbeType } from './prober.ts';

/** killContainer's minimumGracePeriodInSeconds. */
const MINIMUM_GRACE_SECONDS = 2;
/** The pod worker's requeue after a failed sync (kubelet.go backOffPeriod). */
const RETRY_MS = 10_000;
/** PLEG's relist period: when a started container's readiness is first probed. */
const RELIST_MS = 1_000;

export interface PodWorkerDeps {
  runtime: Omit<KubeletRuntime, 'podCIDR' | 'onContainerExit'>;
  recorder: Pick<CoreEventRecorder, 'event'>;
  clock: Clock;
  hostIP: string;
  /** ConfigMaps and Secrets the containers' environment references. */
  envSources: EnvSources;
  /** Node allocatable, what resourceFieldRef limits default to. */
  allocatable?: { milliCpu: number; memory: number };
  /** Records a CRI call on the trace. */
  traceRuntime(pod: Pod, call: string, detail?: string): void;
  /** Asks the status manager to write the pod's status now. */
  statusChanged(worker: PodWorker): void;
  /** Final DELETE once the pod is terminated. */
  finished(worker: PodWorker): void;
}

/** One container of the spec, init or regular, with the kubelet's view of it. */
interface Slot {
  spec: Container;
  init: boolean;
  sidecar: boolean;
  fieldPath: string;
  record: ContainerRecord;
  /** The current instance's runtime id. */
  id?: string;
  /** The dead instance kept for its log. */
  previousId?: string;
  probes: Partial<Record<ProbeType, ProbeWorker>>;
}

function delayText(ms: number): string {
  const seconds = ms / 1000;
  return seconds < 60
    ? `${String(seconds)}s`
    : `${String(Math.floor(seconds / 60))}m${String(seconds % 60)}s`;
}

function memoryLimit(container: Container): number | undefined {
  const limit = container.resources?.limits?.memory;
  if (limit === undefined) return undefined;
  const parsed = parseQuantity(typeof limit === 'number' ? String(limit) : limit);
  return 'error' in parsed ? undefined : parsed.milliValue / 1000;
}

function cpuLimit(container: Container): number | undefined {
  const limit = container.resources?.limits?.cpu;
  if (limit === undefined) return undefined;
  const parsed = parseQuantity(typeof limit === 'number' ? String(limit) : limit);
  return 'error' in parsed ? undefined : parsed.milliValue;
}

/** The runtime id in a status's `<runtime type>://<id>`. */
function runtimeId(containerID: string): string {
  const separator = containerID.indexOf('://');
  return separator < 0 ? '' : containerID.slice(separator + '://'.length);
}

/** The instance a reported container still has in the runtime: running, or the last one to exit. */
function survivingInstance(record: ContainerRecord): SurvivingContainer | null {
  const { state, lastTerminated } = record;
  if (state.kind === 'running') {
    const id = runtimeId(record.containerID ?? '');
    return id ? { id, state: 'running', startedAt: state.startedAt } : null;
  }
  const exited = state.kind === 'terminated' ? state : lastTerminated;
  const id = exited ? runtimeId(exited.containerID) : '';
  if (!exited || !id) return null;
  const { startedAt, finishedAt, exitCode, reason } = exited;
  return { id, state: 'exited', startedAt, finishedAt, exitCode, reason };
}

/** A probe's result as the reported status shows it, for a kubelet taking a pod over. */
function reportedResult(type: ProbeType, record: ContainerRecord): ProbeResult {
  if (type === 'Readiness') return record.ready ? 'Success' : 'Failure';
  if (type === 'Startup') return record.started ? 'Success' : 'Unknown';
  return 'Success';
}

export class PodWorker {
  readonly record: PodRecord;
  private readonly slots: Slot[];
  private sandboxId: string | null = null;
  private readonly crashBackoff = new Backoff();
  private readonly puller: ImagePuller;
  private readonly timers = new Set<TimerHandle>();
  private syncing = false;
  private resync = false;
  private terminating = false;

  constructor(
    public pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    const hasInit = (pod.spec?.initContainers ?? []).length > 0;
    const waiting = hasInit ? 'PodInitializing' : 'ContainerCreating';
    const slot = (spec: Container, init: boolean): Slot => {
      const sidecar = init && spec.restartPolicy === 'Always';
      return {
        spec,
        init,
        sidecar,
        fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${spec.name}}`,
        record: {
          name: spec.name,
          image: spec.image ?? '',
          imageID: '',
          restartCount: 0,
          started: false,
          ready: false,
          ...(sidecar ? { restartable: true } : {}),
          state: { kind: 'waiting', reason: waiting },
        },
        probes: {},
      };
    };
    this.slots = [
      ...(pod.spec?.initContainers ?? []).map((spec) => slot(spec, true)),
      ...(pod.spec?.containers ?? []).map((spec) => slot(spec, false)),
    ];
    this.record = {
      sandboxReady: false,
      hostIP: deps.hostIP,
      startTime: deps.clock.now(),
      terminal: false,
      containers: this.appSlots().map((s) => s.record),
      ...(hasInit ? { initContainers: this.initSlots().map((s) => s.record) } : {}),
    };
    this.puller = new ImagePuller({
      images: deps.runtime,
      clock: deps.clock,
      recorder: deps.recorder,
      traceRuntime: (pod, call, detail) => {
        deps.traceRuntime(pod, call, detail);
      },
    });
  }

  /** Deletion has begun (or is done). */
  get stopping(): boolean {
    return this.terminating;
  }

  get key(): string {
    return `${this.pod.metadata?.namespace ?? ''}/${this.pod.metadata?.name ?? ''}`;
  }

  private initSlots(): Slot[] {
    return this.slots.filter((slot) => slot.init);
  }

  private appSlots(): Slot[] {
    return this.slots.filter((slot) => !slot.init);
  }

  private podLabel(): string {
    const meta = this.pod.metadata ?? {};
    return `${meta.name ?? ''}_${meta.namespace ?? ''}(${meta.uid ?? ''})`;
  }

  private event(slot: Slot, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.deps.recorder.event(this.pod, type, reason, message, slot.fieldPath);
  }

  private isTerminal(): boolean {
    return this.record.terminal;
  }

  /** Read afresh after every await: terminate() may have started meanwhile. */
  private isTerminating(): boolean {
    return this.terminating;
  }

  private later(ms: number, then: () => void): void {
    const timer = this.deps.clock.setTimeout(() => {
      this.timers.delete(timer);
      then();
    }, ms);
    this.timers.add(timer);
  }

  private status(slot: Slot): ContainerStatus | undefined {
    return slot.id ? this.deps.runtime.containerStatus(slot.id) : undefined;
  }

  /** prober_manager UpdatePodStatus: started and ready from the probes' results. */
  private report(): void {
    for (const slot of this.slots) {
      const running = slot.record.state.kind === 'running';
      const startup = slot.probes.Startup?.resultFor(slot.id);
      const readiness = slot.probes.Readiness?.resultFor(slot.id);
      slot.record.started = running && (!slot.probes.Startup || startup === 'Success');
      slot.record.ready =
        slot.record.started && (!slot.probes.Readiness || readiness === 'Success');
    }
    this.deps.statusChanged(this);
  }

  /** Admission done: report ContainerCreating, bring up the sandbox, then sync. */
  async start(): Promise<void> {
    this.report();
    await this.createSandbox();
  }

  /** A sandbox the runtime refused is tried again after RETRY_MS, as a failed pod sync is requeued. */
  private async createSandbox(): Promise<void> {
    const meta = this.pod.metadata ?? {};
    this.deps.traceRuntime(this.pod, 'RunPodSandbox');
    try {
      const sandbox = await this.deps.runtime.runPodSandbox({
        name: meta.name ?? '',
        namespace: meta.namespace ?? '',
        uid: meta.uid ?? '',
        hostname: (this.pod.spec?.hostname ?? meta.name ?? '').slice(0, 63),
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
      this.later(RETRY_MS, () => {
        if (!this.isTerminating()) void this.createSandbox();
      });
      return;
    }
    this.startProbes();
    await this.sync();
  }

  /**
   * Takes over a pod whose sandbox and containers outlived the kubelet (a restored cluster): the
   * records come from the status it last reported, the runtime gets the instances back, probes
   * go on from the results that status shows, and the sync after finds nothing to change.
   */
  async adopt(restore: RuntimeRestore): Promise<void> {
    const status = this.pod.status ?? {};
    const meta = this.pod.metadata ?? {};
    const sandbox = restore.restoreSandbox(
      {
        name: meta.name ?? '',
        namespace: meta.namespace ?? '',
        uid: meta.uid ?? '',
        hostname: (this.pod.spec?.hostname ?? meta.name ?? '').slice(0, 63),
      },
      status.podIP ?? '',
    );
    if (sandbox === undefined) {
      await this.start();
      return;
    }
    const { sandboxId } = sandbox;
    this.sandboxId = sandboxId;
    this.record.sandboxReady = true;
    // The runtime's IP, not the reported one: probes dial it, and the next status reports it.
    this.record.podIP = sandbox.ip;
    if (status.startTime) this.record.startTime = parseTime(status.startTime);
    for (const slot of this.slots) {
      const reported = (slot.init ? status.initContainerStatuses : status.containerStatuses)?.find(
        (candidate) => candidate.name === slot.spec.name,
      );
      if (!reported) continue;
      Object.assign(slot.record, recordFromStatus(reported, slot.sidecar));
      const instance = survivingInstance(slot.record);
      if (!instance) continue;
      const env = instance.state === 'running' ? await this.environment(slot) : {};
      restore.restoreContainer(sandboxId, this.containerConfig(slot, env ?? {}), instance);
      slot.id = instance.id;
    }
    this.startProbes(true);
    await this.sync();
  }

  private startProbes(resumed = false): void {
    for (const slot of this.slots) {
      if (slot.init && !slot.sidecar) continue;
      const specs: [ProbeType, Container['livenessProbe']][] = [
        ['Startup', slot.spec.startupProbe],
        ['Readiness', slot.spec.readinessProbe],
        ['Liveness', slot.spec.livenessProbe],
      ];
      for (const [type, probe] of specs) {
        if (!probe) continue;
        const worker = new ProbeWorker(
          type,
          probe,
          slot.spec,
          slot.fieldPath,
          this.pod,
          () => {
            const status = this.status(slot);
            return {
              id: slot.id,
              running: status?.state === 'running',
              startedAt: status?.startedAt ?? this.deps.clock.now(),
              started: !slot.probes.Startup || slot.probes.Startup.resultFor(slot.id) === 'Success',
              podIP: this.record.podIP ?? '',
              deleting: this.terminating || !!this.pod.metadata?.deletionTimestamp,
            };
          },
          (changed) => {
            if (this.terminating) return;
            if (changed.type === 'Readiness') this.report();
            else void this.sync();
          },
          { runtime: this.deps.runtime, clock: this.deps.clock, recorder: this.deps.recorder },
        );
        slot.probes[type] = worker;
        if (resumed && slot.id) worker.resume(slot.id, reportedResult(type, slot.record));
        worker.start();
      }
    }
  }

  private stopProbes(): void {
    for (const slot of this.slots) for (const worker of Object.values(slot.probes)) worker.stop();
  }

  /** One SyncPod at a time; a request during one runs another after it. */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.resync = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.resync = false;
        await this.syncPod();
        this.report();
      } while (this.wantsResync() && !this.isTerminating());
    } finally {
      this.syncing = false;
    }
  }

  private wantsResync(): boolean {
    return this.resync;
  }

  private async syncPod(): Promise<void> {
    if (this.record.terminal || !this.sandboxId || this.terminating) return;
    const initialized = await this.syncInitContainers();
    if (!initialized || this.isTerminating() || this.isTerminal()) return;
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    for (const slot of this.appSlots()) {
      if (this.isTerminating()) return;
      await this.syncContainer(slot, policy);
    }
    if (this.isTerminating()) return;
    const done = this.appSlots().every((slot) => {
      const status = this.status(slot);
      return status?.state === 'exited' && !this.shouldRestart(slot, policy, status);
    });
    if (done) await this.finishRun();
  }

  /** computeInitContainerActions: whether every init container has done its part. */
  private async syncInitContainers(): Promise<boolean> {
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const initialized = this.appSlots().some((slot) => slot.id !== undefined);
    for (const slot of this.initSlots()) {
      if (this.isTerminating()) return false;
      if (slot.sidecar) {
        await this.syncContainer(slot, 'Always');
        const started =
          this.status(slot)?.state === 'running' &&
          (!slot.probes.Startup || slot.probes.Startup.resultFor(slot.id) === 'Success');
        if (!started && !initialized) return false;
        continue;
      }
      if (initialized) continue;
      const status = this.status(slot);
      if (status?.state === 'exited' && status.exitCode === 0) continue;
      if (status?.state === 'exited' && policy === 'Never') {
        // An init container failed for good: so has the pod.
        await this.finishRun();
        return false;
      }
      await this.syncContainer(slot, 'OnFailure');
      return false;
    }
    return true;
  }

  private shouldRestart(slot: Slot, policy: string, status: ContainerStatus): boolean {
    if (slot.sidecar || policy === 'Always') return true;
    return policy === 'OnFailure' && status.exitCode !== 0;
  }

  /** Starts, restarts (after its back-off) or kills one container as its state asks. */
  private async syncContainer(slot: Slot, policy: string): Promise<void> {
    let status = this.status(slot);
    if (status?.state === 'created') return;
    if (status?.state === 'running') {
      const failed = this.failedProbe(slot);
      if (!failed) return;
      const restart = policy !== 'Never';
      const message = `Container ${slot.spec.name} failed ${failed} probe`;
      // A probe's own terminationGracePeriodSeconds overrides the pod's for its kills.
      const probe = failed === 'liveness' ? slot.spec.livenessProbe : slot.spec.startupProbe;
      await this.killContainer(
        slot,
        restart ? `${message}, will be restarted` : message,
        probe?.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30,
      );
      if (!restart || this.isTerminating()) return;
      status = this.status(slot);
    }
    if (!status) {
      await this.startContainer(slot);
      return;
    }
    if (!this.shouldRestart(slot, policy, status)) return;
    if (this.inCrashBackoff(slot, status)) return;
    await this.startContainer(slot);
  }

  private failedProbe(slot: Slot): string | null {
    if (slot.probes.Liveness?.resultFor(slot.id) === 'Failure') return 'liveness';
    if (slot.probes.Startup?.resultFor(slot.id) === 'Failure') return 'startup';
    return null;
  }

  /** doBackOff: wait out the back-off since the last exit, else count this restart against it. */
  private inCrashBackoff(slot: Slot, status: ContainerStatus): boolean {
    const key = slot.fieldPath;
    const finishedAt = status.finishedAt ?? this.deps.clock.now();
    const now = this.deps.clock.now();
    if (!this.crashBackoff.isInBackOffSince(key, finishedAt, now)) {
      this.crashBackoff.next(key, finishedAt);
      return false;
    }
    const delay = this.crashBackoff.get(key);
    const name = slot.spec.name;
    this.keepLastTermination(slot.record);
    slot.record.state = {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${delayText(delay)} restarting failed container=${name} pod=${this.podLabel()}`,
    };
    this.event(
      slot,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${name} in pod ${this.podLabel()}`,
    );
    this.later(finishedAt + delay - now, () => void this.sync());
    return true;
  }

  /** A terminated state becomes the last termination when the container waits to run again. */
  private keepLastTermination(record: ContainerRecord): void {
    const state = record.state;
    if (state.kind === 'terminated') {
      const { exitCode, reason, startedAt, finishedAt, containerID } = state;
      record.lastTerminated = { exitCode, reason, startedAt, finishedAt, containerID };
    }
  }

  private setWaiting(slot: Slot, reason: string, message?: string, retryAt?: number): void {
    if (slot.id) this.keepLastTermination(slot.record);
    slot.record.state = message
      ? { kind: 'waiting', reason, message }
      : { kind: 'waiting', reason };
    if (retryAt !== undefined) this.later(retryAt - this.deps.clock.now(), () => void this.sync());
  }

  /** kuberuntime startContainer: image, config (env), create, start, postStart. */
  private async startContainer(slot: Slot): Promise<void> {
    const sandboxId = this.sandboxId;
    if (!sandboxId) return;
    const spec = slot.spec;
    const pulled = await this.puller.ensureImageExists(this.pod, spec, slot.fieldPath);
    if (this.isTerminating()) return;
    if ('reason' in pulled) {
      this.setWaiting(slot, pulled.reason, pulled.message, pulled.retryAt);
      this.report();
      return;
    }
    const env = await this.environment(slot);
    if (env === null || this.isTerminating()) return;
    this.deps.traceRuntime(this.pod, 'CreateContainer', spec.name);
    const id = await this.runtimeCall(slot, 'CreateContainerError', () =>
      this.deps.runtime.createContainer(sandboxId, this.containerConfig(slot, env), pulled),
    );
    if (id === null) return;
    if (this.isTerminating()) {
      // terminate() ran while the runtime created it, so it never saw this container.
      await this.deps.runtime.removeContainer(id);
      return;
    }
    this.replaceInstance(slot, id);
    this.event(slot, 'Normal', 'Created', `Created container: ${spec.name}`);
    this.deps.traceRuntime(this.pod, 'StartContainer', spec.name);
    const started = await this.runtimeCall(slot, 'RunContainerError', () =>
      this.deps.runtime.startContainer(id),
    );
    if (started === null) {
      // It never ran: the next attempt creates a new one.
      await this.deps.runtime.removeContainer(id);
      return;
    }
    if (this.isTerminating()) {
      // terminate() found it not yet running and left it alone: stop it now, without a grace period.
      await this.deps.runtime.stopContainer(id, 0);
      await this.deps.runtime.removeContainer(id);
      return;
    }
    this.event(slot, 'Normal', 'Started', `Started container ${spec.name}`);
    slot.record.image = pulled.image;
    slot.record.imageID = pulled.imageRef;
    slot.record.containerID = `${this.deps.runtime.runtimeType}://${id}`;
    // SyncPod waits for the postStart hook: until it is done the status does not show the start.
    await this.postStart(slot, id);
    if (this.isTerminating()) return;
    this.markStarted(slot, id);
    this.report();
    const readiness = slot.probes.Readiness;
    if (readiness)
      this.later(RELIST_MS, () => {
        readiness.trigger();
      });
  }

  /**
   * A CreateContainer or StartContainer call; when the runtime refuses it, the `Failed` event with
   * its message, the container waiting with `reason`, a retry after the back-off, and null.
   */
  private async runtimeCall<T>(
    slot: Slot,
    reason: 'CreateContainerError' | 'RunContainerError',
    call: () => Promise<T>,
  ): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RuntimeCallError)) throw error;
      this.event(slot, 'Warning', 'Failed', `Error: ${error.message}`);
      this.setWaiting(slot, reason, error.message, this.deps.clock.now() + RETRY_MS);
      this.report();
      return null;
    }
  }

  /** What the runtime creates the slot's container with. */
  private containerConfig(slot: Slot, env: Record<string, string>): ContainerConfig {
    const spec = slot.spec;
    const memoryLimitBytes = memoryLimit(spec);
    const cpuLimitMillicores = cpuLimit(spec);
    return {
      name: spec.name,
      image: spec.image ?? '',
      command: spec.command,
      args: spec.args,
      env,
      ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
      ...(cpuLimitMillicores !== undefined ? { cpuLimitMillicores } : {}),
      files: {
        '/etc/hosts': managedHostsFile(this.pod, this.record.podIP ?? ''),
        '/etc/resolv.conf': resolvConf(this.pod.metadata?.namespace ?? 'default'),
      },
    };
  }

  /** The container's variables, or null (CreateContainerConfigError) when a reference is missing. */
  private async environment(slot: Slot): Promise<Record<string, string> | null> {
    try {
      return await makeEnvironmentVariables(
        this.pod,
        slot.spec,
        {
          hostIP: this.deps.hostIP,
          podIP: this.record.podIP,
          allocatableMilliCpu: this.deps.allocatable?.milliCpu ?? 4000,
          allocatableMemory: this.deps.allocatable?.memory ?? 8 * 1024 ** 3,
        },
        this.deps.envSources,
      );
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      this.event(slot, 'Warning', 'Failed', `Error: ${error.message}`);
      this.setWaiting(
        slot,
        'CreateContainerConfigError',
        error.message,
        this.deps.clock.now() + RETRY_MS,
      );
      this.report();
      return null;
    }
  }

  private markStarted(slot: Slot, id: string): void {
    const record = slot.record;
    const status = this.deps.runtime.containerStatus(id);
    if (!status) return;
    if (status.state === 'running')
      record.state = { kind: 'running', startedAt: status.startedAt ?? this.deps.clock.now() };
    else if (status.state === 'exited') this.recordExit(record, status);
  }

  /** A failed postStart hook kills the container, which is then restarted as its policy says. */
  private async postStart(slot: Slot, id: string): Promise<void> {
    const hook = slot.spec.lifecycle?.postStart;
    if (!hook) return;
    const failure = await runHandler(
      hook,
      slot.spec,
      id,
      this.record.podIP ?? '',
      this.podLabel(),
      this.deps,
    );
    if (failure === null || this.isTerminating()) return;
    this.event(slot, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
    await this.killContainer(
      slot,
      'FailedPostStartHook',
      this.pod.spec?.terminationGracePeriodSeconds ?? 30,
    );
  }

  /** The new instance becomes current, the one it replaces is kept and the one before goes. */
  private replaceInstance(slot: Slot, id: string): void {
    if (slot.previousId) void this.deps.runtime.removeContainer(slot.previousId);
    if (slot.id) {
      slot.previousId = slot.id;
      this.keepLastTermination(slot.record);
      slot.record.restartCount++;
    }
    slot.id = id;
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
    const slot = this.slots.find((candidate) => candidate.id === containerId);
    const status = this.deps.runtime.containerStatus(containerId);
    if (!slot || !status) return;
    this.recordExit(slot.record, status);
    this.report();
    if (!this.terminating) void this.sync();
  }

  /**
   * killContainer: the Killing event, the preStop hook within the grace period, then the stop
   * signal and SIGKILL after what is left of it (at least 2 s).
   */
  private async killContainer(slot: Slot, message: string, graceSeconds: number): Promise<void> {
    const id = slot.id;
    if (!id || this.status(slot)?.state !== 'running') return;
    this.event(slot, 'Normal', 'Killing', message);
    let grace = graceSeconds;
    const preStop = slot.spec.lifecycle?.preStop;
    if (preStop && grace > 0) {
      const began = this.deps.clock.now();
      const failure = await Promise.race([
        runHandler(preStop, slot.spec, id, this.record.podIP ?? '', this.podLabel(), this.deps),
        this.deps.clock.sleep(grace * 1000).then(() => null),
      ]);
      if (failure !== null) this.event(slot, 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
      grace -= Math.floor((this.deps.clock.now() - began) / 1000);
    }
    grace = Math.max(grace, MINIMUM_GRACE_SECONDS);
    this.deps.traceRuntime(this.pod, 'StopContainer', slot.spec.name);
    await this.deps.runtime.stopContainer(id, grace);
    const stopped = this.deps.runtime.containerStatus(id);
    if (stopped) this.recordExit(slot.record, stopped);
  }

  /** Every regular container is done for good: sidecars go, in reverse order, and the pod is terminal. */
  private async finishRun(): Promise<void> {
    this.stopProbes();
    for (const slot of this.initSlots().reverse()) {
      if (slot.sidecar) await this.killContainer(slot, `Stopping container ${slot.spec.name}`, 30);
    }
    this.record.terminal = true;
    this.report();
  }

  /** Graceful deletion: stop the app containers, then sidecars in reverse order; report; let the pod go. */
  async terminate(): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    this.stopProbes();
    for (const timer of this.timers) this.deps.clock.clearTimeout(timer);
    this.timers.clear();
    const grace =
      this.pod.metadata?.deletionGracePeriodSeconds ??
      this.pod.spec?.terminationGracePeriodSeconds ??
      30;
    const stop = (slot: Slot): Promise<void> =>
      this.killContainer(slot, `Stopping container ${slot.spec.name}`, grace);
    await Promise.all(this.slots.filter((slot) => !slot.init).map(stop));
    for (const slot of this.initSlots().reverse()) if (slot.sidecar) await stop(slot);
    for (const slot of this.slots) {
      // Never started: it ends without running (ContainerStatusUnknown is for lost ones).
      const record = slot.record;
      if (!slot.init && record.state.kind === 'waiting' && !record.lastTerminated) {
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
    this.report();
    this.deps.finished(this);
  }
}
