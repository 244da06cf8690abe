// `kubectl logs` through the whole cluster in one thread: the API server asks the pod's kubelet,
// the kubelet reads its runtime's log, and a follow streams until the container stops or the
// client leaves; the trace shows every hop, API server → kubelet included.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import type { ApiResponse } from '../client/protocol.ts';
import { readyCluster, type ReadyCluster } from './cluster-testing.ts';
import { ADMIN_USER } from './kubectl-actor.ts';

type Cluster = ReadyCluster;

const ready = (): Promise<Cluster> => readyCluster('pod-logs', 2);

function pod(c: Cluster, name: string): Pod | undefined {
  return c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;
}

async function run(c: Cluster, name: string, container: Partial<Container>): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name, image: 'busybox', ...container }] },
    }),
  );
}

async function running(c: Cluster, name: string): Promise<void> {
  expect(await c.host.runUntil(() => pod(c, name)?.status?.phase === 'Running', 60_000)).toBe(true);
}

function logs(c: Cluster, name: string, query: Record<string, string> = {}): Promise<ApiResponse> {
  return c.host.kubectlDo((client) =>
    client.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods/${name}/log`, query }),
  );
}

function waitingReason(c: Cluster, name: string): string | undefined {
  return pod(c, name)?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
}

describe('pod logs in a running cluster', () => {
  it('serves a container’s output from its node’s kubelet, a hop the trace shows', async () => {
    const c = await ready();
    await run(c, 'hello', { command: ['sh', '-c', 'echo hello; echo to stderr >&2; sleep 3600'] });
    await running(c, 'hello');
    const node = pod(c, 'hello')?.spec?.nodeName ?? '';
    const hostIP = pod(c, 'hello')?.status?.hostIP ?? '';

    expect(await logs(c, 'hello')).toEqual({
      code: 200,
      body: 'hello\nto stderr\n',
      contentType: 'text/plain',
    });
    const hop = c.traces.find((trace) => trace.label === 'GET containerLogs');
    expect(hop).toMatchObject({
      from: 'kube-apiserver',
      to: `kubelet/${node}`,
      kind: 'request',
      ref: 'pods/default/hello',
      path: `https://${hostIP}:10250/containerLogs/default/hello/hello`,
    });
    expect(c.traces).toContainEqual(
      expect.objectContaining({
        from: `kubelet/${node}`,
        to: 'kube-apiserver',
        kind: 'response',
        label: '200 OK',
        requestId: hop?.requestId,
      }),
    );
  });

  it('stamps lines with their virtual time and takes the last ones', async () => {
    const c = await ready();
    await run(c, 'ticker', {
      command: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done'],
    });
    await running(c, 'ticker');
    await c.host.runUntil(() => false, 5_000);
    const response = await logs(c, 'ticker', { tailLines: '2', timestamps: 'true' });
    const lines = String(response.body).split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(0, 2))
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick \d+$/);
    const [, first = ''] = /tick (\d+)/.exec(lines[0] ?? '') ?? [];
    expect(lines[1]).toContain(`tick ${String(Number(first) + 1)}`);
  });

  it('says a container is being created while its image is pulled', async () => {
    const c = await ready();
    await run(c, 'db', { image: 'postgres:17' });
    expect(await c.host.runUntil(() => waitingReason(c, 'db') === 'ContainerCreating')).toBe(true);
    expect(await logs(c, 'db')).toMatchObject({
      code: 400,
      body: {
        reason: 'BadRequest',
        message: 'container "db" in pod "db" is waiting to start: ContainerCreating',
      },
    });
  });

  it('says why an image that cannot be pulled has no logs', async () => {
    const c = await ready();
    await run(c, 'typo', { image: 'ngnix' });
    expect(await c.host.runUntil(() => waitingReason(c, 'typo') === 'ErrImagePull')).toBe(true);
    expect((await logs(c, 'typo')).body).toMatchObject({
      message: 'container "typo" in pod "typo" is waiting to start: image can\'t be pulled',
    });
    expect(await c.host.runUntil(() => waitingReason(c, 'typo') === 'ImagePullBackOff')).toBe(true);
    expect((await logs(c, 'typo')).body).toMatchObject({
      message:
        'container "typo" in pod "typo" is waiting to start: trying and failing to pull image',
    });
  });

  it('keeps the log of the instance before a restart for previous', async () => {
    const c = await ready();
    await run(c, 'crash', {
      command: ['sh', '-c', 'echo "started $(date +%T)"; sleep 5; echo failing >&2; exit 1'],
    });
    const status = () => pod(c, 'crash')?.status?.containerStatuses?.[0];
    expect(
      await c.host.runUntil(
        () => status()?.restartCount === 1 && status()?.state?.running !== undefined,
        60_000,
      ),
    ).toBe(true);
    const started = (at: string | undefined) => `started ${at?.slice(11, 19) ?? ''}\n`;
    const first = started(status()?.lastState?.terminated?.startedAt);
    const second = started(status()?.state?.running?.startedAt);
    expect(first).not.toBe(second);
    expect((await logs(c, 'crash')).body).toBe(second);
    expect((await logs(c, 'crash', { previous: 'true' })).body).toBe(`${first}failing\n`);

    // Backing off, the container has no current instance: both read the last one, as upstream.
    expect(await c.host.runUntil(() => waitingReason(c, 'crash') === 'CrashLoopBackOff')).toBe(
      true,
    );
    expect((await logs(c, 'crash')).body).toBe(`${second}failing\n`);
    expect((await logs(c, 'crash', { previous: 'true' })).body).toBe(`${second}failing\n`);
  });

  it('refuses previous for a container that never restarted', async () => {
    const c = await ready();
    await run(c, 'steady', { command: ['sleep', '3600'] });
    await running(c, 'steady');
    expect((await logs(c, 'steady', { previous: 'true' })).body).toMatchObject({
      code: 400,
      message: 'previous terminated container "steady" in pod "steady" not found',
    });
  });

  /** A follow through the external gateway, as the HTTP front opens one. */
  function follow(c: Cluster, name: string, query: Record<string, string>) {
    const received: string[] = [];
    const state = { ended: false };
    const stream = c.host
      .gateway(() => undefined)
      .stream(
        {
          verb: 'GET',
          path: `/api/v1/namespaces/default/pods/${name}/log`,
          query: { follow: 'true', ...query },
          user: ADMIN_USER,
        },
        {
          onStart: (response) => received.push(String(response.body)),
          onData: (chunk) => received.push(chunk),
          onEnd: () => (state.ended = true),
        },
      );
    return { received, state, stream, text: () => received.join('') };
  }

  it('follows a container as it writes, until it stops', async () => {
    const c = await ready();
    await run(c, 'ticker', {
      command: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done'],
    });
    await running(c, 'ticker');
    const followed = follow(c, 'ticker', { tailLines: '1' });
    expect(await c.host.runUntil(() => followed.received.length >= 4, 10_000)).toBe(true);
    await c.host.kubectlDo((client) => client.resource(POD_TYPE, 'default').delete('ticker'));
    expect(await c.host.runUntil(() => followed.state.ended, 60_000)).toBe(true);
    const ticks = followed.text().trimEnd().split('\n');
    const first = Number(/\d+/.exec(ticks[0] ?? '')?.[0]);
    expect(ticks).toEqual(ticks.map((_, i) => `tick ${String(first + i)}`));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
  });

  it('stops the kubelet’s follow when the client leaves', async () => {
    const c = await ready();
    await run(c, 'ticker', {
      command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
    });
    await running(c, 'ticker');
    const node = pod(c, 'ticker')?.spec?.nodeName ?? '';
    const followed = follow(c, 'ticker', { tailLines: '0' });
    expect(await c.host.runUntil(() => followed.received.length >= 2, 10_000)).toBe(true);
    followed.stream.stop();
    const leftAt = c.traces.length;
    await c.host.runUntil(() => false, 5_000);
    const after = c.traces.slice(leftAt);
    expect(after).toContainEqual(
      expect.objectContaining({ from: 'kubectl', to: 'kube-apiserver', label: 'stop stream' }),
    );
    expect(after).toContainEqual(
      expect.objectContaining({
        from: 'kube-apiserver',
        to: `kubelet/${node}`,
        label: 'stop stream',
      }),
    );
    const stopped = after.findIndex(
      (trace) => trace.to === `kubelet/${node}` && trace.label === 'stop stream',
    );
    expect(after.slice(stopped + 1).filter((trace) => trace.kind === 'stream')).toEqual([]);
    expect(followed.state.ended).toBe(false);
  });
});
