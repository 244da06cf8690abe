import { beforeEach, describe, expect, it } from 'vitest';
import type { HttpVerb } from '../client/protocol.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

describe('routes', () => {
  it.each<[HttpVerb, string]>([
    ['POST', '/api/v1/namespaces/default/pods/web'],
    ['PUT', '/api/v1/namespaces/default/pods'],
    ['PATCH', '/api/v1/namespaces/default/configmaps'],
    ['DELETE', '/api/v1/namespaces/default/pods/web/status'],
    ['POST', '/api/v1/namespaces/default/pods/web/status'],
    ['GET', '/api/v1/namespaces/default/pods/web/binding'],
    ['DELETE', '/api/v1/namespaces'],
    ['GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
  ])(
    'answers %s %s with 405, as go-restful does for a method the path lacks',
    async (verb, path) => {
      const response = await api.request(verb, path, { body: {} });
      expect(response.code).toBe(405);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server does not allow this method on the requested resource',
        reason: 'MethodNotAllowed',
        details: {},
        code: 405,
      });
    },
  );
});

describe('DELETE on a collection', () => {
  async function createConfigMap(name: string, labels: Record<string, string>): Promise<void> {
    expectOk(
      await api.request('POST', '/api/v1/namespaces/default/configmaps', {
        body: { metadata: { name, labels } },
      }),
      201,
    );
  }

  async function names(): Promise<string[]> {
    const list = expectOk(await api.request('GET', '/api/v1/namespaces/default/configmaps')) as {
      items: { metadata: { name: string } }[];
    };
    return list.items.map((item) => item.metadata.name);
  }

  it('deletes what the selector matches and answers the list as it stood', async () => {
    await createConfigMap('a', { tier: 'web' });
    await createConfigMap('b', { tier: 'web' });
    await createConfigMap('c', { tier: 'db' });
    const answer = expectOk(
      await api.request('DELETE', '/api/v1/namespaces/default/configmaps', {
        query: { labelSelector: 'tier=web' },
      }),
    ) as { kind: string; apiVersion: string; items: { metadata: { name: string } }[] };
    expect(answer.kind).toBe('ConfigMapList');
    expect(answer.apiVersion).toBe('v1');
    expect(answer.items.map((item) => item.metadata.name)).toEqual(['a', 'b']);
    expect(await names()).toEqual(['c']);
  });

  it('changes nothing under dryRun', async () => {
    await createConfigMap('kept', {});
    expectOk(
      await api.request('DELETE', '/api/v1/namespaces/default/configmaps', {
        query: { dryRun: 'All' },
      }),
    );
    expect(await names()).toEqual(['kept']);
  });

  it('refuses a selector it cannot parse, deleting nothing', async () => {
    await createConfigMap('kept', {});
    expectFailure(
      await api.request('DELETE', '/api/v1/namespaces/default/configmaps', {
        query: { labelSelector: 'tier in (' },
      }),
      400,
      'BadRequest',
      "unable to parse requirement: found '', expected: ',', ')' or identifier",
    );
    expect(await names()).toEqual(['kept']);
  });
});
