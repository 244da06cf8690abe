import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { Resources } from './framework.ts';
import {
  add,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  nodeAllocatable,
  podRequests,
  subtract,
  toResources,
} from './resources.ts';
import { makeNode, makePod, type PodShape } from './testing.ts';

const MI = 1024 ** 2;

function container(name: string, requests?: Record<string, string>, sidecar = false): Container {
  return {
    name,
    image: 'busybox',
    ...(requests ? { resources: { requests } } : {}),
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
  };
}

/** cpu in millicores and memory in MiB, the two numbers these tables are about. */
function cpuAndMemory(resources: Resources): [number, number] {
  return [resources.milliCPU, resources.memory / MI];
}

describe('toResources', () => {
  it.each<[string, Record<string, string>, Partial<Resources>]>([
    ['reads whole cores as millicores', { cpu: '2' }, { milliCPU: 2_000 }],
    ['reads fractional and milli cpu', { cpu: '1.5' }, { milliCPU: 1_500 }],
    ['reads millicores', { cpu: '250m' }, { milliCPU: 250 }],
    ['rounds sub-millicore cpu up', { cpu: '0.0001' }, { milliCPU: 1 }],
    ['reads binary memory suffixes', { memory: '128Mi' }, { memory: 128 * MI }],
    ['reads decimal memory suffixes', { memory: '1G' }, { memory: 1_000_000_000 }],
    ['rounds fractional bytes up', { memory: '1500m' }, { memory: 2 }],
    ['reads ephemeral storage', { 'ephemeral-storage': '1Gi' }, { ephemeralStorage: 1024 * MI }],
    [
      'keeps extended resources by name',
      { 'nvidia.com/gpu': '2' },
      { scalar: { 'nvidia.com/gpu': 2 } },
    ],
    ['ignores the pod count', { pods: '110' }, {}],
    ['treats an unparsable quantity as zero', { cpu: 'lots' }, { milliCPU: 0 }],
  ])('%s', (_name, list, expected) => {
    expect(toResources(list)).toEqual({
      milliCPU: 0,
      memory: 0,
      ephemeralStorage: 0,
      scalar: {},
      ...expected,
    });
  });

  it('treats a missing list as nothing', () => {
    expect(toResources(undefined)).toEqual({
      milliCPU: 0,
      memory: 0,
      ephemeralStorage: 0,
      scalar: {},
    });
  });
});

describe('add and subtract', () => {
  it('add and subtract every field, extended resources by name', () => {
    const total = toResources({
      cpu: '1',
      memory: '1Mi',
      'ephemeral-storage': '1Ki',
      'example.com/a': '1',
    });
    add(total, toResources({ cpu: '500m', 'example.com/b': '2' }));
    expect(total).toEqual({
      milliCPU: 1_500,
      memory: MI,
      ephemeralStorage: 1024,
      scalar: { 'example.com/a': 1, 'example.com/b': 2 },
    });
    subtract(total, toResources({ cpu: '1', 'example.com/a': '1' }));
    expect(total).toEqual({
      milliCPU: 500,
      memory: MI,
      ephemeralStorage: 1024,
      scalar: { 'example.com/a': 0, 'example.com/b': 2 },
    });
  });
});

