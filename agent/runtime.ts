// The CRI calls on a Docker engine, as the kubelet's dockershim made them (pkg/kubelet/dockershim:
// docker_sandbox.go, docker_container.go, helpers_linux.go; naming and labels from naming.go and
// labels.go): a sandbox container holds the pod's network namespace and each Kubernetes container
// joins it; limits map as the kubelet's cm/helpers_linux.go computes them; there is no Docker
// restart policy, because the kubelet restarts. Every call checks that the container carries this
// agent run's labels. httpGet and tcpSocket probes are made from here, the host's network, to a
// pod IP of this run only (probe.ts). Leaves out volumes, ports and security contexts.

import { StringDecoder } from 'node:string_decoder';
import type {
  ContainerInspect,
  CreateOptions,
  Engine,
  EngineEvent,
  EngineStats,
  ExecSession,
} from './engine.ts';
import { isEngineHttpError } from './engine.ts';
import { httpProbe, tcpProbe } from './probe.ts';
import {
  AGENT_LABELS,
  MANAGED_BY,
  type AgentCall,
  type AgentError,
  type AgentErrorCode,
  type AgentResults,
  type ContainerConfig,
  type ContainerEvent,
  type ContainerStatus,
  type ContainerUsage,
  type ImagePullPolicy,
  type NodeInfo,
  type OutputStream,
  type PodRef,
  type PulledImage,
  type PullProgress,
  type SandboxConfig,
  type SandboxStatus,
} from './protocol.ts';

export interface RuntimeOptions {
  /** This agent run's id: every container carries it. */
  runId: string;
  /** The pause-like image of pod sandboxes. */
  sandboxImage: string;
  /** Its command, for an image without a suitable default (busybox: `sleep 2147483647`). */
  sandboxCommand?: string[];
  /** The sandbox's network: `bridge` (the engine's default network), `none`, or a network's name. */
  podNetwork: string;
}

/** How a call streams: its progress and output, its stdin, and its cancellation. */
export interface CallIO {
  signal: AbortSignal;
  progress(progress: PullProgress): void;
  output(stream: OutputStream, data: string): void;
  /** Where the tab's `stdin` messages for this call go. */
  onStdin(input: { write(data: string): void; end(): void }): void;
}

/** A failed call, carrying what the tab is told. */
export class AgentFailure extends Error {
  constructor(readonly error: AgentError) {
    super(error.message);
    this.name = 'AgentFailure';
  }
}

function fail(code: AgentErrorCode, message: string, status?: number): never {
  throw new AgentFailure({ code, message, ...(status === undefined ? {} : { status }) });
}

const UNREACHABLE = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EACCES',
  'EPIPE',
  'ETIMEDOUT',
]);

/** The engine's own text: podman and dockerd both put it in the JSON body's `message`. */
export function engineMessage(error: unknown): string {
  if (isEngineHttpError(error)) {
    const message = error.json?.message;
    if (message) return message.trim();
  }
  return error instanceof Error ? error.message.trim() : String(error);
}

export function isUnreachable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

/**
 * Any failure as the tab sees it: the agent's own, the engine gone (no socket, refused, hung up),
 * a missing container (404), or the engine's error under the call's code (`code`).
 */
export function toAgentError(error: unknown, code: AgentErrorCode, host: string): AgentError {
  if (error instanceof AgentFailure) return error.error;
  if (isUnreachable(error))
    return {
      code: 'EngineUnavailable',
      message: `cannot reach the Docker Engine API at ${host}: ${engineMessage(error)}`,
    };
  if (isEngineHttpError(error)) {
    const status = error.statusCode;
    return { code: status === 404 ? 'NotFound' : code, message: engineMessage(error), status };
  }
  return { code, message: engineMessage(error) };
}

/** kubelet's MilliCPUToShares (cm/helpers_linux.go): at least MinShares (2). */
export function milliCpuToShares(milliCpu: number): number {
  return Math.max(2, Math.floor((milliCpu * 1024) / 1000));
}

export const CPU_PERIOD_US = 100_000;

/** kubelet's MilliCPUToQuota over a 100 ms period: at least MinQuotaPeriod (1 ms). */
export function milliCpuToQuota(milliCpu: number): number {
  return Math.max(1000, Math.floor((milliCpu * CPU_PERIOD_US) / 1000));
}

