// End to end on a real engine: a cluster in one thread, played in wall-clock time, with a Docker
// node whose kubelet (workers/kubelet/docker-node.ts) sends its CRI calls through the page's agent
// component over a real WebSocket to the agent, which runs them on podman or dockerd. A pod placed
// on that node becomes real containers carrying our labels, its log is the real process's output,
// and deleting it removes them. Skips as engine.integration.test.ts does.

import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, type ApiResponse } from '../workers/client/protocol.ts';

/** metrics.k8s.io/v1beta1 PodMetrics, the part kubectl top reads. */
interface PodMetrics {
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}
import { createDockerNodeActors } from '../workers/kubelet/docker-node.ts';
import { createAgentActor } from '../workers/host/agent-actor.ts';
import { readyCluster, type ReadyCluster } from '../workers/host/cluster-testing.ts';
import { Driver } from '../workers/host/driver.ts';
import type { ExternalGateway } from '../workers/host/gateway.ts';
import { ADMIN_USER } from '../workers/host/kubectl-actor.ts';
import { dockerOptions, TEST_IMAGE } from './engine-docker.ts';
import { AGENT_LABELS } from './protocol.ts';
import type { AgentServer } from './server.ts';
import { integrationEngine, startTestAgent, TabClient, testRuntime } from './testing.ts';

const ORIGIN = 'http://localhost:4173';
const TOKEN = 'e2e-token';
const { host: HOST, unusable } = await integrationEngine('agent cluster integration tests');

describe.skipIf(unusable !== null)('a Docker node backed by the agent on a real engine', () => {
  const runId = `e2e-${randomUUID().slice(0, 8)}`;
  const docker = new Docker(dockerOptions(HOST));
  const runtime = testRuntime(HOST, runId, 'bridge');
  let agent: AgentServer;
  let tab: TabClient;
  let cluster: ReadyCluster;
  let driver: Driver;
  let gateway: ExternalGateway;

  beforeAll(async () => {
    agent = await startTestAgent(runtime, ORIGIN, TOKEN);
    tab = await TabClient.connect(agent.url, ORIGIN);
    const welcome = await tab.pair(TOKEN);
    const engine = welcome.engine.info;
    if (!engine) throw new Error('the agent has no engine info');

    cluster = await readyCluster('agent-e2e', 1);
    const host = cluster.host;
    driver = new Driver(host.coordinator, 0);
    // The agent's frames arrive in real time and enter the rounds as external input.
    const link = createAgentActor({
      send: (message) => {
        tab.send(message);
      },
    });
    tab.interceptor = (message) => {
      host.runtime.enqueueExternal(AGENT, () => {
        link.handle.receive(message);
      });
      driver.poke();
      return true;
    };
    host.runtime.add(link.spec);
    for (const spec of createDockerNodeActors({ name: 'docker-1', index: 2, engine }))
      host.runtime.add(spec);
    gateway = host.gateway(() => {
      driver.poke();
    });
    driver.followWallClock(host.coordinator.time);
    driver.setSpeed(5);
    driver.play();
  });

  afterAll(async () => {
    driver.stop();
    await tab.close();
    await agent.close();
    await runtime.removeAll();
  });

  function pod(name: string): Pod | undefined {
    return cluster.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;
  }

  function request(
    verb: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<ApiResponse> {
    return gateway.request({
      verb,
      path,
      user: ADMIN_USER,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), contentType: 'application/json' }),
    });
  }

  it('runs a pod as real containers with our labels, and serves their real log', async () => {
    await expect
      .poll(() => cluster.objects.has('/registry/minions/docker-1'), { timeout: 30_000 })
      .toBe(true);
    const created = await request('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'real' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'docker-1' },
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'talker',
            image: TEST_IMAGE,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', "echo hello from podman; trap 'exit 0' TERM; sleep 300 & wait"],
          },
        ],
      },
    });
    expect(created.code).toBe(201);
    await expect.poll(() => pod('real')?.status?.phase, { timeout: 60_000 }).toBe('Running');

    const status = pod('real')?.status;
    const containerId = status?.containerStatuses?.[0]?.containerID?.replace(/^docker:\/\//, '');
    const [listed] = await docker.listContainers({ filters: { id: [containerId ?? 'none'] } });
    expect(listed?.Labels).toMatchObject({
      [AGENT_LABELS.managedBy]: 'k8s-playground-agent',
      [AGENT_LABELS.run]: runId,
      [AGENT_LABELS.podNamespace]: 'default',
      [AGENT_LABELS.podName]: 'real',
      [AGENT_LABELS.podUid]: pod('real')?.metadata?.uid,
      [AGENT_LABELS.containerName]: 'talker',
    });
    expect(status?.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    await expect
      .poll(async () => (await request('GET', '/api/v1/namespaces/default/pods/real/log')).body, {
        timeout: 30_000,
      })
      .toBe('hello from podman\n');

    expect((await request('DELETE', '/api/v1/namespaces/default/pods/real')).code).toBe(200);
    await expect
      .poll(
        async () =>
          (
            await docker.listContainers({
              all: true,
              filters: { label: [`${AGENT_LABELS.podName}=real`, `${AGENT_LABELS.run}=${runId}`] },
            })
          ).length,
        { timeout: 60_000 },
      )
      .toBe(0);
  }, 180_000);

  it('makes a pod Ready by its httpGet probe (the agent dials the real pod IP) and meters it for kubectl top', async () => {
    const created = await request('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'served' },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'docker-1' },
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'httpd',
            image: TEST_IMAGE,
            imagePullPolicy: 'Never',
            command: ['sh', '-c', 'echo ok > /www/healthz; exec httpd -f -p 8080 -h /www'],
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            // The cluster's clock runs 5× real time: a real process needs virtual seconds to
            // listen, which a liveness probe must allow for.
            livenessProbe: {
              tcpSocket: { port: 8080 },
              initialDelaySeconds: 15,
              periodSeconds: 5,
              failureThreshold: 5,
            },
          },
        ],
      },
    });
    expect(created.code).toBe(201);
    await expect
      .poll(() => pod('served')?.status?.containerStatuses?.[0]?.ready, { timeout: 60_000 })
      .toBe(true);
    expect(pod('served')?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    // kubectl top's source: the kubelet's resource metrics from the engine's stats.
    await expect
      .poll(
        async () => {
          const metrics = await request(
            'GET',
            '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/served',
          );
          return metrics.code === 200
            ? (metrics.body as PodMetrics).containers[0]?.usage.memory
            : undefined;
        },
        { timeout: 60_000 },
      )
      .toMatch(/^\d+Ki$/);
    expect((await request('DELETE', '/api/v1/namespaces/default/pods/served')).code).toBe(200);
  }, 120_000);
});
