// The Kubernetes API over HTTP: a thin adapter from node:http to the API server's request
// handler, the one the browser's components call. It turns an HTTP request into the protocol's
// ApiRequest (method, path, query, raw body, headers), and the answer back into status, headers
// and a body; a watch becomes a chunked stream of JSON lines, as kube-apiserver serves it, and a
// streamed answer (pods/log?follow=true) a chunked text body.
// Limits as kube-apiserver's: 3 MiB request bodies.

import { queryBool } from '../workers/api/query.ts';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { internalError, requestEntityTooLarge, type Status } from '../workers/api/errors.ts';
import { METHOD_NOT_ALLOWED } from '../workers/apiserver/responses.ts';
import type { ApiRequest, ApiResponse, HttpVerb, WatchEvent } from '../workers/client/protocol.ts';
import type {
  StreamConnection,
  StreamHandler,
  WatchHandler,
  WatchStream,
} from '../workers/client/transport.ts';

/** Where requests go: the cluster's gateway, or anything that answers like it. */
export interface ApiGateway {
  request(request: ApiRequest): Promise<ApiResponse>;
  watch(request: ApiRequest, handler: WatchHandler): WatchStream;
  stream(request: ApiRequest, handler: StreamHandler): StreamConnection;
}

/** kube-apiserver's --max-request-body-bytes default (MaxRequestBodyBytes, 3 MiB). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export const VERBS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** What client-go's typed clients send built-in objects as. */
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

/** The first value of each query parameter, as Go's url.Values.Get reads them. */
function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  return query;
}

/** Every value of the parameters that repeat (pods/exec's `command`). */
function repeatedValues(url: URL): Record<string, string[]> | undefined {
  const values: Record<string, string[]> = {};
  let repeats = false;
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    if (all.length < 2) continue;
    values[key] = all;
    repeats = true;
  }
  return repeats ? values : undefined;
}

function wantsWatch(query: Record<string, string>): boolean {
  const value = query.watch?.toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Protobuf bodies stay bytes; everything else is text. */
function bodyOf(body: Buffer, contentType: string | undefined): unknown {
  if (contentType?.startsWith(PROTOBUF)) return new Uint8Array(body);
  return body.toString('utf8');
}

export function toApiRequest(request: IncomingMessage, verb: HttpVerb, body: Buffer): ApiRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const apiRequest: ApiRequest = {
    verb,
    path: url.pathname,
    query: queryOf(url),
    headers: request.headersDistinct as Record<string, string[]>,
  };
  const queryValues = repeatedValues(url);
  if (queryValues) apiRequest.queryValues = queryValues;
  if (body.length > 0) apiRequest.body = bodyOf(body, request.headers['content-type']);
  const contentType = request.headers['content-type'];
  if (contentType !== undefined) apiRequest.contentType = contentType;
  const accept = request.headers.accept;
  if (accept !== undefined) apiRequest.accept = accept;
  return apiRequest;
}

/** Response headers every answer carries, as kube-apiserver's filters add them. */
export function commonHeaders(contentType: string): Record<string, string> {
  return {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
  };
}

/** A Warning header per message: `299 - "text"` (k8s.io/apiserver pkg/warning). */
function warningHeader(warnings: readonly string[]): string[] {
  return warnings.map((text) => `299 - ${JSON.stringify(text)}`);
}

export function encode(response: ApiResponse): { contentType: string; text: string } {
  const contentType = response.contentType ?? 'application/json';
  if (typeof response.body === 'string') return { contentType, text: response.body };
  if (contentType.startsWith('application/yaml'))
    return { contentType, text: toYaml(response.body, { sortMapEntries: true }) };
  return { contentType, text: `${JSON.stringify(response.body)}\n` };
}

function send(res: ServerResponse, response: ApiResponse, head = false): void {
  const { contentType, text } = encode(response);
  res.writeHead(response.code, {
    ...commonHeaders(contentType),
    ...response.headers,
    ...(response.warnings?.length ? { Warning: warningHeader(response.warnings) } : {}),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(head ? undefined : text);
}

function sendStatus(res: ServerResponse, status: Status): void {
  send(res, { code: status.code, body: status, contentType: 'application/json' });
}

/** A watch as chunked JSON lines; the stream ends when the server ends it or the client leaves. */
function serveWatch(gateway: ApiGateway, res: ServerResponse, apiRequest: ApiRequest): void {
  let started = false;
  const stream = gateway.watch(apiRequest, {
    onStart(response) {
      started = true;
      res.writeHead(200, {
        ...commonHeaders(response.contentType ?? 'application/json'),
        ...response.headers,
      });
      res.flushHeaders();
    },
    onEvents(events: WatchEvent[]) {
      if (res.writableEnded) return;
      res.write(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    },
    onEnd(response) {
      if (res.writableEnded) return;
      if (response && !started) send(res, response);
      else res.end();
    },
  });
  // The request's own 'close' came when its body was read; the response's comes when the
  // client leaves.
  res.on('close', () => {
    stream.stop();
  });
}

/**
 * A request whose answer may stream: a streamed answer is sent chunked as its text arrives, until
 * the server ends it or the client leaves; any other answer is sent whole.
 */
function serveStream(gateway: ApiGateway, res: ServerResponse, apiRequest: ApiRequest): void {
  const stream = gateway.stream(apiRequest, {
    onStart(response) {
      res.writeHead(response.code, {
        ...commonHeaders(response.contentType ?? 'text/plain'),
        ...response.headers,
      });
      if (typeof response.body === 'string' && response.body !== '') res.write(response.body);
      else res.flushHeaders();
    },
    onData(chunk) {
      if (!res.writableEnded) res.write(chunk);
    },
    onEnd(response) {
      if (res.writableEnded) return;
      if (response && !res.headersSent) send(res, response);
      else res.end();
    },
  });
  // The request's own 'close' came when its body was read; the response's comes when the
  // client leaves.
  res.on('close', () => {
    stream.stop();
  });
}

export function apiHandler(gateway: ApiGateway): RequestListener {
  return (request, res) => {
    void handle(gateway, request, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendStatus(res, internalError(error instanceof Error ? error.message : String(error)));
    });
  };
}

async function handle(
  gateway: ApiGateway,
  request: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const head = method === 'HEAD';
  const verb = head ? 'GET' : method;
  if (!VERBS.has(verb)) {
    request.resume();
    sendStatus(res, METHOD_NOT_ALLOWED);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(request, MAX_REQUEST_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    sendStatus(res, requestEntityTooLarge(`limit is ${MAX_REQUEST_BODY_BYTES}`));
    return;
  }
  const apiRequest = toApiRequest(request, verb as HttpVerb, body);
  if (verb === 'GET' && wantsWatch(apiRequest.query ?? {})) {
    serveWatch(gateway, res, apiRequest);
    return;
  }
  if (verb === 'GET' && queryBool(apiRequest.query?.follow)) {
    serveStream(gateway, res, apiRequest);
    return;
  }
  send(res, await gateway.request(apiRequest), head);
}
