// TimedWorkerQueue (pkg/controller/tainteviction/timed_workers.go at 1.32): per key, one piece of
// work that runs no earlier than its fire time, on the injected clock. Work due at once runs
// immediately and cannot be cancelled; a key is free again once its work has run.

import type { Clock, TimerHandle } from '../../host/clock.ts';

interface TimedWorker {
  createdAt: number;
  fireAt: number;
  timer: TimerHandle;
}

export class TimedWorkerQueue {
  /** null: the work was due at once and is running. */
  private readonly workers = new Map<string, TimedWorker | null>();

  constructor(
    private readonly clock: Clock,
    private readonly work: (key: string, fireAt: number) => Promise<void>,
  ) {}

  private run(key: string, fireAt: number): void {
    void this.work(key, fireAt)
      .catch(() => undefined)
      .finally(() => {
        this.workers.delete(key);
      });
  }

  /** AddWork: skipped when the key already has work. The timer runs fireAt − createdAt from now. */
  addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.workers.has(key)) return;
    const delay = fireAt - createdAt;
    if (delay <= 0) {
      this.workers.set(key, null);
      this.run(key, fireAt);
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.run(key, fireAt);
    }, delay);
    this.workers.set(key, { createdAt, fireAt, timer });
  }

  /** CancelWork: true when pending work was stopped. */
  cancelWork(key: string): boolean {
    if (!this.workers.has(key)) return false;
    const worker = this.workers.get(key);
    this.workers.delete(key);
    if (!worker) return false;
    this.clock.clearTimeout(worker.timer);
    return true;
  }

  /** GetWorkerUnsafe. */
  getWorker(key: string): { createdAt: number; fireAt: number } | undefined {
    return this.workers.get(key) ?? undefined;
  }
}
