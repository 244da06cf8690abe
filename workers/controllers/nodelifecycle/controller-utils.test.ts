// The taint arithmetic of SwapNodeControllerTaint (taints.AddOrUpdateTaint and DeleteTaint).

import type { Taint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { swapTaints } from './controller-utils.ts';

const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
  timeAdded: '2025-01-01T00:01:00Z',
};
const notReady: Taint = {
  key: 'node.kubernetes.io/not-ready',
  effect: 'NoExecute',
  timeAdded: '2025-01-01T00:02:00Z',
};
const notReadyNoSchedule: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const custom: Taint = { key: 'example.com/gpu', value: 'a100', effect: 'NoSchedule' };

describe('swapTaints', () => {
  it.each<[string, Taint[], Taint[], Taint[], Taint[] | null]>([
    ['adds a missing taint after the others', [custom], [unreachable], [], [custom, unreachable]],
    ['changes nothing when the same taint is there', [unreachable], [unreachable], [], null],
    [
      'replaces a taint of the same key and effect with a new time',
      [custom, { ...unreachable, timeAdded: '2025-01-01T00:00:00Z' }],
      [unreachable],
      [],
      [custom, unreachable],
    ],
    [
      'swaps not-ready for unreachable, keeping other effects of the key',
      [notReadyNoSchedule, notReady],
      [unreachable],
      [{ key: notReady.key, effect: 'NoExecute' }],
      [notReadyNoSchedule, unreachable],
    ],
    ['removes nothing that is not there', [custom], [], [notReady], null],
  ])('%s', (_name, current, add, remove, expected) => {
    expect(swapTaints(current, add, remove)).toEqual(expected);
  });
});