/** A reference without a tag or digest means `:latest`, as the CRI's image names do. */
export function withDefaultTag(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.includes(':') || last.includes('@') ? image : `${image}:latest`;
}

/** dockershim's container names: `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`. */
export function dockerName(pod: PodRef, container: string, attempt: number): string {
  return ['k8s', container, pod.name, pod.namespace, pod.uid, String(attempt)].join('_');
}

/** Docker reports `x86_64`; Kubernetes says `amd64` (GOARCH). */
function goArch(architecture: string): string {
  const arch: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm' };
  return arch[architecture] ?? architecture;
}

/** ms since the epoch; Docker's zero time (`0001-01-01T00:00:00Z`) is none. */
function timeOf(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

function exitReason(oomKilled: boolean, exitCode: number): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}

function podOf(labels: Record<string, string>): PodRef {
  return {
    namespace: labels[AGENT_LABELS.podNamespace] ?? '',
    name: labels[AGENT_LABELS.podName] ?? '',
    uid: labels[AGENT_LABELS.podUid] ?? '',
  };
}

function ipOf(inspect: ContainerInspect): string {
  const settings = inspect.NetworkSettings;
  if (settings.IPAddress) return settings.IPAddress;
  return (
    Object.values(settings.Networks ?? {}).find((network) => network.IPAddress)?.IPAddress ?? ''
  );
}

/** cAdvisor's working set: usage less the inactive file cache, which the kernel can reclaim. */
function usageOf(id: string, stats: EngineStats): ContainerUsage {
  const memory = stats.memory_stats;
  const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
  const usage = memory.usage ?? 0;
  return {
    id,
    time: Date.parse(stats.read) || Date.now(),
    cpuCoreNanoSeconds: stats.cpu_stats.cpu_usage.total_usage,
    workingSetBytes: Math.max(0, usage - inactive),
  };
}

/** A container this run created, as its labels say. */
interface Managed {
  id: string;
  sandbox: boolean;
  pod: PodRef;
  tty: boolean;
  /** A sandbox's pod IP, once known: probes may reach it. */
  ip?: string;
  /** Its exit was reported (once per container: the kubelet never starts one twice). */
  exitReported: boolean;
}

/** What the engine's event means for the kubelet, before inspect adds an exit's details. */
export function translateAction(action: string): ContainerEvent['type'] | null {
  switch (action) {
    case 'create':
      return 'created';
    case 'start':
      return 'started';
    case 'oom':
      return 'oom';
    case 'die':
      return 'exited';
    // dockerd says destroy, podman remove.
    case 'destroy':
    case 'remove':
      return 'removed';
    default:
      return null;
  }
}

export class AgentRuntime {
  private readonly managed = new Map<string, Managed>();
  /** Where container events go (the paired tab). */
  private emit: (event: ContainerEvent) => void = () => undefined;

  constructor(
    readonly engine: Engine,
    readonly options: RuntimeOptions,
  ) {}

  /** The labels that make a container this run's. */
  get runLabels(): Record<string, string> {
    return { [AGENT_LABELS.managedBy]: MANAGED_BY, [AGENT_LABELS.run]: this.options.runId };
  }

  /** Runs one call; failures are AgentFailure or the engine's errors (see toAgentError). */
  async call(call: AgentCall, io: CallIO): Promise<AgentResults[AgentCall['method']]> {
    switch (call.method) {
      case 'info':
        return this.info();
      case 'runPodSandbox':
        return this.runPodSandbox(call.config);
      case 'stopPodSandbox':
        await this.stopPodSandbox(call.sandboxId);
        return {};
      case 'removePodSandbox':
        await this.removePodSandbox(call.sandboxId);
        return {};
      case 'listPodSandboxes':
        return this.listPodSandboxes();
      case 'imageStatus':
        return this.imageStatus(call.image);
      case 'pullImage':
        return this.pullImage(call.image, call.policy, io);
      case 'createContainer':
        return { containerId: await this.createContainer(call.sandboxId, call.config) };
      case 'startContainer':
        await this.startContainer(call.containerId);
        return {};
      case 'stopContainer':
        await this.stopContainer(call.containerId, call.timeoutSeconds);
        return {};
      case 'removeContainer':
        await this.removeContainer(call.containerId);
        return {};
      case 'containerStatus':
        return this.containerStatus(call.containerId);
      case 'listContainers':
        return this.listContainers();
      case 'containerLogs':
        await this.containerLogs(call, io);
        return {};
      case 'exec':
        return { exitCode: await this.exec(call, io) };
      case 'containerStats':
        return this.containerStats();
      case 'httpProbe':
        this.probeTarget(call.host);
        return httpProbe(call.host, call.port, call.path, call.timeoutSeconds * 1000, call.scheme);
      case 'tcpProbe':
        this.probeTarget(call.host);
        return tcpProbe(call.host, call.port, call.timeoutSeconds * 1000);
      default:
        return fail(
          'BadRequest',
          `unknown method ${JSON.stringify((call as { method: unknown }).method)}`,
        );
    }
  }

