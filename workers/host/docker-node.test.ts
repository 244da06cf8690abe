// A Docker node in a running cluster, in one thread: the agent component forwards the kubelet's CRI
// calls to a fake agent, whose answers and container events enter the rounds as external input,
// as the tab's WebSocket delivers them. The node registers with the engine's capacity, and a pod
// placed on it runs, logs, exits and fails to pull as the agent reports.

import type { ContainerStatus, Event, Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import type { AgentMessage } from '../../agent/protocol.ts';
import { AGENT, type ApiResponse } from '../client/protocol.ts';
import { AGENT_RUNTIME_LABEL, createDockerNodeActors } from '../kubelet/docker-node.ts';
import { FAKE_ENGINE, FakeAgent, type FakeImage } from '../kubelet/docker-testing.ts';
import { createAgentActor } from './agent-actor.ts';
import { readyCluster, type ReadyCluster } from './cluster-testing.ts';

interface DockerCluster extends ReadyCluster {
  agent: FakeAgent;
  /** Where the agent's frames go: the tab's cluster now. */
  link: { deliver(message: AgentMessage): void };
}

const IMAGES: Record<string, FakeImage> = {
  nginx: { size: 72_000_000, output: 'nginx: ready\n' },
  job: { size: 1_000, output: 'done\n', exitCode: 0 },
};

/** Places docker-1 in the cluster, its CRI calls going to `agent`; resolves once it is Ready. */
async function attachDockerNode(
  c: ReadyCluster,
  agent: FakeAgent,
  link: DockerCluster['link'],
  resumed = false,
): Promise<void> {
  const runtime = c.host.runtime;
  const actor = createAgentActor({
    send: (message) => {
      agent.receive(message);
    },
  });
  link.deliver = (message) => {
    runtime.enqueueExternal(AGENT, () => {
      actor.handle.receive(message);
    });
  };
  runtime.add(actor.spec);
  for (const spec of createDockerNodeActors({
    name: 'docker-1',
    index: 2,
    engine: FAKE_ENGINE,
    ...(resumed ? { resumed } : {}),
  }))
    runtime.add(spec);
  const ready = await c.host.runUntil(() => {
    const node = c.objects.get('/registry/minions/docker-1') as Node | undefined;
    const ready = node?.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    );
    return ready === true && (node?.spec?.taints ?? []).length === 0;
  }, 120_000);
  if (!ready) throw new Error('docker-1 was not Ready in time');
}

async function withDockerNode(seed: string, present: string[] = []): Promise<DockerCluster> {
  const c = await readyCluster(seed, 1);
  const link: DockerCluster['link'] = { deliver: () => undefined };
  const agent = new FakeAgent(
    (message) => {
      link.deliver(message);
    },
    IMAGES,
    present,
  );
  await attachDockerNode(c, agent, link);
  return { ...c, agent, link };
}

/** The tab reloaded: a cluster booted from the store's state, whose traces and objects start anew. */
async function reloaded(c: DockerCluster): Promise<ReadyCluster> {
  return readyCluster('reloaded', 1, { initialState: await c.host.exportState() });
}

function pod(c: ReadyCluster, name: string): Pod | undefined {
  return c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;
}

async function run(
  c: ReadyCluster,
  name: string,
  image: string,
  imagePullPolicy?: string,
  restartPolicy = 'Never',
): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        nodeSelector: { [AGENT_RUNTIME_LABEL]: 'docker' },
        restartPolicy,
        containers: [{ name, image, ...(imagePullPolicy ? { imagePullPolicy } : {}) }],
      },
    }),
  );
}

function events(c: ReadyCluster, name: string): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/default/'))
    .map(([, event]) => event as Event)
    .filter((event) => event.involvedObject.name === name)
    .sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? ''))
    .map(
      (event) =>
        `${event.reason ?? ''}: ${(event.message ?? '').replace(/ in \S+ \(\S+ including waiting\)/, ' in <duration>')}`,
    );
}

