import type { ConfigMap } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../apiserver/testing.ts';
import { Client } from '../client/client.ts';
import type { ApiRequest } from '../client/protocol.ts';
import type { Transport } from '../client/transport.ts';
import type { KubeObject } from '../client/protocol.ts';
import { LAST_APPLIED } from '../api/last-applied.ts';
import { applyObjects } from './apply.ts';
import { Discovery } from './discovery.ts';

let api: TestApiServer;
let requests: ApiRequest[];
let client: Client;

beforeEach(async () => {
  api = await startApiServer();
  requests = [];
  const transport: Transport = {
    request: (request) => {
      requests.push(request);
      return api.request(request.verb, request.path, request);
    },
    watch: () => ({ stop: () => undefined }),
  };
  client = new Client(transport);
});

function configMap(data: Record<string, string>, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', ...(labels ? { labels } : {}) },
    data,
  } as KubeObject;
}

async function apply(object: KubeObject): Promise<string[]> {
  const lines = await applyObjects([object], {
    client,
    discovery: new Discovery(client),
    source: 'settings.yaml',
  });
  return lines.map((line) => line.text);
}

async function live(): Promise<ConfigMap> {
  return (await api.request('GET', '/api/v1/namespaces/default/configmaps/settings'))
    .body as ConfigMap;
}

function deployment(containers: { name: string; image: string }[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  } as KubeObject;
}

const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

async function containersOf(): Promise<{ name: string; image: string }[]> {
  const live = (await api.request('GET', WEB)).body as {
    spec: { template: { spec: { containers: { name: string; image: string }[] } } };
  };
  return live.spec.template.spec.containers.map(({ name, image }) => ({ name, image }));
}

describe('kubectl apply of a built-in kind', () => {
  it('merges containers by name, keeping one another writer added', async () => {
    await apply(deployment([{ name: 'nginx', image: 'nginx:1.27' }]));
    await api.request('PATCH', WEB, {
      body: { spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoy' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(await apply(deployment([{ name: 'nginx', image: 'nginx:1.28' }]))).toEqual([
      'deployment.apps/web configured',
    ]);
    // The other writer's patch put its container first (patch items lead server-only ones).
    expect(await containersOf()).toEqual([
      { name: 'proxy', image: 'envoy' },
      { name: 'nginx', image: 'nginx:1.28' },
    ]);
    const patch = requests.filter((request) => request.verb === 'PATCH').at(-1)?.body as {
      spec: unknown;
    };
    expect(patch.spec).toEqual({
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'nginx' }],
          containers: [{ image: 'nginx:1.28', name: 'nginx' }],
        },
      },
    });
  });

  it('deletes a container the manifest no longer has', async () => {
    await apply(
      deployment([
        { name: 'nginx', image: 'nginx:1.27' },
        { name: 'sidecar', image: 'busybox' },
      ]),
    );
    await apply(deployment([{ name: 'nginx', image: 'nginx:1.27' }]));
    expect(await containersOf()).toEqual([{ name: 'nginx', image: 'nginx:1.27' }]);
  });
});

describe('kubectl apply', () => {
  it('creates, then finds nothing to change, then configures', async () => {
    expect(await apply(configMap({ a: '1' }))).toEqual(['configmap/settings created']);
    expect(await apply(configMap({ a: '1' }))).toEqual(['configmap/settings unchanged']);
    expect(await apply(configMap({ a: '2' }))).toEqual(['configmap/settings configured']);
    expect((await live()).data).toEqual({ a: '2' });
  });

  it('records the manifest in the last-applied annotation, as kubectl serializes it', async () => {
    await apply(configMap({ a: '1' }));
    expect((await live()).metadata?.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"settings","namespace":"default"}}\n',
    );
  });

  it('sends the create and the patch as kubectl does', async () => {
    await apply(configMap({ a: '1' }));
    await apply(configMap({ a: '1', b: '2' }));
    const writes = requests.filter((request) => request.verb !== 'GET');
    expect(writes.map((request) => [request.verb, request.query, request.contentType])).toEqual([
      ['POST', { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' }, undefined],
      [
        'PATCH',
        { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
        'application/strategic-merge-patch+json',
      ],
    ]);
  });

  it('removes what the manifest dropped but keeps what others added', async () => {
    await apply(configMap({ a: '1', b: '2' }));
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/settings', {
      body: { metadata: { labels: { team: 'blue' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(await apply(configMap({ a: '1' }))).toEqual(['configmap/settings configured']);
    const current = await live();
    expect(current.data).toEqual({ a: '1' });
    expect(current.metadata?.labels).toEqual({ team: 'blue' });
  });
});
