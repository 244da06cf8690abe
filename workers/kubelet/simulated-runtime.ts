// A container runtime without containers: containerd's behaviour on a virtual clock. Sandboxes get
// IPs from the node's pod CIDR (host-local IPAM: .1 is the bridge, pods from .2), image pulls take
// time in proportion to the image's size, and each container runs a simulated process
// (programs.ts: `sh -c` scripts, busybox applets, the catalog's servers) whose output goes to the
// container's CRI log, kept until the container is removed. StopContainer sends the stop signal
// and SIGKILLs (137) what still runs after the timeout; a process above its memory limit is
// OOM-killed (137, OOMKilled); ExecSync runs a command beside the main process. What the
// containers use (CPU, working set) is kept by the usage model (usage.ts).

import type { ConnectionResult, HttpRequest, HttpResponse } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import {
  ExecTimeoutError,
  ImagePullError,
  type ContainerConfig,
  type ContainerStatus,
  type ExecResult,
  type KubeletRuntime,
  type PodSandboxConfig,
  type PulledImage,
  type RuntimeRestore,
  type SurvivingContainer,
} from './cri.ts';
import { ContainerLog } from './container-log.ts';
import { CustomImageProgram } from './custom-image-program.ts';
import { CustomImages } from './custom-images.ts';
import { findImage, imageName, normalizeImage } from './images.ts';
import { KERNEL_VERSION } from './node-status.ts';
import {
  RunningProcess,
  type ContainerNetwork,
  type Listener,
  type ProcessEnvironment,
  type ProcessIO,
} from './process.ts';
import { execProgramFor, programFor } from './programs.ts';
import { UsageModel } from './usage.ts';

const SANDBOX_START_MS = 400;
const PULL_LATENCY_MS = 300;
const PULL_BYTES_PER_MS = 40_000; // 40 MB/s
const CREATE_MS = 30;
const START_MS = 80;
const STOP_MS = 120;
const HEX = '0123456789abcdef';

interface SimulatedContainer {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  status: ContainerStatus;
  log: ContainerLog;
  process?: RunningProcess;
  environment?: ProcessEnvironment;
  listeners: Map<number, Listener>;
  /** Called once the container has exited. */
  waiters: (() => void)[];
}

/** What containers on this node see of the machine. */
export interface Machine {
  cpus: number;
  kernelVersion: string;
  /** The node's memory: what a container without a limit can take before the kernel OOM-kills it. */
  memoryBytes?: number;
}

/** A request a container answered: what a usage model or the diagram may count. */
export interface ServedRequest {
  podUID: string;
  namespace: string;
  pod: string;
  containerName: string;
  request: HttpRequest;
  status: number;
  /** Body bytes sent. */
  bytes: number;
  time: number;
}

/** The pod network as the node gives it to a pod's processes (pod-network.ts). */
export interface NodeNetwork {
  forPod(namespace: string, name: string, ip: string): ContainerNetwork;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  404: 'Not Found',
  500: 'Internal Server Error',
};

