import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../host/rng.ts';
import { fitErrorMessage } from './fit-error.ts';
import { pickOneNodeForPreemption, preempt, type Candidate } from './preemption.ts';
import { cacheWithPods, frameworkFor, makeNode, makePod } from './testing.ts';

const cpu = (name: string, amount: string, priority: number, node: string, extra = {}) =>
  makePod(name, { requests: { cpu: amount }, priority, nodeName: node, ...extra });

/** Runs a cycle for `pod` and, as the scheduler does when no node fits, DefaultPreemption. */
function attempt(nodes: Node[], existing: Pod[], pod: Pod, pdbs: PodDisruptionBudget[] = []) {
  const framework = frameworkFor(cacheWithPods(nodes, existing));
  const result = framework.schedulePod(pod, 'default/p', 0);
  expect(result.attempt.selected).toBeNull();
  const outcome = preempt(framework, result.state, pod, result.failures, pdbs, new SeededRng(1));
  const message = fitErrorMessage(
    result.attempt.numAllNodes,
    result.failures.values(),
    outcome.kind === 'failed' ? outcome.message : null,
  );
  return { outcome, message };
}

const victimsOf = (outcome: ReturnType<typeof attempt>['outcome']) =>
  outcome.kind === 'nominated'
    ? {
        node: outcome.candidate.node,
        victims: outcome.candidate.victims.map((p) => p.metadata?.name),
      }
    : outcome.message;

const TWO_NODES = [makeNode('node1'), makeNode('node2')];

