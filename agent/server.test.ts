import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_CLOSE, type AgentMessage, type ContainerEvent } from './protocol.ts';
import { AgentRuntime } from './runtime.ts';
import { AgentServer, isLoopback, NonLoopbackError, type AgentServerOptions } from './server.ts';
import { FakeEngine, TabClient } from './testing.ts';

const ORIGIN = 'http://localhost:4173';
const TOKEN = 'pairing-token-for-tests';
const IMAGE = 'localhost/k8spg-busybox:test';
const POD = { namespace: 'default', name: 'web', uid: 'uid-1', hostname: 'web' };

const stops: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function startAgent(options: Partial<AgentServerOptions> & { engine?: FakeEngine } = {}) {
  const engine = options.engine ?? new FakeEngine();
  engine.addImage(IMAGE);
  const runtime = new AgentRuntime(engine, {
    runId: 'run1',
    sandboxImage: IMAGE,
    sandboxCommand: ['sleep', '2147483647'],
    podNetwork: 'none',
  });
  const log: string[] = [];
  const logged: { match: RegExp; resolve: () => void }[] = [];
  const agent = await AgentServer.start({
    host: '127.0.0.1',
    port: 0,
    allowOrigins: [ORIGIN],
    token: TOKEN,
    runtime,
    graceMs: 60_000,
    log(line) {
      log.push(line);
      for (const waiter of logged.filter((w) => w.match.test(line))) waiter.resolve();
    },
    ...options,
  });
  stops.push(() => agent.close());
  /** Resolves once the agent logs a line matching `match`. */
  const logs = (match: RegExp) =>
    log.some((line) => match.test(line))
      ? Promise.resolve()
      : new Promise<void>((resolve) => logged.push({ match, resolve }));
  return { agent, engine, runtime, log, logs };
}

async function pairedTab(agent: AgentServer) {
  const tab = await TabClient.connect(agent.url, ORIGIN);
  stops.push(() => tab.close());
  const welcome = await tab.pair(TOKEN);
  return { tab, welcome };
}