const DEFAULT_MACHINE: Machine = { cpus: 4, kernelVersion: KERNEL_VERSION };
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class SimulatedRuntime implements KubeletRuntime, RuntimeRestore {
  readonly runtimeType = 'containerd';
  private readonly images = new Map<string, PulledImage>();
  private readonly sandboxes = new Map<string, { config: PodSandboxConfig; ip: string }>();
  private readonly containers = new Map<string, SimulatedContainer>();
  private nextHost = 2;
  private readonly exitListeners: ((containerId: string) => void)[] = [];
  private readonly servedListeners: ((served: ServedRequest) => void)[] = [];
  private network: NodeNetwork | null = null;
  podCIDR: string | null = null;
  /** What the containers use, for the kubelet's resource metrics. */
  readonly usage: UsageModel;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly machine: Machine = DEFAULT_MACHINE,
    /** Images a host page defined as data (the embed widget's registerImages). */
    private readonly customImages: CustomImages = new CustomImages(),
  ) {
    this.usage = new UsageModel(machine, clock.now());
    // Serving a request costs CPU where the image says it does (php-apache's index.php).
    this.onRequestServed((served) => {
      this.usage.requestServed(served.podUID, served.containerName, served.time);
    });
  }

  onContainerExit(listener: (containerId: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** Gives pods the node's network; containers started before it have none. */
  attachNetwork(network: NodeNetwork): void {
    this.network = network;
  }

  /** `listener` hears of every request a container serves (requestServed). */
  onRequestServed(listener: (served: ServedRequest) => void): void {
    this.servedListeners.push(listener);
  }

  /** A container served a request: tells whoever listens (the usage model, the diagram). */
  requestServed(served: ServedRequest): void {
    for (const listener of this.servedListeners) listener(served);
  }

  private id(): string {
    return this.rng.string(64, HEX);
  }

  private allocateIp(): string {
    if (!this.podCIDR) throw new Error('network plugin is not ready: cni config uninitialized');
    const [base = '10.244.0.0'] = this.podCIDR.split('/');
    const octets = base.split('.');
    const ip = `${octets[0] ?? '10'}.${octets[1] ?? '244'}.${octets[2] ?? '0'}.${this.nextHost}`;
    this.nextHost = this.nextHost >= 254 ? 2 : this.nextHost + 1;
    return ip;
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<{ sandboxId: string; ip: string }> {
    const ip = this.allocateIp();
    await this.clock.sleep(SANDBOX_START_MS);
    const sandboxId = this.id();
    this.sandboxes.set(sandboxId, { config, ip });
    return { sandboxId, ip };
  }

  restoreSandbox(config: PodSandboxConfig, ip: string): { sandboxId: string; ip: string } {
    const sandboxId = this.id();
    this.sandboxes.set(sandboxId, { config, ip });
    // host-local IPAM hands out addresses after the ones still in use.
    const host = Number(ip.split('.')[3]);
    if (host >= this.nextHost) this.nextHost = host >= 254 ? 2 : host + 1;
    return { sandboxId, ip };
  }

  /** The process starts over (its memory and log are not part of any state), under the same id. */
  restoreContainer(
    sandboxId: string,
    config: ContainerConfig,
    surviving: SurvivingContainer,
  ): void {
    const { id } = surviving;
    const container: SimulatedContainer = {
      id,
      sandboxId,
      config,
      status:
        surviving.state === 'running'
          ? { id, state: 'created' }
          : {
              id,
              state: 'exited',
              startedAt: surviving.startedAt,
              finishedAt: surviving.finishedAt,
              exitCode: surviving.exitCode,
              reason: surviving.reason,
            },
      log: new ContainerLog(parseInt(id.slice(0, 8), 16)),
      listeners: new Map(),
      waiters: [],
    };
    this.containers.set(id, container);
    if (surviving.state === 'running') this.run(container, surviving.startedAt);
  }

  restoreImages(images: readonly PulledImage[]): void {
    for (const image of images) this.images.set(image.image, image);
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    for (const container of this.containers.values()) {
      if (container.sandboxId === sandboxId && container.status.state === 'running')
        this.exit(container, 137);
    }
    await this.clock.sleep(STOP_MS);
  }

  removePodSandbox(sandboxId: string): Promise<void> {
    this.sandboxes.delete(sandboxId);
    for (const [id, container] of this.containers) {
      if (container.sandboxId !== sandboxId) continue;
      this.containers.delete(id);
      this.usage.removed(id);
    }
    return Promise.resolve();
  }

  imageStatus(image: string): Promise<PulledImage | undefined> {
    return Promise.resolve(this.images.get(imageName(image)));
  }

  listImages(): PulledImage[] {
    return [...this.images.values()];
  }

  async pullImage(image: string): Promise<PulledImage> {
    const { repository, digest } = normalizeImage(image);
    const reference = imageName(image);
    const known = findImage(image) ?? this.customImages.catalogEntry(image);
    await this.clock.sleep(PULL_LATENCY_MS);
    if (!known) {
      throw new ImagePullError(
        `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      );
    }
    const cached = this.images.get(reference);
    if (!cached) await this.clock.sleep(Math.ceil(known.size / PULL_BYTES_PER_MS));
    const pulled = cached ?? {
      image: reference,
      imageRef: `${repository}@${digest ?? `sha256:${this.id()}`}`,
      size: known.size,
    };
    this.images.set(pulled.image, pulled);
    return pulled;
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    await this.clock.sleep(CREATE_MS);
    const id = this.id();
    this.containers.set(id, {
      id,
      sandboxId,
      config,
      status: { id, state: 'created' },
      log: new ContainerLog(parseInt(id.slice(0, 8), 16)),
      listeners: new Map(),
      waiters: [],
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container "${containerId}" not found`);
    await this.clock.sleep(START_MS);
    this.run(container, this.clock.now());
  }

  /** The container's process begins: it is running since `startedAt`. */
  private run(container: SimulatedContainer, startedAt: number): void {
    container.status = { id: container.id, state: 'running', startedAt };
    container.environment = this.environment(container);
    this.trackUsage(container);
    const { config } = container;
    const custom = this.customImages.definition(config.image);
    // A command or args replace a custom image's process as they would its ENTRYPOINT and CMD.
    const program =
      custom && !config.command && !config.args
        ? new CustomImageProgram(custom)
        : programFor(config, container.environment);
    container.process = new RunningProcess(program, this.io(container), this.clock, (status) => {
      this.exit(container, status);
    });
    container.process.start();
  }

  private trackUsage(container: SimulatedContainer): void {
    const sandbox = this.sandboxes.get(container.sandboxId)?.config;
    const { name, image, cpuLimitMillicores, memoryLimitBytes } = container.config;
    this.usage.started(
      container.id,
      {
        namespace: sandbox?.namespace ?? '',
        pod: sandbox?.name ?? '',
        podUID: sandbox?.uid ?? '',
        container: name,
        image,
        ...(cpuLimitMillicores !== undefined ? { cpuLimitMillicores } : {}),
        ...(memoryLimitBytes !== undefined ? { memoryLimitBytes } : {}),
      },
      this.clock.now(),
    );
  }

  /**
   * What a process in the container sees: the pod's hostname and IP, the container's env, and its
   * files, which processes exec'd into it share.
   */
  private environment(container: SimulatedContainer): ProcessEnvironment {
    const sandbox = this.sandboxes.get(container.sandboxId);
    const hostname = sandbox?.config.hostname ?? '';
    const ip = sandbox?.ip ?? '';
    const network =
      sandbox && this.network
        ? this.network.forPod(sandbox.config.namespace, sandbox.config.name, ip)
        : undefined;
    return {
      hostname,
      ip,
      env: { PATH, HOSTNAME: hostname, ...container.config.env, HOME: '/root' },
      cpus: this.machine.cpus,
      kernelVersion: this.machine.kernelVersion,
      files: new Map(Object.entries(container.config.files ?? {})),
      tools: findImage(container.config.image)?.tools ?? [],
      ...(network ? { network } : {}),
    };
  }

  /**
   * CRI Exec's start: a new process's id and environment in a running container, or undefined
   * when the container is not running.
   */
  prepareExec(
    containerId: string,
  ): { execId: string; environment: ProcessEnvironment } | undefined {
    const container = this.containers.get(containerId);
    if (container?.status.state !== 'running' || !container.environment) return undefined;
    return { execId: this.id(), environment: container.environment };
  }

  /** The process's output into the container's log; its memory against the limit; its ports. */
  private io(container: SimulatedContainer): ProcessIO {
    return {
      now: () => this.clock.now(),
      stdout: (text) => {
        container.log.write('stdout', text, this.clock.now());
      },
      stderr: (text) => {
        container.log.write('stderr', text, this.clock.now());
      },
      memory: (bytes) => {
        this.usage.memory(container.id, bytes, this.clock.now());
        const limit = container.config.memoryLimitBytes ?? this.machine.memoryBytes;
        // The cgroup's OOM killer ends the whole container (memory.oom.group).
        if (limit !== undefined && bytes > limit)
          this.clock.setTimeout(() => {
            this.exit(container, 137, 'OOMKilled');
          }, 0);
      },
      cpu: (ms) => {
        this.usage.busy(container.id, ms, this.clock.now());
      },
      listen: (port, listener) => {
        container.listeners.set(port, listener);
      },
    };
  }

  private exit(container: SimulatedContainer, exitCode: number, reason?: string): void {
    if (container.status.state !== 'running') return;
    container.process?.halt();
    container.listeners.clear();
    container.log.close(this.clock.now());
    this.usage.stopped(container.id, this.clock.now());
    container.status = {
      ...container.status,
      state: 'exited',
      finishedAt: this.clock.now(),
      exitCode,
      reason: reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    };
    for (const waiter of container.waiters.splice(0)) waiter();
    for (const listener of this.exitListeners) listener(container.id);
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const container = this.containers.get(containerId);
    if (container?.status.state !== 'running') return;
    const exitCode = container.process ? container.process.stop() : 0;
    if (exitCode !== null) {
      // It handles its stop signal and exits promptly.
      await this.clock.sleep(Math.min(STOP_MS, timeoutSeconds * 1000));
      this.exit(container, exitCode);
      return;
    }
    // It ignored the signal (or handles it later): SIGKILL once the timeout is over.
    await new Promise<void>((resolve) => {
      const kill = this.clock.setTimeout(() => {
        this.exit(container, 137);
      }, timeoutSeconds * 1000);
      container.waiters.push(() => {
        this.clock.clearTimeout(kill);
        resolve();
      });
    });
  }

  /** ExecSync: the command runs beside the main process, with its environment and files. */
  execSync(containerId: string, command: string[], timeoutSeconds: number): Promise<ExecResult> {
    const container = this.containers.get(containerId);
    const environment = container?.environment;
    if (container?.status.state !== 'running' || !environment)
      return Promise.reject(new Error(`container ${containerId} is not running`));
    return new Promise((resolve, reject) => {
      let output = '';
      const collect = (text: string): void => {
        output += text;
      };
      const program = execProgramFor(command, environment);
      if (typeof program === 'string') {
        resolve({ exitCode: 126, output: program });
        return;
      }
      const process = new RunningProcess(
        program,
        { now: () => this.clock.now(), stdout: collect, stderr: collect },
        this.clock,
        (exitCode) => {
          this.clock.clearTimeout(deadline);
          resolve({ exitCode, output });
        },
      );
      const deadline = this.clock.setTimeout(() => {
        process.halt();
        reject(new ExecTimeoutError(command));
      }, timeoutSeconds * 1000);
      process.start();
    });
  }

  /** The listener on `port` of the running container that holds it, in the sandbox with `ip`. */
  listener(ip: string, port: number): Listener | undefined {
    for (const container of this.containers.values()) {
      if (container.status.state !== 'running') continue;
      if (this.sandboxes.get(container.sandboxId)?.ip !== ip) continue;
      const listener = container.listeners.get(port);
      if (listener) return listener;
    }
    return undefined;
  }

  /**
   * A connection from `client` to `ip:port` carrying `request`: the answer of the running
   * container listening there (which logs it as its image does), or refused.
   */
  serve(
    ip: string,
    port: number,
    request: HttpRequest,
    client: string,
    clientPort: number,
  ): ConnectionResult {
    for (const container of this.containers.values()) {
      if (container.status.state !== 'running') continue;
      const sandbox = this.sandboxes.get(container.sandboxId);
      if (sandbox?.ip !== ip) continue;
      const listener = container.listeners.get(port);
      if (!listener) continue;
      if (listener.protocol !== 'http') return { kind: 'closed' };
      const response =
        listener.respond?.(request, client, clientPort) ?? this.bare(listener, request.path);
      this.requestServed({
        podUID: sandbox.config.uid,
        namespace: sandbox.config.namespace,
        pod: sandbox.config.name,
        containerName: container.config.name,
        request,
        status: response.status,
        bytes: response.body.length,
        time: this.clock.now(),
      });
      return { kind: 'response', response };
    }
    return { kind: 'refused' };
  }

  /** `<namespace>/<name>` of the pod whose sandbox has `ip`. */
  podAt(ip: string): string | undefined {
    for (const sandbox of this.sandboxes.values())
      if (sandbox.ip === ip) return `${sandbox.config.namespace}/${sandbox.config.name}`;
    return undefined;
  }

  /** A server that only knows its status codes (agnhost's liveness) answers with an empty body. */
  private bare(listener: Extract<Listener, { protocol: 'http' }>, path: string): HttpResponse {
    const status = listener.status(path, this.clock.now());
    return { status, reason: REASONS[status] ?? '', headers: [], body: '' };
  }

  removeContainer(containerId: string): Promise<void> {
    this.containers.delete(containerId);
    this.usage.removed(containerId);
    return Promise.resolve();
  }

  containerStatus(containerId: string): ContainerStatus | undefined {
    return this.containers.get(containerId)?.status;
  }

  /** The container's log, for as long as the container exists. */
  containerLog(containerId: string): ContainerLog | undefined {
    return this.containers.get(containerId)?.log;
  }
}
