// Per-key exponential back-off (client-go util/flowcontrol/backoff.go), as the kubelet keys it for
// container restarts (kuberuntime_manager.go doBackOff: pod, container and spec hash) and image
// pulls (images/image_manager.go: pod UID and image): 10 s doubling to 5 min, an entry forgotten
// once an event comes more than twice the maximum after its last update.

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = BACKOFF_INITIAL_MS,
    private readonly maxMs = BACKOFF_MAX_MS,
  ) {}

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > 2 * this.maxMs;
  }

  /** The current back-off of `id` in ms (0 without an entry). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Next: start at the initial back-off, or double it (up to the maximum). */
  next(id: string, eventTime: number): void {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoffMs: this.initialMs, lastUpdate: eventTime });
      return;
    }
    entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
    entry.lastUpdate = eventTime;
  }

  /** IsInBackOffSince: whether less than the back-off has passed since `eventTime`. */
  isInBackOffSince(id: string, eventTime: number, now: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return now - eventTime < entry.backoffMs;
  }

  /** IsInBackOffSinceUpdate: whether less than the back-off has passed since its last update. */
  isInBackOffSinceUpdate(id: string, now: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(now, entry.lastUpdate)) return false;
    return now - entry.lastUpdate < entry.backoffMs;
  }

  /** When `id` was last updated (0 without an entry). */
  lastUpdate(id: string): number {
    return this.entries.get(id)?.lastUpdate ?? 0;
  }
}
