import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadlessCluster } from '../server/headless-cluster.ts';
import { KUBECTL_AVAILABLE, kubectl as kubectlAt, type KubectlResult } from '../server/testing.ts';
import { NO_TAB_MESSAGE, RelayGateway, startRelay, type ServedRelay } from './relay.ts';
import { AgentRuntime } from './runtime.ts';
import type { AgentServer } from './server.ts';
import { FakeEngine, startTestAgent, TabClient } from './testing.ts';

const ORIGIN = 'http://localhost:4173';
const TOKEN = 'pairing-token';
const RELAY_TOKEN = 'relay-token-for-tests';

let dir: string;
let agent: AgentServer;
let relay: ServedRelay;
let kubeconfigPath: string;
let cluster: HeadlessCluster;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'k8spg-agent-relay-'));
  kubeconfigPath = path.join(dir, 'kubeconfig');
  const runtime = new AgentRuntime(new FakeEngine(), {
    runId: 'run1',
    sandboxImage: 'registry.k8s.io/pause:3.10',
    podNetwork: 'none',
  });
  agent = await startTestAgent(runtime, ORIGIN, TOKEN);
  relay = await startRelay(agent, {
    host: '127.0.0.1',
    port: 0,
    token: RELAY_TOKEN,
    kubeconfigPath,
  });
  cluster = await HeadlessCluster.start({
    nodes: 1,
    seed: 'agent-relay',
    speed: 20,
    threads: false,
    realTime: true,
    tokens: [],
  });
});

afterAll(async () => {
  relay.close();
  await agent.close();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  text: string;
}

function get(urlPath: string, token = RELAY_TOKEN): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${relay.url}${urlPath}`,
      { headers: { authorization: `Bearer ${token}` }, ca: relay.caCert },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** The first `count` lines of a watch through the relay; then leaves it. */
function watchLines(urlPath: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${relay.url}${urlPath}`,
      { headers: { authorization: `Bearer ${RELAY_TOKEN}` }, ca: relay.caCert },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const lines = text.split('\n').filter((line) => line !== '');
          if (lines.length >= count) {
            request.destroy();
            resolve(lines.slice(0, count));
          }
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  // A fresh discovery cache: what kubectl prints first depends on it.
  return kubectlAt({ kubeconfigPath }, ['--cache-dir', path.join(dir, 'cache'), ...args], input);
}

describe('relay without a tab', () => {
  it('answers 503 with a Status saying no browser tab is connected', async () => {
    const answer = await get('/api/v1/namespaces/default/pods');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: NO_TAB_MESSAGE,
      reason: 'ServiceUnavailable',
      code: 503,
    });
  });

  it('refuses a request without the kubeconfig’s token as kube-apiserver does', async () => {
    const answer = await get('/api/v1/namespaces/default/pods', 'wrong');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
  });

  it('writes a kubeconfig for the relay with its own CA and token', () => {
    const text = readFileSync(kubeconfigPath, 'utf8');
    expect(text).toContain(`server: ${relay.url}`);
    expect(text).toContain(`token: ${RELAY_TOKEN}`);
  });

  it.skipIf(!KUBECTL_AVAILABLE)('makes kubectl say why', async () => {
    const raw = await kubectl(['get', '--raw', '/api/v1/namespaces/default/pods']);
    expect(raw.code).toBe(1);
    expect(raw.stderr).toBe(`Error from server (ServiceUnavailable): ${NO_TAB_MESSAGE}\n`);
    // Discovery comes first, and client-go's discovery reports a 503 by its reason alone.
    const get = await kubectl(['get', 'pods']);
    expect(get.code).toBe(1);
    expect(get.stderr.split('\n').at(-2)).toBe(
      'Error from server (ServiceUnavailable): the server is currently unable to handle the request',
    );
  });
});

