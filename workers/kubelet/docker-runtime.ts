// The container runtime of a Docker node: the CRI calls (k8s.io/cri-api RuntimeService and
// ImageService, as cri-dockerd serves them) sent to the local agent (agent/protocol.ts), which makes
// them real containers. Answers and the engine's container events arrive as frames in later rounds
// and become the statuses the kubelet reads synchronously, stamped with the virtual clock when they
// arrive. Each container's output is followed from its start into a CRI log (container-log.ts), so
// `kubectl logs` reads what the real process wrote; httpGet and tcpSocket probes are made by the
// agent from its host's network to the real pod IP, and `kubectl top` reads the engine's one-shot
// container stats. Left out: the pod network (a real container's ports are not on the simulated
// network, so Services do not reach it), and the node's own usage beyond its pods'.

import type {
  AgentCall,
  AgentError,
  AgentMessage,
  AgentMethod,
  AgentResults,
  ContainerEvent,
  ContainerStatus as AgentContainerStatus,
  ContainerUsage as AgentContainerUsage,
  ImagePullPolicy,
  OutputStream,
  ProbeScheme,
  SandboxStatus,
} from '../../agent/protocol.ts';
import type { AgentCallFrame } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import {
  ExecTimeoutError,
  ImagePullError,
  RuntimeCallError,
  type ContainerConfig,
  type ContainerStatus,
  type DialAnswer,
  type ExecResult,
  type KubeletRuntime,
  type PodSandboxConfig,
  type PulledImage,
  type RuntimeRestore,
  type SurvivingContainer,
} from './cri.ts';
import { ContainerLog } from './container-log.ts';
import type { ExecEnd, ExecOutput } from './exec.ts';
import { imageName } from './images.ts';
import type { ExecSession } from './server.ts';
import type { ContainerSample, UsageSample } from './usage.ts';

/** A call in flight: how its answer, and the chunks before it, reach whoever made it. */
interface PendingCall {
  resolve(result: unknown): void;
  reject(error: AgentError): void;
  output?(stream: OutputStream, data: string): void;
}

interface DockerContainer {
  sandboxId: string;
  name: string;
  /** What the kubelet created it with: its image and limits, for its usage's identity. */
  config: ContainerConfig;
  status: ContainerStatus;
  log: ContainerLog;
  /** The containerLogs call following its output. */
  logCall?: number;
}

const PULL_POLICIES = new Set<string>(['Always', 'IfNotPresent', 'Never']);

/** The agent refused a call; its code says why (agent/protocol.ts AgentErrorCode). */
export class AgentCallError extends Error {
  constructor(readonly error: AgentError) {
    super(error.message);
    this.name = 'AgentCallError';
  }
}

function failure(error: unknown): AgentError {
  return error instanceof AgentCallError
    ? error.error
    : { code: 'Internal', message: error instanceof Error ? error.message : String(error) };
}

/** A container's CPU: the engine's last reading (real), and the counter the kubelet reports. */
interface CpuCounter {
  realNs: number;
  /** When the engine read it, ms since the epoch (real). */
  readAt: number;
  /** When its answer arrived, on the virtual clock. */
  at: number;
  virtualNs: number;
}

/** What the engine still held of this agent run when the kubelet (re)started. */
interface Survivors {
  sandboxes: SandboxStatus[];
  containers: Map<string, AgentContainerStatus>;
}

export class DockerRuntime implements KubeletRuntime, RuntimeRestore {
  readonly runtimeType = 'docker';
  podCIDR: string | null = null;
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly images = new Map<string, PulledImage>();
  private readonly sandboxes = new Map<string, { config: PodSandboxConfig; ip: string }>();
  private readonly containers = new Map<string, DockerContainer>();
  /** Restarts so far per sandbox and container name: the agent labels each attempt. */
  private readonly attempts = new Map<string, number>();
  private readonly exitListeners: ((containerId: string) => void)[] = [];
  private readonly startTime: number;
  private survivors: Survivors = { sandboxes: [], containers: new Map() };
  /** Each running container's CPU counter, between the engine's readings. */
  private readonly cpu = new Map<string, CpuCounter>();
  private nodeCpuNs = 0;
  private lastUsage: UsageSample;
  /** A containerStats call is in flight: a scrape meanwhile gets the last sample. */
  private sampling = false;

