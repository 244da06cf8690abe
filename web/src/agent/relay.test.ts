import { describe, expect, it } from 'vitest';
import type { TabMessage } from '../../../agent/protocol.ts';
import type { RelayRequestBody } from '../../../agent/protocol.ts';
import { readyCluster, type ReadyCluster } from '../../../workers/host/cluster-testing.ts';
import { ADMIN_USER } from '../../../workers/host/kubectl-actor.ts';
import { RelayServer } from './relay.ts';

async function relay(): Promise<{ c: ReadyCluster; server: RelayServer; sent: TabMessage[] }> {
  const c = await readyCluster('relay', 1);
  const sent: TabMessage[] = [];
  const server = new RelayServer(
    c.host.gateway(() => undefined),
    (message) => sent.push(message),
  );
  return { c, server, sent };
}

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: {
    containers: [{ name: 'web', image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 3600'] }],
  },
};

function request(
  body: Partial<RelayRequestBody> & Pick<RelayRequestBody, 'verb' | 'path'>,
): RelayRequestBody {
  return { user: ADMIN_USER, accept: 'application/json', ...body };
}

describe('the relay, tab side', () => {
  it('serves kubectl’s request as an outside client whose hops the trace shows', async () => {
    const { c, server, sent } = await relay();
    server.handle({
      type: 'relay-request',
      id: 7,
      kind: 'request',
      request: request({
        verb: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: JSON.stringify(POD),
        contentType: 'application/json',
      }),
    });
    expect(await c.host.runUntil(() => sent.length > 0, 10_000)).toBe(true);

    expect(sent[0]).toMatchObject({ type: 'relay-response', id: 7, response: { code: 201 } });
    expect(c.traces.find((trace) => trace.label === 'POST pods')).toMatchObject({
      from: 'kubectl',
      to: 'kube-apiserver',
      kind: 'request',
      ref: 'pods/default',
    });
  });

  it('answers a request without the agent’s user as the API server does: 401', async () => {
    const { c, server, sent } = await relay();
    server.handle({
      type: 'relay-request',
      id: 1,
      kind: 'request',
      request: { verb: 'GET', path: '/api/v1/namespaces' },
    });
    expect(await c.host.runUntil(() => sent.length > 0, 10_000)).toBe(true);
    expect(sent[0]).toMatchObject({ type: 'relay-response', id: 1, response: { code: 401 } });
  });

  it('streams a watch’s events until kubectl leaves', async () => {
    const { c, server, sent } = await relay();
    server.handle({
      type: 'relay-request',
      id: 2,
      kind: 'watch',
      request: request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/configmaps',
        query: { watch: 'true' },
      }),
    });
    const events = (): string[] =>
      sent.flatMap((message) =>
        message.type === 'relay-events'
          ? message.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`)
          : [],
      );
    expect(await c.host.runUntil(() => events().includes('ADDED kube-root-ca.crt'), 10_000)).toBe(
      true,
    );
    expect(sent[0]).toMatchObject({ type: 'relay-start', id: 2, response: { code: 200 } });

    server.handle({ type: 'relay-cancel', id: 2 });
    await c.host.runUntil(() => false, 1_000);
    await c.host.kubectlDo((client) =>
      client.request({
        verb: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } },
      }),
    );
    expect(events()).toEqual(['ADDED kube-root-ca.crt']);
  });

  it('streams a followed log as chunks', async () => {
    const { c, server, sent } = await relay();
    await c.host.kubectlDo((client) =>
      client.request({ verb: 'POST', path: '/api/v1/namespaces/default/pods', body: POD }),
    );
    expect(
      await c.host.runUntil(() => {
        const pod = c.objects.get('/registry/pods/default/web') as { status?: { phase?: string } };
        return pod.status?.phase === 'Running';
      }, 60_000),
    ).toBe(true);
    server.handle({
      type: 'relay-request',
      id: 3,
      kind: 'stream',
      request: request({
        verb: 'GET',
        path: '/api/v1/namespaces/default/pods/web/log',
        query: { follow: 'true' },
      }),
    });
    expect(await c.host.runUntil(() => sent.length > 0, 10_000)).toBe(true);
    expect(sent[0]).toMatchObject({
      type: 'relay-start',
      id: 3,
      response: { code: 200, body: 'hi\n' },
    });
    server.handle({ type: 'relay-cancel', id: 3 });
  });
});
