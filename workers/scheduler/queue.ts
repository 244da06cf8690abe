// The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go): activeQ ordered by
// priority then arrival (PrioritySort), a backoff queue (1 s doubling to 10 s, flushed every
// second), and the unschedulable pods, moved back when the cluster changes or after 5 minutes.
// Left out: queueing hints (any node or pod change moves every unschedulable pod) and gating.

import type { Pod } from 'kubernetes-types/core/v1';
import { objectKey } from '../client/informer.ts';
import type { Clock, TimerHandle } from '../host/clock.ts';

export interface QueuedPod {
  key: string;
  pod: Pod;
  /** When it (re-)entered the queue; the backoff runs from here. */
  timestamp: number;
  initialAttemptTimestamp: number | null;
  attempts: number;
}

const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
const BACKOFF_FLUSH_MS = 1_000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;
const MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

/**
 * isPodUpdated: whether a pending pod changed beyond its status and bookkeeping, which alone
 * cannot make it schedulable (the scheduler's own PodScheduled=False patch must not requeue it).
 */
function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (pod: Pod): string => {
    const metadata = { ...pod.metadata };
    delete metadata.resourceVersion;
    delete metadata.generation;
    delete metadata.managedFields;
    delete metadata.finalizers;
    // Both come from the API server's serialization, so equal content has equal key order.
    return JSON.stringify({ ...pod, metadata, status: undefined });
  };
  return strip(oldPod) !== strip(newPod);
}

function priorityOf(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/**
 * A binary heap in PrioritySort order: higher priority first, then the earlier arrival. Upstream
 * timestamps are nanoseconds apart; virtual time gives many pods the same millisecond, so equal
 * timestamps fall back to the order the pods were pushed in.
 */
class Heap {
  private readonly items: QueuedPod[] = [];
  private readonly index = new Map<string, number>();
  private readonly pushOrder = new Map<string, number>();
  private pushes = 0;

  private before(a: QueuedPod, b: QueuedPod): boolean {
    const pa = priorityOf(a.pod);
    const pb = priorityOf(b.pod);
    if (pa !== pb) return pa > pb;
    if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
    return (this.pushOrder.get(a.key) ?? 0) < (this.pushOrder.get(b.key) ?? 0);
  }

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): QueuedPod | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.items[at];
  }

  push(item: QueuedPod): void {
    if (this.index.has(item.key)) this.remove(item.key);
    this.pushOrder.set(item.key, this.pushes++);
    this.items.push(item);
    this.index.set(item.key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): QueuedPod | undefined {
    const top = this.items[0];
    if (top) this.remove(top.key);
    return top;
  }

  remove(key: string): QueuedPod | undefined {
    const at = this.index.get(key);
    if (at === undefined) return undefined;
    const removed = this.items[at];
    const last = this.items.pop();
    this.index.delete(key);
    this.pushOrder.delete(key);
    if (last && at < this.items.length) {
      this.items[at] = last;
      this.index.set(last.key, at);
      this.down(at);
      this.up(at);
    }
    return removed;
  }

  values(): QueuedPod[] {
    return [...this.items];
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (!a || !b) return;
    this.items[i] = b;
    this.items[j] = a;
    this.index.set(b.key, i);
    this.index.set(a.key, j);
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const item = this.items[at];
      const above = this.items[parent];
      if (!item || !above || !this.before(item, above)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      let best = at;
      for (const child of [2 * at + 1, 2 * at + 2]) {
        const candidate = this.items[child];
        const current = this.items[best];
        if (candidate && current && this.before(candidate, current)) best = child;
      }
      if (best === at) return;
      this.swap(at, best);
      at = best;
    }
  }
}

