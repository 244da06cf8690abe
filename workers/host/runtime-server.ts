// The round protocol around one ActorRuntime: wait for the batches the coordinator announced,
// run the round, post each peer its batch, report back. Used in every worker and for the
// main-thread runtime, so all hosts follow the same steps.

import type { Envelope, PeerBatch, RoundCommand, RoundReport } from '../client/protocol.ts';
import type { ActorRuntime } from './runtime.ts';

export interface PeerLink {
  post(batch: PeerBatch): void;
}

export class RuntimeServer {
  private readonly peers = new Map<string, PeerLink>();
  /** Batches that arrived ahead of their round, keyed by round then sender. */
  private readonly arrived = new Map<number, Map<string, Envelope[]>>();
  private waiter: { round: number; expectFrom: string[]; resolve: () => void } | null = null;

  constructor(readonly runtime: ActorRuntime) {}

  get id(): string {
    return this.runtime.id;
  }

  connect(peer: string, link: PeerLink): void {
    this.peers.set(peer, link);
  }

  receiveBatch(batch: PeerBatch): void {
    let byRound = this.arrived.get(batch.round);
    if (!byRound) this.arrived.set(batch.round, (byRound = new Map<string, Envelope[]>()));
    byRound.set(batch.from, batch.envelopes);
    const waiter = this.waiter;
    if (waiter?.round === batch.round && this.hasAll(waiter.round, waiter.expectFrom)) {
      this.waiter = null;
      waiter.resolve();
    }
  }

  private hasAll(round: number, expectFrom: string[]): boolean {
    const byRound = this.arrived.get(round);
    return expectFrom.every((from) => byRound?.has(from) ?? false);
  }

  private waitFor(round: number, expectFrom: string[]): Promise<void> {
    if (this.hasAll(round, expectFrom)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = { round, expectFrom, resolve };
    });
  }

  async runRound(command: RoundCommand): Promise<RoundReport> {
    await this.waitFor(command.round, command.expectFrom);
    const byRound = this.arrived.get(command.round);
    this.arrived.delete(command.round);
    const inbox: Envelope[] = [];
    for (const from of command.expectFrom) inbox.push(...(byRound?.get(from) ?? []));

    const output = await this.runtime.runRound(command.round, command.time, inbox);
    const sentTo: string[] = [];
    for (const [target, envelopes] of output.outbox) {
      const link = this.peers.get(target);
      if (!link) throw new Error(`runtime ${this.id} has no link to runtime ${target}`);
      link.post({ round: command.round + 1, from: this.id, envelopes });
      sentTo.push(target);
    }
    if (this.runtime.hasLocalMail()) sentTo.push(this.id);
    return { round: command.round, sentTo, nextTimer: output.nextTimer, traces: output.traces };
  }
}
