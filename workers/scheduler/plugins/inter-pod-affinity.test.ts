import type { Affinity, Namespace, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, SKIP, type Status } from '../framework.ts';
import { newHandle, NO_LISTERS } from '../handle.ts';
import { cacheWithPods, makeNode, makePod } from '../testing.ts';
import {
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  interPodAffinityFilter,
  interPodAffinityPreFilter,
  interPodAffinityScore,
} from './inter-pod-affinity.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';
const AFFINITY: Status = {
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_REASON_AFFINITY],
  plugin: 'InterPodAffinity',
};
const ANTI: Status = {
  code: 'Unschedulable',
  reasons: [ERR_REASON_ANTI_AFFINITY],
  plugin: 'InterPodAffinity',
};
const EXISTING: Status = {
  code: 'Unschedulable',
  reasons: [ERR_REASON_EXISTING_ANTI_AFFINITY],
  plugin: 'InterPodAffinity',
};

const zoned = (name: string, zone: string): Node => makeNode(name, { labels: { [ZONE]: zone } });
/** node-a and node-b in zone1, node-c in zone2. */
const NODES = [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-c', 'zone2')];

const term = (
  app: string,
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

function pod(
  name: string,
  app: string,
  affinity?: Affinity,
  nodeName?: string,
  namespace?: string,
): Pod {
  return makePod(name, {
    labels: { app },
    ...(affinity ? { affinity } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(namespace ? { namespace } : {}),
  });
}

const requiredAffinity = (...terms: PodAffinityTerm[]): Affinity => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});
const requiredAnti = (...terms: PodAffinityTerm[]): Affinity => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});

const namespaces: Namespace[] = [
  { metadata: { name: 'default', labels: { team: 'web' } } },
  { metadata: { name: 'data', labels: { team: 'db' } } },
];

function filterAll(
  nodes: Node[],
  existing: Pod[],
  incoming: Pod,
): Record<string, Status | null> | typeof SKIP {
  const cache = cacheWithPods(nodes, existing);
  const handle = newHandle(cache, { ...NO_LISTERS, namespaces: () => namespaces });
  const state = new CycleState();
  if (interPodAffinityPreFilter(handle).preFilter(state, incoming) === SKIP) return SKIP;
  return Object.fromEntries(
    cache
      .nodeInfos()
      .map((info) => [info.name, interPodAffinityFilter.filter(state, incoming, info)]),
  );
}

// Cases after upstream's TestRequiredAffinitySingleNode / MultipleNodes (filtering_test.go).
describe('InterPodAffinity filter', () => {
  it.each<[string, Node[], Pod[], Pod, Record<string, Status | null> | typeof SKIP]>([
    [
      'skips a pod without affinity when no placed pod has anti-affinity',
      NODES,
      [pod('db', 'db', undefined, 'node-a')],
      pod('p', 'web'),
      SKIP,
    ],
    [
      'affinity to a zone holding a matching pod admits every node of that zone',
      NODES,
      [pod('db', 'db', undefined, 'node-a')],
      pod('p', 'web', requiredAffinity(term('db', ZONE))),
      { 'node-a': null, 'node-c': AFFINITY, 'node-b': null },
    ],
    [
      'affinity to pods of another namespace only counts that namespace',
      NODES,
      [pod('db', 'db', undefined, 'node-a'), pod('db2', 'db', undefined, 'node-c', 'data')],
      pod('p', 'web', requiredAffinity(term('db', ZONE, { namespaces: ['data'] }))),
      { 'node-a': AFFINITY, 'node-c': null, 'node-b': AFFINITY },
    ],
    [
      'a namespaceSelector is resolved to the namespaces it matches',
      NODES,
      [pod('db', 'db', undefined, 'node-a'), pod('db2', 'db', undefined, 'node-c', 'data')],
      pod(
        'p',
        'web',
        requiredAffinity(term('db', ZONE, { namespaceSelector: { matchLabels: { team: 'db' } } })),
      ),
      { 'node-a': AFFINITY, 'node-c': null, 'node-b': AFFINITY },
    ],
    [
      'the first pod of a group with affinity to itself goes anywhere with the topology',
      [...NODES, makeNode('node-d')],
      [],
      pod('p', 'web', requiredAffinity(term('web', ZONE))),
      { 'node-a': null, 'node-c': null, 'node-d': AFFINITY, 'node-b': null },
    ],
    [
      'a node lacking the topology key fails affinity',
      [zoned('node-a', 'zone1'), makeNode('node-d')],
      [pod('db', 'db', undefined, 'node-a'), pod('db2', 'db', undefined, 'node-d')],
      pod('p', 'web', requiredAffinity(term('db', ZONE))),
      { 'node-a': null, 'node-d': AFFINITY },
    ],
    [
      'anti-affinity on hostname keeps the pod off nodes with a matching pod',
      NODES,
      [pod('w1', 'web', undefined, 'node-a')],
      pod('p', 'web', requiredAnti(term('web', HOSTNAME))),
      { 'node-a': ANTI, 'node-c': null, 'node-b': null },
    ],
    [
      'anti-affinity on zone keeps the pod off the whole zone',
      NODES,
      [pod('w1', 'web', undefined, 'node-a')],
      pod('p', 'web', requiredAnti(term('web', ZONE))),
      { 'node-a': ANTI, 'node-c': null, 'node-b': ANTI },
    ],
    [
      "an existing pod's anti-affinity keeps matching pods out of its topology",
      NODES,
      [pod('db', 'db', requiredAnti(term('web', ZONE)), 'node-c')],
      pod('p', 'web'),
      { 'node-a': null, 'node-c': EXISTING, 'node-b': null },
    ],
    [
      "an existing pod's anti-affinity reaches the namespaces its namespaceSelector selects",
      NODES,
      [
        pod(
          'db',
          'db',
          requiredAnti(term('web', ZONE, { namespaceSelector: { matchLabels: { team: 'web' } } })),
          'node-c',
          'data',
        ),
      ],
      pod('p', 'web'),
      { 'node-a': null, 'node-c': EXISTING, 'node-b': null },
    ],
    [
      "an existing pod's anti-affinity ignores pods it does not select",
      NODES,
      [pod('db', 'db', requiredAnti(term('web', ZONE)), 'node-c')],
      pod('p', 'cache'),
      SKIP,
    ],
  ])('%s', (_name, nodes, existing, incoming, want) => {
    expect(filterAll(nodes, existing, incoming)).toEqual(want);
  });

  it('tracks pods preemption removes and adds back', () => {
    const cache = cacheWithPods(NODES, [pod('w1', 'web', undefined, 'node-a')]);
    const plugin = interPodAffinityPreFilter(newHandle(cache));
    const incoming = pod('p', 'web', requiredAnti(term('web', HOSTNAME)));
    const state = new CycleState();
    plugin.preFilter(state, incoming);
    const nodeA = cache.get('node-a');
    const victim = nodeA?.pods.get('default/w1');
    if (!nodeA || !victim) throw new Error('missing');
    expect(interPodAffinityFilter.filter(state, incoming, nodeA)).toEqual(ANTI);
    plugin.removePod?.(state, incoming, victim, nodeA);
    expect(interPodAffinityFilter.filter(state, incoming, nodeA)).toBeNull();
    plugin.addPod?.(state, incoming, victim, nodeA);
    expect(interPodAffinityFilter.filter(state, incoming, nodeA)).toEqual(ANTI);
  });
});

