// The container runtime as the kubelet sees it: a small, CRI-shaped interface
// (k8s.io/cri-api runtime/v1 RuntimeService and ImageService). The simulated runtime implements
// it today; a Docker-backed one can implement the same calls over the local agent.

import type { Listener } from './process.ts';

export interface PodSandboxConfig {
  name: string;
  namespace: string;
  uid: string;
  hostname: string;
}

export interface ContainerConfig {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  /** The cgroup's memory.max: the process is OOM-killed above it. */
  memoryLimitBytes?: number;
  /** The cgroup's cpu.max, in millicores: the most CPU the container's processes get. */
  cpuLimitMillicores?: number;
  /** Files the kubelet mounts into the container (its /etc/hosts), path → content. */
  files?: Record<string, string>;
}

/** ExecSync's answer: the command's exit code and its combined output. */
export interface ExecResult {
  exitCode: number;
  output: string;
}

/** ExecSync ran out of time (the CRI's DeadlineExceeded). */
export class ExecTimeoutError extends Error {
  constructor(command: string[]) {
    super(`command ${JSON.stringify(command.join(' '))} timed out`);
    this.name = 'ExecTimeoutError';
  }
}

export interface PulledImage {
  /** The image reference as the runtime stores it, e.g. `docker.io/library/nginx:latest`. */
  image: string;
  /** Repo digest, e.g. `docker.io/library/nginx@sha256:…`. */
  imageRef: string;
  size: number;
}

export interface ContainerStatus {
  id: string;
  state: 'created' | 'running' | 'exited';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
}

export class ImagePullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImagePullError';
  }
}

/**
 * A CRI call the runtime refused (CreateContainer, StartContainer): the kubelet reports the
 * runtime's message as the container's CreateContainerError or RunContainerError.
 */
export class RuntimeCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeCallError';
  }
}

export interface RuntimeService {
  /** Starts the pod's sandbox (pause container, network namespace, CNI ADD); returns its id and IP. */
  runPodSandbox(config: PodSandboxConfig): Promise<{ sandboxId: string; ip: string }>;
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  createContainer(sandboxId: string, config: ContainerConfig, image: PulledImage): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** The image's stop signal, then SIGKILL after `timeoutSeconds`. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): ContainerStatus | undefined;
  /** Runs `command` in the container and waits for it (probes, hooks); ExecTimeoutError past the timeout. */
  execSync(containerId: string, command: string[], timeoutSeconds: number): Promise<ExecResult>;
}

/**
 * What a probe over the host's network found: an HTTP status code, a TCP connection, or the
 * socket's error code (`ECONNREFUSED`, `ETIMEDOUT` past the probe's timeout, …).
 */
export type DialAnswer = { statusCode: number } | { connected: true } | { error: string };

/** What answers at a pod IP and port: the pod network as the node's probes reach it. */
export interface PodNetwork {
  listener(ip: string, port: number): Listener | undefined;
  /**
   * A runtime whose pods are real processes (a Docker node) probes them from the host's network
   * instead of looking up a simulated listener; it rejects when it cannot probe at all.
   */
  httpProbe?(
    scheme: 'HTTP' | 'HTTPS',
    host: string,
    port: number,
    path: string,
    timeoutSeconds: number,
  ): Promise<DialAnswer>;
  tcpProbe?(host: string, port: number, timeoutSeconds: number): Promise<DialAnswer>;
}

export interface ImageService {
  /** The local image, if present (CRI ImageStatus: the runtime's store is asked, which may fail). */
  imageStatus(image: string): Promise<PulledImage | undefined>;
  /** `policy` is the container's imagePullPolicy, for runtimes that decide about pulls themselves. */
  pullImage(image: string, policy?: string): Promise<PulledImage>;
  listImages(): PulledImage[];
}

/**
 * What the kubelet needs of its node's runtime beyond the CRI calls: the pod CIDR it hands the
 * CNI plugin, the images it reports in Node status, word of containers that exited (PLEG), and the
 * name container ids carry (`containerd://…`, `docker://…`).
 */
export interface KubeletRuntime extends RuntimeService, ImageService, PodNetwork {
  podCIDR: string | null;
  readonly runtimeType: string;
  onContainerExit(listener: (containerId: string) => void): void;
}

/** A container instance as a runtime that outlived its kubelet still holds it. */
export type SurvivingContainer =
  | { id: string; state: 'running'; startedAt: number }
  | {
      id: string;
      state: 'exited';
      startedAt: number;
      finishedAt: number;
      exitCode: number;
      reason: string;
    };

/**
 * The runtime's state that outlives the kubelet (containerd's, on its own disk): the sandboxes,
 * containers and images a node had when the cluster was restored, rebuilt from what the API
 * server last heard of them (docs/decisions/0003-restoring-state.md).
 */
export interface RuntimeRestore {
  /**
   * The pod's sandbox, still up with its IP; returns its id and the IP it has now (the engine's,
   * which may differ from the status the kubelet last reported), or undefined when the runtime no
   * longer holds it (the pod then starts over, as the kubelet does for a sandbox that is gone).
   */
  restoreSandbox(
    config: PodSandboxConfig,
    ip: string,
  ): { sandboxId: string; ip: string } | undefined;
  /** A container of that sandbox, its process running again if it was running. */
  restoreContainer(sandboxId: string, config: ContainerConfig, container: SurvivingContainer): void;
  /** Images already on the node, as its Node status lists them. */
  restoreImages(images: readonly PulledImage[]): void;
}

/** Whether the runtime can take back its state after a restore (the simulated one rebuilds it). */
export function isRestorable(runtime: KubeletRuntime): runtime is KubeletRuntime & RuntimeRestore {
  return 'restoreSandbox' in runtime;
}

/** Runtime identity for Node status and container ids (`containerd://…`). */
export interface RuntimeInfo {
  name: string;
  version: string;
}
