import type { Node, Pod, Service, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, SKIP, type Status } from '../framework.ts';
import { newHandle, NO_LISTERS } from '../handle.ts';
import { cacheWithPods, makeNode, makePod } from '../testing.ts';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  podTopologySpreadFilter,
  podTopologySpreadPreFilter,
  podTopologySpreadScore,
} from './pod-topology-spread.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';
const NOT_MATCH: Status = {
  code: 'Unschedulable',
  reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH],
  plugin: 'PodTopologySpread',
};
const MISSING_LABEL: Status = {
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH],
  plugin: 'PodTopologySpread',
};

const zoned = (name: string, zone: string): Node => makeNode(name, { labels: { [ZONE]: zone } });
/** node-a, node-b in zone1; node-x, node-y in zone2 (upstream's usual layout). */
const FOUR_NODES = [
  zoned('node-a', 'zone1'),
  zoned('node-b', 'zone1'),
  zoned('node-x', 'zone2'),
  zoned('node-y', 'zone2'),
];

function constraint(
  topologyKey: string,
  maxSkew: number,
  whenUnsatisfiable: string,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
    ...extra,
  };
}

const foo = (name: string, node: string, namespace = 'default'): Pod =>
  makePod(name, { labels: { foo: '' }, nodeName: node, namespace });

function incoming(constraints: TopologySpreadConstraint[], extra: Partial<Pod['spec']> = {}): Pod {
  const pod = makePod('p', { labels: { foo: '' }, topologySpreadConstraints: constraints });
  return { ...pod, spec: { ...pod.spec, containers: pod.spec?.containers ?? [], ...extra } };
}

function filterAll(nodes: Node[], existing: Pod[], pod: Pod): Record<string, Status | null> {
  const cache = cacheWithPods(nodes, existing);
  const handle = newHandle(cache);
  const state = new CycleState();
  expect(podTopologySpreadPreFilter(handle).preFilter(state, pod)).toBeNull();
  return Object.fromEntries(
    cache.nodeInfos().map((info) => [info.name, podTopologySpreadFilter.filter(state, pod, info)]),
  );
}