  constructor(
    private readonly clock: Clock,
    /** Sends a frame to the agent; its answers come back through `receive`. */
    private readonly send: (frame: AgentCallFrame) => void,
  ) {
    this.startTime = clock.now();
    this.lastUsage = {
      time: this.startTime,
      node: { startTime: this.startTime, cpuCoreNanoSeconds: 0, workingSetBytes: 0 },
      containers: [],
    };
  }

  onContainerExit(listener: (containerId: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** A frame from the agent: an answer, a chunk of output, or a container event. */
  receive(message: AgentMessage): void {
    switch (message.type) {
      case 'result':
        this.settle(message.id)?.resolve(message.result);
        return;
      case 'error':
        this.settle(message.id)?.reject(message.error);
        return;
      case 'output':
        this.calls.get(message.id)?.output?.(message.stream, message.data);
        return;
      case 'container-event':
        this.containerEvent(message.event);
        return;
      default:
        return;
    }
  }

  private settle(id: number): PendingCall | undefined {
    const pending = this.calls.get(id);
    this.calls.delete(id);
    return pending;
  }

  private start(call: AgentCall, pending: PendingCall): number {
    const id = this.nextId++;
    this.calls.set(id, pending);
    this.send({ type: 'call', id, call });
    return id;
  }

  private call<M extends AgentMethod>(
    call: Extract<AgentCall, { method: M }>,
    output?: PendingCall['output'],
  ): Promise<AgentResults[M]> {
    return new Promise((resolve, reject) => {
      this.start(call, {
        resolve: (result) => {
          resolve(result as AgentResults[M]);
        },
        reject: (error) => {
          reject(new AgentCallError(error));
        },
        ...(output ? { output } : {}),
      });
    });
  }

  /** A call whose refusal the kubelet reports as the runtime's message. */
  private async criCall<M extends AgentMethod>(
    call: Extract<AgentCall, { method: M }>,
  ): Promise<AgentResults[M]> {
    try {
      return await this.call(call);
    } catch (error) {
      throw new RuntimeCallError(failure(error).message);
    }
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<{ sandboxId: string; ip: string }> {
    const sandbox = await this.criCall({ method: 'runPodSandbox', config });
    this.sandboxes.set(sandbox.sandboxId, { config, ip: sandbox.ip });
    return sandbox;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    await this.criCall({ method: 'stopPodSandbox', sandboxId });
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    await this.criCall({ method: 'removePodSandbox', sandboxId });
    this.sandboxes.delete(sandboxId);
    for (const [id, container] of this.containers)
      if (container.sandboxId === sandboxId) this.forget(id, container);
  }

  /** The engine's own store is asked, so an image pulled or built outside the playground counts. */
  async imageStatus(image: string): Promise<PulledImage | undefined> {
    let status: PulledImage | null;
    try {
      status = await this.call({ method: 'imageStatus', image });
    } catch (error) {
      throw new Error(failure(error).message, { cause: error });
    }
    if (status) this.images.set(imageName(image), status);
    else this.images.delete(imageName(image));
    return status ?? undefined;
  }

  listImages(): PulledImage[] {
    return [...this.images.values()];
  }

  /** The engine pulls under the container's policy, so an image it already holds is not fetched again. */
  async pullImage(image: string, policy = 'IfNotPresent'): Promise<PulledImage> {
    const pullPolicy = (PULL_POLICIES.has(policy) ? policy : 'IfNotPresent') as ImagePullPolicy;
    try {
      const pulled = await this.call({ method: 'pullImage', image, policy: pullPolicy });
      this.images.set(imageName(image), pulled);
      return pulled;
    } catch (error) {
      throw new ImagePullError(failure(error).message);
    }
  }

  async createContainer(
    sandboxId: string,
    config: ContainerConfig,
    _image: PulledImage,
  ): Promise<string> {
    const key = `${sandboxId}/${config.name}`;
    const attempt = this.attempts.get(key) ?? 0;
    const { containerId } = await this.criCall({
      method: 'createContainer',
      sandboxId,
      config: {
        name: config.name,
        image: config.image,
        ...(config.command ? { command: config.command } : {}),
        ...(config.args ? { args: config.args } : {}),
        ...(config.env ? { env: config.env } : {}),
        ...(config.cpuLimitMillicores !== undefined
          ? { cpuLimitMillicores: config.cpuLimitMillicores }
          : {}),
        ...(config.memoryLimitBytes !== undefined
          ? { memoryLimitBytes: config.memoryLimitBytes }
          : {}),
        attempt,
      },
    });
    this.attempts.set(key, attempt + 1);
    this.containers.set(containerId, {
      sandboxId,
      name: config.name,
      config,
      status: { id: containerId, state: 'created' },
      log: new ContainerLog(parseInt(containerId.slice(0, 8), 16) || 1),
    });
    return containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.criCall({ method: 'startContainer', containerId });
    const container = this.containers.get(containerId);
    if (!container) return;
    if (container.status.state === 'created')
      container.status = { id: containerId, state: 'running', startedAt: this.clock.now() };
    this.followLog(containerId, container);
  }

  /** The process's output from its start on, into the container's CRI log until it exits. */
  private followLog(containerId: string, container: DockerContainer): void {
    const close = (): void => {
      container.logCall = undefined;
      container.log.close(this.clock.now());
    };
    container.logCall = this.start(
      { method: 'containerLogs', containerId, follow: true },
      {
        resolve: close,
        reject: close,
        output: (stream, data) => {
          container.log.write(stream, data, this.clock.now());
        },
      },
    );
  }

  /** StopContainer answers once the engine has stopped it; its status then says how it ended. */
  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const container = this.containers.get(containerId);
    if (container?.status.state !== 'running') return;
    await this.criCall({ method: 'stopContainer', containerId, timeoutSeconds });
    if (this.containerStatus(containerId)?.state !== 'running') return;
    // The engine's event has not arrived yet: ask for the final state.
    const status = await this.criCall({ method: 'containerStatus', containerId });
    if (status.state === 'exited') this.exited(container, status);
  }

  async removeContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (container) this.forget(containerId, container);
    await this.call({ method: 'removeContainer', containerId }).catch(() => undefined);
  }

  private forget(containerId: string, container: DockerContainer): void {
    if (container.logCall !== undefined) {
      this.send({ type: 'cancel', id: container.logCall });
      this.calls.delete(container.logCall);
    }
    this.containers.delete(containerId);
  }

  containerStatus(containerId: string): ContainerStatus | undefined {
    return this.containers.get(containerId)?.status;
  }

  /** The container's log, for as long as the container exists. */
  containerLog(containerId: string): ContainerLog | undefined {
    return this.containers.get(containerId)?.log;
  }

  /** ExecSync for probes and hooks: the agent enforces the timeout (DeadlineExceeded). */
  async execSync(
    containerId: string,
    command: string[],
    timeoutSeconds: number,
  ): Promise<ExecResult> {
    if (this.containers.get(containerId)?.status.state !== 'running')
      throw new Error(`container ${containerId} is not running`);
    let output = '';
    try {
      const { exitCode } = await this.call(
        { method: 'exec', containerId, command, timeoutSeconds },
        (_stream, data) => {
          output += data;
        },
      );
      return { exitCode, output };
    } catch (error) {
      if (failure(error).code === 'DeadlineExceeded') throw new ExecTimeoutError(command);
      throw new Error(failure(error).message, { cause: error });
    }
  }

  /** CRI Exec for `kubectl exec`: the real process, its output streamed back as it comes. */
  exec(
    containerId: string,
    command: { argv: string[]; tty: boolean },
    output: ExecOutput,
    onEnd: (end: ExecEnd) => void,
  ): ExecSession | undefined {
    if (this.containers.get(containerId)?.status.state !== 'running') return undefined;
    let id: number | null = null;
    const pendingInput: AgentCallFrame[] = [];
    const sendInput = (frame: (id: number) => AgentCallFrame): void => {
      if (id === null) pendingInput.push(frame(0));
      else this.send(frame(id));
    };
    return {
      start: () => {
        const started = this.start(
          { method: 'exec', containerId, command: command.argv, stdin: true, tty: command.tty },
          {
            resolve: (result) => {
              onEnd({ exitCode: (result as AgentResults['exec']).exitCode });
            },
            reject: (error) => {
              onEnd({ error: error.message });
            },
            output: (stream, data) => {
              output[stream](data);
            },
          },
        );
        id = started;
        for (const frame of pendingInput.splice(0)) this.send({ ...frame, id: started });
      },
      input: (data) => {
        sendInput((to) => ({ type: 'stdin', id: to, data }));
      },
      endInput: () => {
        sendInput((to) => ({ type: 'stdin-end', id: to }));
      },
      kill: () => {
        if (id === null) return;
        this.calls.delete(id);
        this.send({ type: 'cancel', id });
      },
    };
  }

  /** The engine's event stream: a container started, died (with its exit code), or went away. */
  private containerEvent(event: ContainerEvent): void {
    const container = this.containers.get(event.containerId);
    if (!container) return;
    if (event.type === 'started' && container.status.state === 'created')
      container.status = { id: event.containerId, state: 'running', startedAt: this.clock.now() };
    else if (event.type === 'exited')
      this.exited(container, {
        exitCode: event.exitCode ?? 0,
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.oomKilled ? { reason: 'OOMKilled' } : {}),
      });
  }

