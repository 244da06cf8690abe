import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../api/time.ts';
import { podsToDelete } from './ranking.ts';

const NOW = Date.UTC(2025, 1, 1, 12, 0, 0);
const SECOND = 1000;
const HOUR = 3600 * SECOND;

interface Shape {
  node?: string;
  phase?: string;
  /** How long ago the pod became ready; null for not ready; undefined for ready without a time. */
  readyAgo?: number | null;
  cost?: string;
  restarts?: number;
  createdAgo?: number;
  uid?: string;
  deleting?: boolean;
}

function rsPod(name: string, shape: Shape = {}): Pod {
  const { readyAgo } = shape;
  const ready = readyAgo !== null;
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: shape.uid ?? `uid-${name}`,
      creationTimestamp: formatTime(NOW - (shape.createdAgo ?? HOUR)),
      ...(shape.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': shape.cost } }
        : {}),
      ...(shape.deleting ? { deletionTimestamp: formatTime(NOW) } : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx' }],
      ...(shape.node === '' ? {} : { nodeName: shape.node ?? 'node-1' }),
    },
    status: {
      phase: shape.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          ...(readyAgo !== null && readyAgo !== undefined
            ? { lastTransitionTime: formatTime(NOW - readyAgo) }
            : {}),
        },
      ],
      containerStatuses: [
        { name: 'app', image: 'nginx', imageID: '', ready, restartCount: shape.restarts ?? 0 },
      ],
    },
  };
}

/** The one of the two pods deleted first, whichever order they come in. */
function deletedFirst(a: Pod, b: Pod, related: Pod[] = [a, b]): [string, string] {
  const name = (pods: Pod[]): string => pods[0]?.metadata?.name ?? '';
  return [name(podsToDelete([a, b], related, 1, NOW)), name(podsToDelete([b, a], related, 1, NOW))];
}