// Cases after upstream's TestSingleConstraint and TestMultipleConstraints (filtering_test.go).
describe('PodTopologySpread filter', () => {
  it.each<[string, Node[], Pod[], Pod, Record<string, Status | null>]>([
    [
      'no existing pods',
      FOUR_NODES,
      [],
      incoming([constraint(ZONE, 1, 'DoNotSchedule')]),
      { 'node-a': null, 'node-b': null, 'node-x': null, 'node-y': null },
    ],
    [
      'no existing pods, incoming pod does not match itself',
      FOUR_NODES,
      [],
      {
        ...incoming([constraint(ZONE, 1, 'DoNotSchedule')]),
        metadata: { name: 'p', namespace: 'default' },
      },
      { 'node-a': null, 'node-b': null, 'node-x': null, 'node-y': null },
    ],
    [
      'existing pods in a different namespace do not count',
      FOUR_NODES,
      [foo('p-a1', 'node-a', 'ns1'), foo('p-b1', 'node-b', 'ns1'), foo('p-x1', 'node-x')],
      incoming([constraint(ZONE, 1, 'DoNotSchedule')]),
      { 'node-a': null, 'node-b': null, 'node-x': NOT_MATCH, 'node-y': NOT_MATCH },
    ],
    [
      'pods spread across zones as 3/3, all nodes fit',
      FOUR_NODES,
      [
        foo('p-a1', 'node-a'),
        foo('p-a2', 'node-a'),
        foo('p-b1', 'node-b'),
        foo('p-x1', 'node-x'),
        foo('p-y1', 'node-y'),
        foo('p-y2', 'node-y'),
      ],
      incoming([constraint(ZONE, 1, 'DoNotSchedule')]),
      { 'node-a': null, 'node-b': null, 'node-x': null, 'node-y': null },
    ],
    [
      'pods spread across zones as 1/2 due to absence of label "zone" on node-b',
      [
        zoned('node-a', 'zone1'),
        makeNode('node-b'),
        zoned('node-x', 'zone2'),
        zoned('node-y', 'zone2'),
      ],
      [foo('p-a1', 'node-a'), foo('p-b1', 'node-b'), foo('p-x1', 'node-x'), foo('p-y1', 'node-y')],
      incoming([constraint(ZONE, 1, 'DoNotSchedule')]),
      { 'node-a': null, 'node-b': MISSING_LABEL, 'node-x': NOT_MATCH, 'node-y': NOT_MATCH },
    ],
    [
      'pods spread across nodes as 2/1/0/3, only node-x fits',
      FOUR_NODES,
      [
        foo('p-a1', 'node-a'),
        foo('p-a2', 'node-a'),
        foo('p-b1', 'node-b'),
        foo('p-y1', 'node-y'),
        foo('p-y2', 'node-y'),
        foo('p-y3', 'node-y'),
      ],
      incoming([constraint(HOSTNAME, 1, 'DoNotSchedule')]),
      { 'node-a': NOT_MATCH, 'node-b': NOT_MATCH, 'node-x': null, 'node-y': NOT_MATCH },
    ],
    [
      'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      FOUR_NODES,
      [
        foo('p-a1', 'node-a'),
        foo('p-a2', 'node-a'),
        foo('p-b1', 'node-b'),
        foo('p-y1', 'node-y'),
        foo('p-y2', 'node-y'),
        foo('p-y3', 'node-y'),
      ],
      incoming([constraint(HOSTNAME, 2, 'DoNotSchedule')]),
      { 'node-a': NOT_MATCH, 'node-b': null, 'node-x': null, 'node-y': NOT_MATCH },
    ],
    [
      'two constraints on zone and node, spreads = [3/3, 2/1/0/3], only node-x fits',
      FOUR_NODES,
      [
        foo('p-a1', 'node-a'),
        foo('p-a2', 'node-a'),
        foo('p-b1', 'node-b'),
        foo('p-y1', 'node-y'),
        foo('p-y2', 'node-y'),
        foo('p-y3', 'node-y'),
      ],
      incoming([constraint(ZONE, 1, 'DoNotSchedule'), constraint(HOSTNAME, 1, 'DoNotSchedule')]),
      { 'node-a': NOT_MATCH, 'node-b': NOT_MATCH, 'node-x': null, 'node-y': NOT_MATCH },
    ],
    [
      'minDomains above the number of domains makes the global minimum 0',
      FOUR_NODES,
      [foo('p-a1', 'node-a'), foo('p-x1', 'node-x')],
      incoming([constraint(ZONE, 1, 'DoNotSchedule', { minDomains: 3 })]),
      { 'node-a': NOT_MATCH, 'node-b': NOT_MATCH, 'node-x': NOT_MATCH, 'node-y': NOT_MATCH },
    ],
    [
      'nodes the pod cannot go to (nodeAffinityPolicy Honor) are no domain',
      [...FOUR_NODES, zoned('node-z', 'zone3')],
      [foo('p-a1', 'node-a'), foo('p-x1', 'node-x')],
      incoming([constraint(ZONE, 1, 'DoNotSchedule')], {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: ZONE, operator: 'NotIn', values: ['zone3'] }] },
              ],
            },
          },
        },
      }),
      { 'node-a': null, 'node-b': null, 'node-x': null, 'node-y': null, 'node-z': null },
    ],
    [
      'with nodeAffinityPolicy Ignore, the empty zone3 is the minimum',
      [...FOUR_NODES, zoned('node-z', 'zone3')],
      [foo('p-a1', 'node-a'), foo('p-x1', 'node-x')],
      incoming([constraint(ZONE, 1, 'DoNotSchedule', { nodeAffinityPolicy: 'Ignore' })], {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: ZONE, operator: 'NotIn', values: ['zone3'] }] },
              ],
            },
          },
        },
      }),
      {
        'node-a': NOT_MATCH,
        'node-b': NOT_MATCH,
        'node-x': NOT_MATCH,
        'node-y': NOT_MATCH,
        'node-z': null,
      },
    ],
  ])('%s', (_name, nodes, existing, pod, want) => {
    expect(filterAll(nodes, existing, pod)).toEqual(want);
  });

  it('skips pods without DoNotSchedule constraints (the system defaults never filter)', () => {
    const handle = newHandle(cacheWithPods(FOUR_NODES));
    const plugin = podTopologySpreadPreFilter(handle);
    expect(plugin.preFilter(new CycleState(), makePod('p'))).toBe(SKIP);
    expect(
      plugin.preFilter(new CycleState(), incoming([constraint(ZONE, 1, 'ScheduleAnyway')])),
    ).toBe(SKIP);
  });

  it('counts a pod preemption adds or removes', () => {
    const cache = cacheWithPods(FOUR_NODES, [foo('p-a1', 'node-a')]);
    const plugin = podTopologySpreadPreFilter(newHandle(cache));
    const pod = incoming([constraint(ZONE, 1, 'DoNotSchedule')]);
    const state = new CycleState();
    plugin.preFilter(state, pod);
    const [nodeA, , nodeX] = cache.nodeInfos();
    if (!nodeA || !nodeX) throw new Error('nodes missing');
    expect(podTopologySpreadFilter.filter(state, pod, nodeA)).toEqual(NOT_MATCH);
    const victim = nodeA.pods.get('default/p-a1');
    if (!victim) throw new Error('pod missing');
    plugin.removePod?.(state, pod, victim, nodeA);
    expect(podTopologySpreadFilter.filter(state, pod, nodeA)).toBeNull();
    plugin.addPod?.(state, pod, victim, nodeX);
    expect(podTopologySpreadFilter.filter(state, pod, nodeX)).toEqual(NOT_MATCH);
  });
});