export class SchedulingQueue {
  private readonly active = new Heap();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Cycle of the last cluster event that may have made unschedulable pods schedulable. */
  private moveRequestCycle = -1;
  schedulingCycle = 0;
  private backoffTimer: TimerHandle | null = null;
  private unschedulableTimer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    /** Called whenever activeQ gains pods. */
    private readonly onActive: () => void,
  ) {}

  get activeCount(): number {
    return this.active.size;
  }

  /** A new unscheduled pod. */
  add(pod: Pod): void {
    const key = objectKey(pod);
    if (this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key)) {
      this.update(pod);
      return;
    }
    this.active.push({
      key,
      pod,
      timestamp: this.clock.now(),
      initialAttemptTimestamp: null,
      attempts: 0,
    });
    this.onActive();
  }

  /** A pending pod changed: keep its place, except that an unschedulable one whose spec or labels changed gets another try. */
  update(pod: Pod): void {
    const key = objectKey(pod);
    const queued = this.active.get(key) ?? this.backoff.get(key);
    if (queued) {
      queued.pod = pod;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (!parked) return;
    const updated = isPodUpdated(parked.pod, pod);
    parked.pod = pod;
    if (updated) {
      this.unschedulable.delete(key);
      this.requeue(parked);
    }
  }

  delete(pod: Pod): void {
    const key = objectKey(pod);
    this.active.remove(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  pop(): QueuedPod | undefined {
    const next = this.active.pop();
    if (!next) return undefined;
    this.schedulingCycle++;
    next.attempts++;
    next.initialAttemptTimestamp ??= this.clock.now();
    return next;
  }

  private backoffExpiry(queued: QueuedPod): number {
    let duration = INITIAL_BACKOFF_MS;
    for (let attempt = 1; attempt < queued.attempts; attempt++) {
      duration = Math.min(duration * 2, MAX_BACKOFF_MS);
    }
    return queued.timestamp + duration;
  }

  /** Back into activeQ, or into the backoff queue while its backoff lasts. */
  private requeue(queued: QueuedPod): void {
    if (this.backoffExpiry(queued) > this.clock.now()) {
      this.backoff.set(queued.key, queued);
      this.armBackoffFlush();
    } else {
      this.active.push(queued);
      this.onActive();
    }
  }

  /** After a failed attempt in cycle `cycle` (AddUnschedulableIfNotPresent). */
  addUnschedulable(queued: QueuedPod, cycle: number, withBackoff = false): void {
    queued.timestamp = this.clock.now();
    if (withBackoff || this.moveRequestCycle >= cycle) {
      this.backoff.set(queued.key, queued);
      this.armBackoffFlush();
      return;
    }
    this.unschedulable.set(queued.key, queued);
    this.armUnschedulableFlush();
  }

  /** A cluster event that can make pods fit (node added or changed, pod deleted). */
  moveAllToActiveOrBackoff(): void {
    for (const queued of [...this.unschedulable.values()]) {
      this.unschedulable.delete(queued.key);
      this.requeue(queued);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private armBackoffFlush(): void {
    if (this.backoffTimer) return;
    this.backoffTimer = this.clock.setTimeout(() => {
      this.backoffTimer = null;
      const now = this.clock.now();
      const ready = [...this.backoff.values()].filter(
        (queued) => this.backoffExpiry(queued) <= now,
      );
      for (const queued of ready) {
        this.backoff.delete(queued.key);
        this.active.push(queued);
      }
      if (this.backoff.size > 0) this.armBackoffFlush();
      if (ready.length > 0) this.onActive();
    }, BACKOFF_FLUSH_MS);
  }

  private armUnschedulableFlush(): void {
    if (this.unschedulableTimer) return;
    this.unschedulableTimer = this.clock.setTimeout(() => {
      this.unschedulableTimer = null;
      const now = this.clock.now();
      for (const queued of [...this.unschedulable.values()]) {
        if (now - queued.timestamp <= MAX_IN_UNSCHEDULABLE_MS) continue;
        this.unschedulable.delete(queued.key);
        this.requeue(queued);
      }
      if (this.unschedulable.size > 0) this.armUnschedulableFlush();
    }, UNSCHEDULABLE_FLUSH_MS);
  }

  /** Where each pending pod waits, for the UI. */
  pending(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    return {
      active: this.active.values().map((queued) => queued.key),
      backoff: [...this.backoff.keys()],
      unschedulable: [...this.unschedulable.keys()],
    };
  }
}