  private exited(
    container: DockerContainer,
    how: Pick<ContainerStatus, 'exitCode' | 'reason'>,
  ): void {
    if (container.status.state === 'exited') return;
    const exitCode = how.exitCode ?? 0;
    container.status = {
      ...container.status,
      state: 'exited',
      finishedAt: this.clock.now(),
      exitCode,
      reason: how.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    };
    for (const listener of this.exitListeners) listener(container.status.id);
  }

  /**
   * Lists what the engine still runs with this agent run's labels, before a restarted kubelet
   * takes its pods over (the kubelet's first relist after a restart): the adopted pods keep
   * their containers instead of getting new ones.
   */
  async relist(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([
      this.call({ method: 'listPodSandboxes' }),
      this.call({ method: 'listContainers' }),
    ]);
    this.survivors = {
      sandboxes,
      containers: new Map(containers.map((container) => [container.id, container])),
    };
  }

  /**
   * The pod's sandbox if the engine still runs it, with the IP the engine gave it (the reported
   * one only when the engine names none); undefined makes the pod start over.
   */
  restoreSandbox(
    config: PodSandboxConfig,
    ip: string,
  ): { sandboxId: string; ip: string } | undefined {
    const sandbox = this.survivors.sandboxes.find(
      (candidate) => candidate.pod.uid === config.uid && candidate.state === 'ready',
    );
    if (!sandbox) return undefined;
    const restored = { sandboxId: sandbox.id, ip: sandbox.ip || ip };
    this.sandboxes.set(sandbox.id, { config, ip: restored.ip });
    return restored;
  }

