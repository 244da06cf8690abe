// The agent's loopback WebSocket for the tab (DESIGN.md's trust boundary): it listens on loopback
// only, accepts upgrades only from the allowed Origins, pairs the one tab whose hello carries this
// run's token, serves its CRI calls with the runtime, pushes container events from the engine's
// event stream, and removes this run's containers when the tab has been gone for the grace period.

import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventSubscription } from './engine.ts';
import {
  AGENT_CLOSE,
  AGENT_PROTOCOL_VERSION,
  parseTabMessage,
  type AgentError,
  type AgentMessage,
  type EngineStatus,
  type TabMessage,
} from './protocol.ts';
import { AgentRuntime, engineMessage, toAgentError, type CallIO } from './runtime.ts';

export interface AgentServerOptions {
  /** A loopback address: 127.0.0.1 (default), ::1 or localhost. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  allowOrigins: readonly string[];
  token: string;
  runtime: AgentRuntime;
  /** How long the tab may be gone before this run's containers are removed. */
  graceMs: number;
  /** How long a new socket has to send its hello. */
  helloTimeoutMs?: number;
  /** How often to look for an engine that was unreachable. */
  engineRetryMs?: number;
  log(line: string): void;
}

const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
const DEFAULT_ENGINE_RETRY_MS = 5_000;

