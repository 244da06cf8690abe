import { describe, expect, it } from 'vitest';
import { KERNEL_VERSION } from './node-status.ts';
import { goFloat, resourceMetricsText } from './resource-metrics.ts';
import {
  SYSTEM_MILLICORES,
  SYSTEM_WORKING_SET_BYTES,
  UsageModel,
  type ContainerIdentity,
} from './usage.ts';

const T0 = Date.UTC(2024, 10, 26, 10, 0, 0);
const MI = 1024 * 1024;

function container(image: string, extra: Partial<ContainerIdentity> = {}): ContainerIdentity {
  return {
    namespace: 'default',
    pod: 'web',
    podUID: 'uid-1',
    container: 'app',
    image,
    ...extra,
  };
}

/**
 * Millicores the first container used over [from, to], from two samples; `drive(t)` feeds the
 * model what happens at each 10 ms step until then.
 */
function millicores(
  model: UsageModel,
  from: number,
  to: number,
  drive: (t: number) => void = () => undefined,
): number {
  let before = 0;
  for (let t = T0; t < to; t += 10) {
    if (t === from) before = model.sample(from).containers[0]?.cpuCoreNanoSeconds ?? 0;
    drive(t);
  }
  const after = model.sample(to).containers[0]?.cpuCoreNanoSeconds ?? 0;
  return (after - before) / ((to - from) * 1000);
}

describe('the usage model', () => {
  const machine = { cpus: 4, kernelVersion: KERNEL_VERSION };

  it.each<[string, string, Partial<ContainerIdentity>, number]>([
    ['an idle nginx uses its baseline', 'nginx', {}, 0.1],
    ['an idle busybox uses nothing', 'busybox', {}, 0],
    ['an idle php-apache uses its baseline', 'registry.k8s.io/hpa-example', {}, 1],
    ['an unknown image uses nothing', 'example.com/app', {}, 0],
  ])('%s', (_name, image, extra, expected) => {
    const model = new UsageModel(machine, T0);
    model.started('c1', container(image, extra), T0);
    expect(millicores(model, T0, T0 + 15_000)).toBeCloseTo(expected, 6);
  });

  it.each<[string, number | undefined, number]>([
    ['uses a full core in a loop that never waits', undefined, 1000],
    ['uses no more than its CPU limit in such a loop', 300, 300],
    ['uses a full core under a limit above one core', 2000, 1000],
  ])('%s', (_name, cpuLimitMillicores, expected) => {
    const model = new UsageModel(machine, T0);
    model.started(
      'c1',
      container('busybox', cpuLimitMillicores === undefined ? {} : { cpuLimitMillicores }),
      T0,
    );
    // The shell reports 100 ms of busy CPU every 100 ms of a busy loop.
    const loop = (t: number) => {
      if ((t - T0) % 100 === 0) model.busy('c1', 100, t);
    };
    expect(millicores(model, T0, T0 + 15_000, loop)).toBeCloseTo(expected, 6);
  });

  it.each<[string, number, number | undefined, number]>([
    ['adds the CPU each request costs', 10, undefined, 1 + 10 * 20],
    ['works requests off no faster than the CPU limit', 100, 500, 500],
  ])('%s', (_name, perSecond, cpuLimitMillicores, expected) => {
    const model = new UsageModel(machine, T0);
    const identity = container(
      'registry.k8s.io/hpa-example',
      cpuLimitMillicores === undefined ? {} : { cpuLimitMillicores },
    );
    model.started('c1', identity, T0);
    const load = (t: number) => {
      if ((t - T0) % (1000 / perSecond) === 0) model.requestServed('uid-1', 'app', t);
    };
    expect(millicores(model, T0 + 5_000, T0 + 15_000, load)).toBeCloseTo(expected, 0);
  });

  it('ignores requests to another pod or container', () => {
    const model = new UsageModel(machine, T0);
    model.started('c1', container('registry.k8s.io/hpa-example'), T0);
    model.requestServed('uid-2', 'app', T0);
    model.requestServed('uid-1', 'sidecar', T0);
    expect(millicores(model, T0, T0 + 10_000)).toBeCloseTo(1, 6);
  });

  it.each<[string, number, number | undefined, number]>([
    [
      'reports the image baseline and what the process holds',
      64 * MI,
      undefined,
      64 * MI + 400 * 1024,
    ],
    ['never reports more than the memory limit', 512 * MI, 256 * MI, 256 * MI],
  ])('%s', (_name, held, memoryLimitBytes, expected) => {
    const model = new UsageModel(machine, T0);
    model.started(
      'c1',
      container('busybox', memoryLimitBytes === undefined ? {} : { memoryLimitBytes }),
      T0,
    );
    model.memory('c1', held, T0 + 100);
    expect(model.sample(T0 + 200).containers[0]?.workingSetBytes).toBeCloseTo(expected, 0);
  });

  it('keeps the node counter growing when containers stop and go', () => {
    const model = new UsageModel(machine, T0);
    model.started('c1', container('busybox'), T0);
    for (let t = T0; t < T0 + 10_000; t += 100) model.busy('c1', 100, t);
    model.stopped('c1', T0 + 10_000);
    const stopped = model.sample(T0 + 20_000);
    expect(stopped.containers).toEqual([]);
    model.removed('c1');
    const removed = model.sample(T0 + 20_000);
    expect(removed.node).toEqual(stopped.node);
    expect(removed.node.cpuCoreNanoSeconds).toBe(
      2e6 + 10_000 * 1e6 + SYSTEM_MILLICORES * 20_000 * 1000,
    );
    expect(removed.node.workingSetBytes).toBe(SYSTEM_WORKING_SET_BYTES);
  });
});