  /**
   * A container the pod's status names, as the engine has it now: a container that exited while
   * no kubelet watched is reported as exited (PLEG's ContainerDied), one that is gone is left to
   * the kubelet, which starts a new one.
   */
  restoreContainer(sandboxId: string, config: ContainerConfig, instance: SurvivingContainer): void {
    const found = this.survivors.containers.get(instance.id);
    if (!found) return;
    const key = `${sandboxId}/${config.name}`;
    this.attempts.set(key, Math.max(this.attempts.get(key) ?? 0, found.attempt + 1));
    const container: DockerContainer = {
      sandboxId,
      name: config.name,
      config,
      status: { id: instance.id, state: 'running', startedAt: instance.startedAt },
      log: new ContainerLog(parseInt(instance.id.slice(0, 8), 16) || 1),
    };
    this.containers.set(instance.id, container);
    this.followLog(instance.id, container);
    if (found.state !== 'exited') return;
    if (instance.state === 'exited') {
      container.status = { ...instance };
      return;
    }
    const exitCode = found.exitCode ?? 0;
    // After adopt() has recorded the instance, so that the pod worker finds it.
    void Promise.resolve().then(() => {
      this.exited(container, { exitCode, ...(found.reason ? { reason: found.reason } : {}) });
    });
  }

