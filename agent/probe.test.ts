import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClusterPki } from '../server/pki.ts';
import { httpProbe, PROBE_USER_AGENT, tcpProbe } from './probe.ts';
import type { AgentError } from './protocol.ts';
import { AgentFailure, AgentRuntime } from './runtime.ts';
import { FakeEngine } from './testing.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

function listening(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.push(socket));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A loopback port nothing listens on: one a server held and gave back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  servers.splice(servers.indexOf(server), 1);
  return port;
}

/** Why the runtime refuses to probe `host`; undefined when it admits it. */
function refusal(runtime: AgentRuntime, host: string): AgentError | undefined {
  try {
    runtime.probeTarget(host);
    return undefined;
  } catch (error) {
    if (error instanceof AgentFailure) return error.error;
    throw error;
  }
}

describe('network probes from the agent’s host', () => {
  it.each([
    [200, { statusCode: 200 }],
    [302, { statusCode: 302 }],
    [503, { statusCode: 503 }],
  ])('answers an HTTP %i with its status code, asking as kube-probe', async (code, answer) => {
    const seen: { url?: string; headers?: IncomingHttpHeaders } = {};
    const port = await listening(
      createHttpServer((request, response) => {
        seen.url = request.url;
        seen.headers = request.headers;
        response.writeHead(code, code === 302 ? { Location: '/elsewhere' } : {});
        response.end('body');
      }),
    );

    expect(await httpProbe('127.0.0.1', port, '/healthz', 1000)).toEqual(answer);
    expect(seen.url).toBe('/healthz');
    expect(seen.headers).toMatchObject({ 'user-agent': PROBE_USER_AGENT, accept: '*/*' });
  });

  it('probes HTTPS without verifying the serving certificate, as the kubelet does', async () => {
    const pki = createClusterPki();
    const seen: { url?: string } = {};
    const port = await listening(
      createHttpsServer({ cert: pki.serverCert, key: pki.serverKey }, (request, response) => {
        seen.url = request.url;
        response.writeHead(204);
        response.end();
      }),
    );

    expect(await httpProbe('127.0.0.1', port, '/healthz', 5000, 'HTTPS')).toEqual({
      statusCode: 204,
    });
    expect(seen.url).toBe('/healthz');
    // Plain HTTP to the TLS port gets no HTTP answer.
    expect(await httpProbe('127.0.0.1', port, '/healthz', 5000, 'HTTP')).not.toHaveProperty(
      'statusCode',
    );
  });

  it('answers ECONNREFUSED where nothing listens, for HTTP and TCP', async () => {
    const port = await closedPort();

    expect(await httpProbe('127.0.0.1', port, '/', 1000)).toEqual({ error: 'ECONNREFUSED' });
    expect(await tcpProbe('127.0.0.1', port, 1000)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('answers ETIMEDOUT when no status line comes within the timeout', async () => {
    // Accepts the connection and never answers.
    const port = await listening(createServer(() => undefined));

    expect(await httpProbe('127.0.0.1', port, '/', 100)).toEqual({ error: 'ETIMEDOUT' });
  });

  it('connects over TCP to a listening port', async () => {
    const port = await listening(createServer((socket) => socket.end()));

    expect(await tcpProbe('127.0.0.1', port, 1000)).toEqual({ connected: true });
  });

  it.each([
    ['an address that is no pod of this run', '127.0.0.1'],
    ['no address at all', ''],
  ])('refuses to probe %s', async (_name, host) => {
    const engine = new FakeEngine('docker');
    engine.addImage('localhost/k8spg-busybox:test');
    const runtime = new AgentRuntime(engine, {
      runId: 'run1',
      sandboxImage: 'localhost/k8spg-busybox:test',
      podNetwork: 'bridge',
    });
    await runtime.runPodSandbox({ namespace: 'default', name: 'web', uid: 'uid', hostname: 'web' });

    expect(refusal(runtime, host)).toEqual({
      code: 'NotManaged',
      message: `${host} is not the IP of a pod sandbox this agent runs; the agent probes only its own pods`,
    });
    expect(refusal(runtime, '172.17.0.2')).toBeUndefined();
  });

  it('admits a pod IP without asking the engine, until its sandbox is removed', async () => {
    const engine = new FakeEngine('docker');
    engine.addImage('localhost/k8spg-busybox:test');
    const runtime = new AgentRuntime(engine, {
      runId: 'run1',
      sandboxImage: 'localhost/k8spg-busybox:test',
      podNetwork: 'bridge',
    });
    const web = await runtime.runPodSandbox({
      namespace: 'default',
      name: 'web',
      uid: 'uid-web',
      hostname: 'web',
    });
    const db = await runtime.runPodSandbox({
      namespace: 'default',
      name: 'db',
      uid: 'uid-db',
      hostname: 'db',
    });
    await runtime.removePodSandbox(db.sandboxId);
    // A listing would fail now: the check must not need one.
    engine.stopEngine();

    expect(refusal(runtime, web.ip)).toBeUndefined();
    expect(refusal(runtime, db.ip)?.code).toBe('NotManaged');
  });
});
