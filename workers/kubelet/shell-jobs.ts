// A shell's background jobs (`cmd &`) and `wait`: each job is its own generator of waits, stepped
// beside the foreground's, and the shell waits for whichever of them is due first. A job's output
// interleaves with the foreground's in virtual time order; jobs end with the shell.

import type { Wait } from './process.ts';

type Steps<T> = Generator<Wait, T, void>;

/** What a generator waits for, by absolute due time and/or a settled flag. */
interface Pending {
  due: number | null;
  settled: { value: boolean } | null;
  promise: Promise<void> | null;
}

interface Job {
  steps: Steps<number>;
  pending: Pending;
}

export class Jobs {
  private readonly running: Job[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly now: () => number) {}

  /** Starts `steps` as a background job; it first runs when the foreground next waits. */
  spawn(steps: Steps<number>): void {
    this.running.push({ steps, pending: this.pending(0) });
  }

  /** Settles once every running job has ended; null when none runs. */
  allDone(): Promise<void> | null {
    if (this.running.length === 0) return null;
    return new Promise((resolve) => {
      this.waiters.push(resolve);
    });
  }

  /** Runs the foreground, stepping the jobs whenever it waits. */
  *around<T>(foreground: Steps<T>): Steps<T> {
    let waiting = this.pending(0);
    for (;;) {
      for (let progressed = true; progressed;) {
        progressed = false;
        for (const job of [...this.running]) {
          if (!this.ready(job.pending)) continue;
          this.step(job);
          progressed = true;
        }
        if (this.ready(waiting)) {
          const next = foreground.next();
          if (next.done) return next.value;
          waiting = this.pending(next.value);
          progressed = true;
        }
      }
      yield this.combined([waiting, ...this.running.map((job) => job.pending)]);
    }
  }

  private step(job: Job): void {
    const next = job.steps.next();
    if (!next.done) {
      job.pending = this.pending(next.value);
      return;
    }
    this.running.splice(this.running.indexOf(job), 1);
    if (this.running.length === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  private pending(wait: Wait): Pending {
    if (wait === null) return { due: null, settled: null, promise: null };
    if (typeof wait === 'number') return { due: this.now() + wait, settled: null, promise: null };
    const settled = { value: false };
    return {
      due: wait.timeoutMs === undefined ? null : this.now() + wait.timeoutMs,
      settled,
      promise: wait.until.then(() => {
        settled.value = true;
      }),
    };
  }

  private ready(pending: Pending): boolean {
    return (pending.due !== null && pending.due <= this.now()) || pending.settled?.value === true;
  }

  /** The one wait that ends when the first of `pendings` is over. */
  private combined(pendings: Pending[]): Wait {
    const dues = pendings.flatMap((pending) => (pending.due === null ? [] : [pending.due]));
    const promises = pendings.flatMap((pending) =>
      pending.promise && !pending.settled?.value ? [pending.promise] : [],
    );
    const timeoutMs = dues.length > 0 ? Math.max(0, Math.min(...dues) - this.now()) : undefined;
    if (promises.length === 0) return timeoutMs ?? null;
    const until = Promise.race(promises);
    return timeoutMs === undefined ? { until } : { until, timeoutMs };
  }
}
