import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { fitErrorMessage, preemptionVerdicts } from './fit-error.ts';
import { unresolvable, unschedulable, type NodeInfo, type Status } from './framework.ts';
import { makeNode, makePod, nodeInfo } from './testing.ts';

const CPU = unschedulable('NodeResourcesFit', 'Insufficient cpu');
const CPU_AND_MEMORY = unschedulable('NodeResourcesFit', 'Insufficient cpu', 'Insufficient memory');
const MEMORY = unschedulable('NodeResourcesFit', 'Insufficient memory');
const TOO_MANY = unschedulable('NodeResourcesFit', 'Too many pods');
const CONTROL_PLANE = unresolvable(
  'TaintToleration',
  'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
);
const CORDONED = unresolvable('NodeUnschedulable', 'node(s) were unschedulable');

function failures(...statuses: Status[]): Map<string, Status> {
  return new Map(statuses.map((status, i) => [`node-${i + 1}`, status]));
}

function emptyNodes(count: number, podsOnEach: (index: number) => Pod[] = () => []): NodeInfo[] {
  return Array.from({ length: count }, (_, i) =>
    nodeInfo(makeNode(`node-${i + 1}`), podsOnEach(i)),
  );
}

describe('fitErrorMessage (FitError.Error)', () => {
  it.each<[string, number, Status[], string | null, string]>([
    [
      'counts one reason per node',
      3,
      [CPU, CPU, CPU],
      null,
      '0/3 nodes are available: 3 Insufficient cpu.',
    ],
    [
      'counts every reason of a node',
      1,
      [CPU_AND_MEMORY],
      null,
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.',
    ],
    [
      'sorts the histogram as strings, so 10 comes before 2',
      12,
      [...Array<Status>(10).fill(MEMORY), CPU, CPU],
      null,
      '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu.',
    ],
    [
      'sorts upper case before lower case at equal counts',
      3,
      [CORDONED, CPU, CONTROL_PLANE],
      null,
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable.',
    ],
    [
      'reports the pod count limit',
      2,
      [TOO_MANY, TOO_MANY],
      null,
      '0/2 nodes are available: 2 Too many pods.',
    ],
    [
      'appends the preemption part',
      3,
      [CPU, CPU, CPU],
      '0/3 nodes are available: 3 No preemption victims found for incoming pod',
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
    [
      'appends the not-eligible preemption part',
      1,
      [CPU],
      'not eligible due to preemptionPolicy=Never',
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    ],
    ['says only the count when no node reported a reason', 0, [], null, '0/0 nodes are available:'],
  ])('%s', (_name, nodeCount, statuses, preemption, message) => {
    expect(fitErrorMessage(nodeCount, failures(...statuses), preemption)).toBe(message);
  });
});

describe('preemptionVerdicts (DefaultPreemption PostFilter message)', () => {
  it('says no victims when nodes are short of resources but hold no lower-priority pods', () => {
    expect(preemptionVerdicts(makePod('big'), emptyNodes(3), failures(CPU, CPU, CPU))).toBe(
      '0/3 nodes are available: 3 No preemption victims found for incoming pod',
    );
  });

  it('says preemption does not help on nodes rejected for unresolvable reasons', () => {
    expect(
      preemptionVerdicts(makePod('big'), emptyNodes(3), failures(CONTROL_PLANE, CPU, CPU)),
    ).toBe(
      '0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod',
    );
  });

  it('ignores pods of equal or higher priority as victims', () => {
    const nodes = emptyNodes(2, (i) => [
      makePod(`resident-${i}`, { priority: i === 0 ? 100 : 200 }),
    ]);
    expect(preemptionVerdicts(makePod('big', { priority: 100 }), nodes, failures(CPU, CPU))).toBe(
      '0/2 nodes are available: 2 No preemption victims found for incoming pod',
    );
  });

  it('returns null when a node holds lower-priority pods that could be evicted', () => {
    const nodes = emptyNodes(2, (i) => (i === 1 ? [makePod('victim', { priority: 0 })] : []));
    expect(
      preemptionVerdicts(makePod('vip', { priority: 1000 }), nodes, failures(CPU, CPU)),
    ).toBeNull();
  });

  it('refuses to preempt for a pod with preemptionPolicy Never', () => {
    const pod = makePod('polite', { priority: 1000, preemptionPolicy: 'Never' });
    const nodes = emptyNodes(1, () => [makePod('victim')]);
    expect(preemptionVerdicts(pod, nodes, failures(CPU))).toBe(
      'not eligible due to preemptionPolicy=Never',
    );
  });

  it('gives the full FailedScheduling message for a pod too big for three nodes', () => {
    const nodes = emptyNodes(3);
    const statuses = failures(CPU, CPU, CPU);
    expect(fitErrorMessage(3, statuses, preemptionVerdicts(makePod('huge'), nodes, statuses))).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  it('gives the full message for a mix of taints, cordons and resources', () => {
    const nodes = emptyNodes(3);
    const statuses = failures(CPU, CONTROL_PLANE, CORDONED);
    expect(fitErrorMessage(3, statuses, preemptionVerdicts(makePod('p'), nodes, statuses))).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });
});
