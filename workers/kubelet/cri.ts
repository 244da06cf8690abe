// The container runtime as the kubelet sees it: a small, CRI-shaped interface
// (k8s.io/cri-api runtime/v1 RuntimeService and ImageService). The simulated runtime implements
// it today; a Docker-backed one can implement the same calls over the local agent.

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

export interface RuntimeService {
  /** Starts the pod's sandbox (pause container, network namespace, CNI ADD); returns its id and IP. */
  runPodSandbox(config: PodSandboxConfig): Promise<{ sandboxId: string; ip: string }>;
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  createContainer(sandboxId: string, config: ContainerConfig, image: PulledImage): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): ContainerStatus | undefined;
}

export interface ImageService {
  /** The local image, if present. */
  imageStatus(image: string): PulledImage | undefined;
  pullImage(image: string): Promise<PulledImage>;
  listImages(): PulledImage[];
}

/** Runtime identity for Node status and container ids (`containerd://…`). */
export interface RuntimeInfo {
  name: string;
  version: string;
}
