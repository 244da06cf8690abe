// Requests from outside the cluster's rounds (the HTTP front of `npm run cluster`, later the
// agent's relay). Each enters the next round through kubectl's component, so the API server
// sees it like any other component's request and the trace shows it; `wake` tells whoever
// drives the rounds that there is work.

import { KUBECTL, type ApiRequest, type ApiResponse } from '../client/protocol.ts';
import type {
  ActorTransport,
  StreamConnection,
  StreamHandler,
  WatchHandler,
  WatchStream,
} from '../client/transport.ts';
import type { KubectlHandle } from './kubectl-actor.ts';
import type { ActorRuntime } from './runtime.ts';

export class ExternalGateway {
  constructor(
    private readonly runtime: ActorRuntime,
    private readonly kubectl: KubectlHandle,
    private readonly wake: () => void,
  ) {}

  request(request: ApiRequest): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      this.enqueue((transport) => {
        transport.request(request).then(resolve, reject);
      });
    });
  }

  /** Starts a watch in the next round; `stop` ends it in the round after it is called. */
  watch(request: ApiRequest, handler: WatchHandler): WatchStream {
    return this.open((transport) => transport.watch(request, handler));
  }

  /**
   * A request whose answer may stream (pods/log?follow=true); `stop` leaves it, like a watch. An
   * upgraded one (pods/exec) takes input, which enters the rounds in the order it was written.
   */
  stream(request: ApiRequest, handler: StreamHandler): StreamConnection {
    let connection: StreamConnection | null = null;
    const stream = this.open((transport) => (connection = transport.stream(request, handler)));
    return {
      stop: () => {
        stream.stop();
      },
      write: (chunk, channel) => {
        this.enqueue(() => connection?.write(chunk, channel));
      },
      endInput: () => {
        this.enqueue(() => connection?.endInput());
      },
    };
  }

  private open(start: (transport: ActorTransport) => WatchStream): WatchStream {
    let stream: WatchStream | null = null;
    let stopped = false;
    this.enqueue((transport) => {
      if (!stopped) stream = start(transport);
    });
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.enqueue(() => stream?.stop());
      },
    };
  }

  private enqueue(work: (transport: ActorTransport) => void): void {
    this.runtime.enqueueExternal(KUBECTL, () => {
      const transport = this.kubectl.transport;
      if (!transport) throw new Error('kubectl has not started');
      work(transport);
    });
    this.wake();
  }
}
