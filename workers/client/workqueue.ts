// A rate-limited work queue (client-go util/workqueue): a key is queued once however often it is
// added, is never handed to two workers at once, and is queued again after `done` if it was
// added while being processed. Retries back off per key, 5 ms doubling to 1000 s, and the
// whole queue is held to 10 adds per second with a burst of 100 (DefaultControllerRateLimiter).

import type { Clock } from '../host/clock.ts';

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1_000_000;
const BUCKET_QPS = 10;
const BUCKET_BURST = 100;

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly waiting: ((key: string | null) => void)[] = [];
  private shuttingDown = false;
  private tokens = BUCKET_BURST;
  private tokensAt: number;

  constructor(private readonly clock: Clock) {
    this.tokensAt = clock.now();
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.queue.push(key);
    }
  }

  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    this.clock.setTimeout(() => {
      this.add(key);
    }, delayMs);
  }

  /** The max of the per-key exponential back-off and the overall token bucket. */
  private rateLimitDelay(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const exponential = Math.min(BASE_DELAY_MS * 2 ** failures, MAX_DELAY_MS);
    const now = this.clock.now();
    this.tokens = Math.min(BUCKET_BURST, this.tokens + ((now - this.tokensAt) / 1000) * BUCKET_QPS);
    this.tokensAt = now;
    this.tokens -= 1;
    const bucket = this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / BUCKET_QPS) * 1000);
    return Math.max(exponential, bucket);
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimitDelay(key));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key to process, or null once the queue is shut down. */
  get(): Promise<string | null> {
    if (this.shuttingDown) return Promise.resolve(null);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (!this.dirty.has(key)) return;
    this.dirty.delete(key);
    this.add(key);
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const waiter of this.waiting.splice(0)) waiter(null);
  }
}

/** Runs `workers` loops that take keys from `queue` and sync them, retrying failures with back-off. */
export function runWorkers(
  queue: WorkQueue,
  workers: number,
  sync: (key: string) => Promise<void>,
): void {
  const loop = async (): Promise<void> => {
    for (let key = await queue.get(); key !== null; key = await queue.get()) {
      try {
        await sync(key);
        queue.forget(key);
      } catch {
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  for (let i = 0; i < workers; i++) void loop();
}