/** True for 127.0.0.0/8, ::1 and `localhost`: the addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

export class NonLoopbackError extends Error {
  constructor(host: string) {
    super(
      `refusing to listen on ${host}: the agent only listens on loopback (127.0.0.1, ::1 or localhost), ` +
        'because whoever reaches it can run containers on this machine',
    );
    this.name = 'NonLoopbackError';
  }
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses an upgrade with a plain HTTP answer the client can read. */
function refuse(socket: Duplex, code: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

const CANCELLED: AgentError = { code: 'Cancelled', message: 'the call was cancelled' };

interface StdinSink {
  write(data: string): void;
  end(): void;
}

/** An exec's stdin: what the tab sends before the exec has started waits for it. */
class StdinBuffer implements StdinSink {
  private sink: StdinSink | null = null;
  private readonly waiting: (string | null)[] = [];

  attach(sink: StdinSink): void {
    this.sink = sink;
    for (const data of this.waiting.splice(0)) {
      if (data === null) sink.end();
      else sink.write(data);
    }
  }

  write(data: string): void {
    if (this.sink) this.sink.write(data);
    else this.waiting.push(data);
  }

  end(): void {
    if (this.sink) this.sink.end();
    else this.waiting.push(null);
  }
}

/** A call of the paired tab in flight. */
interface CallEntry {
  abort: AbortController;
  stdin: StdinBuffer;
}

/** What the relay needs of the paired tab. */
export interface TabLink {
  /** Sends to the paired tab; false when there is none. */
  send(message: AgentMessage): boolean;
  readonly paired: boolean;
}

export class AgentServer implements TabLink {
  private tab: WebSocket | null = null;
  /** The paired tab's calls in flight: their cancellation and stdin. */
  private readonly calls = new Map<number, CallEntry>();
  private graceTimer: NodeJS.Timeout | null = null;
  private engineTimer: NodeJS.Timeout | null = null;
  private subscription: EventSubscription | null = null;
  private engine: EngineStatus;
  private closing = false;
  /** The relay's messages from the tab (relay-*). */
  relayHandler: ((message: TabMessage) => void) | null = null;
  /** Told when a tab pairs or leaves. */
  pairingListener: ((paired: boolean) => void) | null = null;
  /** Set by main when the relay serves: told to the tab in the welcome. */
  relay: { server: string; kubeconfig: string } | null = null;

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    private readonly options: AgentServerOptions,
    readonly url: string,
  ) {
    this.engine = {
      available: false,
      host: options.runtime.engine.host,
      message: 'not checked yet',
    };
  }

  /** Listens on the loopback address; throws NonLoopbackError for any other. */
  static async start(options: AgentServerOptions): Promise<AgentServer> {
    if (!isLoopback(options.host)) throw new NonLoopbackError(options.host);
    const server = createServer((_request, response) => {
      response.writeHead(426, {
        'Content-Type': 'text/plain; charset=utf-8',
        Upgrade: 'websocket',
      });
      response.end('k8s playground agent: pair from the web app with the URL the agent printed.\n');
    });
    const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { address, port } = server.address() as AddressInfo;
    const host = isIP(address) === 6 ? `[${address}]` : address;
    const agent = new AgentServer(server, sockets, options, `ws://${host}:${port}`);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      agent.upgrade(request, socket, head);
    });
    options.runtime.onContainerEvent((event) => {
      agent.send({ type: 'container-event', event });
    });
    await agent.checkEngine();
    return agent;
  }

  get paired(): boolean {
    return this.tab !== null;
  }

  get engineStatus(): EngineStatus {
    return this.engine;
  }

  send(message: AgentMessage): boolean {
    if (!this.tab) return false;
    this.tab.send(JSON.stringify(message));
    return true;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = request.headers.origin;
    if (origin === undefined || !this.options.allowOrigins.includes(origin)) {
      const shown = origin ?? '(none)';
      this.options.log(`refused a connection from origin ${shown}: not in --allow-origin`);
      refuse(
        socket,
        403,
        `origin ${shown} is not allowed: start the agent with --allow-origin ${origin ?? '<the app origin>'}\n`,
      );
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      this.accept(ws);
    });
  }

  /** A socket has helloTimeoutMs to pair. */
  private accept(ws: WebSocket): void {
    const timer = setTimeout(() => {
      ws.close(AGENT_CLOSE.noHello, 'agent: no hello from the tab in time');
    }, this.options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
    });
    ws.once('message', (data: Buffer) => {
      clearTimeout(timer);
      const hello = parseTabMessage(data.toString('utf8'));
      if (hello?.type !== 'hello') {
        ws.close(AGENT_CLOSE.noHello, 'agent: the first message must be a hello');
        return;
      }
      if (hello.version !== AGENT_PROTOCOL_VERSION) {
        ws.close(
          AGENT_CLOSE.versionMismatch,
          `agent: protocol version ${AGENT_PROTOCOL_VERSION}, the tab speaks ${String(hello.version)}; update the app or the agent`,
        );
        return;
      }
      if (!sameToken(hello.token, this.options.token)) {
        this.options.log('refused a tab: wrong pairing token');
        ws.close(
          AGENT_CLOSE.wrongToken,
          'agent: wrong pairing token; open the pairing URL the agent printed',
        );
        return;
      }
      this.pair(ws);
    });
  }

  private pair(ws: WebSocket): void {
    if (this.tab) {
      const previous = this.tab;
      this.leave(previous);
      previous.close(AGENT_CLOSE.replaced, 'agent: another tab paired with this agent');
    }
    if (this.graceTimer) {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
    this.tab = ws;
    ws.on('message', (data: Buffer) => {
      const message = parseTabMessage(data.toString('utf8'));
      if (message && this.tab === ws) this.handle(message);
    });
    ws.on('close', () => {
      if (this.tab === ws) this.leave(ws);
    });
    this.options.log('a tab paired');
    this.send({
      type: 'welcome',
      version: AGENT_PROTOCOL_VERSION,
      runId: this.options.runtime.options.runId,
      engine: this.engine,
      sandboxImage: this.options.runtime.options.sandboxImage,
      ...(this.relay ? { relay: this.relay } : {}),
    });
    this.pairingListener?.(true);
  }

  /** The tab is gone: its calls end, and its containers go after the grace period. */
  private leave(ws: WebSocket): void {
    if (this.tab !== ws) return;
    this.tab = null;
    for (const call of this.calls.values()) call.abort.abort();
    this.calls.clear();
    this.pairingListener?.(false);
    if (this.closing) return;
    this.options.log(
      `the tab left; removing this run's containers in ${this.options.graceMs / 1000} s unless it comes back`,
    );
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      void this.removeContainers('the tab did not come back');
    }, this.options.graceMs);
  }

  /** Removes this run's containers; → how many. */
  async removeContainers(why: string): Promise<number> {
    try {
      const count = await this.options.runtime.removeAll();
      this.options.log(`removed ${count} container(s): ${why}`);
      return count;
    } catch (error) {
      this.options.log(`could not remove this run's containers: ${engineMessage(error)}`);
      return 0;
    }
  }

  private handle(message: TabMessage): void {
    switch (message.type) {
      case 'call':
        this.serve(message.id, message.call);
        return;
      case 'cancel':
        this.calls.get(message.id)?.abort.abort();
        return;
      case 'stdin':
        this.calls.get(message.id)?.stdin.write(message.data);
        return;
      case 'stdin-end':
        this.calls.get(message.id)?.stdin.end();
        return;
      case 'hello':
        return;
      default:
        this.relayHandler?.(message);
    }
  }

  private serve(id: number, call: Extract<TabMessage, { type: 'call' }>['call']): void {
    const abort = new AbortController();
    const entry: CallEntry = { abort, stdin: new StdinBuffer() };
    this.calls.set(id, entry);
    const io: CallIO = {
      signal: abort.signal,
      progress: (progress) => {
        if (!abort.signal.aborted) this.send({ type: 'pull-progress', id, progress });
      },
      output: (stream, data) => {
        if (!abort.signal.aborted) this.send({ type: 'output', id, stream, data });
      },
      onStdin: (input) => {
        entry.stdin.attach(input);
      },
    };
    const settled = (): boolean => {
      const current = this.calls.get(id) === entry;
      if (current) this.calls.delete(id);
      // A cancelled call is answered too, so that the tab's caller settles.
      return current || abort.signal.aborted;
    };
    this.options.runtime.call(call, io).then(
      (result) => {
        if (!settled()) return;
        if (abort.signal.aborted) this.send({ type: 'error', id, error: CANCELLED });
        else this.send({ type: 'result', id, result });
      },
      (error: unknown) => {
        const failure = toAgentError(error, 'Internal', this.options.runtime.engine.host);
        if (failure.code === 'EngineUnavailable') void this.checkEngine();
        if (!settled()) return;
        this.send({ type: 'error', id, error: abort.signal.aborted ? CANCELLED : failure });
      },
    );
  }

  /** Pings the engine; subscribes to its events when it is (back), retries while it is not. */
  async checkEngine(): Promise<EngineStatus> {
    if (this.closing) return this.engine;
    const engine = this.options.runtime.engine;
    let status: EngineStatus;
    try {
      await engine.ping();
      status = { available: true, host: engine.host, info: await this.options.runtime.info() };
    } catch (error) {
      status = {
        available: false,
        host: engine.host,
        message:
          `cannot reach the Docker Engine API at ${engine.host} (${engineMessage(error)}): ` +
          'start Docker (or `podman system service`) or point K8SPG_DOCKER_HOST or DOCKER_HOST at it',
      };
    }
    this.setEngine(status);
    return status;
  }

  private setEngine(status: EngineStatus): void {
    const changed =
      status.available !== this.engine.available || status.message !== this.engine.message;
    this.engine = status;
    if (changed) {
      this.options.log(
        status.available ? `Docker Engine API at ${status.host}` : (status.message ?? ''),
      );
      this.send({ type: 'engine-status', engine: status });
    }
    if (status.available) {
      this.subscribe();
    } else {
      this.subscription?.stop();
      this.subscription = null;
      if (!this.engineTimer && !this.closing)
        this.engineTimer = setTimeout(() => {
          this.engineTimer = null;
          void this.checkEngine();
        }, this.options.engineRetryMs ?? DEFAULT_ENGINE_RETRY_MS);
    }
  }

  private subscribe(): void {
    if (this.subscription) return;
    const runtime = this.options.runtime;
    // What happened while there was no stream (none on the first subscription).
    void runtime.resync(Date.now());
    this.subscription = runtime.engine.events(
      runtime.runLabels,
      (event) => {
        runtime.handleEngineEvent(event);
      },
      () => {
        this.subscription = null;
        void this.checkEngine();
      },
    );
  }

  /** Stops serving: the tab is told why, the engine's event stream ends. Containers stay. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.engineTimer) clearTimeout(this.engineTimer);
    this.subscription?.stop();
    if (this.tab) {
      const tab = this.tab;
      this.leave(tab);
      tab.close(AGENT_CLOSE.shuttingDown, 'agent: shutting down; its containers are being removed');
    }
    for (const client of this.sockets.clients) client.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
