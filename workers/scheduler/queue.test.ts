import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { SchedulingQueue, type QueuedPod } from './queue.ts';
import { makePod } from './testing.ts';

const T0 = 1_000_000;

function setup(): { clock: VirtualClock; queue: SchedulingQueue; activations: () => number } {
  const clock = new VirtualClock(T0);
  let activations = 0;
  const queue = new SchedulingQueue(clock, () => {
    activations++;
  });
  return { clock, queue, activations: () => activations };
}

function popAll(queue: SchedulingQueue): string[] {
  const names: string[] = [];
  for (let next = queue.pop(); next; next = queue.pop()) names.push(next.pod.metadata?.name ?? '');
  return names;
}

function popOne(queue: SchedulingQueue): QueuedPod {
  const next = queue.pop();
  if (!next) throw new Error('activeQ is empty');
  return next;
}

/** Moves virtual time one second at a time until activeQ has a pod; returns the seconds taken. */
function secondsUntilActive(clock: VirtualClock, queue: SchedulingQueue, limit = 600): number {
  const start = clock.now();
  while (queue.activeCount === 0) {
    if (clock.now() - start > limit * 1000) throw new Error('never became active');
    clock.advanceTo(clock.now() + 1000);
  }
  return (clock.now() - start) / 1000;
}

describe('SchedulingQueue activeQ (PrioritySort)', () => {
  it.each<[string, [string, number | undefined][], string[]]>([
    [
      'pops pods added at the same moment in arrival order',
      [
        ['a', undefined],
        ['b', undefined],
        ['c', undefined],
        ['d', undefined],
        ['e', undefined],
      ],
      ['a', 'b', 'c', 'd', 'e'],
    ],
    [
      'pops higher priority first',
      [
        ['low', 0],
        ['high', 1000],
        ['mid', 10],
      ],
      ['high', 'mid', 'low'],
    ],
    [
      'keeps arrival order within a priority',
      [
        ['low-a', 0],
        ['high-a', 100],
        ['low-b', 0],
        ['high-b', 100],
        ['low-c', 0],
        ['low-d', undefined],
      ],
      ['high-a', 'high-b', 'low-a', 'low-b', 'low-c', 'low-d'],
    ],
    [
      'treats a missing priority as 0 and below a positive one',
      [
        ['none', undefined],
        ['negative', -5],
        ['one', 1],
      ],
      ['one', 'none', 'negative'],
    ],
  ])('%s', (_name, pods, order) => {
    const { queue } = setup();
    for (const [name, priority] of pods)
      queue.add(makePod(name, priority === undefined ? {} : { priority }));
    expect(popAll(queue)).toEqual(order);
  });

  it('pops earlier arrivals first across time', () => {
    const { clock, queue } = setup();
    queue.add(makePod('first'));
    clock.advanceTo(T0 + 10);
    queue.add(makePod('second'));
    clock.advanceTo(T0 + 20);
    queue.add(makePod('third'));
    expect(popAll(queue)).toEqual(['first', 'second', 'third']);
  });

  it('counts attempts and scheduling cycles as pods are popped', () => {
    const { clock, queue } = setup();
    queue.add(makePod('a'));
    queue.add(makePod('b'));
    clock.advanceTo(T0 + 5);
    const a = popOne(queue);
    expect([a.attempts, a.initialAttemptTimestamp, queue.schedulingCycle]).toEqual([1, T0 + 5, 1]);
    popOne(queue);
    expect(queue.schedulingCycle).toBe(2);
  });

  it('keeps one entry per pod, updating it in place', () => {
    const { queue, activations } = setup();
    queue.add(makePod('a'));
    queue.add({
      ...makePod('a'),
      metadata: { name: 'a', namespace: 'default', labels: { v: '2' } },
    });
    expect(queue.activeCount).toBe(1);
    expect(activations()).toBe(1);
    expect(popOne(queue).pod.metadata?.labels).toEqual({ v: '2' });
  });

  it('forgets a deleted pod wherever it waits', () => {
    const { queue } = setup();
    queue.add(makePod('active'));
    queue.add(makePod('parked'));
    queue.add(makePod('backing-off'));
    popOne(queue);
    const parked = popOne(queue);
    const backingOff = popOne(queue);
    queue.add(makePod('active'));
    queue.addUnschedulable(parked, queue.schedulingCycle);
    queue.addUnschedulable(backingOff, queue.schedulingCycle, true);
    for (const name of ['active', 'parked', 'backing-off']) queue.delete(makePod(name));
    expect(queue.pending()).toEqual({ active: [], backoff: [], unschedulable: [] });
  });
});