describe('a Docker node in the cluster', () => {
  it('registers with the engine’s capacity and identity', async () => {
    const c = await withDockerNode('docker-node');
    const node = c.objects.get('/registry/minions/docker-1') as Node;

    expect(node.status?.capacity).toMatchObject({ cpu: '12', memory: '32Gi', pods: '110' });
    expect(node.status?.nodeInfo).toMatchObject({
      architecture: 'arm64',
      containerRuntimeVersion: 'docker://27.3.1',
      kernelVersion: '6.10.14-linuxkit',
      osImage: 'Docker Desktop',
    });
    expect(node.metadata?.labels).toMatchObject({
      'kubernetes.io/arch': 'arm64',
      [AGENT_RUNTIME_LABEL]: 'docker',
    });
  });

  it('runs a pod as a real container: Running from the engine’s event, its log from the process', async () => {
    const c = await withDockerNode('docker-run');
    await run(c, 'web', 'nginx');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );

    const status = pod(c, 'web')?.status;
    expect(status?.podIP).toBe('172.17.0.2');
    expect(status?.containerStatuses?.[0]?.containerID).toMatch(/^docker:\/\/[0-9]{64}$/);
    const log = await c.host.kubectlDo((client): Promise<ApiResponse> =>
      client.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/web/log' }),
    );
    expect(log).toMatchObject({ code: 200, body: 'nginx: ready\n' });
    expect(events(c, 'web')).toEqual([
      'Scheduled: Successfully assigned default/web to docker-1',
      'Pulling: Pulling image "nginx"',
      'Pulled: Successfully pulled image "nginx" in <duration>. Image size: 72000000 bytes.',
      'Created: Created container: web',
      'Started: Started container web',
    ]);
    const calls = c.traces
      .filter((trace) => trace.kind === 'runtime' && trace.ref === 'pods/default/web')
      .map((trace) => `${trace.to} ${trace.label}`);
    expect(calls).toEqual([
      'docker/docker-1 RunPodSandbox',
      'docker/docker-1 sandbox ready 172.17.0.2',
      'docker/docker-1 PullImage nginx',
      'docker/docker-1 CreateContainer web',
      'docker/docker-1 StartContainer web',
    ]);
  });

  it.each(['Never', 'IfNotPresent'])(
    'runs an image the engine already holds under %s, without pulling it',
    async (policy) => {
      const c = await withDockerNode(`docker-present-${policy}`, ['nginx']);
      await run(c, 'web', 'nginx', policy);
      expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
        true,
      );

      expect(events(c, 'web')).toEqual([
        'Scheduled: Successfully assigned default/web to docker-1',
        'Pulled: Container image "nginx" already present on machine',
        'Created: Created container: web',
        'Started: Started container web',
      ]);
      const methods = c.agent.received.flatMap((message) =>
        message.type === 'call' ? [message.call.method] : [],
      );
      expect(methods).not.toContain('pullImage');
    },
  );

  it('waits in ErrImageNeverPull for an image the engine lacks under Never', async () => {
    const c = await withDockerNode('docker-never');
    await run(c, 'web', 'nginx', 'Never');
    const waiting = (): { reason?: string } | undefined =>
      pod(c, 'web')?.status?.containerStatuses?.[0]?.state?.waiting;
    expect(await c.host.runUntil(() => waiting()?.reason === 'ErrImageNeverPull', 60_000)).toBe(
      true,
    );
    expect(waiting()).toEqual({
      reason: 'ErrImageNeverPull',
      message: 'Container image "nginx" is not present with pull policy of Never',
    });
  });

  it('completes a pod whose container exits 0', async () => {
    const c = await withDockerNode('docker-job');
    await run(c, 'job', 'job');
    expect(await c.host.runUntil(() => pod(c, 'job')?.status?.phase === 'Succeeded', 60_000)).toBe(
      true,
    );
    expect(pod(c, 'job')?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });

  it('shows a refused pull as ErrImagePull, then ImagePullBackOff', async () => {
    const c = await withDockerNode('docker-pull');
    await run(c, 'missing', 'nosuch/image');
    const waiting = (): string | undefined =>
      pod(c, 'missing')?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
    expect(await c.host.runUntil(() => waiting() === 'ErrImagePull', 60_000)).toBe(true);
    expect(await c.host.runUntil(() => waiting() === 'ImagePullBackOff', 60_000)).toBe(true);
    expect(pod(c, 'missing')?.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(
      'Back-off pulling image "nosuch/image": ErrImagePull: Error response from daemon: pull access denied for nosuch/image, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied',
    );
  });

  it('stops the real container when the pod is deleted', async () => {
    const c = await withDockerNode('docker-delete');
    await run(c, 'web', 'nginx');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    await c.host.kubectlDo((client) => client.resource<Pod>(POD_TYPE, 'default').delete('web'));
    expect(await c.host.runUntil(() => pod(c, 'web') === undefined, 60_000)).toBe(true);

    const methods = c.agent.received.flatMap((message) =>
      message.type === 'call' ? [message.call.method] : [],
    );
    expect(methods.slice(-3)).toEqual(['stopContainer', 'stopPodSandbox', 'removePodSandbox']);
  });

  it('takes its pods over after a reload: the same containers, their log, no new calls', async () => {
    const c = await withDockerNode('docker-reload');
    await run(c, 'web', 'nginx');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    const before = pod(c, 'web')?.status?.containerStatuses?.[0]?.containerID;
    const calls = c.agent.received.length;

    const r = await reloaded(c);
    await attachDockerNode(r, c.agent, c.link, true);
    await r.host.runUntil(() => false, 20_000);

    const methods = c.agent.received
      .slice(calls)
      .flatMap((message) => (message.type === 'call' ? [message.call.method] : []))
      // The metrics scrapes' stats.
      .filter((method) => method !== 'containerStats');
    expect(methods).toEqual(['listPodSandboxes', 'listContainers', 'containerLogs']);
    const web = await r.host.kubectlDo((client) =>
      client.resource<Pod>(POD_TYPE, 'default').get('web'),
    );
    expect(web.status?.phase).toBe('Running');
    expect(web.status?.containerStatuses?.[0]).toMatchObject({
      containerID: before,
      restartCount: 0,
      state: { running: {} },
    });
    const log = await r.host.kubectlDo((client): Promise<ApiResponse> =>
      client.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/web/log' }),
    );
    expect(log).toMatchObject({ code: 200, body: 'nginx: ready\n' });
  });

  it('reports the IP the engine gives the sandbox now when it changed while the tab was away', async () => {
    const c = await withDockerNode('docker-reload-ip');
    await run(c, 'web', 'nginx');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    const [sandbox] = c.agent.sandboxes.values();
    if (!sandbox) throw new Error('the agent runs no sandbox');
    c.agent.sandboxes.set(sandbox.id, { ...sandbox, ip: '172.17.0.9' });

    const r = await reloaded(c);
    await attachDockerNode(r, c.agent, c.link, true);
    const web = (): Pod | undefined => r.objects.get('/registry/pods/default/web') as Pod;
    expect(await r.host.runUntil(() => web()?.status?.podIP === '172.17.0.9', 20_000)).toBe(true);
    expect(web()?.status?.podIPs).toEqual([{ ip: '172.17.0.9' }]);
    expect(web()?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it('restarts a container that exited while the tab was away, once it is back', async () => {
    const c = await withDockerNode('docker-reload-exit');
    await run(c, 'web', 'nginx', undefined, 'Always');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    const before = pod(c, 'web')?.status?.containerStatuses?.[0]?.containerID ?? '';
    c.agent.exit(before.replace('docker://', ''), 2);

    const r = await reloaded(c);
    await attachDockerNode(r, c.agent, c.link, true);
    const restarted = (): boolean => {
      const status = (r.objects.get('/registry/pods/default/web') as Pod | undefined)?.status
        ?.containerStatuses?.[0];
      return status?.restartCount === 1 && status.state?.running !== undefined;
    };
    expect(await r.host.runUntil(restarted, 60_000)).toBe(true);
    const status = (r.objects.get('/registry/pods/default/web') as Pod).status
      ?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({
      exitCode: 2,
      reason: 'Error',
      containerID: before,
    });
  });

  it('starts its pods over when the agent no longer runs them', async () => {
    const c = await withDockerNode('docker-reload-gone');
    await run(c, 'web', 'nginx');
    expect(await c.host.runUntil(() => pod(c, 'web')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    const before = pod(c, 'web')?.status?.containerStatuses?.[0]?.containerID;
    c.agent.containers.clear();
    c.agent.sandboxes.clear();

    const r = await reloaded(c);
    await attachDockerNode(r, c.agent, c.link, true);
    const status = (): ContainerStatus | undefined =>
      (r.objects.get('/registry/pods/default/web') as Pod | undefined)?.status
        ?.containerStatuses?.[0];
    expect(
      await r.host.runUntil(
        () => status()?.state?.running !== undefined && status()?.containerID !== before,
        60_000,
      ),
    ).toBe(true);
    const methods = c.agent.received.flatMap((message) =>
      message.type === 'call' ? [message.call.method] : [],
    );
    expect(methods.filter((method) => method === 'runPodSandbox')).toHaveLength(2);
  });
});