  async info(): Promise<NodeInfo> {
    const [info, version] = await Promise.all([this.engine.info(), this.engine.version()]);
    const podman = version.Components?.find((component) => component.Name === 'Podman Engine');
    return {
      hostname: info.Name,
      cpus: info.NCPU,
      memoryBytes: info.MemTotal,
      os: info.OSType,
      architecture: goArch(info.Architecture),
      osImage: info.OperatingSystem,
      kernelVersion: info.KernelVersion,
      runtimeName: podman ? 'podman' : 'docker',
      runtimeVersion: podman ? podman.Version : info.ServerVersion,
      apiVersion: version.ApiVersion,
    };
  }

  /**
   * The container behind `id` if this run created it; NotFound if there is none, NotManaged if it
   * is someone else's: the agent never touches those.
   */
  private async own(id: string, sandbox: boolean): Promise<Managed> {
    let record = this.managed.get(id);
    if (!record) {
      let inspect: ContainerInspect;
      try {
        inspect = await this.engine.inspectContainer(id);
      } catch (error) {
        if (isEngineHttpError(error) && error.statusCode === 404)
          fail('NotFound', `container ${JSON.stringify(id)} not found`, 404);
        throw error;
      }
      const labels = inspect.Config.Labels ?? {};
      const mine = Object.entries(this.runLabels).every(([key, value]) => labels[key] === value);
      if (!mine)
        fail(
          'NotManaged',
          `container ${JSON.stringify(id)} was not created by this agent (it lacks the labels ` +
            `${AGENT_LABELS.managedBy}=${MANAGED_BY} and ${AGENT_LABELS.run}=${this.options.runId}); ` +
            'the agent does not touch it',
        );
      record = this.remember(inspect.Id, labels, inspect.Config.Tty);
      this.knowIp(inspect.Id, ipOf(inspect));
    }
    if (record.sandbox !== sandbox)
      fail(
        'BadRequest',
        `${id} is a ${record.sandbox ? 'pod sandbox' : 'container'}, not a ${sandbox ? 'pod sandbox' : 'container'}`,
      );
    return record;
  }

  private remember(id: string, labels: Record<string, string>, tty: boolean): Managed {
    const record: Managed = {
      id,
      sandbox: labels[AGENT_LABELS.type] === 'podsandbox',
      pod: podOf(labels),
      tty,
      exitReported: false,
    };
    this.managed.set(id, record);
    return record;
  }

  private podLabels(pod: PodRef, type: 'podsandbox' | 'container'): Record<string, string> {
    return {
      ...this.runLabels,
      [AGENT_LABELS.podNamespace]: pod.namespace,
      [AGENT_LABELS.podName]: pod.name,
      [AGENT_LABELS.podUid]: pod.uid,
      [AGENT_LABELS.type]: type,
    };
  }

  /** The options RunPodSandbox creates the sandbox with. */
  sandboxOptions(config: SandboxConfig): CreateOptions {
    const pod = { namespace: config.namespace, name: config.name, uid: config.uid };
    const hosts = Object.entries(config.hosts ?? {}).flatMap(([ip, names]) =>
      names.map((name) => `${name}:${ip}`),
    );
    return {
      name: dockerName(pod, 'POD', config.attempt ?? 0),
      Image: this.options.sandboxImage,
      Hostname: config.hostname,
      Labels: {
        ...this.podLabels(pod, 'podsandbox'),
        [AGENT_LABELS.attempt]: String(config.attempt ?? 0),
      },
      ...(this.options.sandboxCommand ? { Cmd: this.options.sandboxCommand } : {}),
      HostConfig: {
        NetworkMode: this.options.podNetwork,
        // The sandbox only waits; an init reaps and makes its stop prompt.
        Init: true,
        RestartPolicy: { Name: 'no' },
        ...(hosts.length > 0 ? { ExtraHosts: hosts } : {}),
      },
    };
  }

