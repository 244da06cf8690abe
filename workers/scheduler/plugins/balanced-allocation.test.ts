import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, SKIP } from '../framework.ts';
import { makeNode, makePod, nodeInfo, type NodeShape } from '../testing.ts';
import { balancedAllocationScore } from './balanced-allocation.ts';

const cpuAndMemory = (cpu: string, memory: string) => ({ requests: { cpu, memory } });

// Cases after upstream's TestNodeResourcesBalancedAllocation (balanced_allocation_test.go).
describe('NodeResourcesBalancedAllocation score', () => {
  it.each<[string, Pod, NodeShape, Pod[], number]>([
    [
      'an empty machine where the pod asks for equal shares',
      makePod('p', cpuAndMemory('2', '4Gi')),
      { cpu: '4', memory: '8Gi' },
      [],
      100,
    ],
    [
      'a smaller machine where cpu would be more used than memory (3/4 against 1/2)',
      makePod('p', cpuAndMemory('3', '5000')),
      { cpu: '4', memory: '10000' },
      [],
      87,
    ],
    [
      'a larger machine where both would be half used',
      makePod('p', cpuAndMemory('3', '5000')),
      { cpu: '6', memory: '10000' },
      [],
      100,
    ],
    [
      'counts what is already requested on the node, without the non-zero defaults',
      makePod('p', cpuAndMemory('1', '0')),
      { cpu: '4', memory: '8Gi' },
      [makePod('a', cpuAndMemory('1', '2Gi')), makePod('b')],
      87,
    ],
    [
      'caps a fraction at 1 when the node is over-committed',
      makePod('p', cpuAndMemory('8', '4Gi')),
      { cpu: '4', memory: '8Gi' },
      [],
      75,
    ],
  ])('%s', (_name, pod, shape, pods, score) => {
    const node = nodeInfo(makeNode('n', shape), pods);
    const state = new CycleState();
    expect(balancedAllocationScore.preScore?.(state, pod, [node])).toBeNull();
    expect(balancedAllocationScore.score(state, pod, node)).toBe(score);
  });

  it('skips best-effort pods and has weight 1, no normalization', () => {
    expect(balancedAllocationScore.preScore?.(new CycleState(), makePod('p'), [])).toBe(SKIP);
    expect(balancedAllocationScore.weight).toBe(1);
    expect('normalize' in balancedAllocationScore).toBe(false);
  });
});
