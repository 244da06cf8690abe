// Test support: an in-memory Engine that behaves as the Engine API does where the agent's logic
// depends on it (labels on events, 304 on stopping a stopped container, pull errors inside a 200
// stream as podman sends them, 404s), with dockerd's or podman's event names; and a WebSocket
// client for the agent that speaks the protocol as the tab does.

import WebSocket from 'ws';
import type { ApiGateway } from '../server/http-front.ts';
import type { StreamConnection, WatchStream } from '../workers/client/transport.ts';
import type {
  ContainerInspect,
  CreateOptions,
  Engine,
  EngineEvent,
  EngineHttpError,
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
import { DockerodeEngine, dockerHostFromEnv, probeEngine, TEST_IMAGE } from './engine-docker.ts';
import {
  AGENT_PROTOCOL_VERSION,
  parseAgentMessage,
  requestFromWire,
  responseToWire,
  type AgentCall,
  type AgentError,
  type AgentMessage,
  type AgentMethod,
  type AgentResults,
  type OutputStream,
  type TabMessage,
} from './protocol.ts';
import { AgentRuntime } from './runtime.ts';
import { AgentServer } from './server.ts';

export function httpError(statusCode: number, message: string): EngineHttpError {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), {
    statusCode,
    json: { message },
  });
}

