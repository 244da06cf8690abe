import type { Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../framework.ts';
import { describe, expect, it } from 'vitest';
import { emptyResources, type Resources } from '../framework.ts';
import { makeNode, makePod, nodeInfo, type NodeShape } from '../testing.ts';
import {
  insufficientResources,
  nodeResourcesFitFilter,
  nodeResourcesFitPreFilter,
  nodeResourcesFitScore,
} from './node-resources-fit.ts';

const GI = 1024 ** 3;
const MI = 1024 ** 2;

function request(fields: Partial<Resources>): Resources {
  return { ...emptyResources(), ...fields };
}

describe('insufficientResources (fitsRequest)', () => {
  const running = (name: string, requests: Record<string, string>): Pod =>
    makePod(name, { requests });

  it.each<[string, Resources, NodeShape, Pod[], string[]]>([
    ['fits an empty node', request({ milliCPU: 500, memory: 256 * MI }), {}, [], []],
    [
      'fits a request of exactly the free cpu and memory',
      request({ milliCPU: 3_000, memory: 6 * GI }),
      {},
      [running('a', { cpu: '1', memory: '2Gi' })],
      [],
    ],
    [
      'rejects one millicore too many',
      request({ milliCPU: 3_001 }),
      {},
      [running('a', { cpu: '1' })],
      ['Insufficient cpu'],
    ],
    [
      'rejects one byte too many',
      request({ memory: 6 * GI + 1 }),
      {},
      [running('a', { memory: '2Gi' })],
      ['Insufficient memory'],
    ],
    [
      'reports every short resource in upstream order',
      request({
        milliCPU: 8_000,
        memory: 16 * GI,
        ephemeralStorage: 200 * GI,
        scalar: { 'nvidia.com/gpu': 1 },
      }),
      { pods: '1' },
      [running('a', {})],
      [
        'Too many pods',
        'Insufficient cpu',
        'Insufficient memory',
        'Insufficient ephemeral-storage',
        'Insufficient nvidia.com/gpu',
      ],
    ],
    [
      'rejects a best-effort pod only for the pod count',
      request({}),
      { pods: '2' },
      [running('a', {}), running('b', {})],
      ['Too many pods'],
    ],
    [
      'fits a best-effort pod on a node with room for one more pod',
      request({}),
      { pods: '2' },
      [running('a', { cpu: '4' })],
      [],
    ],
    [
      'fits a best-effort pod on a full node',
      request({}),
      {},
      [running('a', { cpu: '4', memory: '8Gi' })],
      [],
    ],
    [
      'ignores a zero extended request',
      request({ milliCPU: 100, scalar: { 'nvidia.com/gpu': 0 } }),
      {},
      [],
      [],
    ],
    [
      'fits extended resources the node has',
      request({ scalar: { 'nvidia.com/gpu': 2 } }),
      { extended: { 'nvidia.com/gpu': '2' } },
      [],
      [],
    ],
    [
      'counts extended resources already in use',
      request({ scalar: { 'nvidia.com/gpu': 2 } }),
      { extended: { 'nvidia.com/gpu': '2' } },
      [running('a', { 'nvidia.com/gpu': '1' })],
      ['Insufficient nvidia.com/gpu'],
    ],
    [
      'counts requests, not the 100m scoring default, of best-effort pods',
      request({ milliCPU: 4_000 }),
      {},
      [running('a', {})],
      [],
    ],
  ])('%s', (_name, podRequest, shape, pods, reasons) => {
    expect(insufficientResources(podRequest, nodeInfo(makeNode('n', shape), pods))).toEqual(
      reasons,
    );
  });
});

describe('NodeResourcesFit filter', () => {
  it('rejects with Unschedulable (preemption may help) and every reason', () => {
    const state = new CycleState();
    const pod = makePod('big', { requests: { cpu: '100', memory: '100Gi' } });
    expect(nodeResourcesFitPreFilter.preFilter(state, pod)).toBeNull();
    expect(nodeResourcesFitFilter.filter(state, pod, nodeInfo(makeNode('n')))).toEqual({
      code: 'Unschedulable',
      reasons: ['Insufficient cpu', 'Insufficient memory'],
      plugin: 'NodeResourcesFit',
    });
  });

  it('admits a pod that fits, computing the request itself when PreFilter did not run', () => {
    const pod = makePod('small', { requests: { cpu: '1' } });
    expect(
      nodeResourcesFitFilter.filter(new CycleState(), pod, nodeInfo(makeNode('n'))),
    ).toBeNull();
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it.each<[string, NodeShape, Pod[], Pod, number]>([
    ['scores a best-effort pod on an empty 4 CPU / 8Gi node 97', {}, [], makePod('p'), 97],
    [
      'counts existing best-effort pods at 100m / 200Mi',
      {},
      [makePod('a')],
      makePod('p'),
      // cpu (4000-200)*100/4000 = 95, memory (8Gi-400Mi)*100/8Gi = 95
      95,
    ],
    [
      'averages cpu and memory with integer division',
      {},
      [],
      makePod('p', { requests: { cpu: '2', memory: '1Gi' } }),
      68,
    ],
    [
      'scores a full node 0',
      {},
      [makePod('a', { requests: { cpu: '4', memory: '8Gi' } })],
      makePod('p'),
      0,
    ],
    [
      'scores an over-requested resource 0, not below',
      { cpu: '1' },
      [],
      makePod('p', { requests: { cpu: '2', memory: '4Gi' } }),
      25,
    ],
    [
      'skips a resource the node does not offer',
      { memory: '0' },
      [],
      makePod('p', { requests: { cpu: '1' } }),
      75,
    ],
    [
      'uses the explicit request when one is given',
      {},
      [],
      makePod('p', { requests: { cpu: '0', memory: '0' } }),
      100,
    ],
  ])('%s', (_name, shape, pods, pod, score) => {
    const node = nodeInfo(makeNode('n', shape), pods);
    const state = new CycleState();
    nodeResourcesFitScore.preScore?.(state, pod, [node]);
    expect(nodeResourcesFitScore.score(state, pod, node)).toBe(score);
    expect(nodeResourcesFitScore.score(new CycleState(), pod, node)).toBe(score);
  });

  it('has weight 1 and no normalization', () => {
    expect(nodeResourcesFitScore.weight).toBe(1);
    expect('normalize' in nodeResourcesFitScore).toBe(false);
  });
});
