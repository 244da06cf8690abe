// The Engine on a real Docker Engine API (dockerd, or podman's Docker-compatible service) with
// dockerode. Where the engines differ (../shared/DOCKER-ENGINE.md), this layer only transports;
// runtime.ts reads the answers the same way for both (pull errors inside a 200, 304 on stop).

import Docker from 'dockerode';
import { Writable } from 'node:stream';
import type {
  ContainerInspect,
  CreateOptions,
  Engine,
  EngineEvent,
  EngineInfo,
  EngineStats,
  EngineVersion,
  EventSubscription,
  ExecOptions,
  ExecSession,
  ImageInspect,
  LogOptions,
  OutputSink,
  PullEvent,
} from './engine.ts';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** The engine to use: K8SPG_DOCKER_HOST, then DOCKER_HOST, then Docker's default socket. */
export function dockerHostFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.K8SPG_DOCKER_HOST || env.DOCKER_HOST || DEFAULT_DOCKER_HOST;
}

/** dockerode's options for `unix:///path` or `tcp://host:port` (plain HTTP, as DOCKER_HOST means). */
export function dockerOptions(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { socketPath: host };
  const url = new URL(host.includes('://') ? host.replace(/^tcp:/, 'http:') : `http://${host}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`unsupported Docker host ${host}: use unix:///path or tcp://host:port`);
  return {
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? '2376' : '2375'),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}

/** The local image tests and benchmarks use (scripts/ci/engine-up.sh imports it): nothing is pulled. */
export const TEST_IMAGE = 'localhost/k8spg-busybox:test';

/** Why the engine at `host` cannot run the tests and benchmarks, or null when it can. */
export async function probeEngine(host: string, image = TEST_IMAGE): Promise<string | null> {
  const docker = new Docker({ ...dockerOptions(host), timeout: 2000 });
  try {
    await docker.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `no Docker API at ${host} (${reason}) — run scripts/ci/engine-up.sh and set DOCKER_HOST`;
  }
  try {
    await docker.getImage(image).inspect();
  } catch {
    return `engine up at ${host} but image ${image} missing — run scripts/ci/engine-up.sh`;
  }
  return null;
}

const STREAM_HEADER_BYTES = 8;

/** A non-follow log of a container without a TTY: frames of [stream, 0, 0, 0, size(4)] + data. */
function demuxBuffer(buffer: Buffer, sink: OutputSink): void {
  let offset = 0;
  while (offset + STREAM_HEADER_BYTES <= buffer.length) {
    const stream = buffer[offset] === 2 ? 'stderr' : 'stdout';
    const size = buffer.readUInt32BE(offset + 4);
    const start = offset + STREAM_HEADER_BYTES;
    sink(stream, buffer.subarray(start, start + size));
    offset = start + size;
  }
}

function writableTo(sink: OutputSink, stream: 'stdout' | 'stderr'): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink(stream, chunk);
      done();
    },
  });
}

/** Hands a (multiplexed unless `tty`) stream's output to `sink`; resolves when it ends. */
function pipeOutput(
  stream: NodeJS.ReadableStream,
  tty: boolean,
  sink: OutputSink,
  modem: Docker['modem'],
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (tty)
      stream.on('data', (chunk: Buffer) => {
        sink('stdout', chunk);
      });
    else modem.demuxStream(stream, writableTo(sink, 'stdout'), writableTo(sink, 'stderr'));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', (error: Error) => {
      // A stream this side destroyed ends quietly.
      if ((error as NodeJS.ErrnoException).code === 'ABORT_ERR') resolve();
      else reject(error);
    });
  });
}

const EXEC_EXIT_POLLS = 40;
const EXEC_EXIT_POLL_MS = 25;

export class DockerodeEngine implements Engine {
  private readonly docker: Docker;