describe('the resource metrics endpoint', () => {
  it.each<[number, string]>([
    [0, '0'],
    [12.5, '12.5'],
    [7340032, '7.340032e+06'],
    [293601280, '2.9360128e+08'],
    [0.00001, '1e-05'],
    [1732615215.25, '1.73261521525e+09'],
  ])('formats %d as Go does', (value, expected) => {
    expect(goFloat(value)).toBe(expected);
  });

  it('writes the families metrics-server reads, sorted, with timestamps', () => {
    const model = new UsageModel({ cpus: 4, kernelVersion: KERNEL_VERSION }, T0);
    model.started('c1', container('nginx'), T0 + 1000);
    expect(resourceMetricsText(model.sample(T0 + 11_000))).toBe(
      [
        '# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds',
        '# TYPE container_cpu_usage_seconds_total counter',
        `container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 0.003 ${String(T0 + 11_000)}`,
        '# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes',
        '# TYPE container_memory_working_set_bytes gauge',
        `container_memory_working_set_bytes{container="app",namespace="default",pod="web"} 7.340032e+06 ${String(T0 + 11_000)}`,
        '# HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds',
        '# TYPE container_start_time_seconds gauge',
        'container_start_time_seconds{container="app",namespace="default",pod="web"} 1.732615201e+09',
        '# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds',
        '# TYPE node_cpu_usage_seconds_total counter',
        `node_cpu_usage_seconds_total 0.388 ${String(T0 + 11_000)}`,
        '# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes',
        '# TYPE node_memory_working_set_bytes gauge',
        `node_memory_working_set_bytes 3.00941312e+08 ${String(T0 + 11_000)}`,
        '# HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds',
        '# TYPE pod_cpu_usage_seconds_total counter',
        `pod_cpu_usage_seconds_total{namespace="default",pod="web"} 0.003 ${String(T0 + 11_000)}`,
        '# HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes',
        '# TYPE pod_memory_working_set_bytes gauge',
        `pod_memory_working_set_bytes{namespace="default",pod="web"} 7.340032e+06 ${String(T0 + 11_000)}`,
        '# HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise',
        '# TYPE resource_scrape_error gauge',
        'resource_scrape_error 0',
        '',
      ].join('\n'),
    );
  });
});