  async runPodSandbox(config: SandboxConfig): Promise<{ sandboxId: string; ip: string }> {
    const image = this.options.sandboxImage;
    if (!(await this.imageStatus(image))) {
      try {
        await this.pullImage(image, 'IfNotPresent', null);
      } catch (error) {
        const reason = toAgentError(error, 'ErrImagePull', this.engine.host).message;
        fail(
          'CreatePodSandboxError',
          `failed to get sandbox image ${JSON.stringify(image)}: ${reason} (start the agent with --sandbox-image set to a local image)`,
        );
      }
    }
    const options = this.sandboxOptions(config);
    let id: string;
    try {
      id = await this.engine.createContainer(options);
    } catch (error) {
      throw new AgentFailure(toAgentError(error, 'CreatePodSandboxError', this.engine.host));
    }
    this.remember(id, options.Labels ?? {}, false);
    try {
      await this.engine.startContainer(id);
      const ip = ipOf(await this.engine.inspectContainer(id));
      this.knowIp(id, ip);
      return { sandboxId: id, ip };
    } catch (error) {
      await this.forget(id);
      throw new AgentFailure(toAgentError(error, 'CreatePodSandboxError', this.engine.host));
    }
  }

  /** The pod's containers (not its sandbox) this run created. */
  private async containersOf(sandboxId: string): Promise<string[]> {
    const listed = await this.engine.listContainers({
      ...this.runLabels,
      [AGENT_LABELS.sandboxId]: sandboxId,
    });
    return listed.map((container) => container.Id);
  }

  /** StopPodSandbox: kills what still runs of the pod (the kubelet stopped it gracefully before). */
  async stopPodSandbox(sandboxId: string): Promise<void> {
    const sandbox = await this.own(sandboxId, true);
    for (const id of await this.containersOf(sandbox.id)) await this.stopIgnoringStopped(id, 0);
    await this.stopIgnoringStopped(sandbox.id, 0);
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const sandbox = await this.own(sandboxId, true);
    for (const id of await this.containersOf(sandbox.id)) await this.forget(id);
    await this.forget(sandbox.id);
  }

  /** The ids of this run's sandboxes or Kubernetes containers, as the engine lists them. */
  private async listOwn(type: 'podsandbox' | 'container'): Promise<string[]> {
    const listed = await this.engine.listContainers({
      ...this.runLabels,
      [AGENT_LABELS.type]: type,
    });
    return listed.map((container) => container.Id);
  }

  async listPodSandboxes(): Promise<SandboxStatus[]> {
    const sandboxes: SandboxStatus[] = [];
    for (const id of await this.listOwn('podsandbox')) {
      const inspect = await this.engine.inspectContainer(id);
      const ip = ipOf(inspect);
      this.knowIp(id, ip);
      sandboxes.push({
        id,
        pod: podOf(inspect.Config.Labels ?? {}),
        state: inspect.State.Running ? 'ready' : 'notready',
        ip,
        createdAt: timeOf(inspect.Created) ?? 0,
      });
    }
    return sandboxes;
  }

  /** Records the IP of a sandbox this run holds, which probes may then reach. */
  private knowIp(sandboxId: string, ip: string): void {
    const record = this.managed.get(sandboxId);
    if (record?.sandbox && ip !== '') record.ip = ip;
  }

  /**
   * A probe may only reach a pod IP of this run's sandboxes: the agent probes nothing else. The
   * IPs are those its sandboxes got (every sandbox of a run is created by it), so a probe costs
   * the engine nothing and a sandbox removed meanwhile only drops out of the set.
   */
  probeTarget(host: string): void {
    const known = [...this.managed.values()].some((record) => record.sandbox && record.ip === host);
    if (host !== '' && known) return;
    fail(
      'NotManaged',
      `${host} is not the IP of a pod sandbox this agent runs; the agent probes only its own pods`,
    );
  }

  async imageStatus(image: string): Promise<PulledImage | null> {
    try {
      const inspect = await this.engine.inspectImage(withDefaultTag(image));
      return {
        image: inspect.RepoTags?.[0] ?? image,
        imageRef: inspect.RepoDigests?.[0] ?? inspect.Id,
        size: inspect.Size,
      };
    } catch (error) {
      if (isEngineHttpError(error) && error.statusCode === 404) return null;
      throw error;
    }
  }

