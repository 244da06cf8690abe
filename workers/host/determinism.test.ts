// The promise of docs/decisions/0001-lockstep-rounds.md: the same scenario and seed give the same
// trace, hop for hop, in one thread and with every component in its own worker thread.

import { afterAll, describe, expect, it } from 'vitest';
import { POD_TYPE, REPLICA_SET_TYPE } from '../client/client.ts';
import type { KubeObject, TraceRecord } from '../client/protocol.ts';
import { InProcessHost } from './in-process-host.ts';
import { ADMIN_USER } from './kubectl-actor.ts';
import { WorkerThreadsHost } from './node-host.ts';

type Host = Pick<InProcessHost, 'kubectlDo' | 'runUntil' | 'coordinator' | 'request' | 'gateway'>;

const nginx = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx' },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
} as KubeObject;

const web = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 20'] }],
      },
    },
  },
} as KubeObject;

const webService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
} as KubeObject;

/** `kubectl exec <pod> -- argv…` through the host's gateway, run until the command ends. */
async function exec(host: Host, pod: string, argv: string[]): Promise<void> {
  let ended = false;
  host
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
      { onStart: () => undefined, onData: () => undefined, onEnd: () => (ended = true) },
    );
  await host.runUntil(() => ended, 10_000);
}

/**
 * Boot, apply a pod, a ReplicaSet and a Service over it, read the pod's log (API server →
 * kubelet), send a simulated request from the pod to the Service (kube-proxy's rules and the
 * seeded PRNG), wget the Service from inside a ReplicaSet pod (the pod network between node
 * runtimes), delete the pod, and let a minute of virtual time pass.
 */
async function scenario(host: Host): Promise<TraceRecord[]> {
  const traces: TraceRecord[] = [];
  host.coordinator.onTraces((records) => traces.push(...records));
  await host.runUntil(() => false, 15_000);
  await host.kubectlDo((client) => client.resource(POD_TYPE, 'default').create(nginx));
  await host.kubectlDo((client) => client.resource(REPLICA_SET_TYPE, 'default').create(web));
  await host.kubectlDo((client) =>
    client
      .resource({ group: '', version: 'v1', resource: 'services' }, 'default')
      .create(webService),
  );
  await host.runUntil(() => false, 10_000);
  await host.request({ pod: { namespace: 'default', name: 'nginx' } }, 'http://web');
  const pods = await host.kubectlDo((client) =>
    client.resource(POD_TYPE, 'default').list({ labelSelector: 'app=web' }),
  );
  const client = pods.items.map((pod) => pod.metadata?.name ?? '').sort()[0] ?? '';
  await exec(host, client, ['wget', '-q', '-O-', 'http://web']);
  await host.kubectlDo((client) =>
    client.request({ verb: 'GET', path: '/api/v1/namespaces/default/pods/nginx/log' }),
  );
  await host.kubectlDo((client) => client.resource(POD_TYPE, 'default').delete('nginx'));
  await host.runUntil(() => false, 60_000);
  return traces;
}

describe('determinism', () => {
  let workers: WorkerThreadsHost | null = null;
  afterAll(async () => {
    await workers?.stop();
  });

  it('gives the same trace in the in-process host and the worker_threads host', async () => {
    const inProcess = await scenario(new InProcessHost({ seed: 11, nodes: 3 }));
    workers = await WorkerThreadsHost.start({ seed: 11, nodes: 3 });
    const inWorkers = await scenario(workers);
    expect(inProcess.length).toBeGreaterThan(500);
    expect(inProcess.some((record) => record.label === 'GET containerLogs')).toBe(true);
    expect(inProcess.some((record) => record.kind === 'packet')).toBe(true);
    // The in-pod wget reached a busybox endpoint's kubelet, which refused it: nothing listens.
    expect(inProcess.some((record) => record.kind === 'packet' && record.label === 'RST')).toBe(
      true,
    );
    // Compare record by record first, for a readable failure, then as a whole.
    const firstDifference = inProcess.findIndex(
      (record, index) => JSON.stringify(record) !== JSON.stringify(inWorkers[index]),
    );
    expect(
      firstDifference === -1
        ? null
        : {
            index: firstDifference,
            inProcess: inProcess[firstDifference],
            inWorkers: inWorkers[firstDifference],
          },
    ).toBeNull();
    expect(inWorkers).toEqual(inProcess);
  }, 120_000);

  it('gives a different trace for a different seed', async () => {
    const a = await scenario(new InProcessHost({ seed: 1, nodes: 3 }));
    const b = await scenario(new InProcessHost({ seed: 2, nodes: 3 }));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });
});
