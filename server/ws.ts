// The `ws` package (8.x), typed for what the HTTP front uses: a WebSocket server without a listener
// of its own, completing handshakes the front has accepted, and its binary messages; and the client
// its tests dial with. The package ships no types and @types/ws is not installed, so it is loaded
// through require and given these.

import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

export interface WebSocket extends EventEmitter {
  readonly protocol: string;
  send(data: Buffer, options: { binary: boolean }): void;
  close(code?: number): void;
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

export interface WebSocketServerOptions {
  noServer: true;
  clientTracking?: boolean;
  handleProtocols?: (protocols: Set<string>, request: IncomingMessage) => string | false;
}

export interface WebSocketServer {
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    callback: (socket: WebSocket, request: IncomingMessage) => void,
  ): void;
}

interface WsModule {
  WebSocketServer: new (options: WebSocketServerOptions) => WebSocketServer;
  WebSocket: new (
    address: string,
    protocols: string[],
    options: { ca?: string; headers?: Record<string, string> },
  ) => WebSocket;
}

const ws = createRequire(import.meta.url)('ws') as WsModule;

export const { WebSocketServer, WebSocket } = ws;