  /** PullImage under the pull policy; podman reports a failed pull inside a 200's stream. */
  async pullImage(image: string, policy: ImagePullPolicy, io: CallIO | null): Promise<PulledImage> {
    const present = await this.imageStatus(image);
    if (policy === 'Never') {
      if (present) return present;
      fail(
        'ErrImageNeverPull',
        `Container image "${image}" is not present with pull policy of Never`,
      );
    }
    if (present && policy === 'IfNotPresent') return present;
    const pull: { error?: string } = {};
    try {
      await this.engine.pullImage(
        withDefaultTag(image),
        (event) => {
          const message = event.errorDetail?.message ?? event.error;
          if (message) {
            pull.error = message;
            return;
          }
          if (event.status === undefined || !io) return;
          io.progress({
            status: event.status,
            ...(event.id === undefined ? {} : { layer: event.id }),
            ...(event.progressDetail?.current === undefined
              ? {}
              : { current: event.progressDetail.current }),
            ...(event.progressDetail?.total === undefined
              ? {}
              : { total: event.progressDetail.total }),
          });
        },
        io?.signal ?? new AbortController().signal,
      );
    } catch (error) {
      throw new AgentFailure(toAgentError(error, 'ErrImagePull', this.engine.host));
    }
    if (io?.signal.aborted) fail('Cancelled', `pulling ${image} was cancelled`);
    if (pull.error !== undefined) fail('ErrImagePull', pull.error);
    const pulled = await this.imageStatus(image);
    if (!pulled)
      fail('ErrImagePull', `image ${JSON.stringify(image)} is not present after its pull`);
    return pulled;
  }

  /** The options CreateContainer creates a Kubernetes container with, in the sandbox's namespaces. */
  containerOptions(sandbox: { id: string; pod: PodRef }, config: ContainerConfig): CreateOptions {
    const attempt = config.attempt ?? 0;
    const env = Object.entries(config.env ?? {}).map(([name, value]) => `${name}=${value}`);
    const cpuRequest = config.cpuRequestMillicores ?? config.cpuLimitMillicores ?? 0;
    return {
      name: dockerName(sandbox.pod, config.name, attempt),
      Image: config.image,
      ...(config.command ? { Entrypoint: config.command } : {}),
      ...(config.args ? { Cmd: config.args } : {}),
      ...(env.length > 0 ? { Env: env } : {}),
      ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
      Tty: config.tty ?? false,
      Labels: {
        ...this.podLabels(sandbox.pod, 'container'),
        [AGENT_LABELS.containerName]: config.name,
        [AGENT_LABELS.sandboxId]: sandbox.id,
        [AGENT_LABELS.attempt]: String(attempt),
      },
      HostConfig: {
        NetworkMode: `container:${sandbox.id}`,
        RestartPolicy: { Name: 'no' },
        CpuShares: milliCpuToShares(cpuRequest),
        ...(config.cpuLimitMillicores === undefined
          ? {}
          : { CpuPeriod: CPU_PERIOD_US, CpuQuota: milliCpuToQuota(config.cpuLimitMillicores) }),
        ...(config.memoryLimitBytes === undefined
          ? {}
          : { Memory: config.memoryLimitBytes, MemorySwap: config.memoryLimitBytes }),
      },
    };
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    const sandbox = await this.own(sandboxId, true);
    const options = this.containerOptions(sandbox, config);
    try {
      const id = await this.engine.createContainer(options);
      this.remember(id, options.Labels ?? {}, options.Tty ?? false);
      return id;
    } catch (error) {
      throw new AgentFailure(toAgentError(error, 'CreateContainerError', this.engine.host));
    }
  }

  async startContainer(containerId: string): Promise<void> {
    const container = await this.own(containerId, false);
    let exited: Promise<number>;
    try {
      ({ exited } = await this.engine.startContainer(container.id));
    } catch (error) {
      // Any status ≥ 400 is a failed start: podman answers 500 where dockerd answers 400.
      const failure = toAgentError(error, 'RunContainerError', this.engine.host);
      throw new AgentFailure(
        failure.code === 'NotFound' ? failure : { ...failure, code: 'RunContainerError' },
      );
    }
    void exited.then(
      () => this.reportExit(container.id, Date.now()),
      () => undefined,
    );
  }