describe('listening', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20', 'example.com'])(
    'refuses to listen on %s, which is not loopback',
    async (host) => {
      await expect(startAgent({ host })).rejects.toThrow(new NonLoopbackError(host).message);
      expect(new NonLoopbackError(host).message).toBe(
        `refusing to listen on ${host}: the agent only listens on loopback (127.0.0.1, ::1 or localhost), ` +
          'because whoever reaches it can run containers on this machine',
      );
    },
  );

  it.each([
    ['127.0.0.1', true],
    ['127.4.5.6', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
  ])('counts %s as loopback: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe('pairing', () => {
  it('welcomes a tab from an allowed origin with the right token, and tells it about the engine', async () => {
    const { agent } = await startAgent();
    const { welcome } = await pairedTab(agent);
    expect(welcome).toEqual({
      type: 'welcome',
      version: 1,
      runId: 'run1',
      sandboxImage: IMAGE,
      engine: {
        available: true,
        host: 'unix:///fake/docker.sock',
        info: {
          hostname: 'fake-host',
          cpus: 8,
          memoryBytes: 17_179_869_184,
          os: 'linux',
          architecture: 'amd64',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-fake',
          runtimeName: 'docker',
          runtimeVersion: '20.10.24',
          apiVersion: '1.41',
        },
      },
    });
  });

  it('closes the socket of a wrong token with a reason the UI can show', async () => {
    const { agent, log } = await startAgent();
    const tab = await TabClient.connect(agent.url, ORIGIN);
    await expect(tab.pair('guessed')).rejects.toThrow(
      'closed 4001: agent: wrong pairing token; open the pairing URL the agent printed',
    );
    expect(log).toContain('refused a tab: wrong pairing token');
    expect(agent.paired).toBe(false);
  });

  it.each([
    ['another origin', 'https://evil.example'],
    ['the app on another port', 'http://localhost:8080'],
  ])('refuses the upgrade from %s with 403', async (_, origin) => {
    const { agent, log } = await startAgent();
    await expect(TabClient.connect(agent.url, origin)).rejects.toThrow('upgrade refused: 403');
    expect(log).toContain(`refused a connection from origin ${origin}: not in --allow-origin`);
  });

  it('refuses the upgrade of a client that sends no Origin', async () => {
    const { agent } = await startAgent();
    const { default: WebSocket } = await import('ws');
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(agent.url);
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
      });
    });
    expect(refused).toBe(403);
  });

  it('closes the socket of another protocol version', async () => {
    const { agent } = await startAgent();
    const tab = await TabClient.connect(agent.url, ORIGIN);
    await expect(tab.pair(TOKEN, 2)).rejects.toThrow(
      'closed 4002: agent: protocol version 1, the tab speaks 2; update the app or the agent',
    );
  });

  it('closes a socket whose first message is not a hello', async () => {
    const { agent } = await startAgent();
    const tab = await TabClient.connect(agent.url, ORIGIN);
    tab.send({ type: 'call', id: 1, call: { method: 'info' } });
    expect(await tab.closed).toEqual({
      code: AGENT_CLOSE.noHello,
      reason: 'agent: the first message must be a hello',
    });
  });

  it('lets a newer tab take over, closing the older one', async () => {
    const { agent } = await startAgent();
    const first = await pairedTab(agent);
    await pairedTab(agent);
    expect(await first.tab.closed).toEqual({
      code: AGENT_CLOSE.replaced,
      reason: 'agent: another tab paired with this agent',
    });
    expect(agent.paired).toBe(true);
  });

  it('tells the tab, and the log, when the engine cannot be reached, and when it is back', async () => {
    const engine = new FakeEngine();
    engine.reachable = false;
    const { agent, log } = await startAgent({ engine });
    const { tab, welcome } = await pairedTab(agent);
    const unreachable =
      'cannot reach the Docker Engine API at unix:///fake/docker.sock (connect ENOENT /fake/docker.sock): ' +
      'start Docker (or `podman system service`) or point K8SPG_DOCKER_HOST or DOCKER_HOST at it';
    expect(welcome.engine).toEqual({
      available: false,
      host: 'unix:///fake/docker.sock',
      message: unreachable,
    });
    expect(log).toContain(unreachable);
    engine.reachable = true;
    await agent.checkEngine();
    expect(await tab.next((message) => message.type === 'engine-status')).toMatchObject({
      type: 'engine-status',
      engine: { available: true },
    });
  });

  it('reports an exit the event stream missed while the engine was away', async () => {
    const { agent, engine } = await startAgent();
    const { tab } = await pairedTab(agent);
    const { sandboxId } = await tab.call({ method: 'runPodSandbox', config: POD });
    const created = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'app', image: IMAGE },
    });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'idle', image: IMAGE },
    });
    await tab.call({ method: 'startContainer', containerId });
    engine.stopEngine();
    await tab.next((message) => message.type === 'engine-status');
    engine.reachable = true;
    engine.exit(containerId, 2);
    await agent.checkEngine();
    const exited = await tab.next(
      (message) => message.type === 'container-event' && message.event.type === 'exited',
    );
    expect(exited).toMatchObject({ event: { containerId, exitCode: 2, reason: 'Error' } });
    // A container never started has not exited.
    expect(
      tab.messages.filter(
        (m) =>
          m.type === 'container-event' &&
          m.event.type === 'exited' &&
          m.event.containerId === created.containerId,
      ),
    ).toEqual([]);
  });

  it('reports a call to an engine that went away as EngineUnavailable', async () => {
    const { agent, engine } = await startAgent();
    const { tab } = await pairedTab(agent);
    engine.stopEngine();
    const outcome = await tab.outcome(tab.start({ method: 'runPodSandbox', config: POD }));
    expect(outcome).toEqual({
      error: {
        code: 'EngineUnavailable',
        message:
          'cannot reach the Docker Engine API at unix:///fake/docker.sock: connect ENOENT /fake/docker.sock',
      },
    });
  });
});

