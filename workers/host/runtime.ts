// A runtime holds one or more components ("actors") and runs them in lockstep rounds: deliver the
// round's inbox, fire due timers, let every promise settle, then hand the outbox to the host.
// The same class runs inside a Web Worker, a worker_threads worker and the in-process host, which
// is what makes the trace identical in all three (docs/decisions/0001-lockstep-rounds.md).

import type {
  ComponentId,
  Envelope,
  Message,
  TraceDraft,
  TraceRecord,
} from '../client/protocol.ts';
import { describeMessage } from '../client/describe.ts';
import { deepFreeze } from './freeze.ts';
import { VirtualClock, type Clock } from './clock.ts';
import { SeededRng, type Rng } from './rng.ts';

/** What a component gets from its host: the only way it can reach the rest of the cluster. */
export interface ActorContext {
  readonly id: ComponentId;
  readonly clock: Clock;
  readonly rng: Rng;
  /** Queues a message; it leaves at the end of this round and arrives in the next. */
  send(to: ComponentId, message: Message, trace?: Partial<TraceDraft>): void;
  /** Records a hop that is not a message, e.g. a CRI call or a scheduling decision. */
  trace(draft: TraceDraft): void;
  onMessage(handler: (envelope: Envelope) => void): void;
}

export interface ActorSpec {
  id: ComponentId;
  start(context: ActorContext): void;
}

export interface RuntimeOptions {
  seed: number | string;
  startTime: number;
  /** Which runtime holds a component; envelopes are grouped by it. */
  runtimeOf(component: ComponentId): string;
}

export interface RoundOutput {
  /** Envelopes leaving this round, grouped by destination runtime. */
  outbox: Map<string, Envelope[]>;
  traces: TraceRecord[];
  nextTimer: number | null;
}

/** Lets every queued promise continuation run; a macrotask only starts once the microtask queue is empty. */
export type Settle = () => Promise<void>;

class Cell {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  handler: ((envelope: Envelope) => void) | null = null;
  started = false;
  private sendSeq = 0;
  outbox: Envelope[] = [];
  traces: TraceRecord[] = [];
  readonly externalWork: (() => void)[] = [];
  private round = 0;
  readonly context: ActorContext;

  constructor(
    readonly spec: ActorSpec,
    options: RuntimeOptions,
  ) {
    this.clock = new VirtualClock(options.startTime);
    this.rng = new SeededRng(options.seed, spec.id);
    this.context = this.createContext();
  }

  beginRound(round: number): void {
    this.round = round;
  }

  private createContext(): ActorContext {
    return {
      id: this.spec.id,
      clock: {
        now: () => this.clock.now(),
        setTimeout: (callback, delayMs) => this.clock.setTimeout(callback, delayMs),
        clearTimeout: (handle) => {
          this.clock.clearTimeout(handle);
        },
        sleep: (delayMs) => this.clock.sleep(delayMs),
      },
      rng: {
        float: () => this.rng.float(),
        int: (n) => this.rng.int(n),
        uuid: () => this.rng.uuid(),
        string: (length, alphabet) => this.rng.string(length, alphabet),
      },
      send: (to, message, trace) => {
        const envelope: Envelope = { from: this.spec.id, to, seq: this.sendSeq++, message };
        this.outbox.push(envelope);
        for (const draft of describeMessage(envelope)) this.record({ ...draft, ...trace });
      },
      trace: (draft) => {
        this.record(draft);
      },
      onMessage: (handler) => {
        this.handler = handler;
      },
    };
  }

  private record(draft: TraceDraft): void {
    this.traces.push({
      ...draft,
      from: draft.from ?? this.spec.id,
      seq: 0,
      round: this.round,
      time: this.clock.now(),
    });
  }
}

function byActorId(a: { spec: ActorSpec }, b: { spec: ActorSpec }): number {
  return a.spec.id < b.spec.id ? -1 : a.spec.id > b.spec.id ? 1 : 0;
}

/** Orders a round's inbox as every host must: by sender, then by the sender's own sequence. */
export function compareEnvelopes(a: Envelope, b: Envelope): number {
  if (a.from !== b.from) return a.from < b.from ? -1 : 1;
  return a.seq - b.seq;
}

export class ActorRuntime {
  private readonly cells = new Map<ComponentId, Cell>();
  /** Envelopes between components of this runtime, delivered next round like any other. */
  private localInbox: Envelope[] = [];

  constructor(
    readonly id: string,
    private readonly options: RuntimeOptions,
    private readonly settle: Settle,
  ) {}

  add(spec: ActorSpec): void {
    if (this.cells.has(spec.id)) throw new Error(`component ${spec.id} already exists`);
    this.cells.set(spec.id, new Cell(spec, this.options));
  }

  has(component: ComponentId): boolean {
    return this.cells.has(component);
  }

  /** Runs `work` inside the next round as if a timer of `component` fired; used for user input. */
  enqueueExternal(component: ComponentId, work: () => void): void {
    const cell = this.cells.get(component);
    if (!cell) throw new Error(`no component ${component} in runtime ${this.id}`);
    cell.externalWork.push(work);
  }

  /** Whether this runtime must take part in a round at `time` even with an empty inbox. */
  hasWorkAt(time: number): boolean {
    if (this.localInbox.length > 0) return true;
    for (const cell of this.cells.values()) {
      if (!cell.started || cell.externalWork.length > 0) return true;
      const due = cell.clock.nextDue();
      if (due !== null && due <= time) return true;
    }
    return false;
  }

  nextTimer(): number | null {
    let earliest: number | null = null;
    for (const cell of this.cells.values()) {
      const due = cell.clock.nextDue();
      if (due !== null && (earliest === null || due < earliest)) earliest = due;
    }
    return earliest;
  }

  async runRound(round: number, time: number, arrived: Envelope[]): Promise<RoundOutput> {
    // Messages are frozen, not copied: a receiver can never change what its sender (or another
    // receiver) holds, which is the isolation postMessage gives between workers, at no copying
    // cost. A component that tried to modify a message would fail loudly here, in every test.
    const inbox = [...this.localInbox, ...arrived].sort(compareEnvelopes);
    for (const envelope of inbox) deepFreeze(envelope);
    this.localInbox = [];
    const cells = [...this.cells.values()].sort(byActorId);

    for (const cell of cells) {
      cell.beginRound(round);
      if (!cell.started) {
        cell.started = true;
        cell.clock.advanceTo(time);
        cell.spec.start(cell.context);
      } else {
        cell.clock.advanceTo(time);
      }
      for (const work of cell.externalWork.splice(0)) work();
    }
    for (const envelope of inbox) {
      const cell = this.cells.get(envelope.to);
      if (!cell?.handler) continue;
      cell.handler(envelope);
    }
    await this.settle();

    const outbox = new Map<string, Envelope[]>();
    const traces: TraceRecord[] = [];
    for (const cell of cells) {
      for (const envelope of cell.outbox) {
        const target = this.options.runtimeOf(envelope.to);
        if (target === this.id) {
          this.localInbox.push(envelope);
          continue;
        }
        let batch = outbox.get(target);
        if (!batch) outbox.set(target, (batch = []));
        batch.push(envelope);
      }
      cell.outbox = [];
      traces.push(...cell.traces);
      cell.traces = [];
    }
    return { outbox, traces, nextTimer: this.nextTimer() };
  }

  /** True when envelopes for this runtime's own components wait for the next round. */
  hasLocalMail(): boolean {
    return this.localInbox.length > 0;
  }
}
