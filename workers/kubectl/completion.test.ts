import { beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../apiserver/testing.ts';
import { Client } from '../client/client.ts';
import type { Transport } from '../client/transport.ts';
import { completeKubectl } from './completion.ts';
import { Discovery } from './discovery.ts';

let api: TestApiServer;
let client: Client;

beforeAll(async () => {
  api = await startApiServer();
  const transport: Transport = {
    request: (request) => api.request(request.verb, request.path, request),
    watch: () => ({ stop: () => undefined }),
  };
  client = new Client(transport);
  for (const name of ['web-1', 'web-2', 'db']) {
    await api.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    });
  }
  await api.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
  });
  await api.request('POST', '/api/v1/namespaces/team/configmaps', {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } },
  });
});

describe('completeKubectl', () => {
  it.each<[string, string[]]>([
    ['kubectl ge', ['get']],
    ['kubectl de', ['delete', 'describe']],
    ['kubectl rollout st', ['status']],
    ['kubectl get po', ['po', 'pod', 'poddisruptionbudget', 'poddisruptionbudgets', 'pods']],
    ['kubectl get pods we', ['web-1', 'web-2']],
    ['kubectl get pod/d', ['pod/db']],
    ['kubectl logs ', ['db', 'web-1', 'web-2']],
    ['kubectl -n team get cm ', ['settings']],
    ['kubectl get pods --show-l', ['--show-labels']],
    ['kubectl get pods -o wide --all-n', ['--all-namespaces']],
  ])('completes %j', async (line, candidates) => {
    const { candidates: found } = await completeKubectl(line, client, new Discovery(client));
    expect(found).toEqual(candidates);
  });

  it('says where the completed word starts', async () => {
    expect(await completeKubectl('kubectl get pods we', client, new Discovery(client))).toEqual({
      from: 17,
      candidates: ['web-1', 'web-2'],
    });
  });
});
