// A container runtime without containers: containerd's behaviour on a virtual clock. Sandboxes get
// IPs from the node's pod CIDR (host-local IPAM: .1 is the bridge, pods from .2), image pulls take
// time in proportion to the image's size, and each container runs a small process model:
// servers run until stopped, a shell with nothing to do exits at once, `sleep N` sleeps.
// Commands beyond that are treated as long-running (a fuller interpreter is planned).

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
import { findImage, imageName, normalizeImage } from './images.ts';

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
  exitTimer?: ReturnType<Clock['setTimeout']>;
}

/** What the container's main process does, from its command or the image's default. */
function lifetimeMs(config: ContainerConfig): number | null {
  const words = [...(config.command ?? []), ...(config.args ?? [])];
  const script = words[0] === 'sh' || words[0] === '/bin/sh' ? (words[2] ?? '') : words.join(' ');
  const sleep = /^\s*sleep\s+(\d+(?:\.\d+)?)\s*$/.exec(script);
  if (sleep) return Number(sleep[1]) * 1000;
  if (words.length === 0) {
    const image = findImage(config.image);
    // busybox and alpine default to `sh`, which exits at once without a terminal.
    return image?.ports.length === 0 ? 0 : null;
  }
  return null;
}

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
        this.exit(container, 137, 'Error');
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
    this.containers.set(id, { id, sandboxId, config, status: { id, state: 'created' } });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const container = this.containers.get(containerId);
    if (!container) throw new Error(`container "${containerId}" not found`);
    await this.clock.sleep(START_MS);
    container.status = { id: containerId, state: 'running', startedAt: this.clock.now() };
    const lifetime = lifetimeMs(container.config);
    if (lifetime !== null) {
      container.exitTimer = this.clock.setTimeout(() => {
        this.exit(container, 0, 'Completed');
      }, lifetime);
    }
  }

  private exit(container: SimulatedContainer, exitCode: number, reason: string): void {
    if (container.status.state !== 'running') return;
    if (container.exitTimer) this.clock.clearTimeout(container.exitTimer);
    container.status = {
      ...container.status,
      state: 'exited',
      finishedAt: this.clock.now(),
      exitCode,
      reason,
    };
    for (const listener of this.exitListeners) listener(container.id);
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const container = this.containers.get(containerId);
    if (container?.status.state !== 'running') return;
    // The usual images exit promptly on SIGTERM (143 for shells, 0 for servers that trap it);
    // a process that ignored it would be killed after timeoutSeconds.
    await this.clock.sleep(Math.min(STOP_MS, timeoutSeconds * 1000));
    const exitCode = findImage(container.config.image)?.ports.length ? 0 : 143;
    this.exit(container, exitCode, exitCode === 0 ? 'Completed' : 'Error');
  }

  removeContainer(containerId: string): Promise<void> {
    this.containers.delete(containerId);
    return Promise.resolve();
  }

  containerStatus(containerId: string): ContainerStatus | undefined {
    return this.containers.get(containerId)?.status;
  }
}
