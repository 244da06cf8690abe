import type { Toleration } from 'kubernetes-types/core/v1';
import { CycleState } from '../framework.ts';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, nodeInfo } from '../testing.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';

describe('NodeUnschedulable filter', () => {
  it.each<[string, boolean, Toleration[], string | null]>([
    ['admits any pod to a schedulable node', false, [], null],
    [
      'rejects a pod without tolerations from a cordoned node',
      true,
      [],
      'node(s) were unschedulable',
    ],
    [
      'admits a pod tolerating the unschedulable taint',
      true,
      [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      null,
    ],
    [
      'admits a pod tolerating the key for every effect',
      true,
      [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }],
      null,
    ],
    ['admits a pod that tolerates everything', true, [{ operator: 'Exists' }], null],
    [
      'rejects a pod tolerating the key only for NoExecute',
      true,
      [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }],
      'node(s) were unschedulable',
    ],
    [
      'rejects a pod tolerating another key',
      true,
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }],
      'node(s) were unschedulable',
    ],
  ])('%s', (_name, cordoned, tolerations, reason) => {
    const status = nodeUnschedulable.filter(
      new CycleState(),
      makePod('p', { tolerations }),
      nodeInfo(makeNode('node-1', { unschedulable: cordoned })),
    );
    if (reason === null) {
      expect(status).toBeNull();
    } else {
      expect(status).toEqual({
        code: 'UnschedulableAndUnresolvable',
        reasons: [reason],
        plugin: 'NodeUnschedulable',
      });
    }
  });
});