function unreachable(host: string): Error {
  const path = host.replace(/^unix:\/\//, '');
  return Object.assign(new Error(`connect ENOENT ${path}`), { code: 'ENOENT' });
}

interface FakeContainer {
  id: string;
  options: CreateOptions;
  status: 'created' | 'running' | 'exited';
  exitCode: number;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  /** Its address on the bridge; '' for one in another's network namespace or in none. */
  ip: string;
  output: { stream: OutputStream; data: string }[];
  /** Resolves waiters for the next exit. */
  exitWaiters: ((code: number) => void)[];
  /** Followers of its log. */
  followers: Set<{ sink: OutputSink; end(): void }>;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** How the fake answers an exec: output and an exit code, or input echoed back. */
export type ExecBehaviour = (command: string[]) => {
  output?: { stream: OutputStream; data: string }[];
  exitCode: number;
  /** Echo stdin to stdout until it ends, then exit with exitCode. */
  echoStdin?: boolean;
  /** Never exits on its own. */
  hang?: boolean;
};

export class FakeEngine implements Engine {
  readonly host = 'unix:///fake/docker.sock';
  readonly containers = new Map<string, FakeContainer>();
  readonly images = new Map<string, ImageInspect>();
  /** Every create call's options, in order. */
  readonly created: CreateOptions[] = [];
  /** What a pull of an image streams; an Error rejects the pull as dockerd does. */
  readonly pulls = new Map<string, PullEvent[] | Error>();
  reachable = true;
  execBehaviour: ExecBehaviour = () => ({ exitCode: 0 });
  private readonly subscribers = new Set<(event: EngineEvent) => void>();
  private readonly enders = new Set<(error?: Error) => void>();
  private nextId = 1;
  /** The bridge's next host number: each container on it gets its own address. */
  private nextHost = 2;
  private clock = Date.parse('2026-11-25T12:00:00Z');

  constructor(readonly flavor: 'docker' | 'podman' = 'docker') {}

  addImage(name: string, size = 4_000_000): void {
    this.images.set(name, {
      Id: `sha256:${String(this.images.size + 1).padStart(64, '0')}`,
      RepoTags: [name],
      RepoDigests: [],
      Size: size,
    });
  }

  /** A container someone else made, without our labels. */
  addForeignContainer(name: string): string {
    const id = this.newId();
    this.containers.set(id, this.record(id, { name, Image: 'nginx:1.25', Labels: {} }));
    return id;
  }

  private newId(): string {
    return (this.nextId++).toString(16).padStart(64, 'c');
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private record(id: string, options: CreateOptions): FakeContainer {
    const network = options.HostConfig?.NetworkMode ?? '';
    const bridged = !network.startsWith('container:') && network !== 'none';
    return {
      id,
      options,
      ip: bridged ? `172.17.0.${String(this.nextHost++)}` : '',
      status: 'created',
      exitCode: 0,
      oomKilled: false,
      startedAt: ZERO_TIME,
      finishedAt: ZERO_TIME,
      output: [],
      exitWaiters: [],
      followers: new Set(),
    };
  }

  private check(): void {
    if (!this.reachable) throw unreachable(this.host);
  }

  private find(id: string): FakeContainer {
    const container =
      this.containers.get(id) ??
      [...this.containers.values()].find((candidate) => candidate.options.name === id);
    if (!container) throw httpError(404, `No such container: ${id}`);
    return container;
  }

  private emit(container: FakeContainer, action: string): void {
    const event: EngineEvent = {
      Type: 'container',
      Action: action,
      Actor: {
        ID: container.id,
        Attributes: {
          ...container.options.Labels,
          name: container.options.name,
          image: container.options.Image ?? '',
        },
      },
      time: Math.floor(this.clock / 1000),
      timeNano: this.clock * 1e6,
    };
    for (const subscriber of this.subscribers) subscriber(event);
  }

  /** The container's process writes output. */
  write(id: string, stream: OutputStream, data: string): void {
    const container = this.find(id);
    container.output.push({ stream, data });
    for (const follower of container.followers) follower.sink(stream, Buffer.from(data));
  }

  /** The container's process exits (an OOM kill first emits `oom`, as the kernel's cgroup does). */
  exit(id: string, exitCode: number, oomKilled = false): void {
    const container = this.find(id);
    if (container.status !== 'running') return;
    if (oomKilled) this.emit(container, 'oom');
    container.status = 'exited';
    container.exitCode = exitCode;
    container.oomKilled = oomKilled;
    container.finishedAt = this.now();
    this.emit(container, 'die');
    for (const waiter of container.exitWaiters.splice(0)) waiter(exitCode);
    for (const follower of container.followers) follower.end();
    container.followers.clear();
  }

  /** The engine goes away: calls fail to connect and event streams break. */
  stopEngine(): void {
    this.reachable = false;
    for (const end of this.enders) end(unreachable(this.host));
  }

  ping(): Promise<void> {
    this.check();
    return Promise.resolve();
  }

  info(): Promise<EngineInfo> {
    this.check();
    return Promise.resolve({
      Name: 'fake-host',
      NCPU: 8,
      MemTotal: 16 * 1024 ** 3,
      OSType: 'linux',
      Architecture: 'x86_64',
      OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
      KernelVersion: '6.1.0-fake',
      ServerVersion: this.flavor === 'podman' ? '4.3.1' : '20.10.24',
    });
  }

  version(): Promise<EngineVersion> {
    this.check();
    return Promise.resolve({
      ApiVersion: '1.41',
      Version: this.flavor === 'podman' ? '4.3.1' : '20.10.24',
      Components:
        this.flavor === 'podman'
          ? [{ Name: 'Podman Engine', Version: '4.3.1' }]
          : [{ Name: 'Engine', Version: '20.10.24' }],
    });
  }

  inspectImage(image: string): Promise<ImageInspect> {
    this.check();
    const found = this.images.get(image);
    return found
      ? Promise.resolve(found)
      : Promise.reject(httpError(404, `No such image: ${image}`));
  }

  pullImage(image: string, onEvent: (event: PullEvent) => void): Promise<void> {
    this.check();
    const script = this.pulls.get(image);
    if (script instanceof Error) return Promise.reject(script);
    if (!script) return Promise.reject(httpError(404, `pull access denied for ${image}`));
    for (const event of script) onEvent(event);
    if (!script.some((event) => event.error)) this.addImage(image);
    return Promise.resolve();
  }

  createContainer(options: CreateOptions): Promise<string> {
    this.check();
    if (!this.images.has(options.Image ?? ''))
      return Promise.reject(httpError(404, `No such image: ${options.Image ?? ''}`));
    if ([...this.containers.values()].some((c) => c.options.name === options.name))
      return Promise.reject(
        httpError(409, `Conflict. The container name "/${options.name}" is already in use`),
      );
    const id = this.newId();
    this.created.push(options);
    const container = this.record(id, options);
    this.containers.set(id, container);
    this.emit(container, 'create');
    return Promise.resolve(id);
  }

  inspectContainer(id: string): Promise<ContainerInspect> {
    this.check();
    const container = this.find(id);
    return Promise.resolve({
      Id: container.id,
      Name: `/${container.options.name}`,
      Created: '2026-11-25T12:00:00Z',
      Image: this.images.get(container.options.Image ?? '')?.Id ?? '',
      State: {
        Status: container.status,
        Running: container.status === 'running',
        OOMKilled: container.oomKilled,
        ExitCode: container.exitCode,
        Error: '',
        StartedAt: container.startedAt,
        FinishedAt: container.finishedAt,
      },
      Config: {
        Image: container.options.Image ?? '',
        Tty: container.options.Tty ?? false,
        Labels: container.options.Labels ?? {},
      },
      NetworkSettings: { IPAddress: container.ip },
    });
  }

  /** What stats reports of a container: cgroup v1's fields on docker, v2's on podman. */
  readonly usage = new Map<string, { cpuNs: number; memory: number; inactiveFile: number }>();

  stats(id: string): Promise<EngineStats> {
    this.check();
    const container = this.find(id);
    const usage = this.usage.get(container.id) ?? { cpuNs: 0, memory: 0, inactiveFile: 0 };
    return Promise.resolve({
      read: this.now(),
      cpu_stats: { cpu_usage: { total_usage: usage.cpuNs } },
      memory_stats: {
        usage: usage.memory,
        stats:
          this.flavor === 'docker'
            ? { total_inactive_file: usage.inactiveFile }
            : { inactive_file: usage.inactiveFile },
      },
    });
  }

  startContainer(id: string): Promise<{ exited: Promise<number> }> {
    this.check();
    const container = this.find(id);
    const exited = new Promise<number>((resolve) => container.exitWaiters.push(resolve));
    if (container.options.Entrypoint?.[0] === '/no/such/binary')
      return Promise.reject(
        httpError(
          this.flavor === 'podman' ? 500 : 400,
          'exec: "/no/such/binary": stat /no/such/binary: no such file or directory',
        ),
      );
    container.status = 'running';
    container.startedAt = this.now();
    this.emit(container, 'start');
    return Promise.resolve({ exited });
  }

  stopContainer(id: string): Promise<void> {
    this.check();
    const container = this.find(id);
    if (container.status !== 'running')
      return Promise.reject(httpError(304, 'container already stopped'));
    this.emit(container, 'kill');
    this.exit(id, 143);
    if (this.flavor === 'docker') this.emit(container, 'stop');
    return Promise.resolve();
  }

  removeContainer(id: string): Promise<void> {
    this.check();
    const container = this.find(id);
    if (container.status === 'running') this.exit(id, 137);
    if (this.flavor === 'podman') this.emit(container, 'cleanup');
    this.containers.delete(container.id);
    this.emit(container, this.flavor === 'podman' ? 'remove' : 'destroy');
    return Promise.resolve();
  }

  listContainers(
    labels: Record<string, string>,
  ): Promise<{ Id: string; Labels: Record<string, string> }[]> {
    this.check();
    const matches = [...this.containers.values()].filter((container) =>
      Object.entries(labels).every(([key, value]) => container.options.Labels?.[key] === value),
    );
    return Promise.resolve(
      matches.map((container) => ({ Id: container.id, Labels: container.options.Labels ?? {} })),
    );
  }

  logs(id: string, options: LogOptions, sink: OutputSink, signal: AbortSignal): Promise<void> {
    this.check();
    const container = this.find(id);
    const lines =
      options.tail === undefined ? container.output : container.output.slice(-options.tail);
    for (const { stream, data } of lines) sink(stream, Buffer.from(data));
    if (!options.follow || container.status !== 'running' || signal.aborted)
      return Promise.resolve();
    return new Promise((resolve) => {
      const follower = { sink, end: resolve };
      container.followers.add(follower);
      signal.addEventListener('abort', () => {
        container.followers.delete(follower);
        resolve();
      });
    });
  }

  exec(id: string, options: ExecOptions, sink: OutputSink): Promise<ExecSession> {
    this.check();
    const container = this.find(id);
    if (container.status !== 'running')
      return Promise.reject(httpError(409, `Container ${id} is not running`));
    const behaviour = this.execBehaviour(options.Cmd);
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    for (const { stream, data } of behaviour.output ?? []) sink(stream, Buffer.from(data));
    if (!behaviour.echoStdin && !behaviour.hang) finish(behaviour.exitCode);
    return Promise.resolve({
      write: (data) => {
        if (behaviour.echoStdin) sink('stdout', Buffer.from(data));
      },
      end: () => {
        if (behaviour.echoStdin) finish(behaviour.exitCode);
      },
      detach: () => undefined,
      exitCode,
    });
  }

  events(
    labels: Record<string, string>,
    onEvent: (event: EngineEvent) => void,
    onEnd: (error?: Error) => void,
  ): EventSubscription {
    const subscriber = (event: EngineEvent): void => {
      const attributes = event.Actor.Attributes ?? {};
      if (Object.entries(labels).every(([key, value]) => attributes[key] === value)) onEvent(event);
    };
    const end = (error?: Error): void => {
      this.subscribers.delete(subscriber);
      this.enders.delete(end);
      onEnd(error);
    };
    this.subscribers.add(subscriber);
    this.enders.add(end);
    return {
      stop: () => {
        this.subscribers.delete(subscriber);
        this.enders.delete(end);
      },
    };
  }
}

/** What a call ended with, for tests: its result, or its error. */
export type CallOutcome<M extends AgentMethod> =
  { result: AgentResults[M] } | { error: AgentError };

/** The tab's side of the socket, for tests: pairs, calls, and collects what the agent pushes. */
export class TabClient {
  readonly messages: AgentMessage[] = [];
  private readonly waiters: {
    match: (message: AgentMessage) => boolean;
    resolve: (message: AgentMessage) => void;
  }[] = [];
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Takes messages before they are collected: returns true for the ones it handled. */
  interceptor: ((message: AgentMessage) => boolean) | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = parseAgentMessage(data.toString('utf8'));
      if (!message || this.interceptor?.(message)) return;
      this.messages.push(message);
      for (const waiter of [...this.waiters]) {
        if (!waiter.match(message)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
      });
    });
  }

  /** Opens the socket with an Origin; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, origin: string): Promise<TabClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin });
      socket.once('open', () => {
        resolve(new TabClient(socket));
      });
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`upgrade refused: ${response.statusCode}`));
      });
      socket.once('error', reject);
    });
  }

  send(message: TabMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends a hello and waits for the welcome (or rejects with how the agent closed the socket). */
  async pair(
    token: string,
    version = AGENT_PROTOCOL_VERSION,
  ): Promise<Extract<AgentMessage, { type: 'welcome' }>> {
    const welcome = this.next((message) => message.type === 'welcome');
    this.send({ type: 'hello', version, token });
    const outcome = await Promise.race([welcome, this.closed]);
    if ('code' in outcome) throw new Error(`closed ${outcome.code}: ${outcome.reason}`);
    return outcome as Extract<AgentMessage, { type: 'welcome' }>;
  }

  next(match: (message: AgentMessage) => boolean): Promise<AgentMessage> {
    const seen = this.messages.find(match);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => {
      this.waiters.push({
        match,
        resolve: (message) => {
          this.messages.splice(this.messages.indexOf(message), 1);
          resolve(message);
        },
      });
    });
  }

  /** Sends a call; → its id. */
  start(call: AgentCall): number {
    const id = this.nextId++;
    this.send({ type: 'call', id, call });
    return id;
  }

  async outcome<M extends AgentMethod>(id: number): Promise<CallOutcome<M>> {
    const answer = await this.next(
      (message) => (message.type === 'result' || message.type === 'error') && message.id === id,
    );
    if (answer.type === 'error') return { error: answer.error };
    return {
      result: (answer as Extract<AgentMessage, { type: 'result' }>).result as AgentResults[M],
    };
  }

  /** Calls and returns the result; rejects with the agent's error message. */
  async call<M extends AgentMethod>(
    call: Extract<AgentCall, { method: M }>,
  ): Promise<AgentResults[M]> {
    const outcome = await this.outcome<M>(this.start(call));
    if ('error' in outcome) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result;
  }

  /** The output chunks a call has sent so far, joined per stream. */
  output(id: number): Record<OutputStream, string> {
    const text = { stdout: '', stderr: '' };
    for (const message of this.messages)
      if (message.type === 'output' && message.id === id) text[message.stream] += message.data;
    return text;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }

  /**
   * Answers the agent's relayed requests from `gateway` (a cluster's), as the tab's handling of
   * relay messages does; `served` lists them (`kind VERB path`).
   */
  serveRelay(gateway: ApiGateway): { served: string[] } {
    const open = new Map<number, WatchStream | StreamConnection>();
    const served: string[] = [];
    const send = (message: TabMessage): void => {
      if (this.socket.readyState === WebSocket.OPEN) this.send(message);
    };
    this.interceptor = (message) => {
      switch (message.type) {
        case 'relay-request': {
          const { id, kind } = message;
          const request = requestFromWire(message.request);
          served.push(`${kind} ${request.verb} ${request.path}`);
          if (kind === 'request') {
            void gateway.request(request).then((response) => {
              send({ type: 'relay-response', id, response: responseToWire(response) });
            });
          } else if (kind === 'watch') {
            open.set(
              id,
              gateway.watch(request, {
                onStart: (response) => {
                  send({ type: 'relay-start', id, response: responseToWire(response) });
                },
                onEvents: (events) => {
                  send({ type: 'relay-events', id, events });
                },
                onEnd: (response) => {
                  open.delete(id);
                  send({
                    type: 'relay-end',
                    id,
                    ...(response ? { response: responseToWire(response) } : {}),
                  });
                },
              }),
            );
          } else {
            open.set(
              id,
              gateway.stream(request, {
                onStart: (response) => {
                  send({ type: 'relay-start', id, response: responseToWire(response) });
                },
                onData: (data, channel) => {
                  send({ type: 'relay-data', id, data, ...(channel ? { channel } : {}) });
                },
                onEnd: (response) => {
                  open.delete(id);
                  send({
                    type: 'relay-end',
                    id,
                    ...(response ? { response: responseToWire(response) } : {}),
                  });
                },
              }),
            );
          }
          return true;
        }
        case 'relay-cancel':
          open.get(message.id)?.stop();
          open.delete(message.id);
          return true;
        case 'relay-input': {
          const stream = open.get(message.id);
          if (stream && 'write' in stream) stream.write(message.data, message.channel);
          return true;
        }
        case 'relay-input-end': {
          const stream = open.get(message.id);
          if (stream && 'endInput' in stream) stream.endInput();
          return true;
        }
        default:
          return false;
      }
    };
    return { served };
  }
}