describe('calls', () => {
  it('refuses to stop a container that does not carry our labels', async () => {
    const { agent, engine } = await startAgent();
    const id = engine.addForeignContainer('my-database');
    await engine.startContainer(id);
    const { tab } = await pairedTab(agent);
    const outcome = await tab.outcome(
      tab.start({ method: 'stopContainer', containerId: id, timeoutSeconds: 1 }),
    );
    expect(outcome).toMatchObject({ error: { code: 'NotManaged' } });
    expect(engine.containers.get(id)?.status).toBe('running');
  });

  it('runs a pod and pushes its containers’ events from the engine’s event stream', async () => {
    const { agent, engine } = await startAgent({ engine: new FakeEngine('podman') });
    const { tab } = await pairedTab(agent);
    const { sandboxId, ip } = await tab.call({ method: 'runPodSandbox', config: POD });
    expect(ip).toBe('');
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'app', image: IMAGE, command: ['sh', '-c', 'exit 7'] },
    });
    await tab.call({ method: 'startContainer', containerId });
    engine.exit(containerId, 7);
    const exited = (await tab.next(
      (message) => message.type === 'container-event' && message.event.type === 'exited',
    )) as Extract<AgentMessage, { type: 'container-event' }>;
    expect(exited.event).toMatchObject<Partial<ContainerEvent>>({
      containerId,
      containerName: 'app',
      pod: { namespace: 'default', name: 'web', uid: 'uid-1' },
      exitCode: 7,
      reason: 'Error',
      oomKilled: false,
    });
    expect(await tab.call({ method: 'listContainers' })).toMatchObject([
      { id: containerId, state: 'exited', exitCode: 7 },
    ]);
  });

  it('streams a followed log and ends it when the tab cancels', async () => {
    const { agent, engine } = await startAgent();
    const { tab } = await pairedTab(agent);
    const { sandboxId } = await tab.call({ method: 'runPodSandbox', config: POD });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'app', image: IMAGE },
    });
    await tab.call({ method: 'startContainer', containerId });
    engine.write(containerId, 'stdout', 'before\n');
    const id = tab.start({ method: 'containerLogs', containerId, follow: true });
    await tab.next((message) => message.type === 'output' && message.id === id);
    engine.write(containerId, 'stderr', 'after\n');
    await tab.next((message) => message.type === 'output' && message.id === id);
    tab.send({ type: 'cancel', id });
    expect(await tab.outcome(id)).toEqual({
      error: { code: 'Cancelled', message: 'the call was cancelled' },
    });
  });

  it('runs an exec with stdin, streaming its output and answering its exit code', async () => {
    const { agent, engine } = await startAgent();
    engine.execBehaviour = () => ({ exitCode: 0, echoStdin: true });
    const { tab } = await pairedTab(agent);
    const { sandboxId } = await tab.call({ method: 'runPodSandbox', config: POD });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'app', image: IMAGE },
    });
    await tab.call({ method: 'startContainer', containerId });
    const id = tab.start({ method: 'exec', containerId, command: ['cat'], stdin: true });
    tab.send({ type: 'stdin', id, data: 'hi there\n' });
    tab.send({ type: 'stdin-end', id });
    expect(await tab.outcome(id)).toEqual({ result: { exitCode: 0 } });
    expect(tab.output(id)).toEqual({ stdout: 'hi there\n', stderr: '' });
  });

  it('answers a malformed call with BadRequest', async () => {
    const { agent } = await startAgent();
    const { tab } = await pairedTab(agent);
    tab.send({ type: 'call', id: 9, call: { method: 'format-disk' } as never });
    expect(await tab.outcome(9)).toEqual({
      error: { code: 'BadRequest', message: 'unknown method "format-disk"' },
    });
  });
});

describe('cleanup', () => {
  async function podWithContainer(tab: TabClient) {
    const { sandboxId } = await tab.call({ method: 'runPodSandbox', config: POD });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'app', image: IMAGE },
    });
    await tab.call({ method: 'startContainer', containerId });
  }

  it("removes this run's containers once the tab has been gone for the grace period", async () => {
    const { agent, engine, logs } = await startAgent({ graceMs: 0 });
    const foreign = engine.addForeignContainer('my-database');
    const { tab } = await pairedTab(agent);
    await podWithContainer(tab);
    expect(engine.containers.size).toBe(3);
    await tab.close();
    await logs(/^removed 2 container\(s\): the tab did not come back$/);
    expect([...engine.containers.keys()]).toEqual([foreign]);
  });

  it('keeps them when the tab comes back within the grace period', async () => {
    const { agent, engine, logs } = await startAgent({ graceMs: 60_000 });
    const first = await pairedTab(agent);
    await podWithContainer(first.tab);
    await first.tab.close();
    await logs(/^the tab left; removing this run's containers in 60 s unless it comes back$/);
    const again = await pairedTab(agent);
    expect(await again.tab.call({ method: 'listContainers' })).toHaveLength(1);
    expect(engine.containers.size).toBe(2);
  });

  it('removes them when asked to on shutdown', async () => {
    const { agent, engine } = await startAgent();
    const { tab } = await pairedTab(agent);
    await podWithContainer(tab);
    await agent.close();
    expect(await tab.closed).toEqual({
      code: AGENT_CLOSE.shuttingDown,
      reason: 'agent: shutting down; its containers are being removed',
    });
    expect(await agent.removeContainers('the agent stopped')).toBe(2);
    expect(engine.containers.size).toBe(0);
  });
});
