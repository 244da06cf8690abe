import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { SchedulerCache } from './cache.ts';
import { makeNode, makePod } from './testing.ts';

const MI = 1024 ** 2;

function bound(name: string, node: string, requests: Record<string, string> = {}): Pod {
  return makePod(name, { nodeName: node, requests });
}

/** What the scheduler sees on a node: pods, cpu/memory requested, and the same with scoring defaults. */
function usage(
  cache: SchedulerCache,
  node: string,
): { pods: string[]; requested: [number, number]; nonZero: [number, number] } {
  const info = cache.nodeInfos().find((candidate) => candidate.name === node);
  if (!info) throw new Error(`no node ${node}`);
  return {
    pods: [...info.pods.keys()].sort(),
    requested: [info.requested.milliCPU, info.requested.memory / MI],
    nonZero: [info.nonZeroRequested.milliCPU, info.nonZeroRequested.memory / MI],
  };
}

function cacheWith(...nodes: string[]): SchedulerCache {
  const cache = new SchedulerCache();
  for (const node of nodes) cache.setNode(makeNode(node));
  return cache;
}

describe('SchedulerCache', () => {
  it('counts an assumed pod on its node at once', () => {
    const cache = cacheWith('node-1');
    cache.assumePod(bound('web', 'node-1', { cpu: '500m', memory: '64Mi' }));
    expect(cache.isAssumed('default/web')).toBe(true);
    expect(usage(cache, 'node-1')).toEqual({
      pods: ['default/web'],
      requested: [500, 64],
      nonZero: [500, 64],
    });
  });

  it('gives the node back when an assumed pod is forgotten (binding failed)', () => {
    const cache = cacheWith('node-1');
    const pod = bound('web', 'node-1', { cpu: '500m' });
    cache.assumePod(pod);
    cache.forgetPod(pod);
    expect(cache.isAssumed('default/web')).toBe(false);
    expect(usage(cache, 'node-1')).toEqual({ pods: [], requested: [0, 0], nonZero: [0, 0] });
  });

  it('confirms an assumed pod when the informer sees it bound, counting it once', () => {
    const cache = cacheWith('node-1');
    const pod = bound('web', 'node-1', { cpu: '500m' });
    cache.assumePod(pod);
    cache.addPod(pod);
    expect(cache.isAssumed('default/web')).toBe(false);
    expect(usage(cache, 'node-1')).toEqual({
      pods: ['default/web'],
      requested: [500, 0],
      nonZero: [500, 200],
    });
  });

  it('ignores forgetting a pod that is not assumed', () => {
    const cache = cacheWith('node-1');
    const pod = bound('web', 'node-1', { cpu: '500m' });
    cache.addPod(pod);
    cache.forgetPod(pod);
    expect(usage(cache, 'node-1').requested).toEqual([500, 0]);
  });

  it('replaces a pod counted before, on its new node if it moved', () => {
    const cache = cacheWith('node-1', 'node-2');
    cache.assumePod(bound('web', 'node-1', { cpu: '500m' }));
    cache.addPod(bound('web', 'node-2', { cpu: '700m' }));
    expect(usage(cache, 'node-1')).toEqual({ pods: [], requested: [0, 0], nonZero: [0, 0] });
    expect(usage(cache, 'node-2').requested).toEqual([700, 0]);
  });

  it('counts best-effort pods at nothing, and at 100m / 200Mi for scoring', () => {
    const cache = cacheWith('node-1');
    cache.addPod(bound('a', 'node-1'));
    cache.addPod(bound('b', 'node-1'));
    expect(usage(cache, 'node-1')).toEqual({
      pods: ['default/a', 'default/b'],
      requested: [0, 0],
      nonZero: [200, 400],
    });
  });

  it('subtracts a removed pod', () => {
    const cache = cacheWith('node-1');
    cache.addPod(bound('a', 'node-1', { cpu: '1' }));
    cache.addPod(bound('b', 'node-1', { cpu: '2' }));
    cache.removePod(bound('a', 'node-1'));
    expect(usage(cache, 'node-1')).toEqual({
      pods: ['default/b'],
      requested: [2_000, 0],
      nonZero: [2_000, 200],
    });
  });

  it('ignores unbound pods', () => {
    const cache = cacheWith('node-1');
    cache.addPod(makePod('pending', { requests: { cpu: '1' } }));
    expect(usage(cache, 'node-1').pods).toEqual([]);
  });

  it('holds pods bound to an unknown node until that node arrives', () => {
    const cache = cacheWith();
    cache.addPod(bound('early', 'node-9', { cpu: '1' }));
    expect(cache.nodeCount).toBe(0);
    cache.setNode(makeNode('node-9'));
    expect(usage(cache, 'node-9').pods).toEqual(['default/early']);
  });

  it('drops a waiting pod that is deleted before its node arrives', () => {
    const cache = cacheWith();
    cache.addPod(bound('early', 'node-9'));
    cache.removePod(bound('early', 'node-9'));
    cache.setNode(makeNode('node-9'));
    expect(usage(cache, 'node-9').pods).toEqual([]);
  });

  it('keeps the pods of a removed node for when it comes back', () => {
    const cache = cacheWith('node-1');
    cache.addPod(bound('a', 'node-1', { cpu: '1' }));
    cache.removeNode('node-1');
    expect(cache.nodeCount).toBe(0);
    cache.setNode(makeNode('node-1'));
    expect(usage(cache, 'node-1')).toEqual({
      pods: ['default/a'],
      requested: [1_000, 0],
      nonZero: [1_000, 200],
    });
  });

  it('keeps pod accounting when a node is updated, taking its new allocatable', () => {
    const cache = cacheWith('node-1');
    cache.addPod(bound('a', 'node-1', { cpu: '1' }));
    cache.setNode(makeNode('node-1', { cpu: '8', pods: '5' }));
    const [info] = cache.nodeInfos();
    expect(info?.allocatable.milliCPU).toBe(8_000);
    expect(info?.allowedPodNumber).toBe(5);
    expect(usage(cache, 'node-1').requested).toEqual([1_000, 0]);
  });

  it('lists nodes of one zone in the order they were added (node tree)', () => {
    const cache = cacheWith('node-3', 'node-1', 'node-2');
    expect(cache.nodeInfos().map((info) => info.name)).toEqual(['node-3', 'node-1', 'node-2']);
  });

  it('interleaves zones, one node from each in turn', () => {
    const cache = new SchedulerCache();
    const zoned = (name: string, zone: string) =>
      makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } });
    for (const node of [
      zoned('a1', 'a'),
      zoned('a2', 'a'),
      zoned('a3', 'a'),
      zoned('b1', 'b'),
      zoned('c1', 'c'),
      zoned('c2', 'c'),
    ])
      cache.setNode(node);
    expect(cache.nodeInfos().map((info) => info.name)).toEqual([
      'a1',
      'b1',
      'c1',
      'a2',
      'c2',
      'a3',
    ]);
    cache.removeNode('b1');
    expect(cache.nodeInfos().map((info) => info.name)).toEqual(['a1', 'c1', 'a2', 'c2', 'a3']);
  });
});