// Cases after upstream's TestSelectBestCandidate and TestDryRunPreemption (default_preemption_test.go).
describe('DefaultPreemption', () => {
  it.each<[string, Node[], Pod[], Pod, PodDisruptionBudget[], unknown]>([
    [
      'a pod that fits on one node when lower priority pods are preempted',
      TWO_NODES,
      [cpu('low', '3', 10, 'node1'), cpu('high', '3', 1000, 'node2')],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [],
      { node: 'node1', victims: ['low'] },
    ],
    [
      'picks the node whose highest-priority victim is lowest',
      TWO_NODES,
      [cpu('mid', '3', 50, 'node1'), cpu('low', '3', 10, 'node2')],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [],
      { node: 'node2', victims: ['low'] },
    ],
    [
      'picks the node with the smaller sum of victim priorities',
      TWO_NODES,
      [cpu('a1', '2', 10, 'node1'), cpu('a2', '2', 10, 'node1'), cpu('b1', '4', 10, 'node2')],
      makePod('p', { requests: { cpu: '4' }, priority: 100 }),
      [],
      { node: 'node2', victims: ['b1'] },
    ],
    [
      'reprieves the most important victims that can stay',
      [makeNode('node1')],
      [
        cpu('p1', '1', 1, 'node1'),
        cpu('p2', '1', 2, 'node1'),
        cpu('p3', '1', 3, 'node1'),
        cpu('p4', '1', 4, 'node1'),
      ],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [],
      { node: 'node1', victims: ['p2', 'p1'] },
    ],
    [
      'prefers a node whose victims violate no PodDisruptionBudget',
      TWO_NODES,
      [
        cpu('guarded', '3', 10, 'node1', { labels: { app: 'db' } }),
        cpu('free', '3', 50, 'node2', { labels: { app: 'web' } }),
      ],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [
        {
          metadata: { name: 'db', namespace: 'default' },
          spec: { selector: { matchLabels: { app: 'db' } } },
          status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
        },
      ],
      { node: 'node2', victims: ['free'] },
    ],
    [
      'breaks the last tie by the latest start of the highest-priority victims',
      TWO_NODES,
      [
        cpu('old', '3', 10, 'node1', { startTime: '2024-01-01T00:00:00Z' }),
        cpu('new', '3', 10, 'node2', { startTime: '2024-06-01T00:00:00Z' }),
      ],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [],
      { node: 'node2', victims: ['new'] },
    ],
    [
      'finds no victims on nodes short of resources without lower-priority pods',
      [makeNode('n1'), makeNode('n2'), makeNode('n3')],
      [],
      makePod('huge', { requests: { cpu: '100' } }),
      [],
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
    [
      'ignores pods of equal or higher priority as victims',
      TWO_NODES,
      [cpu('same', '3', 100, 'node1'), cpu('higher', '3', 200, 'node2')],
      makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      [],
      'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    ],
    [
      'reports the filter that still fails once every victim is gone',
      TWO_NODES,
      [cpu('low', '1', 0, 'node1')],
      makePod('p', { requests: { cpu: '8' }, priority: 100 }),
      [],
      'preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.',
    ],
    [
      'refuses for a pod with preemptionPolicy Never',
      [makeNode('node1')],
      [cpu('victim', '4', 0, 'node1')],
      makePod('polite', { requests: { cpu: '1' }, priority: 1000, preemptionPolicy: 'Never' }),
      [],
      'preemption: not eligible due to preemptionPolicy=Never.',
    ],
  ])('%s', (_name, nodes, existing, pod, pdbs, want) => {
    expect(victimsOf(attempt(nodes, existing, pod, pdbs).outcome)).toEqual(want);
  });

  it.each<[string, Node[], string]>([
    [
      'too big for three nodes',
      [makeNode('n1'), makeNode('n2'), makeNode('n3')],
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
    [
      'a mix of taints, cordons and resources',
      [
        makeNode('n1'),
        makeNode('n2', {
          taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
        }),
        makeNode('n3', { unschedulable: true }),
      ],
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    ],
    [
      'no node matching the node selector',
      [makeNode('n1'), makeNode('n2')],
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    ],
  ])('gives the full FailedScheduling message for %s', (name, nodes, message) => {
    const pod = name.startsWith('no node')
      ? makePod('p', { nodeSelector: { disk: 'ssd' } })
      : makePod('p', { requests: { cpu: '100' } });
    expect(attempt(nodes, [], pod).message).toBe(message);
  });
});

describe('DefaultPreemption nomination', () => {
  it('clears an earlier nomination when no node can be freed, but not when the pod may not preempt', () => {
    const nominated = (policy?: 'Never'): Pod => ({
      ...makePod('p', {
        requests: { cpu: '100' },
        ...(policy ? { preemptionPolicy: policy } : {}),
      }),
      status: { nominatedNodeName: 'node1' },
    });
    const noVictims = attempt(TWO_NODES, [], nominated()).outcome;
    expect(noVictims).toMatchObject({ kind: 'failed', clearNomination: true });
    const never = attempt(TWO_NODES, [], nominated('Never')).outcome;
    expect(never).toEqual({
      kind: 'failed',
      message: 'preemption: not eligible due to preemptionPolicy=Never.',
    });
  });

  it('does not preempt again while a victim on the nominated node is terminating', () => {
    const terminating: Pod = {
      ...cpu('victim', '3', 0, 'node1'),
      metadata: {
        ...cpu('victim', '3', 0, 'node1').metadata,
        deletionTimestamp: '2025-01-01T00:00:00Z',
      },
      status: {
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }],
      },
    };
    const preemptor: Pod = {
      ...makePod('p', { requests: { cpu: '2' }, priority: 100 }),
      status: { nominatedNodeName: 'node1' },
    };
    expect(attempt([makeNode('node1')], [terminating], preemptor).outcome).toEqual({
      kind: 'failed',
      message: 'preemption: not eligible due to a terminating pod on the nominated node.',
    });
  });
});

describe('pickOneNodeForPreemption', () => {
  const victim = (priority: number, startTime = '2024-01-01T00:00:00Z') =>
    makePod(`v${String(priority)}`, { priority, startTime });
  const candidate = (node: string, victims: Pod[], numPDBViolations = 0): Candidate => ({
    node,
    victims,
    numPDBViolations,
  });

  it.each<[string, Candidate[], string]>([
    [
      'fewest PDB violations first',
      [candidate('a', [victim(1)], 1), candidate('b', [victim(100)], 0)],
      'b',
    ],
    [
      'then the lowest highest-priority victim',
      [candidate('a', [victim(50)]), candidate('b', [victim(40), victim(40)])],
      'b',
    ],
    [
      'then the smallest priority sum',
      [candidate('a', [victim(50), victim(40)]), candidate('b', [victim(50), victim(10)])],
      'b',
    ],
    [
      'then the fewest victims',
      [candidate('a', [victim(50), victim(-5)]), candidate('b', [victim(50)])],
      'b',
    ],
    [
      'then the latest start among the highest-priority victims',
      [
        candidate('a', [victim(50, '2024-01-01T00:00:00Z')]),
        candidate('b', [victim(50, '2024-02-01T00:00:00Z')]),
      ],
      'b',
    ],
    ['then the first', [candidate('a', [victim(50)]), candidate('b', [victim(50)])], 'a'],
  ])('%s', (_name, candidates, want) => {
    expect(pickOneNodeForPreemption(candidates)?.node).toBe(want);
  });
});
