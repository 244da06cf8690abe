// client-go's flowcontrol.Backoff as the DaemonSet controller uses it for failed pods: per key, a
// delay that starts at `initial`, doubles on each failure up to `max`, and is forgotten once the
// key has been quiet for twice `max`.

interface Entry {
  delay: number;
  lastUpdate: number;
}

export class PodBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initial: number,
    private readonly max: number,
  ) {}

  get(key: string): number {
    return this.entries.get(key)?.delay ?? 0;
  }

  /** Next: records a failure now and lengthens the delay. */
  next(key: string, now: number): void {
    const entry = this.entries.get(key);
    if (!entry || now - entry.lastUpdate > 2 * this.max) {
      this.entries.set(key, { delay: this.initial, lastUpdate: now });
      return;
    }
    entry.delay = Math.min(entry.delay * 2, this.max);
    entry.lastUpdate = now;
  }

  /** IsInBackOffSinceUpdate: whether the delay since the last failure has not run out. */
  inBackoffSinceUpdate(key: string, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || now - entry.lastUpdate > 2 * this.max) return false;
    return now - entry.lastUpdate < entry.delay;
  }
}
