// The coordinator owns virtual time and opens rounds (docs/decisions/0001-lockstep-rounds.md).
// In round k every runtime with mail or a due timer runs; what it sends arrives in round k+1.
// When nothing is in flight, time jumps to the earliest timer. It never reads a wall clock:
// pacing for the UI lives in driver.ts.

import type { RoundCommand, RoundReport, TraceRecord } from '../client/protocol.ts';

/** The coordinator's handle on one runtime, local or in a worker. */
export interface RuntimeHandle {
  readonly id: string;
  runRound(command: RoundCommand): Promise<RoundReport>;
  /** Local runtimes can say at once whether they have work (external input, unstarted components). */
  hasLocalWork?(time: number): boolean;
}

export type TraceListener = (records: TraceRecord[]) => void;

export class Coordinator {
  private roundNumber = 0;
  private currentTime: number;
  private traceSeq = 0;
  private readonly runtimes = new Map<string, RuntimeHandle>();
  private readonly nextTimers = new Map<string, number | null>();
  /** Runtimes that have not run their first round (their components have not started). */
  private readonly unstarted = new Set<string>();
  /** For each runtime, the runtimes whose batches it must receive in the next round. */
  private inFlight = new Map<string, Set<string>>();
  private readonly listeners = new Set<TraceListener>();
  private running: Promise<boolean> | null = null;

  constructor(startTime: number) {
    this.currentTime = startTime;
  }

  get time(): number {
    return this.currentTime;
  }

  get round(): number {
    return this.roundNumber;
  }

  add(runtime: RuntimeHandle): void {
    this.runtimes.set(runtime.id, runtime);
    this.nextTimers.set(runtime.id, null);
    this.unstarted.add(runtime.id);
  }

  onTraces(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runtimes that must run a round at the current time. */
  private activeRuntimes(): RuntimeHandle[] {
    const active: RuntimeHandle[] = [];
    for (const runtime of this.runtimes.values()) {
      const due = this.nextTimers.get(runtime.id);
      if (
        this.unstarted.has(runtime.id) ||
        this.inFlight.has(runtime.id) ||
        (due !== null && due !== undefined && due <= this.currentTime) ||
        runtime.hasLocalWork?.(this.currentTime)
      ) {
        active.push(runtime);
      }
    }
    return active;
  }

  /** Whether a round would run now, without moving time. */
  hasWorkNow(): boolean {
    return this.activeRuntimes().length > 0;
  }

  /** The earliest timer across all runtimes, or null when the cluster is fully idle. */
  nextTimerDue(): number | null {
    let earliest: number | null = null;
    for (const due of this.nextTimers.values()) {
      if (due !== null && (earliest === null || due < earliest)) earliest = due;
    }
    return earliest;
  }

  /** Moves virtual time forward; only legal between rounds. */
  advanceTo(time: number): void {
    if (time < this.currentTime) throw new Error('virtual time cannot go back');
    this.currentTime = time;
  }

  /**
   * Runs one round if any runtime has work at the current time. Resolves to false when there was
   * nothing to do (the caller then decides whether to move time).
   */
  runRound(): Promise<boolean> {
    if (this.running) throw new Error('a round is already running');
    const running = this.execute().finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }

  private async execute(): Promise<boolean> {
    const active = this.activeRuntimes();
    if (active.length === 0) return false;
    const round = ++this.roundNumber;
    const expected = this.inFlight;
    this.inFlight = new Map();
    const reports = await Promise.all(
      active.map((runtime) => {
        this.unstarted.delete(runtime.id);
        const expectFrom = [...(expected.get(runtime.id) ?? [])]
          .filter((from) => from !== runtime.id)
          .sort();
        return runtime.runRound({ round, time: this.currentTime, expectFrom });
      }),
    );
    const traces: TraceRecord[] = [];
    active.forEach((runtime, index) => {
      const report = reports[index];
      if (!report) return;
      this.nextTimers.set(runtime.id, report.nextTimer);
      for (const target of report.sentTo) {
        let senders = this.inFlight.get(target);
        if (!senders) this.inFlight.set(target, (senders = new Set()));
        senders.add(runtime.id);
      }
      traces.push(...report.traces);
    });
    // Runtimes finish in any order; the trace order must not depend on it.
    traces.sort((a, b) => (a.from === b.from ? 0 : a.from < b.from ? -1 : 1));
    for (const record of traces) record.seq = ++this.traceSeq;
    if (traces.length > 0) for (const listener of this.listeners) listener(traces);
    return true;
  }

  /**
   * Runs rounds and timers until nothing is left before `untilTime` (virtual ms), as fast as
   * possible. Returns the number of rounds run.
   */
  async runUntil(untilTime: number, maxRounds = Number.POSITIVE_INFINITY): Promise<number> {
    let rounds = 0;
    while (rounds < maxRounds) {
      if (await this.runRound()) {
        rounds++;
        continue;
      }
      const due = this.nextTimerDue();
      if (due === null || due > untilTime) break;
      this.advanceTo(Math.max(due, this.currentTime));
    }
    if (untilTime > this.currentTime && Number.isFinite(untilTime)) this.advanceTo(untilTime);
    return rounds;
  }

  /** Runs until `done()` holds, moving time as needed; gives up after `limitMs` of virtual time. */
  async runUntilCondition(done: () => boolean, limitMs: number): Promise<boolean> {
    const deadline = this.currentTime + limitMs;
    while (!done()) {
      if (await this.runRound()) continue;
      const due = this.nextTimerDue();
      if (due === null || due > deadline) return done();
      this.advanceTo(Math.max(due, this.currentTime));
    }
    return true;
  }
}
