// DaemonSet placement and pod shape, after upstream's daemon_controller_test.go
// (TestNodeShouldRunDaemonPod, the toleration and node-affinity cases) and
// daemonset_util_test.go (ReplaceDaemonSetPodNodeNameNodeAffinity, GetTargetNodeName).

import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Node, Pod, PodSpec, Taint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  addDaemonTolerations,
  createPodTemplate,
  nodeShouldRunDaemonPod,
  pinToNode,
  rollingBudgets,
  targetNodeName,
} from './util.ts';

function ds(spec: Partial<PodSpec> = {}): DaemonSet {
  return {
    metadata: {
      name: 'ds',
      namespace: 'default',
      annotations: { 'deprecated.daemonset.template.generation': '3' },
    },
    spec: {
      selector: { matchLabels: { app: 'ds' } },
      template: {
        metadata: { labels: { app: 'ds' } },
        spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
      },
    },
  };
}

function node(labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { metadata: { name: 'node-1', labels }, spec: { taints } };
}

const inTerm = (key: string, values: string[]): Affinity => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }],
    },
  },
});

describe('nodeShouldRunDaemonPod', () => {
  it.each([
    { name: 'runs a set without restrictions', set: ds(), node: node(), run: true, stay: true },
    {
      name: 'runs where the node selector matches',
      set: ds({ nodeSelector: { disk: 'ssd' } }),
      node: node({ disk: 'ssd' }),
      run: true,
      stay: true,
    },
    {
      name: 'stays off a node the selector misses',
      set: ds({ nodeSelector: { disk: 'ssd' } }),
      node: node({ disk: 'hdd' }),
      run: false,
      stay: false,
    },
    {
      name: 'runs only on the node spec.nodeName names',
      set: ds({ nodeName: 'node-2' }),
      node: node(),
      run: false,
      stay: false,
    },
    {
      name: 'honours required node affinity',
      set: ds({ affinity: inTerm('zone', ['a']) }),
      node: node({ zone: 'a' }),
      run: true,
      stay: true,
    },
    {
      name: 'refuses a node outside required node affinity',
      set: ds({ affinity: inTerm('zone', ['a']) }),
      node: node({ zone: 'b' }),
      run: false,
      stay: false,
    },
    {
      name: 'keeps a running pod off a NoSchedule taint but lets it stay',
      set: ds(),
      node: node({}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
      run: false,
      stay: true,
    },
    {
      name: 'evicts from an untolerated NoExecute taint',
      set: ds(),
      node: node({}, [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }]),
      run: false,
      stay: false,
    },
    {
      name: 'runs where the pod tolerates the taint',
      set: ds({
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      }),
      node: node({}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
      run: true,
      stay: true,
    },
    {
      name: 'tolerates the not-ready and unschedulable taints daemon pods get',
      set: ds(),
      node: node({}, [
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      ]),
      run: true,
      stay: true,
    },
    {
      name: 'does not tolerate network-unavailable without hostNetwork',
      set: ds(),
      node: node({}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      run: false,
      stay: true,
    },
    {
      name: 'tolerates network-unavailable with hostNetwork',
      set: ds({ hostNetwork: true }),
      node: node({}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]),
      run: true,
      stay: true,
    },
  ])('$name', ({ set, node: target, run, stay }) => {
    expect(nodeShouldRunDaemonPod(target, set)).toEqual({
      shouldRun: run,
      shouldContinueRunning: stay,
    });
  });
});

describe('daemon pod shape', () => {
  it('adds the daemon tolerations once, replacing an identical one in place', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'custom', operator: 'Exists' },
      ],
    };
    addDaemonTolerations(spec);
    expect(spec.tolerations?.map((t) => t.key)).toEqual([
      'node.kubernetes.io/unschedulable',
      'custom',
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
    ]);
  });

  it('labels the template with its generation and hash', () => {
    expect(createPodTemplate(ds(), 'abc').metadata?.labels).toEqual({
      app: 'ds',
      'pod-template-generation': '3',
      'controller-revision-hash': 'abc',
    });
  });

  const pinned = {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
      ],
    },
  };

  it.each([
    {
      name: 'creates the node affinity when there is none',
      affinity: undefined,
      want: { nodeAffinity: pinned },
    },
    {
      name: 'replaces required terms and keeps preferred ones',
      affinity: {
        nodeAffinity: {
          ...inTerm('zone', ['a']).nodeAffinity,
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } },
          ],
        },
      },
      want: {
        nodeAffinity: {
          ...pinned,
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } },
          ],
        },
      },
    },
    {
      name: 'keeps pod affinity untouched',
      affinity: { podAffinity: {} },
      want: { podAffinity: {}, nodeAffinity: pinned },
    },
  ])('pins to a node: $name', ({ affinity, want }) => {
    expect(pinToNode(affinity as Affinity | undefined, 'node-1')).toEqual(want);
  });

  it.each([
    {
      name: 'spec.nodeName first',
      pod: {
        spec: { nodeName: 'node-9', containers: [], affinity: pinToNode(undefined, 'node-1') },
      },
      want: 'node-9',
    },
    {
      name: 'the pinned node otherwise',
      pod: { spec: { containers: [], affinity: pinToNode(undefined, 'node-1') } },
      want: 'node-1',
    },
    { name: 'none without either', pod: { spec: { containers: [] } }, want: undefined },
  ])('finds the target node: $name', ({ pod, want }) => {
    expect(targetNodeName(pod as Pod)).toBe(want);
  });

  it.each([
    { maxUnavailable: 1, maxSurge: 0, nodes: 5, want: { maxUnavailable: 1, maxSurge: 0 } },
    { maxUnavailable: '25%', maxSurge: 0, nodes: 3, want: { maxUnavailable: 1, maxSurge: 0 } },
    { maxUnavailable: '50%', maxSurge: 0, nodes: 5, want: { maxUnavailable: 3, maxSurge: 0 } },
    { maxUnavailable: 0, maxSurge: '10%', nodes: 11, want: { maxUnavailable: 0, maxSurge: 2 } },
  ])(
    'scales budgets rounding up: $maxUnavailable/$maxSurge of $nodes',
    ({ maxUnavailable, maxSurge, nodes, want }) => {
      const set = ds();
      if (set.spec)
        set.spec.updateStrategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable, maxSurge },
        };
      expect(rollingBudgets(set, nodes)).toEqual(want);
    },
  );
});