/**
 * The engine an integration suite runs against (K8SPG_DOCKER_HOST, DOCKER_HOST or the default
 * socket), or why the suite skips, said in one line; under K8SPG_REQUIRE_ENGINE=1 (CI) an
 * unusable engine fails the run instead.
 */
export async function integrationEngine(
  suite: string,
): Promise<{ host: string; unusable: string | null }> {
  const host = dockerHostFromEnv();
  const unusable = await probeEngine(host);
  if (unusable !== null) {
    if (process.env.K8SPG_REQUIRE_ENGINE === '1')
      throw new Error(`K8SPG_REQUIRE_ENGINE=1 but ${unusable}`);
    console.warn(`${suite} skipped: ${unusable}`);
  }
  return { host, unusable };
}

/** An agent runtime on the engine at `host` for tests: the local busybox image as sandbox. */
export function testRuntime(host: string, runId: string, podNetwork: string): AgentRuntime {
  return new AgentRuntime(new DockerodeEngine(host), {
    runId,
    sandboxImage: TEST_IMAGE,
    sandboxCommand: ['sleep', '2147483647'],
    podNetwork,
  });
}

/** An agent for tests on a free loopback port: one allowed origin, a minute's grace, no log. */
export function startTestAgent(
  runtime: AgentRuntime,
  origin: string,
  token: string,
): Promise<AgentServer> {
  return AgentServer.start({
    host: '127.0.0.1',
    port: 0,
    allowOrigins: [origin],
    token,
    runtime,
    graceMs: 60_000,
    log: () => undefined,
  });
}
