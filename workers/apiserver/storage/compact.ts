// The API server's etcd compactor (k8s.io/apiserver/pkg/storage/etcd3/compact.go): every
// --etcd-compaction-interval (5 min) of virtual time it compacts etcd to the revision it saw on
// the previous cycle, claiming each cycle with a CAS on compact_rev_key's version so that several
// API servers on one etcd compact once. Left out: the per-endpoint registry of compactors.

import type { Clock, TimerHandle } from '../../host/clock.ts';
import { EtcdCallError, type EtcdClient } from './etcd-client.ts';

export const COMPACT_REV_KEY = 'compact_rev_key';

/** storagebackend.DefaultCompactInterval. */
export const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60_000;

/** What one cycle learnt: compact_rev_key's version, etcd's revision, and what it compacted to. */
interface CycleResult {
  version: number;
  revision: number;
  compacted: number;
}

/**
 * One compaction cycle (compact.go `compact`): if compact_rev_key still has the version we last
 * saw, write `revision` into it and compact to `revision`; if another compactor moved it first,
 * adopt its version and wait for the next cycle. The first successful claim only records the
 * revision (no compaction on bootstrap).
 */
export async function compactCycle(
  etcd: EtcdClient,
  expectVersion: number,
  revision: number,
): Promise<CycleResult> {
  const response = await etcd.txn({
    compare: [{ key: COMPACT_REV_KEY, target: 'VERSION', result: 'EQUAL', version: expectVersion }],
    success: [{ request_put: { key: COMPACT_REV_KEY, value: String(revision) } }],
    failure: [{ request_range: { key: COMPACT_REV_KEY } }],
  });
  const current = response.header.revision;
  if (!response.succeeded) {
    const failure = response.responses[0];
    const kv = failure && 'response_range' in failure ? failure.response_range.kvs[0] : undefined;
    const recorded = Number.parseInt(kv?.value ?? '', 10);
    return {
      version: kv?.version ?? 0,
      revision: current,
      compacted: Number.isNaN(recorded) ? 0 : recorded,
    };
  }
  const claimed = { version: expectVersion + 1, revision: current, compacted: 0 };
  if (revision === 0) return claimed;
  try {
    await etcd.compact(revision);
  } catch (error) {
    // The claim stands even when etcd refuses (someone compacted further): compact.go keeps the
    // new version and revision and tries again next interval.
    if (!(error instanceof EtcdCallError)) throw error;
    return claimed;
  }
  return { ...claimed, compacted: revision };
}

export class Compactor {
  private compactTime = 0;
  private revision = 0;
  private compacted = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly etcd: EtcdClient,
    private readonly clock: Clock,
    private readonly intervalMs: number = DEFAULT_COMPACT_INTERVAL_MS,
  ) {}

  /** The revision etcd was last compacted to, by us or by another API server; 0 before any. */
  get compactRevision(): number {
    return this.compacted;
  }

  /** Starts the loop: the first cycle runs one interval from now. An interval of 0 disables it. */
  start(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      void this.cycle().finally(() => {
        if (this.timer) this.schedule();
      });
    }, this.intervalMs);
  }

  private async cycle(): Promise<void> {
    try {
      const result = await compactCycle(this.etcd, this.compactTime, this.revision);
      this.compactTime = result.version;
      this.revision = result.revision;
      if (result.compacted !== 0) this.compacted = result.compacted;
    } catch (error) {
      // A failed CAS txn: compact.go logs it and tries again next interval, keeping what it knew.
      if (!(error instanceof EtcdCallError)) throw error;
    }
  }
}