  constructor(readonly host: string) {
    this.docker = new Docker(dockerOptions(host));
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  info(): Promise<EngineInfo> {
    return this.docker.info() as Promise<EngineInfo>;
  }

  version(): Promise<EngineVersion> {
    return this.docker.version();
  }

  inspectImage(image: string): Promise<ImageInspect> {
    return this.docker.getImage(image).inspect();
  }

  async pullImage(
    image: string,
    onEvent: (event: PullEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const stream = await this.docker.pull(image, {
      abortSignal: signal,
    });
    await new Promise<void>((resolve, reject) => {
      const abort = (): void => {
        (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
        resolve();
      };
      signal.addEventListener('abort', abort, { once: true });
      this.docker.modem.followProgress(
        stream,
        (error) => {
          signal.removeEventListener('abort', abort);
          if (error) reject(error);
          else resolve();
        },
        onEvent,
      );
    });
  }

  async createContainer(options: CreateOptions): Promise<string> {
    const container = await this.docker.createContainer(options);
    return container.id;
  }

  inspectContainer(id: string): Promise<ContainerInspect> {
    return this.docker.getContainer(id).inspect();
  }

  async startContainer(id: string): Promise<{ exited: Promise<number> }> {
    const container = this.docker.getContainer(id);
    const exited = (
      container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>
    ).then((answer) => answer.StatusCode);
    // A container that never starts never exits; nobody waits for that promise then.
    exited.catch(() => undefined);
    await container.start();
    return { exited };
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.docker.getContainer(id).stop({ t: timeoutSeconds });
  }

  async removeContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).remove({ force: true });
  }

  async listContainers(
    labels: Record<string, string>,
  ): Promise<{ Id: string; Labels: Record<string, string> }[]> {
    const filters = { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) };
    return this.docker.listContainers({ all: true, filters });
  }

  async stats(id: string): Promise<EngineStats> {
    // one-shot: dockerd otherwise samples twice, a second apart, to fill precpu_stats.
    const stats: EngineStats = await this.docker
      .getContainer(id)
      .stats({ stream: false, 'one-shot': true });
    return stats;
  }

  async logs(
    id: string,
    options: LogOptions,
    sink: OutputSink,
    signal: AbortSignal,
  ): Promise<void> {
    const container = this.docker.getContainer(id);
    const query = {
      stdout: true,
      stderr: true,
      timestamps: options.timestamps,
      ...(options.tail === undefined ? {} : { tail: options.tail }),
      ...(options.since === undefined ? {} : { since: options.since }),
    };
    if (!options.follow) {
      const buffer = await container.logs({ ...query, follow: false });
      if (options.tty) sink('stdout', buffer);
      else demuxBuffer(buffer, sink);
      return;
    }
    const stream = await container.logs({ ...query, follow: true });
    const stop = (): void => {
      (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    };
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await pipeOutput(stream, options.tty, sink, this.docker.modem);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async exec(id: string, options: ExecOptions, sink: OutputSink): Promise<ExecSession> {
    const exec = await this.docker.getContainer(id).exec({
      Cmd: options.Cmd,
      Tty: options.Tty,
      AttachStdin: options.AttachStdin,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = (await exec.start({
      hijack: true,
      stdin: options.AttachStdin,
      Tty: options.Tty,
    })) as NodeJS.ReadWriteStream & { destroy(): void };
    const ended = pipeOutput(stream, options.Tty, sink, this.docker.modem);
    const exitCode = ended.then(async () => {
      // The output can end a moment before the engine records the exit.
      for (let poll = 0; poll < EXEC_EXIT_POLLS; poll++) {
        const state = await exec.inspect();
        if (!state.Running && state.ExitCode !== null) return state.ExitCode;
        await new Promise((resolve) => setTimeout(resolve, EXEC_EXIT_POLL_MS));
      }
      throw new Error(`exec ${exec.id} still runs after its output ended`);
    });
    return {
      write: (data) => {
        stream.write(data);
      },
      end: () => {
        stream.end();
      },
      detach: () => {
        stream.destroy();
      },
      exitCode,
    };
  }

  events(
    labels: Record<string, string>,
    onEvent: (event: EngineEvent) => void,
    onEnd: (error?: Error) => void,
  ): EventSubscription {
    const controller = new AbortController();
    let stream: (NodeJS.ReadableStream & { destroy(): void }) | null = null;
    let stopped = false;
    const filters = {
      type: ['container' as const],
      label: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
    };
    this.docker
      .getEvents({ filters, abortSignal: controller.signal } as Docker.GetEventsOptions)
      .then(
        (events) => {
          stream = events as NodeJS.ReadableStream & { destroy(): void };
          if (stopped) {
            stream.destroy();
            return;
          }
          let pending = '';
          stream.on('data', (chunk: Buffer) => {
            pending += chunk.toString('utf8');
            const lines = pending.split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines)
              if (line.trim() !== '') onEvent(JSON.parse(line) as EngineEvent);
          });
          stream.on('end', () => {
            if (!stopped) onEnd();
          });
          stream.on('error', (error: Error) => {
            if (!stopped) onEnd(error);
          });
        },
        (error: unknown) => {
          if (!stopped) onEnd(error instanceof Error ? error : new Error(String(error)));
        },
      );
    return {
      stop: () => {
        stopped = true;
        controller.abort();
        stream?.destroy();
      },
    };
  }
}
