// Upgrade requests (`kubectl exec`): the API server checks the request and, if it answers 101,
// the front completes the WebSocket handshake for `v5.channel.k8s.io` and carries the remote
// command's channels as binary messages whose first byte is the channel (0 stdin, 1 stdout,
// 2 stderr, 3 error, 4 resize), and v5's close signal `255, <channel>` for the end of stdin, as
// k8s.io/apimachinery's wsstream Conn does; the stream ends with a normal closure. Any other
// answer (an error, or a request for SPDY, which is not served) goes back as a plain HTTP response.

import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { METHOD_NOT_ALLOWED } from '../workers/apiserver/responses.ts';
import { STREAM_PROTOCOL_V5 } from '../workers/api/remote-command.ts';
import type { ApiResponse, HttpVerb, StreamChannel } from '../workers/client/protocol.ts';
import type { StreamConnection } from '../workers/client/transport.ts';
import { commonHeaders, encode, toApiRequest, VERBS, type ApiGateway } from './http-front.ts';

const CHANNELS: readonly StreamChannel[] = ['stdin', 'stdout', 'stderr', 'error', 'resize'];
/** v5's CLOSE signal: `[255, channel]` half-closes the channel. */
const STREAM_CLOSE = 255;
/** gorilla/websocket's CloseNormalClosure, which the client reads as the end of every stream. */
const NORMAL_CLOSURE = 1000;

/** One binary message: the channel's byte, then the data. */
export function channelFrame(channel: StreamChannel, data: string): Buffer {
  return Buffer.concat([Buffer.from([CHANNELS.indexOf(channel)]), Buffer.from(data, 'utf8')]);
}

/** What a client's binary message says: data on a channel, or that the channel is closed. */
export function readFrame(
  frame: Buffer,
): { channel: StreamChannel; data: Buffer } | { closed: StreamChannel } | null {
  const first = frame[0];
  if (first === STREAM_CLOSE) {
    const closed = CHANNELS[frame[1] ?? -1];
    return closed ? { closed } : null;
  }
  const channel = CHANNELS[first ?? -1];
  return channel ? { channel, data: frame.subarray(1) } : null;
}

/** A whole HTTP response written on the socket that asked to upgrade. */
function reply(socket: Duplex, response: ApiResponse): void {
  const { contentType, text } = encode(response);
  const headers = {
    ...commonHeaders(contentType),
    ...response.headers,
    'Content-Length': String(Buffer.byteLength(text)),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const status = `HTTP/1.1 ${response.code} ${STATUS_CODES[response.code] ?? ''}`;
  socket.end(`${[status, ...lines].join('\r\n')}\r\n\r\n${text}`);
}

/** A message's bytes: with the default binaryType every message is one Buffer or its fragments. */
export function messageBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** The client's messages, into the connection's stdin and resize channels. */
function relayInput(ws: WebSocket, connection: StreamConnection): void {
  const stdin = new StringDecoder('utf8');
  ws.on('message', (data, isBinary) => {
    const frame = isBinary ? readFrame(messageBytes(data)) : null;
    if (!frame) return;
    if ('closed' in frame) {
      if (frame.closed !== 'stdin') return;
      const rest = stdin.end();
      if (rest !== '') connection.write(rest, 'stdin');
      connection.endInput();
    } else if (frame.channel === 'stdin') {
      const text = stdin.write(frame.data);
      if (text !== '') connection.write(text, 'stdin');
    } else if (frame.channel === 'resize') {
      connection.write(frame.data.toString('utf8'), 'resize');
    }
  });
}

export function upgradeHandler(
  gateway: ApiGateway,
): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const websockets = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    handleProtocols: (protocols) =>
      protocols.has(STREAM_PROTOCOL_V5) ? STREAM_PROTOCOL_V5 : false,
  });
  return (request, socket, head) => {
    const verb = request.method ?? 'GET';
    if (!VERBS.has(verb)) {
      reply(socket, { code: METHOD_NOT_ALLOWED.code, body: METHOD_NOT_ALLOWED });
      return;
    }
    let ws: WebSocket | null = null;
    const waiting: Buffer[] = [];
    let closing = false;
    const send = (frame: Buffer): void => {
      if (ws) ws.send(frame, { binary: true });
      else waiting.push(frame);
    };
    const connection = gateway.stream(toApiRequest(request, verb as HttpVerb, Buffer.alloc(0)), {
      onStart(response) {
        if (response.code !== 101) {
          connection.stop();
          reply(socket, response);
          return;
        }
        websockets.handleUpgrade(request, socket, head, (upgraded) => {
          ws = upgraded;
          for (const frame of waiting.splice(0)) upgraded.send(frame, { binary: true });
          if (closing) upgraded.close(NORMAL_CLOSURE);
          relayInput(upgraded, connection);
          upgraded.on('close', () => {
            connection.stop();
          });
          upgraded.on('error', () => {
            connection.stop();
          });
        });
      },
      onData(chunk, channel) {
        if (channel) send(channelFrame(channel, chunk));
      },
      onEnd(response) {
        if (response) reply(socket, response);
        else if (ws) ws.close(NORMAL_CLOSURE);
        else closing = true;
      },
    });
    const leave = (): void => {
      connection.stop();
    };
    socket.on('error', leave);
    socket.on('close', leave);
  };
}