describe('podRequests (resource.PodRequests)', () => {
  it.each<[string, PodShape, [number, number]]>([
    [
      'sums the regular containers',
      {
        containers: [
          container('a', { cpu: '100m', memory: '64Mi' }),
          container('b', { cpu: '200m', memory: '64Mi' }),
        ],
      },
      [300, 128],
    ],
    ['counts a best-effort pod as nothing', { containers: [container('a')] }, [0, 0]],
    [
      'takes an init container bigger than the containers as the peak',
      {
        containers: [container('a', { cpu: '100m' })],
        initContainers: [container('init', { cpu: '1', memory: '10Mi' })],
      },
      [1_000, 10],
    ],
    [
      'keeps the containers when they outweigh every init container, per resource',
      {
        containers: [container('a', { cpu: '2', memory: '1Mi' })],
        initContainers: [container('init', { cpu: '1', memory: '10Mi' })],
      },
      [2_000, 10],
    ],
    [
      'takes the biggest of several init containers, not their sum',
      {
        containers: [container('a')],
        initContainers: [
          container('i1', { cpu: '300m' }),
          container('i2', { cpu: '500m' }),
          container('i3', { cpu: '400m' }),
        ],
      },
      [500, 0],
    ],
    [
      'adds a sidecar to the containers',
      {
        containers: [container('a', { cpu: '100m' })],
        initContainers: [container('proxy', { cpu: '200m' }, true)],
      },
      [300, 0],
    ],
    [
      'adds earlier sidecars to a later init container',
      {
        containers: [container('a', { cpu: '100m' })],
        initContainers: [
          container('proxy', { cpu: '200m' }, true),
          container('migrate', { cpu: '500m' }),
        ],
      },
      [700, 0],
    ],
    [
      'does not add a later sidecar to an earlier init container',
      {
        containers: [container('a', { cpu: '100m' })],
        initContainers: [
          container('migrate', { cpu: '500m' }),
          container('proxy', { cpu: '200m' }, true),
        ],
      },
      [500, 0],
    ],
    [
      'accumulates several sidecars',
      {
        containers: [container('a', { cpu: '100m' })],
        initContainers: [
          container('s1', { cpu: '100m' }, true),
          container('s2', { cpu: '100m' }, true),
          container('init', { cpu: '250m' }),
        ],
      },
      [450, 0],
    ],
    [
      'adds the pod overhead on top',
      {
        containers: [container('a', { cpu: '100m', memory: '10Mi' })],
        overhead: { cpu: '250m', memory: '120Mi' },
      },
      [350, 130],
    ],
  ])('%s', (_name, shape, expected) => {
    expect(cpuAndMemory(podRequests(makePod('p', shape)))).toEqual(expected);
  });

  it.each<[string, PodShape, [number, number]]>([
    ['gives a best-effort container 100m and 200Mi', { containers: [container('a')] }, [100, 200]],
    [
      'gives each best-effort container the defaults',
      { containers: [container('a'), container('b')] },
      [200, 400],
    ],
    [
      'defaults only the missing resource',
      { containers: [container('a', { cpu: '1' })] },
      [1_000, 200],
    ],
    ['keeps an explicit zero', { containers: [container('a', { cpu: '0', memory: '0' })] }, [0, 0]],
    [
      'defaults init containers too',
      {
        containers: [container('a', { cpu: '50m', memory: '50Mi' })],
        initContainers: [container('init')],
      },
      [100, 200],
    ],
    [
      'defaults sidecars, which add to the sum',
      { containers: [container('a')], initContainers: [container('proxy', undefined, true)] },
      [200, 400],
    ],
  ])('non-zero variant for scoring: %s', (_name, shape, expected) => {
    expect(cpuAndMemory(podRequests(makePod('p', shape), true))).toEqual(expected);
  });

  it('uses the scheduler defaults of 100m and 200Mi', () => {
    expect(DEFAULT_MILLI_CPU_REQUEST).toBe(100);
    expect(DEFAULT_MEMORY_REQUEST).toBe(200 * MI);
  });

  it('counts extended resources like the others', () => {
    const pod = makePod('p', {
      containers: [container('a', { 'nvidia.com/gpu': '1' })],
      initContainers: [container('init', { 'nvidia.com/gpu': '2' })],
    });
    expect(podRequests(pod).scalar).toEqual({ 'nvidia.com/gpu': 2 });
  });
});

describe('nodeAllocatable', () => {
  it('reads allocatable resources and the pod count', () => {
    const { resources, pods } = nodeAllocatable(
      makeNode('n', { cpu: '2', memory: '4Gi', pods: '30' }),
    );
    expect(pods).toBe(30);
    expect(cpuAndMemory(resources)).toEqual([2_000, 4_096]);
  });

  it('falls back to capacity when allocatable is missing', () => {
    const { resources, pods } = nodeAllocatable({ status: { capacity: { cpu: '1', pods: '10' } } });
    expect(pods).toBe(10);
    expect(resources.milliCPU).toBe(1_000);
  });

  it('allows no pods on a node that reports nothing', () => {
    expect(nodeAllocatable({}).pods).toBe(0);
  });
});
