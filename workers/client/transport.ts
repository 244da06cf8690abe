// How a component reaches the API server: requests and watch streams as messages over its
// ActorContext, the counterpart of client-go's rest.Client over HTTP.

import { defaultUserAgent } from '../api/version.ts';
import type { ActorContext } from '../host/runtime.ts';
import {
  APISERVER,
  type ApiRequest,
  type ApiResponse,
  type ComponentId,
  type Envelope,
  type KubeletRequest,
  type StreamChannel,
  type UserInfo,
  type WatchEvent,
} from './protocol.ts';

export interface WatchHandler {
  /** The server accepted the watch (its 200, before any event); `response` carries its headers. */
  onStart?(response: ApiResponse): void;
  onEvents(events: WatchEvent[]): void;
  /** The stream ended: `response` is set when the server refused to start it (non-200). */
  onEnd(response?: ApiResponse): void;
}

export interface WatchStream {
  stop(): void;
}

/**
 * A request whose answer may stream (`kubectl logs -f`): its head, then chunks of its body; after
 * a 101 head (pods/exec), chunks on the remote command's channels.
 */
export interface StreamHandler {
  /** A streaming answer began: `response.body` holds its text so far. */
  onStart(response: ApiResponse): void;
  onData(chunk: string, channel?: StreamChannel): void;
  /** The body ended; `response` is set when the answer was not a stream (an error, or all of it). */
  onEnd(response?: ApiResponse): void;
}

/** A streamed request the caller can also write to once it is upgraded. */
export interface StreamConnection extends WatchStream {
  write(chunk: string, channel: 'stdin' | 'resize'): void;
  /** The caller's stdin has ended. */
  endInput(): void;
}

export interface Transport {
  request(request: ApiRequest): Promise<ApiResponse>;
  watch(request: ApiRequest, handler: WatchHandler): WatchStream;
}

/**
 * Requests through `transport` that name no user act as `user`: a caller's own identity. A
 * transport that can stream (an ActorTransport) still can, so `kubectl logs -f` and `exec` work.
 */
export function asUser(transport: Transport, user: UserInfo): Transport {
  const withUser = (request: ApiRequest): ApiRequest =>
    request.user ? request : { ...request, user };
  const wrapped: Transport & { stream?: ActorTransport['stream'] } = {
    request: (request) => transport.request(withUser(request)),
    watch: (request, handler) => transport.watch(withUser(request), handler),
  };
  if (transport instanceof ActorTransport)
    wrapped.stream = (request, handler) => transport.stream(withUser(request), handler);
  return wrapped;
}

export class ActorTransport implements Transport {
  private nextId = 1;
  private readonly pending = new Map<number, (response: ApiResponse) => void>();
  private readonly watches = new Map<number, WatchHandler>();
  private readonly streams = new Map<number, StreamHandler>();
  private readonly componentCalls = new Map<number, (response: ApiResponse) => void>();

  constructor(
    private readonly context: ActorContext,
    private readonly user?: UserInfo,
    private readonly server = APISERVER,
  ) {}

  /** A transport that owns the component's inbox: for components that only talk to the apiserver. */
  static attach(context: ActorContext, user?: UserInfo): ActorTransport {
    const transport = new ActorTransport(context, user);
    context.onMessage((envelope) => transport.handle(envelope));
    return transport;
  }

  request(request: ApiRequest): Promise<ApiResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send(id, request);
    });
  }

  watch(request: ApiRequest, handler: WatchHandler): WatchStream {
    const id = this.nextId++;
    this.watches.set(id, handler);
    this.send(id, { ...request, query: { ...request.query, watch: 'true' } });
    return {
      stop: () => {
        if (!this.watches.delete(id)) return;
        this.context.send(this.server, { type: 'watch-cancel', id });
      },
    };
  }

  /**
   * A request that may be answered with a stream; `stop` leaves it. An upgraded stream (pods/exec)
   * takes the caller's input too.
   */
  stream(request: ApiRequest, handler: StreamHandler): StreamConnection {
    const id = this.nextId++;
    this.streams.set(id, handler);
    this.send(id, request);
    return {
      stop: () => {
        if (!this.streams.delete(id)) return;
        this.context.send(this.server, { type: 'stream-cancel', id });
      },
      write: (chunk, channel) => {
        if (this.streams.has(id))
          this.context.send(this.server, { type: 'stream-data', id, data: chunk, channel });
      },
      endInput: () => {
        if (this.streams.has(id))
          this.context.send(this.server, { type: 'stream-end', id, channel: 'stdin' });
      },
    };
  }

  /**
   * A request to another component's own server (kube-scheduler's port 10259), answered
   * directly rather than through the API server; the UI asks the scheduler this way.
   */
  componentRequest(to: ComponentId, request: KubeletRequest): Promise<ApiResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.componentCalls.set(id, resolve);
      this.context.send(to, { type: 'kubelet-request', id, request });
    });
  }

  private send(id: number, request: ApiRequest): void {
    const identified: ApiRequest = { ...request };
    if (this.user && !request.user) identified.user = this.user;
    if (!request.headers?.['user-agent']) {
      const product = this.context.id.split('/')[0] ?? this.context.id;
      identified.headers = { ...request.headers, 'user-agent': [defaultUserAgent(product)] };
    }
    this.context.send(this.server, { type: 'api-request', id, request: identified });
  }

  /** Routes a reply to its request or watch; returns false for messages that are not for it. */
  handle(envelope: Envelope): boolean {
    const { message } = envelope;
    switch (message.type) {
      case 'api-response': {
        const resolve = this.pending.get(message.id);
        if (resolve) {
          this.pending.delete(message.id);
          // A plain request takes what the answer holds so far and leaves the rest of a stream.
          if (message.response.stream)
            this.context.send(this.server, { type: 'stream-cancel', id: message.id });
          resolve(message.response);
          return true;
        }
        const stream = this.streams.get(message.id);
        if (stream) {
          if (message.response.stream) {
            stream.onStart(message.response);
          } else {
            this.streams.delete(message.id);
            stream.onEnd(message.response);
          }
          return true;
        }
        const watch = this.watches.get(message.id);
        if (!watch) return true;
        if (message.response.code === 200) {
          watch.onStart?.(message.response);
        } else {
          this.watches.delete(message.id);
          watch.onEnd(message.response);
        }
        return true;
      }
      case 'watch-events':
        this.watches.get(message.id)?.onEvents(message.events);
        return true;
      case 'stream-data':
        // A requester's input (stdin, resize) is for the component that answers, not for this.
        if (message.channel === 'stdin' || message.channel === 'resize') return false;
        this.streams.get(message.id)?.onData(message.data, message.channel);
        return true;
      case 'stream-end': {
        if (message.channel === 'stdin') return false;
        const stream = this.streams.get(message.id);
        this.streams.delete(message.id);
        stream?.onEnd();
        return true;
      }
      case 'kubelet-response': {
        const resolve = this.componentCalls.get(message.id);
        if (!resolve) return false;
        this.componentCalls.delete(message.id);
        resolve(message.response);
        return true;
      }
      case 'watch-end': {
        const watch = this.watches.get(message.id);
        this.watches.delete(message.id);
        watch?.onEnd();
        return true;
      }
      default:
        return false;
    }
  }
}