describe('SchedulingQueue backoff', () => {
  it('backs a pod off 1 s, 2 s, 4 s, 8 s, then 10 s per failed attempt', () => {
    const { clock, queue } = setup();
    queue.add(makePod('flaky'));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const queued = popOne(queue);
      expect(queued.attempts).toBe(attempt);
      queue.addUnschedulable(queued, queue.schedulingCycle, true);
      expect(queue.pending().backoff).toEqual(['default/flaky']);
      waits.push(secondsUntilActive(clock, queue));
    }
    expect(waits).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('flushes the backoff queue once a second and tells the scheduler', () => {
    const { clock, queue, activations } = setup();
    queue.add(makePod('p'));
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle, true);
    const before = activations();
    clock.advanceTo(T0 + 999);
    expect(queue.activeCount).toBe(0);
    clock.advanceTo(T0 + 1000);
    expect(queue.activeCount).toBe(1);
    expect(activations()).toBe(before + 1);
    expect(clock.nextDue()).toBeNull();
  });
});

describe('SchedulingQueue unschedulable pods', () => {
  it('parks a pod that fit nowhere until the cluster changes', () => {
    const { clock, queue } = setup();
    queue.add(makePod('big'));
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle);
    expect(queue.pending()).toEqual({ active: [], backoff: [], unschedulable: ['default/big'] });
    clock.advanceTo(T0 + 60_000);
    expect(queue.activeCount).toBe(0);
    queue.moveAllToActiveOrBackoff();
    expect(queue.pending()).toEqual({ active: ['default/big'], backoff: [], unschedulable: [] });
  });

  it('moves a parked pod still within its backoff to the backoff queue', () => {
    const { clock, queue } = setup();
    queue.add(makePod('big'));
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle);
    clock.advanceTo(T0 + 400);
    queue.moveAllToActiveOrBackoff();
    expect(queue.pending()).toEqual({ active: [], backoff: ['default/big'], unschedulable: [] });
    clock.advanceTo(T0 + 1_400);
    expect(queue.pending().active).toEqual(['default/big']);
  });

  it('sends a pod to backoff when a move request came during its own attempt (moveRequestCycle)', () => {
    const { queue } = setup();
    queue.add(makePod('p'));
    const queued = popOne(queue);
    const cycle = queue.schedulingCycle;
    queue.moveAllToActiveOrBackoff();
    queue.addUnschedulable(queued, cycle);
    expect(queue.pending()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
  });

  it('parks a pod when the last move request came before its attempt', () => {
    const { queue } = setup();
    queue.add(makePod('p'));
    queue.moveAllToActiveOrBackoff();
    const queued = popOne(queue);
    queue.addUnschedulable(queued, queue.schedulingCycle);
    expect(queue.pending().unschedulable).toEqual(['default/p']);
  });

  it('parks a pod whose attempt started after a move request that came during an earlier attempt', () => {
    const { queue } = setup();
    queue.add(makePod('a'));
    queue.add(makePod('b'));
    const a = popOne(queue);
    queue.moveAllToActiveOrBackoff();
    queue.addUnschedulable(a, 1);
    const b = popOne(queue);
    queue.addUnschedulable(b, queue.schedulingCycle);
    expect(queue.pending()).toEqual({
      active: [],
      backoff: ['default/a'],
      unschedulable: ['default/b'],
    });
  });

  it('gives a parked pod another try when it is updated', () => {
    const { clock, queue } = setup();
    queue.add(makePod('p'));
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle);
    clock.advanceTo(T0 + 5_000);
    queue.update(makePod('p', { tolerations: [{ operator: 'Exists' }] }));
    expect(queue.pending().active).toEqual(['default/p']);
    expect(popOne(queue).pod.spec?.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it.each<[string, (pod: Pod) => Pod]>([
    [
      'its status (the scheduler’s own PodScheduled=False patch)',
      (pod) => ({
        ...pod,
        status: {
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        },
      }),
    ],
    [
      'its resourceVersion, managedFields and finalizers',
      (pod) => ({
        ...pod,
        metadata: { ...pod.metadata, resourceVersion: '99', managedFields: [], finalizers: ['x'] },
      }),
    ],
  ])('keeps a parked pod parked when only %s changes (isPodUpdated)', (_name, change) => {
    const { clock, queue } = setup();
    const pod = makePod('p');
    queue.add(pod);
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle);
    clock.advanceTo(T0 + 5_000);
    queue.update(change(pod));
    expect(queue.pending()).toEqual({ active: [], backoff: [], unschedulable: ['default/p'] });
  });

  it('flushes a pod parked for more than 5 minutes, checking every 30 s', () => {
    const { clock, queue, activations } = setup();
    queue.add(makePod('forgotten'));
    queue.addUnschedulable(popOne(queue), queue.schedulingCycle);
    const before = activations();
    for (let t = 30_000; t <= 300_000; t += 30_000) clock.advanceTo(T0 + t);
    expect(queue.pending().unschedulable).toEqual(['default/forgotten']);
    clock.advanceTo(T0 + 330_000);
    expect(queue.pending()).toEqual({
      active: ['default/forgotten'],
      backoff: [],
      unschedulable: [],
    });
    expect(activations()).toBe(before + 1);
  });
});