  restoreImages(images: readonly PulledImage[]): void {
    for (const image of images) this.images.set(imageName(image.image), image);
  }

  httpProbe(
    scheme: ProbeScheme,
    host: string,
    port: number,
    path: string,
    timeoutSeconds: number,
  ): Promise<DialAnswer> {
    return this.call({ method: 'httpProbe', scheme, host, port, path, timeoutSeconds });
  }

  tcpProbe(host: string, port: number, timeoutSeconds: number): Promise<DialAnswer> {
    return this.call({ method: 'tcpProbe', host, port, timeoutSeconds });
  }

  /** A real container is not on the simulated network: its probes go through the agent. */
  listener(): undefined {
    return undefined;
  }

  /**
   * What the node's containers use, as the kubelet's summary reads cAdvisor: the last sample the
   * engine gave (one scrape behind), and the next one asked for. The engine counts CPU in real
   * time; each container's counter here goes on at the rate measured between the engine's
   * readings but over virtual time, so rates stay true at any speed of the clock.
   */
  usage(): UsageSample {
    if (!this.sampling) {
      this.sampling = true;
      void this.sampleUsage().finally(() => {
        this.sampling = false;
      });
    }
    return this.lastUsage;
  }

  private async sampleUsage(): Promise<void> {
    let stats: AgentContainerUsage[];
    try {
      stats = await this.call({ method: 'containerStats' });
    } catch {
      return;
    }
    const now = this.clock.now();
    const containers: ContainerSample[] = [];
    let nodeWorkingSet = 0;
    for (const stat of stats) {
      const container = this.containers.get(stat.id);
      const sandbox = container && this.sandboxes.get(container.sandboxId);
      if (container?.status.state !== 'running' || !sandbox) continue;
      const counter = this.advanceCpu(stat, now);
      this.nodeCpuNs += counter.delta;
      nodeWorkingSet += stat.workingSetBytes;
      const { config } = container;
      containers.push({
        namespace: sandbox.config.namespace,
        pod: sandbox.config.name,
        podUID: sandbox.config.uid,
        container: container.name,
        image: config.image,
        ...(config.cpuLimitMillicores === undefined
          ? {}
          : { cpuLimitMillicores: config.cpuLimitMillicores }),
        ...(config.memoryLimitBytes === undefined
          ? {}
          : { memoryLimitBytes: config.memoryLimitBytes }),
        startTime: container.status.startedAt ?? now,
        cpuCoreNanoSeconds: counter.virtualNs,
        workingSetBytes: stat.workingSetBytes,
      });
    }
    for (const id of this.cpu.keys()) if (!this.containers.has(id)) this.cpu.delete(id);
    this.lastUsage = {
      time: now,
      node: {
        startTime: this.startTime,
        cpuCoreNanoSeconds: this.nodeCpuNs,
        workingSetBytes: nodeWorkingSet,
      },
      containers,
    };
  }

  /** The container's CPU counter on the virtual clock, moved on by the rate the engine measured. */
  private advanceCpu(stat: AgentContainerUsage, now: number): CpuCounter & { delta: number } {
    const previous = this.cpu.get(stat.id);
    const realMs = previous ? stat.time - previous.readAt : 0;
    const delta =
      previous && realMs > 0
        ? Math.max(0, ((stat.cpuCoreNanoSeconds - previous.realNs) / realMs) * (now - previous.at))
        : previous
          ? 0
          : stat.cpuCoreNanoSeconds;
    const counter: CpuCounter = {
      realNs: stat.cpuCoreNanoSeconds,
      readAt: stat.time,
      at: now,
      virtualNs: Math.round((previous?.virtualNs ?? 0) + delta),
    };
    this.cpu.set(stat.id, counter);
    return { ...counter, delta };
  }
}
