// The relay: a loopback HTTPS port that serves the Kubernetes API by forwarding each request over
// the paired tab's socket into the tab's API server, so the user's own kubectl drives the cluster
// the tab shows. The HTTP side is `npm run cluster`'s own front (server/http-front.ts, exec
// upgrades in http-upgrade.ts, its PKI and kubeconfig); the agent checks the kubeconfig's bearer
// token as an authenticating front proxy would, and the tab answers as the cluster's gateway.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { serviceUnavailable, unauthorized, type Status } from '../workers/api/errors.ts';
import type { ApiRequest, ApiResponse } from '../workers/client/protocol.ts';
import type {
  StreamConnection,
  StreamHandler,
  WatchHandler,
  WatchStream,
} from '../workers/client/transport.ts';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { apiHandler, commonHeaders, type ApiGateway } from '../server/http-front.ts';
import { upgradeHandler } from '../server/http-upgrade.ts';
import { kubeconfig } from '../server/kubeconfig.ts';
import { createClusterPki } from '../server/pki.ts';
import { requestToWire, responseFromWire, type RelayKind, type TabMessage } from './protocol.ts';
import { isLoopback, NonLoopbackError, type AgentServer, type TabLink } from './server.ts';

export const NO_TAB_MESSAGE =
  'no browser tab is connected to the k8s playground agent: open the pairing URL the agent ' +
  'printed in the web app, then try again';

const NO_TAB: ApiResponse = { code: 503, body: serviceUnavailable(NO_TAB_MESSAGE) };

const TAB_LEFT_MESSAGE = 'the browser tab serving this request disconnected from the agent';

/** A relayed request waiting for the tab: how its answer is delivered. */
type Pending =
  | { kind: 'request'; resolve(response: ApiResponse): void }
  | { kind: 'watch'; handler: WatchHandler }
  | { kind: 'stream'; handler: StreamHandler };

/** The ApiGateway the HTTP front serves, answered by the paired tab through relay messages. */
export class RelayGateway implements ApiGateway {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly tab: TabLink) {}

  /** kubectl's request as the tab's API server gets it: authenticated by the agent. */
  private static authenticated(request: ApiRequest): ApiRequest {
    const headers = { ...request.headers };
    delete headers.authorization;
    return { ...request, headers, user: ADMIN_USER };
  }

  private open(kind: RelayKind, request: ApiRequest, pending: Pending): number | null {
    const id = this.nextId++;
    this.pending.set(id, pending);
    const sent = this.tab.send({
      type: 'relay-request',
      id,
      kind,
      request: requestToWire(RelayGateway.authenticated(request)),
    });
    if (sent) return id;
    this.pending.delete(id);
    return null;
  }

  request(request: ApiRequest): Promise<ApiResponse> {
    return new Promise((resolve) => {
      if (this.open('request', request, { kind: 'request', resolve }) === null) resolve(NO_TAB);
    });
  }

  watch(request: ApiRequest, handler: WatchHandler): WatchStream {
    const id = this.open('watch', request, { kind: 'watch', handler });
    if (id === null) handler.onEnd(NO_TAB);
    return {
      stop: () => {
        this.cancel(id);
      },
    };
  }

  stream(request: ApiRequest, handler: StreamHandler): StreamConnection {
    const id = this.open('stream', request, { kind: 'stream', handler });
    if (id === null) handler.onEnd(NO_TAB);
    return {
      stop: () => {
        this.cancel(id);
      },
      write: (data, channel) => {
        if (id !== null && this.pending.has(id))
          this.tab.send({ type: 'relay-input', id, data, channel });
      },
      endInput: () => {
        if (id !== null && this.pending.has(id)) this.tab.send({ type: 'relay-input-end', id });
      },
    };
  }

  private cancel(id: number | null): void {
    if (id === null || !this.pending.delete(id)) return;
    this.tab.send({ type: 'relay-cancel', id });
  }

  /** A relay message from the tab. */
  handle(message: TabMessage): void {
    if (!('id' in message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'relay-response': {
        this.pending.delete(message.id);
        const response = responseFromWire(message.response);
        if (pending.kind === 'request') pending.resolve(response);
        else pending.handler.onEnd(response);
        return;
      }
      case 'relay-start': {
        const response = responseFromWire(message.response);
        if (pending.kind === 'watch') pending.handler.onStart?.(response);
        else if (pending.kind === 'stream') pending.handler.onStart(response);
        return;
      }
      case 'relay-events':
        if (pending.kind === 'watch') pending.handler.onEvents(message.events);
        return;
      case 'relay-data':
        if (pending.kind === 'stream') pending.handler.onData(message.data, message.channel);
        return;
      case 'relay-end': {
        this.pending.delete(message.id);
        const response = message.response ? responseFromWire(message.response) : undefined;
        if (pending.kind === 'request') pending.resolve(response ?? NO_TAB);
        else pending.handler.onEnd(response);
        return;
      }
      default:
        return;
    }
  }

  /** The tab left: what it was serving ends (a plain request with 503, streams where they are). */
  tabLeft(): void {
    const left: ApiResponse = { code: 503, body: serviceUnavailable(TAB_LEFT_MESSAGE) };
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      if (pending.kind === 'request') pending.resolve(left);
      else pending.handler.onEnd();
    }
  }

  /** Requests waiting for the tab. */
  get inFlight(): number {
    return this.pending.size;
  }
}

