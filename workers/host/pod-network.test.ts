// Requests from inside a pod, end to end in one thread: a busybox pod's wget resolves a Service
// name through cluster DNS, its connection walks the node's kube-proxy rules to an nginx pod of a
// Deployment, that pod's kubelet answers from its runtime and nginx logs the request.

import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import type { StreamChannel } from '../client/protocol.ts';
import { NGINX_WELCOME } from '../kubelet/simulated-request.ts';
import { readyCluster, type ReadyCluster as Cluster } from './cluster-testing.ts';
import { ADMIN_USER } from './kubectl-actor.ts';

const SERVICE_TYPE = { group: '', version: 'v1', resource: 'services' } as const;
const DEPLOYMENT_TYPE = { group: 'apps', version: 'v1', resource: 'deployments' } as const;

function stored<T>(c: Cluster, prefix: string): T[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, object]) => object as T);
}

const pods = (c: Cluster): Pod[] => stored<Pod>(c, '/registry/pods/default/');

function readyEndpoints(c: Cluster, service: string): number {
  return stored<EndpointSlice>(c, `/registry/endpointslices/default/${service}-`)
    .flatMap((slice) => slice.endpoints)
    .filter((endpoint) => endpoint.conditions?.ready).length;
}

async function createService(c: Cluster, name: string, app: string): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Service>(SERVICE_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { selector: { app }, ports: [{ port: 80 }] },
    }),
  );
}

/** Two nodes, a Deployment of two nginx pods behind `web`, and a busybox `client`. */
async function webCluster(seed: string): Promise<Cluster> {
  const c = await readyCluster(seed, 2);
  await c.host.kubectlDo((client) =>
    client.resource<Deployment>(DEPLOYMENT_TYPE, 'default').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    }),
  );
  await c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'client' },
      spec: { containers: [{ name: 'client', image: 'busybox', command: ['sleep', '3600'] }] },
    }),
  );
  await createService(c, 'web', 'web');
  const ready = await c.host.runUntil(
    () =>
      readyEndpoints(c, 'web') === 2 &&
      pods(c).length === 3 &&
      pods(c).every((pod) => pod.status?.phase === 'Running'),
    120_000,
  );
  expect(ready).toBe(true);
  // Let every kube-proxy sync (minSyncPeriod 1 s).
  await c.host.runUntil(() => false, 2_000);
  return c;
}

interface ExecResult {
  stdout: string;
  stderr: string;
  status: string;
}

/** `kubectl exec <pod> -- argv…` through the external gateway, as the HTTP front opens it. */
async function exec(c: Cluster, pod: string, argv: string[]): Promise<ExecResult> {
  const result: ExecResult = { stdout: '', stderr: '', status: '' };
  let ended = false;
  c.host
    .gateway(() => undefined)
    .stream(
      {
        verb: 'GET',
        path: `/api/v1/namespaces/default/pods/${pod}/exec`,
        query: { command: argv[0] ?? '', stdout: 'true', stderr: 'true' },
        queryValues: { command: argv, stdout: ['true'], stderr: ['true'] },
        headers: {
          connection: ['Upgrade'],
          upgrade: ['websocket'],
          'sec-websocket-protocol': ['v5.channel.k8s.io'],
        },
        user: ADMIN_USER,
      },
      {
        onStart: () => undefined,
        onData: (chunk, channel?: StreamChannel) => {
          if (channel === 'stdout') result.stdout += chunk;
          else if (channel === 'stderr') result.stderr += chunk;
          else if (channel === 'error') result.status = chunk;
        },
        onEnd: () => (ended = true),
      },
    );
  expect(await c.host.runUntil(() => ended, 600_000)).toBe(true);
  return result;
}

async function logs(c: Cluster, pod: string): Promise<string> {
  const response = await c.host.kubectlDo((client) =>
    client.request({ verb: 'GET', path: `/api/v1/namespaces/default/pods/${pod}/log` }),
  );
  return String(response.body);
}

describe('a request from inside a pod', () => {
  it('reaches an nginx pod of the Service, which logs it', async () => {
    const c = await webCluster('pod-network-wget');
    const client = pods(c).find((pod) => pod.metadata?.name === 'client');
    const result = await exec(c, 'client', ['wget', '-q', '-O-', 'http://web']);
    expect(result).toEqual({
      stdout: NGINX_WELCOME,
      stderr: '',
      status: '{"metadata":{},"status":"Success"}',
    });
    const served: { pod: Pod; line: string }[] = [];
    for (const pod of pods(c).filter((candidate) => candidate.metadata?.name?.startsWith('web-')))
      for (const line of (await logs(c, pod.metadata?.name ?? '')).split('\n'))
        if (line.includes('"GET / HTTP/1.1"')) served.push({ pod, line });
    expect(served.map(({ line }) => line)).toEqual([
      `${client?.status?.podIP ?? ''} - - [${accessTime(c)}] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"`,
    ]);
    const server = served[0]?.pod;
    const clusterIP = stored<Service>(c, '/registry/services/specs/default/web')[0]?.spec
      ?.clusterIP;
    const hops = c.traces
      .filter((trace) => trace.kind === 'packet')
      .map((trace) => [trace.from, trace.to, trace.label]);
    expect(hops).toEqual([
      ['pod:default/client', 'kube-dns', 'DNS A web.default.svc.cluster.local?'],
      ['kube-dns', 'pod:default/client', `A ${clusterIP ?? ''}`],
      [
        'pod:default/client',
        `kube-proxy/${client?.spec?.nodeName ?? ''}`,
        `GET / → ${clusterIP ?? ''}:80`,
      ],
      [
        `kube-proxy/${client?.spec?.nodeName ?? ''}`,
        `pod:default/${server?.metadata?.name ?? ''}`,
        `GET / → ${server?.status?.podIP ?? ''}:80`,
      ],
      [`pod:default/${server?.metadata?.name ?? ''}`, 'pod:default/client', 'HTTP 200'],
    ]);
  });

  it('is refused with wget’s words when the Service has no ready endpoints', async () => {
    const c = await webCluster('pod-network-refused');
    await createService(c, 'empty', 'nothing');
    await c.host.runUntil(() => false, 2_000);
    const service = stored<Service>(c, '/registry/services/specs/default/empty')[0];
    const ip = service?.spec?.clusterIP ?? '';
    const result = await exec(c, 'client', ['wget', '-O-', 'http://empty']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Connecting to empty (${ip}:80)\nwget: can't connect to remote host (${ip}): Connection refused\n`,
    );
    expect(result.status).toContain('command terminated with exit code 1');
  });
});

/** The access log's time: the request's virtual second. */
function accessTime(c: Cluster): string {
  const hop = c.traces.find((trace) => trace.label === 'HTTP 200');
  const d = new Date(hop?.time ?? 0);
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()] ?? ''}/${String(d.getUTCFullYear())}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
