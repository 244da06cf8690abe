// Helpers for tests that drive components on a VirtualClock: let promise continuations run, and
// move virtual time from timer to timer until something has happened.

import type { VirtualClock } from './clock.ts';
import { createSettle } from './settle.ts';

/** Resolves after every promise continuation queued so far has run (one macrotask). */
export const flush = createSettle();

/**
 * Settles `promise`, moving virtual time from timer to timer while it waits. Throws if it is still
 * pending when no timer is left, since nothing could ever settle it then.
 */
export async function finish<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let outcome: { value: T } | { error: unknown } | null = null;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  for (;;) {
    await flush();
    const settled = outcome as { value: T } | { error: unknown } | null;
    if (settled && 'value' in settled) return settled.value;
    if (settled) throw settled.error;
    const due = clock.nextDue();
    if (due === null) throw new Error('still pending with no timer left');
    clock.advanceTo(due);
  }
}

/** Fires timers, letting continuations run after each, until `done()` holds or virtual `limitMs` passes. */
export async function runUntil(
  clock: VirtualClock,
  done: () => boolean,
  limitMs = 60 * 60_000,
): Promise<void> {
  const deadline = clock.now() + limitMs;
  await flush();
  while (!done()) {
    const due = clock.nextDue();
    if (due === null || due > deadline) throw new Error('condition not reached');
    clock.advanceTo(due);
    await flush();
  }
}
