import type { Secret } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const SECRETS = '/api/v1/namespaces/default/secrets';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

function secretBody(name: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...fields };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('creating a Secret', () => {
  it('defaults the type to Opaque', async () => {
    const secret = expectOk(
      await api.request('POST', SECRETS, { body: secretBody('s', { data: { a: b64('1') } }) }),
      201,
    ) as Secret;
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({ a: 'MQ==' });
  });

  it('merges stringData into data, stringData winning, and keeps no stringData', async () => {
    const secret = expectOk(
      await api.request('POST', SECRETS, {
        body: secretBody('s', {
          data: { a: b64('old'), b: b64('kept') },
          stringData: { a: 'new', c: 'é' },
        }),
      }),
      201,
    ) as Secret;
    expect(secret.data).toEqual({ a: b64('new'), b: b64('kept'), c: b64('é') });
    expect(secret).not.toHaveProperty('stringData');
  });

  it.each([
    ['a character outside the alphabet', 'a!bc', 1],
    ['missing padding', 'YWJj' + 'ZA', 4],
    ['a lone padding character', 'YQ=', 3],
    ['data after the padding', 'YQ==YQ==', 4],
  ])('refuses data with %s as a decoding error', async (_name, value, offset) => {
    expectFailure(
      await api.request('POST', SECRETS, { body: secretBody('s', { data: { a: value } }) }),
      400,
      'BadRequest',
      `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${String(offset)}`,
    );
  });

  it.each([
    [
      'a bad data key',
      { data: { 'a b': b64('x') } },
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
    [
      'a key starting with ..',
      { data: { '..a': b64('x') } },
      'data[..a]: Invalid value: "..a": must not start with \'..\'',
    ],
    [
      'a service account token without its service account',
      { type: 'kubernetes.io/service-account-token' },
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ],
    [
      'docker config JSON without its key',
      { type: 'kubernetes.io/dockerconfigjson' },
      'data[.dockerconfigjson]: Required value',
    ],
    [
      'docker config JSON that is not JSON',
      {
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': '{"auths": x}' },
      },
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'x\' looking for beginning of value',
    ],
    [
      'docker config JSON that is cut short',
      {
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { '.dockerconfigjson': '{"auths": {' },
      },
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input',
    ],
    [
      'docker config JSON that is a list',
      { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '[]' } },
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
    [
      'a legacy docker config without its key',
      { type: 'kubernetes.io/dockercfg' },
      'data[.dockercfg]: Required value',
    ],
    [
      'basic auth without username and password',
      { type: 'kubernetes.io/basic-auth' },
      '[data[username]: Required value, data[password]: Required value]',
    ],
    [
      'ssh auth without a key',
      { type: 'kubernetes.io/ssh-auth' },
      'data[ssh-privatekey]: Required value',
    ],
    [
      'TLS without a certificate and key',
      { type: 'kubernetes.io/tls' },
      '[data[tls.crt]: Required value, data[tls.key]: Required value]',
    ],
  ])('rejects %s', async (_name, fields, message) => {
    expectFailure(
      await api.request('POST', SECRETS, { body: secretBody('s', fields) }),
      422,
      'Invalid',
      `Secret "s" is invalid: ${message}`,
    );
  });

  it('accepts a well-formed docker config JSON', async () => {
    const body = secretBody('pull', {
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{"r.example":{"auth":"eDp5"}}}' },
    });
    expectOk(await api.request('POST', SECRETS, { body }), 201);
  });
});

describe('updating a Secret', () => {
  it('keeps the type when the update leaves it out, and refuses a new one', async () => {
    await api.request('POST', SECRETS, { body: secretBody('s', { type: 'Opaque' }) });
    const kept = expectOk(
      await api.request('PUT', `${SECRETS}/s`, {
        body: { metadata: { name: 's' }, data: { a: b64('1') } },
      }),
    ) as Secret;
    expect(kept.type).toBe('Opaque');
    expectFailure(
      await api.request('PUT', `${SECRETS}/s`, {
        body: {
          metadata: { name: 's' },
          type: 'kubernetes.io/ssh-auth',
          data: { 'ssh-privatekey': b64('k') },
        },
      }),
      422,
      'Invalid',
      'Secret "s" is invalid: type: Invalid value: "kubernetes.io/ssh-auth": field is immutable',
    );
  });

  it('refuses changes to an immutable Secret', async () => {
    await api.request('POST', SECRETS, {
      body: secretBody('s', { immutable: true, data: { a: b64('1') } }),
    });
    expectFailure(
      await api.request('PUT', `${SECRETS}/s`, {
        body: { metadata: { name: 's' }, data: { a: b64('2') } },
      }),
      422,
      'Invalid',
      'Secret "s" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
    );
  });
});

describe('listing Secrets', () => {
  it('selects by type', async () => {
    await api.request('POST', SECRETS, { body: secretBody('a', {}) });
    await api.request('POST', SECRETS, {
      body: secretBody('b', { type: 'kubernetes.io/basic-auth', stringData: { username: 'u' } }),
    });
    const list = expectOk(
      await api.request('GET', SECRETS, {
        query: { fieldSelector: 'type=kubernetes.io/basic-auth' },
      }),
    ) as { items: Secret[] };
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['b']);
  });

  it('refuses an unknown field with its own wording', async () => {
    expectFailure(
      await api.request('GET', SECRETS, { query: { fieldSelector: 'data=x' } }),
      400,
      'BadRequest',
      'field label not supported: data',
    );
  });
});
