// A container runtime without containers: containerd's behaviour on a virtual clock. Sandboxes get
// IPs from the node's pod CIDR (host-local IPAM: .1 is the bridge, pods from .2), image pulls take
// time in proportion to the image's size, and each container runs a simulated process
// (programs.ts: `sh -c` scripts, busybox applets, the catalog's servers) whose output goes to the
// container's CRI log, kept until the container is removed.

import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import {
  ImagePullError,
  type ContainerConfig,
  type ContainerStatus,
  type ImageService,
  type PodSandboxConfig,
  type PulledImage,
  type RuntimeService,
} from './cri.ts';
import { ContainerLog } from './container-log.ts';
import { findImage, imageName, normalizeImage } from './images.ts';
import { KERNEL_VERSION } from './node-status.ts';
import { RunningProcess, type ProcessEnvironment, type ProcessIO } from './process.ts';
import { programFor } from './programs.ts';

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
}

/** What containers on this node see of the machine. */
export interface Machine {
  cpus: number;
  kernelVersion: string;
}

const DEFAULT_MACHINE: Machine = { cpus: 4, kernelVersion: KERNEL_VERSION };
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class SimulatedRuntime implements RuntimeService, ImageService {
  private readonly images = new Map<string, PulledImage>();
  private readonly sandboxes = new Map<string, { config: PodSandboxConfig; ip: string }>();
  private readonly containers = new Map<string, SimulatedContainer>();
  private nextHost = 2;
  private readonly exitListeners: ((containerId: string) => void)[] = [];
  podCIDR: string | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly machine: Machine = DEFAULT_MACHINE,
  ) {}

  onContainerExit(listener: (containerId: string) => void): void {
    this.exitListeners.push(listener);
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

  async stopPodSandbox(sandboxId: string): Promise<void> {
    for (const container of this.containers.values()) {
      if (container.sandboxId === sandboxId && container.status.state === 'running')
        this.exit(container, 137);
    }
    await this.clock.sleep(STOP_MS);
  }

  removePodSandbox(sandboxId: string): Promise<void> {
    this.sandboxes.delete(sandboxId);
    for (const [id, container] of this.containers)
      if (container.sandboxId === sandboxId) this.containers.delete(id);
    return Promise.resolve();
  }

  imageStatus(image: string): PulledImage | undefined {
    return this.images.get(imageName(image));
  }

  listImages(): PulledImage[] {
    return [...this.images.values()];
  }

  async pullImage(image: string): Promise<PulledImage> {
    const { repository, digest } = normalizeImage(image);
    const reference = imageName(image);
    const known = findImage(image);
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
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container "${containerId}" not found`);
    await this.clock.sleep(START_MS);
    container.status = { id: containerId, state: 'running', startedAt: this.clock.now() };
    const program = programFor(container.config, this.environment(container));
    container.process = new RunningProcess(program, this.io(container), this.clock, (status) => {
      this.exit(container, status);
    });
    container.process.start();
  }

  /** What a process in the container sees: the pod's hostname and IP, the container's env. */
  private environment(container: SimulatedContainer): ProcessEnvironment {
    const sandbox = this.sandboxes.get(container.sandboxId);
    const hostname = sandbox?.config.hostname ?? '';
    return {
      hostname,
      ip: sandbox?.ip ?? '',
      env: { PATH, HOSTNAME: hostname, ...container.config.env, HOME: '/root' },
      cpus: this.machine.cpus,
      kernelVersion: this.machine.kernelVersion,
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
    if (container?.status.state !== 'running') return undefined;
    return { execId: this.id(), environment: this.environment(container) };
  }

  /** The process's stdout and stderr, into the container's log. */
  private io(container: SimulatedContainer): ProcessIO {
    return {
      now: () => this.clock.now(),
      stdout: (text) => {
        container.log.write('stdout', text, this.clock.now());
      },
      stderr: (text) => {
        container.log.write('stderr', text, this.clock.now());
      },
    };
  }

  private exit(container: SimulatedContainer, exitCode: number): void {
    if (container.status.state !== 'running') return;
    container.process?.halt();
    container.log.close(this.clock.now());
    container.status = {
      ...container.status,
      state: 'exited',
      finishedAt: this.clock.now(),
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
    };
    for (const listener of this.exitListeners) listener(container.id);
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const container = this.containers.get(containerId);
    if (container?.status.state !== 'running') return;
    // The usual images exit promptly on their stop signal (143 for shells, 0 for servers that
    // trap it); a process that ignored it would be killed after timeoutSeconds.
    const exitCode = container.process?.stop() ?? 0;
    await this.clock.sleep(Math.min(STOP_MS, timeoutSeconds * 1000));
    this.exit(container, exitCode);
  }

  removeContainer(containerId: string): Promise<void> {
    this.containers.delete(containerId);
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
