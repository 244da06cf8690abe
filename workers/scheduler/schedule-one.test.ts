import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodeVerdicts } from './framework.ts';
import { newPodInfo } from './node-info.ts';
import { numFeasibleNodesToFind } from './schedule-one.ts';
import { cacheWithPods, frameworkFor, makeNode, makePod } from './testing.ts';

describe('numFeasibleNodesToFind', () => {
  it.each([
    ['every node below 100', 0, 50, 50],
    ['every node at exactly 100', 0, 100, 100],
    ['the adaptive 50 - nodes/125 percent: 42% of 1000', 0, 1000, 420],
    ['38% of 1500', 0, 1500, 570],
    ['10% of 5000', 0, 5000, 500],
    ['never below 5%', 0, 10_000, 500],
    ['never fewer than 100 nodes', 10, 500, 100],
    ['a configured percentage', 50, 1000, 500],
  ])('%s', (_name, percentage, nodes, want) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(want);
  });
});

const nodes = (count: number) =>
  Array.from({ length: count }, (_, i) => makeNode(`node-${String(i).padStart(4, '0')}`));

describe('schedulePod', () => {
  it('stops filtering once enough feasible nodes are found and starts the next pod where it stopped', () => {
    // 150 nodes: 49% is 73, so the floor of 100 applies.
    const cache = cacheWithPods(nodes(150));
    const framework = frameworkFor(cache);
    const first = framework.schedulePod(makePod('a'), 'default/a', 0).attempt;
    expect(first.nodes).toHaveLength(100);
    expect(first.nodes[0]).toBe('node-0000');
    const second = framework.schedulePod(makePod('b'), 'default/b', 0).attempt;
    expect(second.nodes[0]).toBe('node-0100');
    expect(second.nodes[50]).toBe('node-0000');
    expect(second.nodes[99]).toBe('node-0049');
    expect(framework.schedulePod(makePod('c'), 'default/c', 0).attempt.nodes[0]).toBe('node-0050');
  });

  it('counts rejected nodes as processed when moving the start index', () => {
    const cordoned = nodes(150).map((node, i) =>
      i < 60 ? { ...node, spec: { unschedulable: true } } : node,
    );
    const framework = frameworkFor(cacheWithPods(cordoned));
    const first = framework.schedulePod(makePod('a'), 'default/a', 0).attempt;
    expect(first.nodes).toHaveLength(150);
    expect(first.feasible).toHaveLength(90);
    expect(framework.schedulePod(makePod('b'), 'default/b', 0).attempt.nodes[0]).toBe('node-0000');
  });

  it('records every node with its filter verdict and every score of the feasible ones', () => {
    const cache = cacheWithPods(
      [makeNode('busy'), makeNode('idle'), makeNode('cordoned', { unschedulable: true })],
      [makePod('resident', { requests: { cpu: '2', memory: '4Gi' }, nodeName: 'busy' })],
    );
    const { attempt } = frameworkFor(cache).schedulePod(
      makePod('p', { requests: { cpu: '1', memory: '1Gi' } }),
      'default/p',
      7,
    );
    expect(attempt.selected).toBe('idle');
    expect(attempt.tiedWith).toEqual([]);
    expect(attempt.scorePlugins).toEqual([
      { plugin: 'TaintToleration', weight: 3 },
      { plugin: 'NodeResourcesFit', weight: 1 },
      { plugin: 'NodeResourcesBalancedAllocation', weight: 1 },
      { plugin: 'ImageLocality', weight: 1 },
    ]);
    expect(nodeVerdicts(attempt)).toEqual([
      {
        node: 'busy',
        filter: null,
        scores: [
          { plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3 },
          { plugin: 'NodeResourcesFit', raw: 31, normalized: 31, weight: 1 },
          { plugin: 'NodeResourcesBalancedAllocation', raw: 93, normalized: 93, weight: 1 },
          { plugin: 'ImageLocality', raw: 0, normalized: 0, weight: 1 },
        ],
        total: 424,
      },
      {
        node: 'idle',
        filter: null,
        scores: [
          { plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3 },
          { plugin: 'NodeResourcesFit', raw: 81, normalized: 81, weight: 1 },
          { plugin: 'NodeResourcesBalancedAllocation', raw: 93, normalized: 93, weight: 1 },
          { plugin: 'ImageLocality', raw: 0, normalized: 0, weight: 1 },
        ],
        total: 474,
      },
      {
        node: 'cordoned',
        filter: {
          plugin: 'NodeUnschedulable',
          code: 'UnschedulableAndUnresolvable',
          reasons: ['node(s) were unschedulable'],
        },
        scores: [],
        total: 0,
      },
    ]);
  });

  it('names the nodes sharing the top score', () => {
    const { attempt } = frameworkFor(cacheWithPods(nodes(3))).schedulePod(
      makePod('p'),
      'default/p',
      0,
    );
    expect(attempt.tiedWith).toEqual(['node-0000', 'node-0001', 'node-0002']);
    expect(attempt.tiedWith).toContain(attempt.selected);
  });

  it('tries the nominated node first, alone', () => {
    const framework = frameworkFor(cacheWithPods(nodes(3)));
    const pod: Pod = { ...makePod('p'), status: { nominatedNodeName: 'node-0002' } };
    const { attempt } = framework.schedulePod(pod, 'default/p', 0);
    expect(attempt.nodes).toEqual(['node-0002']);
    expect(attempt.selected).toBe('node-0002');
  });

  it('keeps room for a higher-priority pod nominated to a node', () => {
    const cache = cacheWithPods([makeNode('only', { cpu: '2' })]);
    const nominee: Pod = {
      ...makePod('vip', { priority: 100, requests: { cpu: '2' } }),
      status: { nominatedNodeName: 'only' },
    };
    const framework = frameworkFor(cache, { nominated: [newPodInfo(nominee)] });
    const low = framework.schedulePod(makePod('low', { requests: { cpu: '1' } }), 'default/low', 0);
    expect(low.attempt.selected).toBeNull();
    expect(low.failures.get('only')?.reasons).toEqual(['Insufficient cpu']);
    const high = framework.schedulePod(
      makePod('higher', { priority: 200, requests: { cpu: '1' } }),
      'default/higher',
      0,
    );
    expect(high.attempt.selected).toBe('only');
  });
});
