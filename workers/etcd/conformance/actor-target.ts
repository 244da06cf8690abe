// The dual-target suite's handle on our etcd component: every call is an etcd-call message to an
// EtcdServer, answered by its etcd-result message; watch responses are its etcd-watch messages.
// Time is a virtual clock that `elapse` moves, firing lease expiries as a round would.

import {
  ETCD,
  type EtcdCall,
  type EtcdResult,
  type Envelope,
  type Message,
  type WatchResponse,
} from '../../client/protocol.ts';
import { VirtualClock } from '../../host/clock.ts';
import type { ActorContext } from '../../host/runtime.ts';
import { SeededRng } from '../../host/rng.ts';
import { EtcdServer } from '../etcd.ts';
import { TargetError, type EtcdTarget, type TargetWatch, type WatchEventBatch } from './target.ts';

const CLIENT = 'apiserver';

/** Responses of one watch, handed out in order as the suite asks for them. */
class WatchQueue {
  private readonly arrived: WatchEventBatch[] = [];
  private readonly waiting: ((response: WatchEventBatch) => void)[] = [];

  push(response: WatchEventBatch): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(response);
    else this.arrived.push(response);
  }

  next(): Promise<WatchEventBatch> {
    const response = this.arrived.shift();
    if (response) return Promise.resolve(response);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

export class ActorTarget implements EtcdTarget {
  private readonly clock = new VirtualClock();
  private readonly server: EtcdServer;
  private readonly watches = new Map<number, WatchQueue>();
  private nextId = 1;
  private seq = 0;
  private lastResult: Extract<Message, { type: 'etcd-result' }> | undefined;

  constructor() {
    const rng = new SeededRng('etcd-conformance', ETCD);
    const context: ActorContext = {
      id: ETCD,
      clock: this.clock,
      rng,
      send: (_to, message) => {
        this.receive(message);
      },
      trace: () => undefined,
      onMessage: () => undefined,
    };
    this.server = new EtcdServer(context);
  }

  async range(request: Parameters<EtcdTarget['range']>[0]) {
    return (await this.call({ op: 'range', request }, 'range')).response;
  }

  async put(request: Parameters<EtcdTarget['put']>[0]) {
    return (await this.call({ op: 'put', request }, 'put')).response;
  }

  async deleteRange(request: Parameters<EtcdTarget['deleteRange']>[0]) {
    return (await this.call({ op: 'delete-range', request }, 'delete-range')).response;
  }

  async txn(request: Parameters<EtcdTarget['txn']>[0]) {
    return (await this.call({ op: 'txn', request }, 'txn')).response;
  }

  async compact(revision: number) {
    return (await this.call({ op: 'compact', revision }, 'compact')).response;
  }

  async watch(request: Parameters<EtcdTarget['watch']>[0]): Promise<TargetWatch> {
    const { watchId } = await this.call({ op: 'watch', request }, 'watch');
    const queue = this.queueFor(watchId);
    return {
      next: () => queue.next(),
      cancel: async () => {
        await this.call({ op: 'cancel-watch', watchId }, 'cancel-watch');
        this.watches.delete(watchId);
      },
    };
  }

  async leaseGrant(ttl: number) {
    return (await this.call({ op: 'lease-grant', ttl }, 'lease-grant')).response;
  }

  async leaseRevoke(id: number) {
    return (await this.call({ op: 'lease-revoke', id }, 'lease-revoke')).response;
  }

  async leaseKeepAlive(id: number) {
    return (await this.call({ op: 'lease-keepalive', id }, 'lease-keepalive')).response;
  }

  async leaseTimeToLive(id: number, keys: boolean) {
    return (await this.call({ op: 'lease-timetolive', id, keys }, 'lease-timetolive')).response;
  }

  elapse(ms: number): Promise<void> {
    this.clock.advanceTo(this.clock.now() + ms);
    return Promise.resolve();
  }

  /** A watch's replayed history follows its result at once, before the caller has the id. */
  private queueFor(watchId: number): WatchQueue {
    let queue = this.watches.get(watchId);
    if (!queue) this.watches.set(watchId, (queue = new WatchQueue()));
    return queue;
  }

  private receive(message: Message): void {
    if (message.type === 'etcd-result') this.lastResult = message;
    else if (message.type === 'etcd-watch') this.deliver(message.response);
  }

  private deliver(response: WatchResponse): void {
    const { watch_id: watchId, ...batch } = response;
    this.queueFor(watchId).push(batch);
  }

  private call<Op extends EtcdCall['op']>(
    call: EtcdCall,
    op: Op,
  ): Promise<Extract<EtcdResult, { op: Op }>> {
    const id = this.nextId++;
    const envelope: Envelope = {
      from: CLIENT,
      to: ETCD,
      seq: this.seq++,
      message: { type: 'etcd-call', id, call },
    };
    this.lastResult = undefined;
    this.server.handle(envelope);
    const reply = this.lastResult as Extract<Message, { type: 'etcd-result' }> | undefined;
    if (reply?.id !== id) return Promise.reject(new Error(`no reply to ${call.op}`));
    if (reply.error) return Promise.reject(new TargetError(reply.error));
    const result = reply.result;
    if (result?.op !== op) return Promise.reject(new Error(`etcd answered ${result?.op} to ${op}`));
    return Promise.resolve(result as Extract<EtcdResult, { op: Op }>);
  }
}
