// The DaemonSet's per-node decisions, after upstream's update_test.go (TestDaemonSetUpdatesPods,
// ...WithMaxSurge, ...WhenUnavailable) and daemon_controller_test.go (failed, succeeded and
// duplicate daemon pods).

import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../api/time.ts';
import { podsShouldBeOnNode, rollingUpdate, type NodeToDaemonPods } from './update.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const NEW = 'new-hash';

function ds(maxUnavailable: number | string, maxSurge: number | string): DaemonSet {
  return {
    metadata: { name: 'ds', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'ds' } },
      template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } },
    },
  };
}

const nodes = (count: number): Node[] =>
  Array.from({ length: count }, (_, i) => ({ metadata: { name: `node-${String(i + 1)}` } }));

interface PodShape {
  name: string;
  hash?: string;
  ready?: boolean;
  phase?: string;
  age?: number;
}

function pod({
  name,
  hash = 'old-hash',
  ready = true,
  phase = 'Running',
  age = 60,
}: PodShape): Pod {
  return {
    metadata: {
      name,
      labels: { 'controller-revision-hash': hash },
      creationTimestamp: formatTime(NOW - age * 1000),
    },
    spec: { nodeName: 'node', containers: [] },
    status: {
      phase,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: formatTime(NOW - 30_000),
        },
      ],
    },
  };
}

function byNode(layout: Partial<Record<string, PodShape[]>>): NodeToDaemonPods {
  return new Map(Object.entries(layout).map(([node, pods = []]) => [node, pods.map(pod)]));
}

describe('rollingUpdate', () => {
  it.each([
    {
      name: 'deletes one old pod at a time with maxUnavailable 1',
      set: ds(1, 0),
      layout: { 'node-1': [{ name: 'a' }], 'node-2': [{ name: 'b' }], 'node-3': [{ name: 'c' }] },
      want: { podsToDelete: ['a'], nodesToCreate: [] },
    },
    {
      name: 'deletes as many as maxUnavailable allows',
      set: ds(2, 0),
      layout: { 'node-1': [{ name: 'a' }], 'node-2': [{ name: 'b' }], 'node-3': [{ name: 'c' }] },
      want: { podsToDelete: ['a', 'b'], nodesToCreate: [] },
    },
    {
      name: 'waits while an updated pod is not yet available',
      set: ds(1, 0),
      layout: {
        'node-1': [{ name: 'a', hash: NEW, ready: false }],
        'node-2': [{ name: 'b' }],
        'node-3': [{ name: 'c' }],
      },
      want: { podsToDelete: [], nodesToCreate: [] },
    },
    {
      name: 'counts a node still missing its pod as unavailable',
      set: ds(1, 0),
      layout: { 'node-1': [], 'node-2': [{ name: 'b' }], 'node-3': [{ name: 'c' }] },
      want: { podsToDelete: [], nodesToCreate: [] },
    },
    {
      name: 'replaces unavailable old pods whatever the budget',
      set: ds(1, 0),
      layout: {
        'node-1': [{ name: 'a', ready: false }],
        'node-2': [{ name: 'b', ready: false }],
        'node-3': [{ name: 'c' }],
      },
      want: { podsToDelete: ['a', 'b'], nodesToCreate: [] },
    },
    {
      name: 'surges onto one node at a time with maxSurge 1',
      set: ds(0, 1),
      layout: { 'node-1': [{ name: 'a' }], 'node-2': [{ name: 'b' }], 'node-3': [{ name: 'c' }] },
      want: { podsToDelete: [], nodesToCreate: ['node-1'] },
    },
    {
      name: 'deletes the old pod once the surged pod is available, and surges on',
      set: ds(0, 1),
      layout: {
        'node-1': [{ name: 'a' }, { name: 'a2', hash: NEW, age: 40 }],
        'node-2': [{ name: 'b' }],
        'node-3': [{ name: 'c' }],
      },
      want: { podsToDelete: ['a'], nodesToCreate: ['node-2'] },
    },
    {
      name: 'holds further surge while a surged pod is unavailable',
      set: ds(0, 1),
      layout: {
        'node-1': [{ name: 'a' }, { name: 'a2', hash: NEW, ready: false }],
        'node-2': [{ name: 'b' }],
      },
      want: { podsToDelete: [], nodesToCreate: [] },
    },
    {
      name: 'surges at once onto a node whose old pod is unavailable',
      set: ds(0, 1),
      layout: { 'node-1': [{ name: 'a', ready: false }], 'node-2': [{ name: 'b' }] },
      want: { podsToDelete: [], nodesToCreate: ['node-1', 'node-2'] },
    },
  ])('$name', ({ set, layout, want }) => {
    const count = Object.keys(layout).length;
    expect(rollingUpdate(set, nodes(count), byNode(layout), NEW, NOW)).toEqual(want);
  });
});

describe('podsShouldBeOnNode', () => {
  const [target] = nodes(1) as [Node];

  it.each([
    {
      name: 'asks for a pod on an empty node',
      set: ds(1, 0),
      pods: undefined,
      want: { createOn: true, deletePods: [], failed: [] },
    },
    {
      name: 'leaves one running pod alone',
      set: ds(1, 0),
      pods: [{ name: 'a' }],
      want: { createOn: false, deletePods: [], failed: [] },
    },
    {
      name: 'keeps the oldest of two pods without surge',
      set: ds(1, 0),
      pods: [
        { name: 'young', age: 10 },
        { name: 'old', age: 100 },
      ],
      want: { createOn: false, deletePods: ['young'], failed: [] },
    },
    {
      name: 'deletes a succeeded pod and reports a failed one',
      set: ds(1, 0),
      pods: [
        { name: 'done', phase: 'Succeeded' },
        { name: 'crashed', phase: 'Failed' },
      ],
      want: { createOn: false, deletePods: ['done'], failed: ['crashed'] },
    },
    {
      name: 'keeps an old ready pod beside an unavailable new one under surge',
      set: ds(0, 1),
      pods: [
        { name: 'old', age: 100 },
        { name: 'new', hash: NEW, ready: false, age: 5 },
      ],
      want: { createOn: false, deletePods: [], failed: [] },
    },
    {
      name: 'drops an old pod that is not ready under surge',
      set: ds(0, 1),
      pods: [
        { name: 'old', ready: false, age: 100 },
        { name: 'new', hash: NEW, ready: false, age: 5 },
      ],
      want: { createOn: false, deletePods: ['old'], failed: [] },
    },
  ])('$name', ({ set, pods, want }) => {
    const plan = podsShouldBeOnNode(target, pods?.map(pod), set, NEW, NOW);
    expect({
      createOn: plan.createOn,
      deletePods: plan.deletePods,
      failed: plan.failedPods.map((p) => p.metadata?.name),
    }).toEqual(want);
  });

  it('deletes every pod from a node the set no longer selects', () => {
    const set = ds(1, 0);
    if (set.spec?.template.spec) set.spec.template.spec.nodeSelector = { disk: 'ssd' };
    const plan = podsShouldBeOnNode(
      target,
      [pod({ name: 'a' }), pod({ name: 'b' })],
      set,
      NEW,
      NOW,
    );
    expect(plan.deletePods).toEqual(['a', 'b']);
  });
});
