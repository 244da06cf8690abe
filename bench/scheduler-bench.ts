// The scheduling algorithm alone, headless, in the shape of upstream's scheduler_perf
// SchedulingBasic (test/integration/scheduler_perf/misc/performance-config.yaml with
// templates/node-default.yaml and pod-default.yaml): create the nodes, place the initial pods,
// then time the measured pods through the full default plugin set with percentageOfNodesToScore,
// each attempt recorded as the scheduler records it. No API server: binding is the cache's assume.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { SeededRng } from '../workers/host/rng.ts';
import { SchedulerCache } from '../workers/scheduler/cache.ts';
import { AttemptHistory } from '../workers/scheduler/framework.ts';
import { newHandle } from '../workers/scheduler/handle.ts';
import { defaultPlugins } from '../workers/scheduler/plugins/registry.ts';
import { NO_NOMINATOR, SchedulingFramework } from '../workers/scheduler/schedule-one.ts';

/** templates/node-default.yaml */
function node(index: number): Node {
  const capacity = { pods: '110', cpu: '4', memory: '32Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `scheduler-perf-${String(index)}` },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ status: 'True', type: 'Ready' }],
      phase: 'Running',
    },
  };
}

/** templates/pod-default.yaml */
function pod(namespace: string, index: number): Pod {
  const resources = { cpu: '100m', memory: '500Mi' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(index)}`, namespace, uid: `${namespace}-${String(index)}` },
    spec: {
      containers: [
        {
          image: 'registry.k8s.io/pause:3.10',
          name: 'pause',
          ports: [{ containerPort: 80 }],
          resources: { limits: resources, requests: resources },
        },
      ],
    },
  };
}

interface Workload {
  nodes: number;
  initPods: number;
  measurePods: number;
}

/** Schedules `pods` one after another; returns pods per second. */
function scheduleAll(
  framework: SchedulingFramework,
  cache: SchedulerCache,
  history: AttemptHistory,
  pods: Pod[],
): number {
  const started = performance.now();
  for (const [i, next] of pods.entries()) {
    const key = `${next.metadata?.namespace ?? ''}/${next.metadata?.name ?? ''}`;
    const { attempt } = framework.schedulePod(next, key, i);
    history.record(attempt);
    if (attempt.selected === null) throw new Error(`${key} did not fit`);
    cache.assumePod({ ...next, spec: { ...next.spec, nodeName: attempt.selected } } as Pod);
  }
  return pods.length / ((performance.now() - started) / 1000);
}

function run({ nodes, initPods, measurePods }: Workload): number {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.setNode(node(i));
  const handle = newHandle(cache);
  const framework = new SchedulingFramework(
    defaultPlugins(handle),
    handle,
    cache,
    new SeededRng(1, 'scheduler-bench'),
    NO_NOMINATOR,
  );
  const history = new AttemptHistory();
  const init = Array.from({ length: initPods }, (_, i) => pod('sched-0', i));
  const measured = Array.from({ length: measurePods }, (_, i) => pod('sched-1', i));
  scheduleAll(framework, cache, history, init);
  return scheduleAll(framework, cache, history, measured);
}

export function benchScheduler(): Promise<string[]> {
  const workloads: Workload[] = [
    { nodes: 100, initPods: 100, measurePods: 1000 },
    { nodes: 1000, initPods: 1000, measurePods: 1000 },
    { nodes: 5000, initPods: 1000, measurePods: 1000 },
  ];
  return Promise.resolve(
    workloads.map(
      (workload) =>
        `scheduler ${String(workload.nodes)} nodes: ${String(Math.round(run(workload)))} pods/s`,
    ),
  );
}
