// Cluster benchmarks: how fast the walking skeleton runs. Each prints figures; none asserts.

import { POD_TYPE } from '../workers/client/client.ts';
import type { KubeObject } from '../workers/client/protocol.ts';
import { InProcessHost } from '../workers/host/in-process-host.ts';
import { WorkerThreadsHost } from '../workers/host/node-host.ts';

type Host = Pick<InProcessHost, 'kubectlDo' | 'runUntil'>;

interface Observer {
  objects: Map<string, KubeObject>;
  /** How many pods are Running, kept as changes arrive so checking it costs nothing. */
  running: () => number;
  onChange: (events: { type: string; key: string; object: KubeObject }[]) => void;
}

export function observer(): Observer {
  const objects = new Map<string, KubeObject>();
  const runningPods = new Set<string>();
  return {
    objects,
    running: () => runningPods.size,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
        if (!event.key.startsWith('/registry/pods/')) continue;
        if (event.type !== 'DELETED' && phaseOf(objects, event.key) === 'Running')
          runningPods.add(event.key);
        else runningPods.delete(event.key);
      }
    },
  };
}

function phaseOf(objects: Map<string, KubeObject>, key: string): string | undefined {
  return (objects.get(key) as { status?: { phase?: string } } | undefined)?.status?.phase;
}

export function nodesReady(objects: Map<string, KubeObject>, count: number): boolean {
  let ready = 0;
  for (const [key, object] of objects) {
    if (!key.startsWith('/registry/minions/')) continue;
    const node = object as {
      spec?: { taints?: unknown[] };
      status?: { conditions?: { type: string; status: string }[] };
    };
    if (
      node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') &&
      (node.spec?.taints ?? []).length === 0
    )
      ready++;
  }
  return ready === count;
}

export function pod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  } as KubeObject;
}

async function onePodToRunning(
  host: Host,
  objects: Map<string, KubeObject>,
  name: string,
): Promise<number> {
  const started = performance.now();
  await host.kubectlDo((client) => client.resource(POD_TYPE, 'default').create(pod(name)));
  await host.runUntil(
    () => phaseOf(objects, `/registry/pods/default/${name}`) === 'Running',
    120_000,
  );
  return performance.now() - started;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchOnePodInProcess(): Promise<string[]> {
  const { objects, onChange } = observer();
  const host = new InProcessHost({ seed: 1, nodes: 3, onChange });
  await host.runUntil(() => nodesReady(objects, 3), 120_000);
  // The first pod pulls the image; later ones find it cached or pull on another node.
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) samples.push(await onePodToRunning(host, objects, `warm-${i}`));
  return [
    `one pod apply → Running, in-process, as fast as possible: p50 ${percentile(samples, 50).toFixed(2)} ms, first ${samples[0]?.toFixed(2) ?? '?'} ms (20 pods, 3 nodes)`,
  ];
}

export async function benchWorkerHost(): Promise<string[]> {
  const { objects, onChange } = observer();
  const started = performance.now();
  const host = await WorkerThreadsHost.start({ seed: 1, nodes: 3, onChange });
  const startup = performance.now() - started;
  try {
    await host.runUntil(() => nodesReady(objects, 3), 120_000);
    const podSamples: number[] = [];
    for (let i = 0; i < 10; i++) podSamples.push(await onePodToRunning(host, objects, `warm-${i}`));
    const trips: number[] = [];
    for (let i = 0; i < 300; i++) {
      const sent = performance.now();
      await host.kubectlDo((client) => client.resource(POD_TYPE, 'default').get('warm-0'));
      trips.push(performance.now() - sent);
    }
    return [
      `worker host start-up (8 worker_threads incl. TypeScript loading): ${startup.toFixed(0)} ms`,
      `one pod apply → Running, worker host, as fast as possible: p50 ${percentile(podSamples, 50).toFixed(2)} ms, first ${podSamples[0]?.toFixed(2) ?? '?'} ms`,
      `request round trip kubectl → API server worker → kubectl (GET: 3 lockstep rounds): p50 ${percentile(trips, 50).toFixed(3)} ms, p99 ${percentile(trips, 99).toFixed(3)} ms`,
    ];
  } finally {
    await host.stop();
  }
}

export async function benchThousandPods(): Promise<string[]> {
  const { objects, onChange, running } = observer();
  const nodes = 100;
  const count = 1000;
  const host = new InProcessHost({ seed: 1, nodes, onChange });
  const bootStarted = performance.now();
  await host.runUntil(() => nodesReady(objects, nodes), 300_000);
  const boot = performance.now() - bootStarted;
  const started = performance.now();
  await host.kubectlDo(
    (client) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          client.resource(POD_TYPE, 'default').create(pod(`p-${i}`)),
        ),
      ),
    600_000,
  );
  await host.runUntil(() => running() === count, 600_000);
  const elapsed = performance.now() - started;
  return [
    `${nodes} nodes booted in ${boot.toFixed(0)} ms`,
    `${count} pods on ${nodes} nodes created, scheduled and Running: ${elapsed.toFixed(0)} ms → ${((count / elapsed) * 1000).toFixed(0)} pods/s (in-process, as fast as possible)`,
  ];
}
