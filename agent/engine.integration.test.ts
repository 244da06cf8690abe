// The agent against a real Docker Engine API (podman's service from scripts/ci/engine-up.sh, or
// dockerd): pods run, log, exec, stop and go away as real containers, driven through the agent's
// WebSocket as the tab drives them. Skips with one line when no engine or test image is reachable;
// fails instead under K8SPG_REQUIRE_ENGINE=1 (CI).

import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerOptions, TEST_IMAGE } from './engine-docker.ts';
import {
  AGENT_LABELS,
  type AgentCall,
  type AgentMessage,
  type ContainerEvent,
} from './protocol.ts';
import type { AgentServer } from './server.ts';
import { integrationEngine, startTestAgent, TabClient, testRuntime } from './testing.ts';

const TEST_RUN_LABEL = 'io.k8s-playground/test-run';
const ORIGIN = 'http://localhost:4173';
const TOKEN = 'integration-token';

const { host: HOST, unusable } = await integrationEngine('agent engine integration tests');

/** Traps SIGTERM so that a stop is prompt, as a well-behaved server's is. */
const SERVE = "echo hello; echo oops >&2; trap 'exit 0' TERM; sleep 300 & wait";

describe.skipIf(unusable !== null)('the agent on a real engine', () => {
  const runId = `it-${randomUUID().slice(0, 8)}`;
  const docker = new Docker(dockerOptions(HOST));
  const runtime = testRuntime(HOST, runId, 'none');
  let agent: AgentServer;
  let tab: TabClient;

  beforeAll(async () => {
    agent = await startTestAgent(runtime, ORIGIN, TOKEN);
    tab = await TabClient.connect(agent.url, ORIGIN);
    const welcome = await tab.pair(TOKEN);
    expect(welcome.engine.available).toBe(true);
  });

  afterAll(async () => {
    await tab.close();
    await agent.close();
    // Containers before the sandboxes whose namespaces they hold: podman refuses otherwise.
    await runtime.removeAll();
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${TEST_RUN_LABEL}=${runId}`] },
    });
    for (const { Id } of left) await docker.getContainer(Id).remove({ force: true });
  });

  let pod = 0;
  async function runPod(command: string, extra: { memoryLimitBytes?: number } = {}) {
    pod++;
    const { sandboxId } = await tab.call({
      method: 'runPodSandbox',
      config: {
        namespace: 'default',
        name: `pod-${pod}`,
        uid: `${runId}-${pod}`,
        hostname: `pod-${pod}`,
      },
    });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'main', image: TEST_IMAGE, command: ['sh', '-c', command], ...extra },
    });
    return { sandboxId, containerId };
  }

  function event(containerId: string, type: ContainerEvent['type']): Promise<ContainerEvent> {
    return tab
      .next(
        (message) =>
          message.type === 'container-event' &&
          message.event.containerId === containerId &&
          message.event.type === type,
      )
      .then((message) => (message as Extract<AgentMessage, { type: 'container-event' }>).event);
  }

  it('tells the node’s capacity from docker info', async () => {
    const info = await tab.call({ method: 'info' });
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(0);
    expect(info.os).toBe('linux');
    expect(['docker', 'podman']).toContain(info.runtimeName);
  });

  it('runs a container, labelled as ours, reads its log, execs in it, stops and removes it', async () => {
    const { sandboxId, containerId } = await runPod(SERVE);
    const started = event(containerId, 'started');
    await tab.call({ method: 'startContainer', containerId });
    expect(await started).toMatchObject({ containerName: 'main', sandbox: false });

    const [listed] = await docker.listContainers({ filters: { id: [containerId] } });
    expect(listed?.Labels).toMatchObject({
      [AGENT_LABELS.managedBy]: 'k8s-playground-agent',
      [AGENT_LABELS.run]: runId,
      [AGENT_LABELS.podNamespace]: 'default',
      [AGENT_LABELS.podName]: `pod-${pod}`,
      [AGENT_LABELS.containerName]: 'main',
      [AGENT_LABELS.sandboxId]: sandboxId,
    });
    expect((await docker.getContainer(containerId).inspect()).HostConfig.NetworkMode).toBe(
      `container:${sandboxId}`,
    );
    expect(await tab.call({ method: 'containerStatus', containerId })).toMatchObject({
      state: 'running',
      name: 'main',
    });

    await expect
      .poll(async () => {
        const id = tab.start({ method: 'containerLogs', containerId });
        await tab.outcome(id);
        return tab.output(id);
      })
      .toEqual({ stdout: 'hello\n', stderr: 'oops\n' });

    const exec = tab.start({
      method: 'exec',
      containerId,
      command: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
    });
    expect(await tab.outcome(exec)).toEqual({ result: { exitCode: 3 } });
    expect(tab.output(exec)).toEqual({ stdout: 'out\n', stderr: 'err\n' });

    const cat = tab.start({ method: 'exec', containerId, command: ['cat'], stdin: true });
    tab.send({ type: 'stdin', id: cat, data: 'typed\n' });
    tab.send({ type: 'stdin-end', id: cat });
    expect(await tab.outcome(cat)).toEqual({ result: { exitCode: 0 } });
    expect(tab.output(cat).stdout).toBe('typed\n');

    const exited = event(containerId, 'exited');
    await tab.call({ method: 'stopContainer', containerId, timeoutSeconds: 1 });
    expect(await exited).toMatchObject({ exitCode: 0, reason: 'Completed', oomKilled: false });
    // Stopping a stopped container is done, not an error (the engine's 304).
    await tab.call({ method: 'stopContainer', containerId, timeoutSeconds: 1 });

    const removed = event(containerId, 'removed');
    await tab.call({ method: 'removeContainer', containerId });
    await removed;
    await tab.call({ method: 'stopPodSandbox', sandboxId });
    await tab.call({ method: 'removePodSandbox', sandboxId });
    expect(
      await docker.listContainers({
        all: true,
        filters: { label: [`${AGENT_LABELS.run}=${runId}`, `${AGENT_LABELS.podName}=pod-${pod}`] },
      }),
    ).toEqual([]);
  });

  it('samples a running container’s CPU and working set from the engine', async () => {
    const { containerId } = await runPod(SERVE);
    await tab.call({ method: 'startContainer', containerId });
    const usage = (await tab.call({ method: 'containerStats' })).find(
      (sample) => sample.id === containerId,
    );
    expect(usage?.cpuCoreNanoSeconds).toBeGreaterThan(0);
    expect(usage?.workingSetBytes).toBeGreaterThan(0);
    expect(usage?.time).toBeGreaterThan(Date.now() - 60_000);
    await tab.call({ method: 'stopContainer', containerId, timeoutSeconds: 1 });
    expect((await tab.call({ method: 'containerStats' })).map((sample) => sample.id)).not.toContain(
      containerId,
    );
  });

  it('reports the exit code of a container that ends by itself', async () => {
    const { containerId } = await runPod('echo bye; exit 7');
    const exited = event(containerId, 'exited');
    await tab.call({ method: 'startContainer', containerId });
    expect(await exited).toMatchObject({ exitCode: 7, reason: 'Error' });
    expect(await tab.call({ method: 'containerStatus', containerId })).toMatchObject({
      state: 'exited',
      exitCode: 7,
    });
  });

  it('follows a log until the container exits', async () => {
    const { containerId } = await runPod('echo one; sleep 0.3; echo two');
    await tab.call({ method: 'startContainer', containerId });
    const id = tab.start({ method: 'containerLogs', containerId, follow: true });
    expect(await tab.outcome(id)).toEqual({ result: {} });
    expect(tab.output(id).stdout).toBe('one\ntwo\n');
  });

  it('kills a container above its memory limit (137)', async () => {
    const { containerId } = await runPod(
      'a=$(/bin/busybox head -c 60000000 /dev/zero | /bin/busybox tr "\\0" x); echo survived',
      { memoryLimitBytes: 16 * 1024 * 1024 },
    );
    expect((await docker.getContainer(containerId).inspect()).HostConfig.Memory).toBe(
      16 * 1024 * 1024,
    );
    const exited = event(containerId, 'exited');
    await tab.call({ method: 'startContainer', containerId });
    // dockerd sets OOMKilled; podman 4.3 on cgroup v1 reports only the SIGKILL.
    expect(await exited).toMatchObject({ exitCode: 137 });
  });

  it('reports a start that fails as RunContainerError', async () => {
    pod++;
    const { sandboxId } = await tab.call({
      method: 'runPodSandbox',
      config: { namespace: 'default', name: `pod-${pod}`, uid: `${runId}-${pod}`, hostname: 'x' },
    });
    const { containerId } = await tab.call({
      method: 'createContainer',
      sandboxId,
      config: { name: 'broken', image: TEST_IMAGE, command: ['/no/such/binary'] },
    });
    const outcome = await tab.outcome(tab.start({ method: 'startContainer', containerId }));
    expect(outcome).toMatchObject({ error: { code: 'RunContainerError' } });
    expect('error' in outcome && outcome.error.message).toContain('/no/such/binary');
  });

  it.each([
    [
      'a registry that cannot be reached',
      'registry.invalid/k8spg/none:1',
      'IfNotPresent',
      'ErrImagePull',
    ],
    ['an absent image under Never', 'registry.invalid/k8spg/none:1', 'Never', 'ErrImageNeverPull'],
  ] as const)('fails a pull from %s with %s', async (_, image, policy, code) => {
    const outcome = await tab.outcome(tab.start({ method: 'pullImage', image, policy }));
    expect(outcome).toMatchObject({ error: { code } });
  });

  it.each([
    [
      'a local image',
      TEST_IMAGE,
      { image: TEST_IMAGE, imageRef: expect.stringMatching(/sha256:[0-9a-f]{64}$/) as string },
    ],
    ['an absent image', 'registry.invalid/k8spg/none:1', null],
  ])('tells the image status of %s from the engine’s store', async (_, image, expected) => {
    const status = await tab.call({ method: 'imageStatus', image });
    expect(status).toEqual(
      expected === null ? null : { ...expected, size: expect.any(Number) as number },
    );
  });

  it('answers a present image without pulling it', async () => {
    expect(
      await tab.call({ method: 'pullImage', image: TEST_IMAGE, policy: 'IfNotPresent' }),
    ).toMatchObject({
      size: expect.any(Number) as number,
    });
  });

  it('refuses to stop a container it did not create', async () => {
    const foreign = await docker.createContainer({
      Image: TEST_IMAGE,
      name: `foreign-${runId}`,
      Cmd: ['sh', '-c', SERVE],
      Labels: { [TEST_RUN_LABEL]: runId },
      HostConfig: { NetworkMode: 'none', Init: true },
    });
    await foreign.start();
    const outcome = await tab.outcome(
      tab.start({ method: 'stopContainer', containerId: foreign.id, timeoutSeconds: 1 }),
    );
    expect(outcome).toMatchObject({ error: { code: 'NotManaged' } });
    expect((await foreign.inspect()).State.Running).toBe(true);
  });

  it('gives the containers of a pod one IP: its sandbox’s', async () => {
    const bridged = testRuntime(HOST, runId, 'bridge');
    const { sandboxId, ip } = await bridged.runPodSandbox({
      namespace: 'default',
      name: 'shared',
      uid: `${runId}-shared`,
      hostname: 'shared',
    });
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const addresses: string[] = [];
    for (const name of ['a', 'b']) {
      const id = await bridged.createContainer(sandboxId, {
        name,
        image: TEST_IMAGE,
        command: ['sh', '-c', SERVE],
      });
      await bridged.startContainer(id);
      let output = '';
      const exitCode = await bridged.exec(
        { method: 'exec', containerId: id, command: ['ip', '-o', '-4', 'addr', 'show', 'eth0'] },
        {
          signal: new AbortController().signal,
          progress: () => undefined,
          output: (_stream, data) => (output += data),
          onStdin: () => undefined,
        },
      );
      expect(exitCode).toBe(0);
      addresses.push(/inet (\S+)\//.exec(output)?.[1] ?? output);
    }
    expect(addresses).toEqual([ip, ip]);
  });

  it('probes a pod over the host’s network: HTTP status codes, TCP connects, and nothing else', async () => {
    const bridged = testRuntime(HOST, runId, 'bridge');
    const { sandboxId, ip } = await bridged.runPodSandbox({
      namespace: 'default',
      name: 'probed',
      uid: `${runId}-probed`,
      hostname: 'probed',
    });
    const id = await bridged.createContainer(sandboxId, {
      name: 'httpd',
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo ok > /www/healthz; exec httpd -f -p 8080 -h /www'],
    });
    await bridged.startContainer(id);
    const io = {
      signal: new AbortController().signal,
      progress: () => undefined,
      output: () => undefined,
      onStdin: () => undefined,
    };
    const probe = (call: AgentCall) => bridged.call(call, io);

    await expect
      .poll(() =>
        probe({ method: 'httpProbe', host: ip, port: 8080, path: '/healthz', timeoutSeconds: 1 }),
      )
      .toEqual({ statusCode: 200 });
    expect(
      await probe({ method: 'httpProbe', host: ip, port: 8080, path: '/none', timeoutSeconds: 1 }),
    ).toEqual({ statusCode: 404 });
    expect(await probe({ method: 'tcpProbe', host: ip, port: 8080, timeoutSeconds: 1 })).toEqual({
      connected: true,
    });
    expect(await probe({ method: 'tcpProbe', host: ip, port: 8081, timeoutSeconds: 1 })).toEqual({
      error: 'ECONNREFUSED',
    });
    await expect(
      probe({ method: 'tcpProbe', host: '127.0.0.1', port: 8080, timeoutSeconds: 1 }),
    ).rejects.toMatchObject({ error: { code: 'NotManaged' } });
  });
});