describe('podsToDelete ranking (ActivePodsWithRanks.Less)', () => {
  it.each<[string, Pod, Pod]>([
    [
      '1. an unassigned pod before an assigned one',
      rsPod('unassigned', { node: '', phase: 'Pending', readyAgo: null }),
      rsPod('assigned', { phase: 'Pending', readyAgo: null }),
    ],
    [
      '2. Pending before Running',
      rsPod('pending', { phase: 'Pending', readyAgo: null }),
      rsPod('running', { readyAgo: null }),
    ],
    [
      '2. Pending before Unknown',
      rsPod('pending', { phase: 'Pending', readyAgo: null }),
      rsPod('unknown', { phase: 'Unknown', readyAgo: null }),
    ],
    [
      '2. Unknown before Running',
      rsPod('unknown', { phase: 'Unknown', readyAgo: null }),
      rsPod('running', { readyAgo: null }),
    ],
    [
      '2. a phase not in the table counts as Pending',
      rsPod('no-phase', { phase: '', readyAgo: null }),
      rsPod('unknown', { phase: 'Unknown', readyAgo: null }),
    ],
    [
      '3. not ready before ready',
      rsPod('not-ready', { readyAgo: null, createdAgo: 10 * HOUR }),
      rsPod('ready', { readyAgo: 10 * SECOND, createdAgo: SECOND }),
    ],
    [
      '4. a lower deletion cost first',
      rsPod('cheap', { cost: '-5', restarts: 0 }),
      rsPod('dear', { cost: '10', restarts: 9 }),
    ],
    ['4. a missing cost counts as 0', rsPod('none'), rsPod('positive', { cost: '1' })],
    ['4. an invalid cost counts as 0', rsPod('plus', { cost: '+5' }), rsPod('one', { cost: '1' })],
    [
      '4. a cost with leading zeros is invalid',
      rsPod('zeros', { cost: '007' }),
      rsPod('one', { cost: '1' }),
    ],
    [
      '4. a cost beyond int32 is invalid',
      rsPod('huge', { cost: '2147483648' }),
      rsPod('one', { cost: '1' }),
    ],
    [
      '4. a fractional cost is invalid',
      rsPod('fraction', { cost: '1.5' }),
      rsPod('one', { cost: '1' }),
    ],
    [
      '4. the int32 maximum is a valid cost',
      rsPod('one', { cost: '1' }),
      rsPod('max', { cost: '2147483647' }),
    ],
    [
      '6. the more recently ready first',
      rsPod('new', { readyAgo: 10 * SECOND }),
      rsPod('old', { readyAgo: 10 * HOUR }),
    ],
    [
      '6. ready without a time before ready with one',
      rsPod('zero', { readyAgo: undefined }),
      rsPod('timed', { readyAgo: SECOND }),
    ],
    [
      '6. the lower uid first when both became ready in the same power-of-two bucket',
      rsPod('b', { readyAgo: 110 * SECOND, uid: 'uid-a' }),
      rsPod('a', { readyAgo: 100 * SECOND, uid: 'uid-b' }),
    ],
    ['7. more restarts first', rsPod('crashy', { restarts: 5 }), rsPod('steady', { restarts: 1 })],
    [
      '8. the newer pod first',
      rsPod('young', { createdAgo: 5 * SECOND }),
      rsPod('old', { createdAgo: 5 * HOUR }),
    ],
    [
      '8. the lower uid first when created in the same power-of-two bucket',
      rsPod('y', { createdAgo: 100 * SECOND, uid: 'uid-1' }),
      rsPod('x', { createdAgo: 70 * SECOND, uid: 'uid-2' }),
    ],
  ])('deletes %s', (_name, first, second) => {
    const expected = first.metadata?.name ?? '';
    expect(deletedFirst(first, second)).toEqual([expected, expected]);
  });

  it('5. deletes first the pod on the node with more related active pods', () => {
    const crowded = rsPod('crowded', { node: 'node-1' });
    const alone = rsPod('alone', { node: 'node-2' });
    const related = [
      crowded,
      alone,
      rsPod('n1-a', { node: 'node-1' }),
      rsPod('n1-b', { node: 'node-1' }),
    ];
    expect(deletedFirst(crowded, alone, related)).toEqual(['crowded', 'crowded']);
  });

  it('5. counts only active related pods', () => {
    const a = rsPod('a', { node: 'node-1', createdAgo: 5 * HOUR });
    const b = rsPod('b', { node: 'node-2', createdAgo: 5 * SECOND });
    const related = [
      a,
      b,
      rsPod('gone', { node: 'node-1', deleting: true }),
      rsPod('done', { node: 'node-1', phase: 'Succeeded' }),
    ];
    // Ranks tie (1 each), so the newer pod goes first.
    expect(deletedFirst(a, b, related)).toEqual(['b', 'b']);
  });

  it.each<[string, Pod, Pod]>([
    [
      'unassigned beats an earlier phase',
      rsPod('unassigned', { node: '', phase: 'Running', readyAgo: null }),
      rsPod('pending', { phase: 'Pending', readyAgo: null }),
    ],
    [
      'phase beats readiness',
      rsPod('pending', { phase: 'Pending', readyAgo: 10 * SECOND }),
      rsPod('running', { readyAgo: null }),
    ],
    [
      'readiness beats the deletion cost',
      rsPod('not-ready', { readyAgo: null, cost: '100' }),
      rsPod('ready', { cost: '-100' }),
    ],
    [
      'the deletion cost beats restarts and age',
      rsPod('cheap', { cost: '-1', createdAgo: 10 * HOUR }),
      rsPod('crashy', { restarts: 10, createdAgo: SECOND }),
    ],
    [
      'ready time beats restarts',
      rsPod('new', { readyAgo: SECOND }),
      rsPod('crashy', { readyAgo: 10 * HOUR, restarts: 10 }),
    ],
    [
      'restarts beat age',
      rsPod('crashy', { restarts: 3, createdAgo: 10 * HOUR }),
      rsPod('young', { createdAgo: SECOND }),
    ],
  ])('applies the rules in order: %s', (_name, first, second) => {
    const expected = first.metadata?.name ?? '';
    expect(deletedFirst(first, second)).toEqual([expected, expected]);
  });

  it('takes the requested number of pods from the ranked list', () => {
    const pods = [
      rsPod('old-ready', { readyAgo: 10 * HOUR }),
      rsPod('pending', { phase: 'Pending', readyAgo: null }),
      rsPod('new-ready', { readyAgo: 10 * SECOND }),
      rsPod('unassigned', { node: '', phase: 'Pending', readyAgo: null }),
    ];
    expect(podsToDelete(pods, [], 3, NOW).map((pod) => pod.metadata?.name)).toEqual([
      'unassigned',
      'pending',
      'new-ready',
    ]);
  });

  it('keeps the given order when every pod goes', () => {
    const pods = [rsPod('b', { readyAgo: HOUR }), rsPod('a', { node: '' })];
    expect(podsToDelete(pods, [], 2, NOW)).toEqual(pods);
    expect(podsToDelete(pods, [], 5, NOW)).toEqual(pods);
  });

  it('does not reorder the array it was given', () => {
    const pods = [
      rsPod('ready', { readyAgo: HOUR }),
      rsPod('pending', { phase: 'Pending', readyAgo: null }),
    ];
    podsToDelete(pods, [], 1, NOW);
    expect(pods.map((pod) => pod.metadata?.name)).toEqual(['ready', 'pending']);
  });
});
