// The dual-target suite's handle on our etcd component: every call is an etcd-call message to an
// EtcdServer, answered by its etcd-result message; watch responses are its etcd-watch messages.
// Time is a virtual clock that `elapse` moves, firing lease expiries as a round would.

import {
  ETCD,
  type DeleteRangeRequest,
  type EtcdCall,
  type EtcdResult,
  type Envelope,
  type Message,
  type PutRequest,
  type RangeRequest,
  type TxnRequest,
  type WatchCreateRequest,
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

  async range(request: RangeRequest) {
    return (await this.call({ op: 'range', request })).response;
  }

  async put(request: PutRequest) {
    return (await this.call({ op: 'put', request })).response;
  }

  async deleteRange(request: DeleteRangeRequest) {
    return (await this.call({ op: 'delete-range', request })).response;
  }

  async txn(request: TxnRequest) {
    return (await this.call({ op: 'txn', request })).response;
  }

  async compact(revision: number) {
    return (await this.call({ op: 'compact', revision })).response;
  }

  async watch(request: WatchCreateRequest): Promise<TargetWatch> {
    const { watchId } = await this.call({ op: 'watch', request });
    const queue = this.queueFor(watchId);
    return {
      next: () => queue.next(),
      cancel: async () => {
        await this.call({ op: 'cancel-watch', watchId });
        this.watches.delete(watchId);
      },
    };
  }

  async leaseGrant(ttl: number) {
    return (await this.call({ op: 'lease-grant', ttl })).response;
  }

  async leaseRevoke(id: number) {
    return (await this.call({ op: 'lease-revoke', id })).response;
  }

  async leaseKeepAlive(id: number) {
    return (await this.call({ op: 'lease-keepalive', id })).response;
  }

  async leaseTimeToLive(id: number, keys: boolean) {
    return (await this.call({ op: 'lease-timetolive', id, keys })).response;
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

  private call<Call extends EtcdCall>(
    call: Call,
  ): Promise<Extract<EtcdResult, { op: Call['op'] }>> {
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
    if (result?.op !== call.op) {
      return Promise.reject(new Error(`etcd answered ${String(result?.op)} to ${call.op}`));
    }
    return Promise.resolve(result as Extract<EtcdResult, { op: Call['op'] }>);
  }
}