function bearer(request: IncomingMessage): string | undefined {
  const [scheme, token, ...rest] = (request.headers.authorization ?? '').trim().split(/\s+/);
  return scheme?.toLowerCase() === 'bearer' && token && rest.length === 0 ? token : undefined;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function statusText(status: Status): { headers: Record<string, string>; text: string } {
  const text = `${JSON.stringify(status)}\n`;
  return {
    headers: {
      ...commonHeaders('application/json'),
      'Content-Length': String(Buffer.byteLength(text)),
    },
    text,
  };
}

/** kube-apiserver's answer to a request without valid credentials. */
function sendUnauthorized(res: ServerResponse): void {
  const { headers, text } = statusText(unauthorized('Unauthorized'));
  res.writeHead(401, headers);
  res.end(text);
}

export interface ServedRelay {
  server: Server;
  /** `https://127.0.0.1:<port>` */
  url: string;
  caCert: string;
  close(): void;
}

/** The relay's HTTPS listener on a loopback `host`:`port` (0 picks a free port). */
export function serveRelay(
  gateway: RelayGateway,
  options: { host: string; port: number; token: string },
): Promise<ServedRelay> {
  if (!isLoopback(options.host)) return Promise.reject(new NonLoopbackError(options.host));
  const pki = createClusterPki();
  const api = apiHandler(gateway);
  const upgrade = upgradeHandler(gateway);
  const server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (request, res) => {
    if (sameToken(bearer(request), options.token)) {
      api(request, res);
      return;
    }
    request.resume();
    sendUnauthorized(res);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (sameToken(bearer(request), options.token)) {
      upgrade(request, socket, head);
      return;
    }
    const { headers, text } = statusText(unauthorized('Unauthorized'));
    const lines = Object.entries({ ...headers, Connection: 'close' }).map(
      ([name, value]) => `${name}: ${value}`,
    );
    socket.end(`HTTP/1.1 401 Unauthorized\r\n${lines.join('\r\n')}\r\n\r\n${text}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        server,
        url: `https://${host}:${port}`,
        caCert: pki.caCert,
        close() {
          server.closeAllConnections();
          server.close();
        },
      });
    });
  });
}

/**
 * Serves the relay for `agent`'s paired tab and writes its kubeconfig (mode 0600) at
 * `kubeconfigPath`; the welcome tells the tab where it is.
 */
export async function startRelay(
  agent: AgentServer,
  options: { host: string; port: number; token: string; kubeconfigPath: string },
): Promise<ServedRelay> {
  const gateway = new RelayGateway(agent);
  agent.relayHandler = (message) => {
    gateway.handle(message);
  };
  agent.pairingListener = (paired) => {
    if (!paired) gateway.tabLeft();
  };
  const relay = await serveRelay(gateway, options);
  mkdirSync(path.dirname(options.kubeconfigPath), { recursive: true });
  writeFileSync(options.kubeconfigPath, kubeconfig(relay.url, relay.caCert, options.token), {
    mode: 0o600,
  });
  agent.relay = { server: relay.url, kubeconfig: options.kubeconfigPath };
  return relay;
}
