import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer, expectFailure, expectOk } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const NGINX = `${PODS}/nginx`;
const CONFIGMAP = '/api/v1/namespaces/default/configmaps/settings';
const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const INVALID_422 = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server rejected our request due to an error in our request',
  reason: 'Invalid',
  details: {},
  code: 422,
};

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createPod(): Promise<Pod> {
  return expectOk(
    await api.request('POST', PODS, {
      body: {
        metadata: { name: 'nginx', labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    }),
    201,
  ) as Pod;
}

async function createConfigMap(): Promise<ConfigMap> {
  return expectOk(
    await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'settings' }, data: { a: '1', b: '2' } },
    }),
    201,
  ) as ConfigMap;
}

describe('merge patch', () => {
  it.each([
    ['adds a label', { metadata: { labels: { tier: 'fe' } } }, { app: 'web', tier: 'fe' }],
    ['removes a label with null', { metadata: { labels: { app: null } } }, undefined],
    ['replaces a label', { metadata: { labels: { app: 'api' } } }, { app: 'api' }],
  ])('%s', async (_case, patch, labels) => {
    await createPod();
    const patched = expectOk(
      await api.request('PATCH', NGINX, { body: patch, contentType: MERGE_PATCH }),
    ) as Pod;
    expect(patched.metadata?.labels).toEqual(labels);
  });

  it.each([
    [MERGE_PATCH, { a: '1' }],
    ['application/strategic-merge-patch+json', { a: '1' }],
  ])('deletes one key of a map with %s, keeping the others', async (contentType, data) => {
    await createConfigMap();
    const patched = expectOk(
      await api.request('PATCH', CONFIGMAP, { body: { data: { b: null } }, contentType }),
    ) as ConfigMap;
    expect(patched.data).toEqual(data);
  });

  it('accepts a media type with parameters', async () => {
    await createPod();
    expectOk(
      await api.request('PATCH', NGINX, { body: {}, contentType: `${MERGE_PATCH}; charset=utf-8` }),
    );
  });

  it('patches the status subresource', async () => {
    await createPod();
    const patched = expectOk(
      await api.request('PATCH', `${NGINX}/status`, {
        body: { status: { phase: 'Running' } },
        contentType: MERGE_PATCH,
      }),
    ) as Pod;
    expect(patched.status?.phase).toBe('Running');
  });

  it('answers 409 when the patch carries a stale resourceVersion', async () => {
    const pod = await createPod();
    await api.request('PATCH', NGINX, {
      body: { metadata: { labels: { a: 'b' } } },
      contentType: MERGE_PATCH,
    });
    expectFailure(
      await api.request('PATCH', NGINX, {
        body: { metadata: { resourceVersion: pod.metadata?.resourceVersion, labels: { a: 'c' } } },
        contentType: MERGE_PATCH,
      }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "nginx": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it.each([
    [
      'a list',
      '[1]',
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
      {},
    ],
    ['malformed JSON', '{"a":', 'error decoding patch: unexpected end of JSON input', {}],
    ['null', 'null', 'Invalid JSON Patch', {}],
    [
      'malformed JSON without strict decoding',
      '{x',
      'Invalid JSON Patch',
      { fieldValidation: 'Ignore' },
    ],
  ])('refuses %s with 400', async (_case, body, message, query) => {
    await createPod();
    expectFailure(
      await api.request('PATCH', NGINX, { body, contentType: MERGE_PATCH, query }),
      400,
      'BadRequest',
      message,
    );
  });
});

describe('JSON patch', () => {
  it.each([
    ['adds a key', [{ op: 'add', path: '/data/c', value: '3' }], { a: '1', b: '2', c: '3' }],
    ['replaces a value', [{ op: 'replace', path: '/data/a', value: 'x' }], { a: 'x', b: '2' }],
    ['removes a key', [{ op: 'remove', path: '/data/b' }], { a: '1' }],
    ['moves a value', [{ op: 'move', from: '/data/a', path: '/data/z' }], { b: '2', z: '1' }],
    [
      'copies a value',
      [{ op: 'copy', from: '/data/a', path: '/data/c' }],
      { a: '1', b: '2', c: '1' },
    ],
    [
      'applies after a passing test',
      [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'remove', path: '/data/a' },
      ],
      { b: '2' },
    ],
  ])('%s', async (_case, patch, data) => {
    await createConfigMap();
    const patched = expectOk(
      await api.request('PATCH', CONFIGMAP, { body: patch, contentType: JSON_PATCH }),
    ) as ConfigMap;
    expect(patched.data).toEqual(data);
  });

  it('reads ~1 as / in a path', async () => {
    await createPod();
    const patched = expectOk(
      await api.request('PATCH', NGINX, {
        body: [{ op: 'add', path: '/metadata/labels/example.com~1tier', value: 'fe' }],
        contentType: JSON_PATCH,
      }),
    ) as Pod;
    expect(patched.metadata?.labels).toEqual({ app: 'web', 'example.com/tier': 'fe' });
  });

  it('appends to a list with -', async () => {
    await createPod();
    const patched = expectOk(
      await api.request('PATCH', NGINX, {
        body: [{ op: 'add', path: '/spec/tolerations/-', value: { key: 'k', operator: 'Exists' } }],
        contentType: JSON_PATCH,
      }),
    ) as Pod;
    expect(patched.spec?.tolerations?.at(-1)).toEqual({ key: 'k', operator: 'Exists' });
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/data/a', value: 'nope' }]],
    ['a missing path', [{ op: 'remove', path: '/data/zzz' }]],
    ['a path under a missing parent', [{ op: 'add', path: '/nothing/here', value: 1 }]],
    ['an index past the end', [{ op: 'add', path: '/metadata/finalizers/5', value: 'x' }]],
    ['an unknown op', [{ op: 'merge', path: '/data' }]],
  ])('answers 422 for %s, as the apiserver words it', async (_case, patch) => {
    await createConfigMap();
    const response = await api.request('PATCH', CONFIGMAP, {
      body: patch,
      contentType: JSON_PATCH,
    });
    expect(response.code).toBe(422);
    expect(response.body).toEqual(INVALID_422);
  });

  it.each([
    [
      'an object',
      '{"op":"add"}',
      {},
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    ],
    [
      'an object without strict decoding',
      '{"op":"add"}',
      { fieldValidation: 'Ignore' },
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    ],
    [
      'malformed JSON',
      '[{"op" "add"}]',
      {},
      "error decoding patch: invalid character '\"' after object key",
    ],
    [
      'a list of numbers',
      '[1]',
      { fieldValidation: 'Ignore' },
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    ],
  ])('answers 400 for %s', async (_case, body, query, message) => {
    await createConfigMap();
    expectFailure(
      await api.request('PATCH', CONFIGMAP, { body, contentType: JSON_PATCH, query }),
      400,
      'BadRequest',
      message,
    );
  });

  it('refuses more than 10000 operations', async () => {
    await createConfigMap();
    const patch = Array.from({ length: 10001 }, () => ({
      op: 'test',
      path: '/data/a',
      value: '1',
    }));
    expectFailure(
      await api.request('PATCH', CONFIGMAP, { body: patch, contentType: JSON_PATCH }),
      413,
      'RequestEntityTooLarge',
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});

describe('content types and options', () => {
  it.each([
    ['text/plain', {}, 415, 'UnsupportedMediaType', '415: Unsupported Media Type'],
    ['application/json', {}, 415, 'UnsupportedMediaType', '415: Unsupported Media Type'],
    [
      'application/merge-patch+json , x',
      {},
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    ],
    [
      'text/plain',
      undefined,
      406,
      'NotAcceptable',
      '406: Not Acceptable\n\nAvailable representations: ',
    ],
  ])(
    'answers %s with %s as kube-apiserver does',
    async (contentType, body, code, reason, message) => {
      await createPod();
      const response = await api.request('PATCH', NGINX, {
        contentType,
        ...(body ? { body } : {}),
      });
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        details: {},
        code,
      });
    },
  );

  it.each([
    [
      MERGE_PATCH,
      { force: 'true' },
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    ],
    [
      'application/apply-patch+yaml',
      {},
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ],
    [
      MERGE_PATCH,
      { dryRun: 'Some' },
      'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
    ],
    [
      MERGE_PATCH,
      { fieldValidation: 'Loose' },
      'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    ],
    [
      MERGE_PATCH,
      { fieldManager: 'a\u0007b' },
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\ab": invalid character U+0007 (at position 1)',
    ],
    [
      MERGE_PATCH,
      { fieldManager: 'm'.repeat(129) },
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    ],
  ])('refuses %s with %j', async (contentType, query, message) => {
    await createPod();
    const status = expectFailure(
      await api.request('PATCH', NGINX, { body: {}, contentType, query }),
      422,
      'Invalid',
      message,
    );
    expect(status.details).toMatchObject({ group: 'meta.k8s.io', kind: 'PatchOptions' });
  });

  it('refuses create options the same way', async () => {
    expectFailure(
      await api.request('POST', PODS, { body: {}, query: { dryRun: 'x' } }),
      422,
      'Invalid',
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"x"}: supported values: "All"',
    );
  });
});
