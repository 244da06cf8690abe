// The virtual clock every component reads, modelled on k8s.io/utils/clock.Clock.
// Time only moves when the host advances it (see docs/decisions/0001-lockstep-rounds.md),
// so components never see wall time and a scenario replays identically.

export interface Clock {
  /** Milliseconds since the Unix epoch, virtual. */
  now(): number;
  /** Runs `callback` once virtual time reaches now + delayMs. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after delayMs of virtual time. */
  sleep(delayMs: number): Promise<void>;
}

export interface TimerHandle {
  readonly id: number;
}

interface Timer {
  id: number;
  due: number;
  callback: () => void;
}

/** The default start of virtual time: 2025-01-01T00:00:00Z, so timestamps look like a real cluster's. */
export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * One component's view of virtual time. The host sets `now` at the start of each round and
 * fires the timers that are due; the clock itself never looks at a wall clock.
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, delayMs));
  }

  /** The earliest due time of a pending timer, or null when none is pending. */
  nextDue(): number | null {
    let earliest: number | null = null;
    for (const timer of this.timers.values()) {
      if (earliest === null || timer.due < earliest) earliest = timer.due;
    }
    return earliest;
  }

  /**
   * Moves time to `timeMs` and fires, in (due, creation) order, the timers that were due at that
   * moment. Timers created by those callbacks wait for the next call, even when already due, so a
   * round always ends. Returns how many timers fired.
   */
  advanceTo(timeMs: number): number {
    if (timeMs < this.current) {
      throw new Error(`virtual time cannot go back from ${this.current} to ${timeMs}`);
    }
    this.current = timeMs;
    const due = [...this.timers.values()]
      .filter((timer) => timer.due <= timeMs)
      .sort((a, b) => a.due - b.due || a.id - b.id);
    let fired = 0;
    for (const timer of due) {
      // A callback earlier in this batch may have cleared it.
      if (!this.timers.delete(timer.id)) continue;
      fired++;
      timer.callback();
    }
    return fired;
  }
}