  private async stopIgnoringStopped(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.engine.stopContainer(id, timeoutSeconds);
    } catch (error) {
      // 304: it was not running, which is what stopping asks for.
      if (isEngineHttpError(error) && error.statusCode === 304) return;
      throw error;
    }
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const container = await this.own(containerId, false);
    await this.stopIgnoringStopped(container.id, timeoutSeconds);
  }

  /** Removes a container of ours, forced; one already gone is removed too. */
  private async forget(id: string): Promise<void> {
    try {
      await this.engine.removeContainer(id);
    } catch (error) {
      if (!(isEngineHttpError(error) && error.statusCode === 404)) throw error;
    }
    this.managed.delete(id);
  }

  async removeContainer(containerId: string): Promise<void> {
    const container = await this.own(containerId, false);
    await this.forget(container.id);
  }

  private status(inspect: ContainerInspect): ContainerStatus {
    const labels = inspect.Config.Labels ?? {};
    const state = inspect.State;
    const startedAt = timeOf(state.StartedAt);
    const finishedAt = timeOf(state.FinishedAt);
    const running = state.Running || state.Status === 'running' || state.Status === 'paused';
    const phase = running ? 'running' : startedAt === undefined ? 'created' : 'exited';
    return {
      id: inspect.Id,
      name: labels[AGENT_LABELS.containerName] ?? '',
      pod: podOf(labels),
      state: phase,
      createdAt: timeOf(inspect.Created) ?? 0,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(phase === 'exited'
        ? {
            exitCode: state.ExitCode,
            reason: exitReason(state.OOMKilled, state.ExitCode),
            ...(finishedAt === undefined ? {} : { finishedAt }),
          }
        : {}),
      ...(state.Error ? { message: state.Error } : {}),
      image: inspect.Config.Image,
      imageRef: inspect.Image,
      attempt: Number(labels[AGENT_LABELS.attempt] ?? 0),
    };
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    const container = await this.own(containerId, false);
    return this.status(await this.engine.inspectContainer(container.id));
  }

  async listContainers(): Promise<ContainerStatus[]> {
    const statuses: ContainerStatus[] = [];
    for (const id of await this.listOwn('container'))
      statuses.push(this.status(await this.engine.inspectContainer(id)));
    return statuses;
  }

  /** Usage of this run's running containers; one that stopped or went away meanwhile is left out. */
  async containerStats(): Promise<ContainerUsage[]> {
    const usage: ContainerUsage[] = [];
    for (const id of await this.listOwn('container')) {
      try {
        const inspect = await this.engine.inspectContainer(id);
        if (!inspect.State.Running) continue;
        usage.push(usageOf(id, await this.engine.stats(id)));
      } catch (error) {
        // Gone or stopped since it was listed (404, or the engine's 409/500 for a stopped one).
        if (!isEngineHttpError(error)) throw error;
      }
    }
    return usage;
  }

  /** Output as text: each stream decoded on its own, so a character split across chunks survives. */
  private static textSink(io: CallIO): {
    sink: (stream: OutputStream, chunk: Buffer) => void;
    flush(): void;
  } {
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    return {
      sink(stream, chunk) {
        const text = decoders[stream].write(chunk);
        if (text !== '') io.output(stream, text);
      },
      flush() {
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = decoders[stream].end();
          if (rest !== '') io.output(stream, rest);
        }
      },
    };
  }

  async containerLogs(
    call: Extract<AgentCall, { method: 'containerLogs' }>,
    io: CallIO,
  ): Promise<void> {
    const container = await this.own(call.containerId, false);
    const text = AgentRuntime.textSink(io);
    await this.engine.logs(
      container.id,
      {
        follow: call.follow ?? false,
        timestamps: call.timestamps ?? false,
        tty: container.tty,
        ...(call.tailLines === undefined ? {} : { tail: call.tailLines }),
        ...(call.since === undefined ? {} : { since: call.since }),
      },
      text.sink,
      io.signal,
    );
    text.flush();
  }

  async exec(call: Extract<AgentCall, { method: 'exec' }>, io: CallIO): Promise<number> {
    const container = await this.own(call.containerId, false);
    const text = AgentRuntime.textSink(io);
    const session: ExecSession = await this.engine.exec(
      container.id,
      { Cmd: call.command, Tty: call.tty ?? false, AttachStdin: call.stdin ?? false },
      text.sink,
    );
    if (call.stdin)
      io.onStdin({
        write: (data) => {
          session.write(data);
        },
        end: () => {
          session.end();
        },
      });
    const stopped = new Promise<never>((_, reject) => {
      const cancel = (): void => {
        session.detach();
        reject(new AgentFailure({ code: 'Cancelled', message: 'the exec was cancelled' }));
      };
      if (io.signal.aborted) cancel();
      io.signal.addEventListener('abort', cancel, { once: true });
      if (call.timeoutSeconds !== undefined) {
        const timer = setTimeout(() => {
          session.detach();
          reject(
            new AgentFailure({
              code: 'DeadlineExceeded',
              message: `command ${JSON.stringify(call.command.join(' '))} timed out`,
            }),
          );
        }, call.timeoutSeconds * 1000);
        void session.exitCode
          .finally(() => {
            clearTimeout(timer);
          })
          .catch(() => undefined);
      }
    });
    stopped.catch(() => undefined);
    const exitCode = await Promise.race([session.exitCode, stopped]);
    text.flush();
    return exitCode;
  }

  /**
   * The engine's event for the tab, or null for actions the kubelet does not need (exec_*, kill,
   * cleanup, …) and containers not of this run. An exit is completed by reportExit.
   */
  eventFor(event: EngineEvent): ContainerEvent | null {
    if (event.Type !== 'container') return null;
    const type = translateAction(event.Action);
    const attributes = event.Actor.Attributes ?? {};
    const mine = Object.entries(this.runLabels).every(([key, value]) => attributes[key] === value);
    if (!type || !mine) return null;
    const containerName = attributes[AGENT_LABELS.containerName];
    return {
      type,
      containerId: event.Actor.ID,
      pod: podOf(attributes),
      ...(containerName === undefined ? {} : { containerName }),
      sandbox: attributes[AGENT_LABELS.type] === 'podsandbox',
      time: event.timeNano ? Math.floor(event.timeNano / 1e6) : event.time * 1000,
    };
  }

  onContainerEvent(emit: (event: ContainerEvent) => void): void {
    this.emit = emit;
  }

  /**
   * Turns the engine's events into the tab's; an exit gets its code and OOMKilled from inspect,
   * and is reported once, whether the engine's `die` or the start's wait tells first.
   */
  handleEngineEvent(event: EngineEvent): void {
    const translated = this.eventFor(event);
    if (!translated) return;
    if (translated.type === 'exited') {
      void this.reportExit(translated.containerId, translated.time);
      return;
    }
    if (translated.type === 'removed') this.managed.delete(translated.containerId);
    this.emit(translated);
  }

  /**
   * After the event stream was broken (the engine restarted): exits it did not tell are reported
   * from inspect, as the kubelet's relist would find them.
   */
  async resync(now: number): Promise<void> {
    for (const [id, record] of [...this.managed])
      if (!record.exitReported) await this.reportExit(id, now);
  }

  private async reportExit(id: string, time: number): Promise<void> {
    const record = this.managed.get(id);
    if (record?.exitReported) return;
    let inspect: ContainerInspect;
    try {
      inspect = await this.engine.inspectContainer(id);
    } catch {
      return;
    }
    const current = this.managed.get(id);
    const exited = !inspect.State.Running && timeOf(inspect.State.StartedAt) !== undefined;
    if (!current || current.exitReported || !exited) return;
    current.exitReported = true;
    const labels = inspect.Config.Labels ?? {};
    const containerName = labels[AGENT_LABELS.containerName];
    this.emit({
      type: 'exited',
      containerId: id,
      pod: podOf(labels),
      ...(containerName === undefined ? {} : { containerName }),
      sandbox: current.sandbox,
      time: timeOf(inspect.State.FinishedAt) ?? time,
      exitCode: inspect.State.ExitCode,
      oomKilled: inspect.State.OOMKilled,
      reason: exitReason(inspect.State.OOMKilled, inspect.State.ExitCode),
    });
  }

  /** Removes every container of this run (the tab left, or the agent stops); → how many. */
  async removeAll(): Promise<number> {
    const listed = await this.engine.listContainers(this.runLabels);
    // Containers before their sandboxes, whose network namespace they hold.
    const ordered = [...listed].sort(
      (a, b) =>
        Number(a.Labels[AGENT_LABELS.type] === 'podsandbox') -
        Number(b.Labels[AGENT_LABELS.type] === 'podsandbox'),
    );
    for (const { Id } of ordered) await this.forget(Id);
    this.managed.clear();
    return ordered.length;
  }
}