function scoreAll(nodes: Node[], existing: Pod[], incoming: Pod) {
  const cache = cacheWithPods(nodes, existing);
  const plugin = interPodAffinityScore(newHandle(cache));
  const state = new CycleState();
  const feasible = cache.nodeInfos();
  if (plugin.preScore?.(state, incoming, feasible) === SKIP) return SKIP;
  const scores = Float64Array.from(feasible.map((info) => plugin.score(state, incoming, info)));
  const raw = [...scores];
  plugin.normalize?.(state, scores, feasible);
  return { raw, normalized: [...scores] };
}

const preferred = (
  kind: 'podAffinity' | 'podAntiAffinity',
  weight: number,
  t: PodAffinityTerm,
): Affinity => ({
  [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: t }] },
});

// Cases after upstream's TestPreferredAffinity (scoring_test.go); nodes in tree order a, c, b.
describe('InterPodAffinity score', () => {
  it.each<[string, Pod[], Pod, number[], number[]]>([
    [
      'preferred affinity scores the zone of a matching pod by the weight',
      [pod('db', 'db', undefined, 'node-a')],
      pod('p', 'web', preferred('podAffinity', 5, term('db', ZONE))),
      [5, 0, 5],
      [100, 0, 100],
    ],
    [
      'preferred anti-affinity scores the zone of a matching pod down',
      [pod('db', 'db', undefined, 'node-a')],
      pod('p', 'web', preferred('podAntiAffinity', 5, term('db', ZONE))),
      [-5, 0, -5],
      [0, 100, 0],
    ],
    [
      'matching pods add up per topology',
      [
        pod('db1', 'db', undefined, 'node-a'),
        pod('db2', 'db', undefined, 'node-c'),
        pod('db3', 'db', undefined, 'node-c'),
      ],
      pod('p', 'web', preferred('podAffinity', 3, term('db', HOSTNAME))),
      [3, 6, 0],
      [50, 100, 0],
    ],
    [
      "an existing pod's required affinity attracts matching pods (hardPodAffinityWeight 1)",
      [pod('db', 'db', requiredAffinity(term('web', ZONE)), 'node-c')],
      pod('p', 'web'),
      [0, 1, 0],
      [0, 100, 0],
    ],
    [
      "an existing pod's preferred anti-affinity repels matching pods",
      [pod('db', 'db', preferred('podAntiAffinity', 10, term('web', HOSTNAME)), 'node-b')],
      pod('p', 'web'),
      [0, 0, -10],
      [100, 100, 0],
    ],
  ])('%s', (_name, existing, incoming, raw, normalized) => {
    expect(scoreAll(NODES, existing, incoming)).toEqual({ raw, normalized });
  });

  it('skips when neither the pod nor any placed pod has affinity, and weighs 2', () => {
    expect(scoreAll(NODES, [pod('db', 'db', undefined, 'node-a')], pod('p', 'web'))).toBe(SKIP);
    expect(interPodAffinityScore(newHandle(cacheWithPods([]))).weight).toBe(2);
  });
});
