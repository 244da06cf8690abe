// Test support: a fake local agent that speaks agent/protocol.ts like the real one, over no
// engine. Images are a table (an unknown one fails to pull as dockerd says; the engine holds those
// pulled and those given as present), a started container
// writes its image's output at once and exits when its image says, stop ends it with its exit
// code, and exec echoes its command. Its answers go to `deliver`, in order.

import type {
  AgentMessage,
  ContainerConfig,
  ContainerStatus,
  NodeInfo,
  OutputStream,
  PulledImage,
  SandboxStatus,
  TabMessage,
} from '../../agent/protocol.ts';
import { imageName } from './images.ts';

export interface FakeImage {
  size: number;
  /** What a container of it writes to stdout when it starts. */
  output?: string;
  /** Exits right after writing, with this code; runs until stopped otherwise. */
  exitCode?: number;
  /** Killed for memory right after writing. */
  oomKilled?: boolean;
}

export const FAKE_ENGINE: NodeInfo = {
  hostname: 'laptop',
  cpus: 12,
  memoryBytes: 32 * 1024 * 1024 * 1024,
  os: 'linux',
  architecture: 'arm64',
  osImage: 'Docker Desktop',
  kernelVersion: '6.10.14-linuxkit',
  runtimeName: 'docker',
  runtimeVersion: '27.3.1',
  apiVersion: '1.47',
};

interface FakeContainer {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  state: ContainerStatus['state'];
  exitCode?: number;
  output: { stream: OutputStream; data: string }[];
  /** containerLogs calls following it. */
  followers: Set<number>;
}

const POD = { namespace: 'default', name: 'web', uid: 'uid-web' };

export class FakeAgent {
  /** Every message the tab sent, in order. */
  readonly received: TabMessage[] = [];
  readonly containers = new Map<string, FakeContainer>();
  /** What the engine's stats say of a container: its CPU (real ns), working set, read time. */
  readonly usage = new Map<
    string,
    { cpuCoreNanoSeconds: number; workingSetBytes: number; time: number }
  >();
  /** The images the engine holds: those pulled, and any it had before (`present`). */
  readonly present: Set<string>;
  readonly sandboxes = new Map<string, SandboxStatus>();
  private created = 0;

  constructor(
    private readonly deliver: (message: AgentMessage) => void,
    private readonly images: Record<string, FakeImage> = {
      nginx: { size: 72_000_000, output: 'nginx: ready\n' },
    },
    present: string[] = [],
  ) {
    this.present = new Set(present);
  }

