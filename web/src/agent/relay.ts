// The tab's side of the agent's relay (agent/protocol.ts): real kubectl's requests, which the
// agent has authenticated, served by the tab's API server through the external gateway (the one
// `npm run cluster`'s HTTP front uses), so they enter the rounds as kubectl's and the diagram
// draws them. A watch streams its events back, a streamed answer (logs -f, exec) its chunks, and
// kubectl leaving (relay-cancel) stops them.

import {
  requestFromWire,
  responseToWire,
  type AgentMessage,
  type RelayKind,
  type TabMessage,
} from '../../../agent/protocol.ts';
import { internalError } from '../../../workers/api/errors.ts';
import type { ApiRequest, ApiResponse } from '../../../workers/client/protocol.ts';
import type { ExternalGateway } from '../../../workers/host/gateway.ts';
import type { StreamConnection } from '../../../workers/client/transport.ts';

type Gateway = Pick<ExternalGateway, 'request' | 'watch' | 'stream'>;

/** Serves relayed requests; `send` writes to the agent's socket. */
export class RelayServer {
  /** Watches and streams kubectl still holds open, by the agent's request id. */
  private readonly open = new Map<number, Partial<StreamConnection> & { stop(): void }>();

  constructor(
    private readonly gateway: Gateway,
    private readonly send: (message: TabMessage) => void,
  ) {}

  /** Handles a relay frame; false for frames that are not the relay's. */
  handle(message: AgentMessage): boolean {
    switch (message.type) {
      case 'relay-request':
        this.serve(message.id, message.kind, requestFromWire(message.request));
        return true;
      case 'relay-cancel':
        this.open.get(message.id)?.stop();
        this.open.delete(message.id);
        return true;
      case 'relay-input':
        this.open.get(message.id)?.write?.(message.data, message.channel);
        return true;
      case 'relay-input-end':
        this.open.get(message.id)?.endInput?.();
        return true;
      default:
        return false;
    }
  }

  /** The agent went away: nobody is left to read what is open. */
  closeAll(): void {
    for (const stream of this.open.values()) stream.stop();
    this.open.clear();
  }

  private serve(id: number, kind: RelayKind, request: ApiRequest): void {
    const end = (response?: ApiResponse): void => {
      this.open.delete(id);
      this.send({
        type: 'relay-end',
        id,
        ...(response ? { response: responseToWire(response) } : {}),
      });
    };
    const start = (response: ApiResponse): void => {
      this.send({ type: 'relay-start', id, response: responseToWire(response) });
    };
    switch (kind) {
      case 'request':
        this.gateway.request(request).then(
          (response) => {
            this.send({ type: 'relay-response', id, response: responseToWire(response) });
          },
          (error: unknown) => {
            const status = internalError(error instanceof Error ? error.message : String(error));
            this.send({
              type: 'relay-response',
              id,
              response: { code: status.code, body: status, contentType: 'application/json' },
            });
          },
        );
        return;
      case 'watch':
        this.open.set(
          id,
          this.gateway.watch(request, {
            onStart: start,
            onEvents: (events) => {
              this.send({ type: 'relay-events', id, events });
            },
            onEnd: end,
          }),
        );
        return;
      case 'stream':
        this.open.set(
          id,
          this.gateway.stream(request, {
            onStart: start,
            onData: (data, channel) => {
              this.send({ type: 'relay-data', id, data, ...(channel ? { channel } : {}) });
            },
            onEnd: end,
          }),
        );
        return;
    }
  }
}