describe('relay to a tab backed by a real cluster', () => {
  let tab: TabClient;
  let served: string[];

  beforeAll(async () => {
    tab = await TabClient.connect(agent.url, ORIGIN);
    const welcome = await tab.pair(TOKEN);
    expect(welcome.relay).toEqual({ server: relay.url, kubeconfig: kubeconfigPath });
    ({ served } = tab.serveRelay(cluster.gateway));
  });

  afterAll(async () => {
    await tab.close();
  });

  it('forwards a request and its answer', async () => {
    const answer = await get('/api/v1/nodes');
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.text) as { items: unknown[] }).items).toHaveLength(1);
    expect(served).toContain('request GET /api/v1/nodes');
  });

  it('streams a watch', async () => {
    const lines = await watchLines('/api/v1/namespaces/default/configmaps?watch=true', 1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      type: 'ADDED',
      object: { kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' } },
    });
  });

  it.skipIf(!KUBECTL_AVAILABLE)('serves the real kubectl: apply, get, delete', async () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: through-relay}\ndata: {a: "1"}\n';
    expect(await kubectl(['apply', '-f', '-'], manifest)).toEqual({
      code: 0,
      stdout: 'configmap/through-relay created\n',
      stderr: '',
    });
    const got = await kubectl(['get', 'configmap', 'through-relay', '-o', 'jsonpath={.data.a}']);
    expect(got).toEqual({ code: 0, stdout: '1', stderr: '' });
    expect((await kubectl(['get', 'nodes', '--no-headers'])).stdout).toMatch(/^node-1 +Ready/);
    expect(await kubectl(['delete', 'configmap', 'through-relay'])).toEqual({
      code: 0,
      stdout: 'configmap "through-relay" deleted\n',
      stderr: '',
    });
  });
});

describe('relay of streams', () => {
  let tab: TabClient;

  beforeAll(async () => {
    tab = await TabClient.connect(agent.url, ORIGIN);
    await tab.pair(TOKEN);
    tab.serveRelay(cluster.gateway);
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: talker}\nspec:\n  containers:\n' +
      "  - {name: talker, image: busybox, command: [sh, -c, 'echo started; sleep 3600']}\n";
    expect((await kubectl(['apply', '-f', '-'], pod)).code).toBe(0);
    expect(
      (await kubectl(['wait', '--for=condition=Ready', 'pod/talker', '--timeout=60s'])).code,
    ).toBe(0);
  });

  afterAll(async () => {
    await tab.close();
  });

  it.skipIf(!KUBECTL_AVAILABLE)('serves kubectl logs', async () => {
    expect(await kubectl(['logs', 'talker'])).toEqual({ code: 0, stdout: 'started\n', stderr: '' });
  });

  it.skipIf(!KUBECTL_AVAILABLE)(
    'serves kubectl exec with stdin over the upgraded stream',
    async () => {
      expect(await kubectl(['exec', '-i', 'talker', '--', 'cat'], 'typed in\n')).toEqual({
        code: 0,
        stdout: 'typed in\n',
        stderr: '',
      });
    },
  );
});

describe('RelayGateway', () => {
  it('ends what the tab was serving when it leaves', async () => {
    const sent: unknown[] = [];
    const gateway = new RelayGateway({ paired: true, send: (message) => sent.push(message) > 0 });
    const answer = gateway.request({ verb: 'GET', path: '/api/v1/pods' });
    const ended: unknown[] = [];
    gateway.watch(
      { verb: 'GET', path: '/api/v1/pods' },
      { onEvents: () => undefined, onEnd: (r) => ended.push(r) },
    );
    expect(gateway.inFlight).toBe(2);
    gateway.tabLeft();
    expect((await answer).code).toBe(503);
    expect(ended).toEqual([undefined]);
    expect(gateway.inFlight).toBe(0);
  });

  it('passes requests on authenticated as the admin, without the bearer token', () => {
    const sent: unknown[] = [];
    const gateway = new RelayGateway({ paired: true, send: (message) => sent.push(message) > 0 });
    void gateway.request({
      verb: 'GET',
      path: '/api/v1/pods',
      headers: { authorization: ['Bearer x'], accept: ['application/json'] },
    });
    expect(sent).toEqual([
      {
        type: 'relay-request',
        id: 1,
        kind: 'request',
        request: {
          verb: 'GET',
          path: '/api/v1/pods',
          headers: { accept: ['application/json'] },
          user: {
            username: 'kubernetes-admin',
            groups: ['kubeadm:cluster-admins', 'system:authenticated'],
          },
        },
      },
    ]);
  });
});