  receive(message: TabMessage): void {
    this.received.push(message);
    if (message.type === 'cancel') {
      for (const container of this.containers.values()) container.followers.delete(message.id);
      return;
    }
    if (message.type !== 'call') return;
    const { id, call } = message;
    const result = (value: unknown): void => {
      this.deliver({ type: 'result', id, result: value as never });
    };
    switch (call.method) {
      case 'info':
        result(FAKE_ENGINE);
        return;
      case 'runPodSandbox': {
        const sandbox = {
          id: `sandbox-${String(this.sandboxes.size + 1)}`,
          pod: { namespace: call.config.namespace, name: call.config.name, uid: call.config.uid },
          state: 'ready' as const,
          ip: `172.17.0.${String(this.sandboxes.size + 2)}`,
          createdAt: 0,
        };
        this.sandboxes.set(sandbox.id, sandbox);
        result({ sandboxId: sandbox.id, ip: sandbox.ip });
        return;
      }
      case 'listPodSandboxes':
        result([...this.sandboxes.values()]);
        return;
      case 'containerStats':
        result(
          [...this.usage].flatMap(([containerId, usage]) =>
            this.containers.get(containerId)?.state === 'running'
              ? [{ id: containerId, ...usage }]
              : [],
          ),
        );
        return;
      case 'listContainers':
        result([...this.containers.values()].map((container) => this.status(container)));
        return;
      case 'imageStatus': {
        const image = this.present.has(call.image) ? this.images[call.image] : undefined;
        result(image ? this.pulled(call.image, image) : null);
        return;
      }
      case 'pullImage': {
        const image = this.images[call.image];
        if (!image) {
          this.deliver({
            type: 'error',
            id,
            error: {
              code: 'ErrImagePull',
              message: `Error response from daemon: pull access denied for ${call.image}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
              status: 404,
            },
          });
          return;
        }
        this.present.add(call.image);
        result(this.pulled(call.image, image));
        return;
      }
      case 'createContainer': {
        this.created++;
        const containerId = String(this.created).padStart(2, '0').repeat(32);
        this.containers.set(containerId, {
          id: containerId,
          sandboxId: call.sandboxId,
          config: call.config,
          state: 'created',
          output: [],
          followers: new Set(),
        });
        result({ containerId });
        return;
      }
      case 'startContainer':
        result({});
        this.run(call.containerId);
        return;
      case 'containerLogs':
        this.follow(id, call.containerId);
        return;
      case 'stopContainer':
        this.exit(call.containerId, 0);
        result({});
        return;
      case 'containerStatus': {
        const container = this.containers.get(call.containerId);
        result({ id: call.containerId, state: container?.state, exitCode: container?.exitCode });
        return;
      }
      case 'exec':
        if (call.timeoutSeconds !== undefined && call.command[0] === 'sleep') {
          this.deliver({
            type: 'error',
            id,
            error: { code: 'DeadlineExceeded', message: 'command timed out' },
          });
          return;
        }
        this.deliver({ type: 'output', id, stream: 'stdout', data: `${call.command.join(' ')}\n` });
        result({ exitCode: 0 });
        return;
      default:
        result({});
    }
  }

  /** What the engine's inspect tells of the container. */
  private status(container: FakeContainer): ContainerStatus {
    const sandbox = this.sandboxes.get(container.sandboxId);
    return {
      id: container.id,
      name: container.config.name,
      pod: sandbox?.pod ?? POD,
      state: container.state,
      createdAt: 0,
      ...(container.exitCode === undefined
        ? {}
        : {
            exitCode: container.exitCode,
            reason: container.exitCode === 0 ? 'Completed' : 'Error',
          }),
      image: container.config.image,
      imageRef: `sha256:${'ab'.repeat(32)}`,
      attempt: container.config.attempt ?? 0,
    };
  }

  private pulled(name: string, image: FakeImage): PulledImage {
    return { image: imageName(name), imageRef: `sha256:${'ab'.repeat(32)}`, size: image.size };
  }

  private event(container: FakeContainer, type: 'started' | 'exited', extra = {}): void {
    this.deliver({
      type: 'container-event',
      event: {
        type,
        containerId: container.id,
        pod: POD,
        containerName: container.config.name,
        sandbox: false,
        time: 0,
        ...extra,
      },
    });
  }

  private run(containerId: string): void {
    const container = this.containers.get(containerId);
    if (!container) return;
    container.state = 'running';
    this.event(container, 'started');
    const image = this.images[container.config.image];
    if (image?.output) this.write(container, 'stdout', image.output);
    if (image?.oomKilled) this.exit(containerId, 137, true);
    else if (image?.exitCode !== undefined) this.exit(containerId, image.exitCode);
  }

  /** What a running container writes: logged, and sent to whoever follows it. */
  write(container: FakeContainer, stream: OutputStream, data: string): void {
    container.output.push({ stream, data });
    for (const follower of container.followers)
      this.deliver({ type: 'output', id: follower, stream, data });
  }

  private follow(id: number, containerId: string): void {
    const container = this.containers.get(containerId);
    if (!container) {
      this.deliver({
        type: 'error',
        id,
        error: { code: 'NotFound', message: 'no such container' },
      });
      return;
    }
    for (const chunk of container.output) this.deliver({ type: 'output', id, ...chunk });
    if (container.state === 'exited') this.deliver({ type: 'result', id, result: {} });
    else container.followers.add(id);
  }

  /** The container's process ends: its followers' calls end, and the engine's event says how. */
  exit(containerId: string, exitCode: number, oomKilled = false): void {
    const container = this.containers.get(containerId);
    if (container?.state !== 'running') return;
    container.state = 'exited';
    container.exitCode = exitCode;
    for (const follower of container.followers)
      this.deliver({ type: 'result', id: follower, result: {} });
    container.followers.clear();
    this.event(container, 'exited', {
      exitCode,
      oomKilled,
      reason: oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error',
    });
  }
}