function scoreAll(
  nodes: Node[],
  existing: Pod[],
  pod: Pod,
  services: Service[] = [],
): { raw: number[]; normalized: number[] } | typeof SKIP {
  const cache = cacheWithPods(nodes, existing);
  const plugin = podTopologySpreadScore(
    newHandle(cache, { ...NO_LISTERS, services: () => services }),
  );
  const state = new CycleState();
  const feasible = cache.nodeInfos();
  if (plugin.preScore?.(state, pod, feasible) === SKIP) return SKIP;
  const scores = Float64Array.from(feasible.map((info) => plugin.score(state, pod, info)));
  const raw = [...scores];
  plugin.normalize?.(state, scores, feasible);
  return { raw, normalized: [...scores] };
}

// Cases after upstream's TestPodTopologySpreadScore (scoring_test.go).
describe('PodTopologySpread score', () => {
  const hostnameNodes = [makeNode('node-a'), makeNode('node-b')];

  it.each<[string, Node[], Pod[], Pod, Service[], number[], number[]]>([
    [
      'one constraint on node, no existing pods',
      hostnameNodes,
      [],
      incoming([constraint(HOSTNAME, 1, 'ScheduleAnyway')]),
      [],
      [0, 0],
      [100, 100],
    ],
    [
      'one constraint on node, only one node has matching pods',
      hostnameNodes,
      [foo('p-a1', 'node-a')],
      incoming([constraint(HOSTNAME, 1, 'ScheduleAnyway')]),
      [],
      [1, 0],
      [0, 100],
    ],
    [
      'one constraint on zone, weighted by the number of zones',
      [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-x', 'zone2')],
      [foo('p-a1', 'node-a'), foo('p-a2', 'node-a'), foo('p-x1', 'node-x')],
      incoming([constraint(ZONE, 1, 'ScheduleAnyway')]),
      [],
      // In node tree order: node-a, node-x, node-b.
      [3, 1, 3],
      [33, 100, 33],
    ],
    [
      'explicit constraints ignore nodes without the topology key',
      [zoned('node-a', 'zone1'), makeNode('node-b')],
      [foo('p-a1', 'node-a')],
      incoming([constraint(ZONE, 1, 'ScheduleAnyway')]),
      [],
      [1, 0],
      [100, 0],
    ],
    [
      "the system defaults spread a Service's pods over hostnames (maxSkew 3)",
      [makeNode('node-1'), makeNode('node-2'), makeNode('node-3')],
      [
        makePod('w1', { labels: { app: 'web' }, nodeName: 'node-1' }),
        makePod('w2', { labels: { app: 'web' }, nodeName: 'node-1' }),
        makePod('w3', { labels: { app: 'web' }, nodeName: 'node-2' }),
      ],
      makePod('p', { labels: { app: 'web' } }),
      [{ metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }],
      [5, 4, 2],
      [40, 60, 100],
    ],
  ])('%s', (_name, nodes, existing, pod, services, raw, normalized) => {
    expect(scoreAll(nodes, existing, pod, services)).toEqual({ raw, normalized });
  });

  it('skips a pod without constraints that no Service or controller selects', () => {
    expect(scoreAll(hostnameNodes, [], makePod('p', { labels: { app: 'web' } }))).toBe(SKIP);
  });
});
