import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from './fit-error.ts';
import { unresolvable, unschedulable, type Status } from './framework.ts';

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
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ],
    [
      'appends the not-eligible preemption part',
      1,
      [CPU],
      'preemption: not eligible due to preemptionPolicy=Never.',
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    ],
    ['says only the count when no node reported a reason', 0, [], null, '0/0 nodes are available:'],
  ])('%s', (_name, nodeCount, statuses, preemption, message) => {
    expect(fitErrorMessage(nodeCount, failures(...statuses).values(), preemption)).toBe(message);
  });

  it('puts a PreFilter rejection in place of the histogram', () => {
    expect(
      fitErrorMessage(
        3,
        failures(CPU, CPU, CPU).values(),
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        "node(s) didn't match Pod's node affinity/selector",
      ),
    ).toBe(
      "0/3 nodes are available: node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});
