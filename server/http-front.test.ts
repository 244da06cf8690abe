import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, startTestCluster, type TestCluster } from './testing.ts';
import { MAX_REQUEST_BODY_BYTES } from './http-front.ts';

let target: TestCluster;

beforeAll(async () => {
  target = await startTestCluster();
});

afterAll(async () => {
  await target.stop();
});

const UNAUTHORIZED = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
};

interface WatchConnection {
  status: Promise<number>;
  /** Resolves with the events seen once `done` holds for them. */
  until(
    done: (events: { type: string; object: { metadata: { name: string } } }[]) => boolean,
  ): Promise<{ type: string; object: { metadata: { name: string } } }[]>;
  close(): void;
}

function openWatch(path: string): WatchConnection {
  const events: { type: string; object: { metadata: { name: string } } }[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const request = httpsRequest(`${target.url}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    ca: target.caCert,
  });
  request.on('response', (response) => {
    resolveStatus(response.statusCode ?? 0);
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line) events.push(JSON.parse(line) as (typeof events)[number]);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  request.on('error', () => undefined);
  request.end();
  return {
    status,
    async until(done) {
      while (!done(events)) await new Promise<void>((resolve) => waiters.push(resolve));
      return events;
    },
    close() {
      request.destroy();
    },
  };
}

describe('the HTTP front', () => {
  it.each([
    ['no credentials', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
  ])('answers 401 Unauthorized to a request with %s', async (_case, headers) => {
    const answer = await call(target, 'GET', '/api/v1/namespaces', {
      headers,
      authenticated: false,
    });
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual(UNAUTHORIZED);
  });

  it('serves an object as JSON with the headers kube-apiserver sets', async () => {
    const answer = await call(target, 'GET', '/api/v1/namespaces/default');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-cache, private');
    expect(answer.headers['audit-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.json()).toMatchObject({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'default' },
      status: { phase: 'Active' },
    });
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const answer = await call(target, 'HEAD', '/api/v1/namespaces/default');
    expect(answer.status).toBe(200);
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(0);
    expect(answer.text).toBe('');
  });

  it('creates from a JSON body and answers 201', async () => {
    const answer = await call(target, 'POST', '/api/v1/namespaces/default/configmaps', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'settings' }, data: { mode: 'fast' } }),
    });
    expect(answer.status).toBe(201);
    expect(answer.json()).toMatchObject({ kind: 'ConfigMap', data: { mode: 'fast' } });
  });

  it.each([
    ['declared by Content-Length', false],
    ['sent in chunks', true],
  ])('refuses a body over 3 MiB %s with 413 and stores nothing', async (_case, chunked) => {
    const body = JSON.stringify({
      metadata: { name: 'huge' },
      data: { blob: 'x'.repeat(MAX_REQUEST_BODY_BYTES) },
    });
    const answer = await call(target, 'POST', '/api/v1/namespaces/default/configmaps', {
      headers: {
        'content-type': 'application/json',
        ...(chunked ? { 'transfer-encoding': 'chunked' } : {}),
      },
      body,
    });
    expect(answer.status).toBe(413);
    expect(answer.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      message: 'Request entity too large: limit is 3145728',
      reason: 'RequestEntityTooLarge',
      code: 413,
    });
    const after = await call(target, 'GET', '/api/v1/namespaces/default/configmaps/huge');
    expect(after.status).toBe(404);
  });

  it('answers 405 to a method the API does not have', async () => {
    const answer = await call(target, 'OPTIONS', '/api/v1/namespaces/default/pods');
    expect(answer.status).toBe(405);
    expect(answer.json()).toMatchObject({
      reason: 'MethodNotAllowed',
      message: 'the server does not allow this method on the requested resource',
      code: 405,
    });
  });

  it('streams a watch as JSON lines until the client leaves', async () => {
    const watch = openWatch('/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0');
    expect(await watch.status).toBe(200);
    await call(target, 'POST', '/api/v1/namespaces/default/configmaps', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'watched' } }),
    });
    const events = await watch.until((seen) =>
      seen.some((event) => event.object.metadata.name === 'watched'),
    );
    expect(events.find((event) => event.object.metadata.name === 'watched')?.type).toBe('ADDED');
    watch.close();
  });

  it('streams the initial events and the bookmark that ends them, for a watch list', async () => {
    const watch = openWatch(
      '/api/v1/namespaces/kube-system/configmaps?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan',
    );
    expect(await watch.status).toBe(200);
    const events = await watch.until((seen) => seen.some((event) => event.type === 'BOOKMARK'));
    watch.close();
    expect(events.slice(0, -1).every((event) => event.type === 'ADDED')).toBe(true);
    expect(events.map((event) => event.object.metadata.name)).toContain('kube-root-ca.crt');
    expect(events.at(-1)?.object).toMatchObject({
      kind: 'ConfigMap',
      metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('answers a watch it cannot start with its Status, not a stream', async () => {
    const answer = await call(
      target,
      'GET',
      '/api/v1/namespaces/default/pods?watch=true&labelSelector=a%20in%20(',
    );
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});

const CONFIG_MAPS = '/api/v1/namespaces/default/configmaps';
const KEPT = `${CONFIG_MAPS}/kept`;
const BODY_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf';
const NOT_FOUND = 'the server could not find the requested resource';
const NOT_ALLOWED = 'the server does not allow this method on the requested resource';

describe('bad input over HTTP', () => {
  let keptVersion = '';

  beforeAll(async () => {
    const created = await call(target, 'POST', CONFIG_MAPS, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'kept' }, data: { mode: 'fast' } }),
    });
    keptVersion = (created.json() as { metadata: { resourceVersion: string } }).metadata
      .resourceVersion;
  });

  it.each([
    [
      'malformed JSON',
      ['POST', CONFIG_MAPS, 'application/json', '{"metadata": {"name": "x"'],
      400,
      'BadRequest',
      'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"metadata": {"name": "x")',
    ],
    [
      'malformed YAML',
      ['POST', CONFIG_MAPS, 'application/yaml', 'metadata: name: x'],
      400,
      'BadRequest',
      'the object provided is unrecognized (must be of type ConfigMap): yaml: line 1: mapping values are not allowed in this context (6d657461646174613a206e616d653a2078)',
    ],
    [
      'an object of another kind',
      ['POST', CONFIG_MAPS, 'application/json', '{"kind":"Pod","apiVersion":"v1"}'],
      400,
      'BadRequest',
      'the kind in the data (Pod) does not match the expected kind (ConfigMap)',
    ],
    [
      'a body in plain text',
      ['POST', CONFIG_MAPS, 'text/plain', 'x'],
      415,
      'UnsupportedMediaType',
      BODY_TYPES,
    ],
    [
      'an invalid name',
      ['POST', CONFIG_MAPS, 'application/json', '{"metadata":{"name":"Bad_Name"}}'],
      422,
      'Invalid',
      "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
    [
      'an update renaming the object',
      ['PUT', KEPT, 'application/json', '{"metadata":{"name":"other"}}'],
      400,
      'BadRequest',
      'the name of the object (other) does not match the name on the URL (kept)',
    ],
    [
      'an update moving the object to another namespace',
      ['PUT', KEPT, 'application/json', '{"metadata":{"name":"kept","namespace":"other"}}'],
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    ],
    [
      'a patch moving the object to another namespace',
      ['PATCH', KEPT, 'application/merge-patch+json', '{"metadata":{"namespace":"other"}}'],
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    ],
    [
      'a patch sent as plain JSON',
      ['PATCH', KEPT, 'application/json', '{"data":{"mode":"slow"}}'],
      415,
      'UnsupportedMediaType',
      '415: Unsupported Media Type',
    ],
    [
      'a merge patch that does not parse',
      ['PATCH', KEPT, 'application/merge-patch+json', '{"data":'],
      400,
      'BadRequest',
      'error decoding patch: unexpected end of JSON input',
    ],
    [
      'a strategic patch of the wrong type',
      ['PATCH', KEPT, 'application/strategic-merge-patch+json', '{"data":{"mode":1}}'],
      422,
      'Invalid',
      ' "" is invalid: patch: Invalid value: "map[data:map[mode:1]]": json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    ],
    [
      'DeleteOptions of the wrong type',
      ['DELETE', KEPT, 'application/json', '{"gracePeriodSeconds":"x"}'],
      500,
      undefined,
      'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    ],
    [
      'DeleteOptions of another kind',
      ['DELETE', KEPT, 'application/json', '{"kind":"Pod","apiVersion":"v1"}'],
      500,
      undefined,
      'no kind "Pod" is registered for version "v1" in scheme "pkg/apis/meta/internalversion/scheme/register.go:27"',
    ],
    [
      'DeleteOptions that do not parse',
      ['DELETE', KEPT, 'application/json', '{oops'],
      500,
      undefined,
      "couldn't get version/kind; json parse error: invalid character 'o' looking for beginning of object key string",
    ],
    [
      'DeleteOptions as CSV',
      ['DELETE', KEPT, 'text/csv', 'a,b'],
      415,
      'UnsupportedMediaType',
      BODY_TYPES,
    ],
    [
      'an unknown resource',
      ['GET', '/api/v1/namespaces/default/widgets'],
      404,
      'NotFound',
      NOT_FOUND,
    ],
    ['an unknown group', ['GET', '/apis/example.com/v1'], 404, 'NotFound', NOT_FOUND],
    ['an unknown path', ['GET', '/nowhere'], 404, 'NotFound', NOT_FOUND],
    [
      'a create on an object path',
      ['POST', KEPT, 'application/json', '{}'],
      405,
      'MethodNotAllowed',
      NOT_ALLOWED,
    ],
    [
      'an update of a collection',
      ['PUT', CONFIG_MAPS, 'application/json', '{}'],
      405,
      'MethodNotAllowed',
      NOT_ALLOWED,
    ],
  ] as const)(
    'answers %s with its Status and changes nothing',
    async (_case, [method, path, contentType, body], code, reason, message) => {
      const answer = await call(target, method, path, {
        ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
        ...(body === undefined ? {} : { body }),
      });
      expect(answer.status).toBe(code);
      expect(answer.json()).toMatchObject({ kind: 'Status', status: 'Failure', message, code });
      expect((answer.json() as { reason?: string }).reason).toBe(reason);
      const kept = await call(target, 'GET', KEPT);
      expect(kept.json()).toMatchObject({
        data: { mode: 'fast' },
        metadata: { resourceVersion: keptVersion },
      });
      expect((await call(target, 'GET', `${CONFIG_MAPS}/x`)).status).toBe(404);
    },
  );
});
