// The per-zone NoExecute tainting queue (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go):
// a unique queue of node names ordered by when to process them, drained by Try under a token
// bucket (client-go flowcontrol, burst 1). A processed name stays in the set until Remove, so a
// node is tainted once per outage. Zone disruption swaps the limiter's rate, 0 stopping it.

/** EvictionRateLimiterBurst. */
const BURST = 1;

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** flowcontrol.NewTokenBucketRateLimiter (or NewFakeNeverRateLimiter for qps 0) on virtual time. */
class TokenBucket {
  private tokens = BURST;
  private last: number;

  constructor(
    readonly qps: number,
    now: number,
  ) {
    this.last = now;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(BURST, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly set = new Set<string>();
  private limiter: TokenBucket;

  constructor(qps: number, now: number) {
    this.limiter = new TokenBucket(qps, now);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  /** Whether values wait to be processed. */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** Adds `value` unless it was added before and not removed since. */
  add(value: string, uid: string, now: number): boolean {
    if (this.set.has(value)) return false;
    this.set.add(value);
    this.push({ value, uid, addedAt: now, processAt: now });
    return true;
  }

  /** Forgets `value`, so it can be added again. */
  remove(value: string): boolean {
    if (!this.set.delete(value)) return false;
    this.queue = this.queue.filter((entry) => entry.value !== value);
    return true;
  }

  private push(entry: TimedValue): void {
    const index = this.queue.findIndex((queued) => queued.processAt > entry.processAt);
    if (index === -1) this.queue.push(entry);
    else this.queue.splice(index, 0, entry);
  }

  /**
   * Processes due values while the limiter allows: `action` returns true when done with a value
   * (it stays in the set), or false and a delay before it is retried.
   */
  async try(
    now: number,
    action: (entry: TimedValue) => Promise<{ done: boolean; retryAfterMs?: number }>,
  ): Promise<void> {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if (!this.limiter.tryAccept(now)) return;
      if (now < head.processAt) return;
      const { done, retryAfterMs = 0 } = await action(head);
      this.queue = this.queue.filter((entry) => entry !== head);
      if (!done && this.set.has(head.value)) this.push({ ...head, processAt: now + retryAfterMs });
    }
  }

  /** SwapLimiter: a new bucket at `qps`, drained if the old one was. */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }
}
