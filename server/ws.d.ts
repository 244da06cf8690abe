// The part of the `ws` package (8.x) the HTTP front uses: a WebSocket server without a listener of
// its own, completing handshakes the front has accepted, and its binary messages; and the client
// its tests dial with. The package ships no types and @types/ws is not installed.

declare module 'ws' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage } from 'node:http';
  import type { Duplex } from 'node:stream';

  export class WebSocket extends EventEmitter {
    constructor(
      address: string,
      protocols: string[],
      options: { ca?: string; headers?: Record<string, string> },
    );
    readonly protocol: string;
    readonly readyState: number;
    send(data: Buffer, options: { binary: boolean }): void;
    close(code?: number): void;
    terminate(): void;
    on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
    on(event: 'open', listener: () => void): this;
    on(event: 'close', listener: (code: number) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(
      event: 'unexpected-response',
      listener: (request: unknown, response: IncomingMessage) => void,
    ): this;
  }

  export interface ServerOptions {
    noServer: true;
    perMessageDeflate?: boolean;
    clientTracking?: boolean;
    handleProtocols?: (protocols: Set<string>, request: IncomingMessage) => string | false;
  }

  export class WebSocketServer extends EventEmitter {
    constructor(options: ServerOptions);
    handleUpgrade(
      request: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      callback: (socket: WebSocket, request: IncomingMessage) => void,
    ): void;
  }
}
