// The API server's only door to storage: the etcd v3 KV and Watch calls kube-apiserver makes
// (go.etcd.io/etcd/client/v3 as used by k8s.io/apiserver/pkg/storage/etcd3). One implementation
// sends them as messages to the etcd component; a real etcd can stand behind the same interface.

import type { ActorContext } from '../../host/runtime.ts';
import {
  ETCD,
  type EtcdCall,
  type EtcdError,
  type EtcdResult,
  type Envelope,
  type LeaseGrantResponse,
  type RangeRequest,
  type RangeResponse,
  type TraceDraft,
  type TxnRequest,
  type TxnResponse,
  type WatchCreateRequest,
  type WatchResponse,
} from '../../client/protocol.ts';
import type { StoreState } from '../../client/store-state.ts';

export class EtcdCallError extends Error {
  constructor(readonly error: EtcdError) {
    super(error.message);
    this.name = 'EtcdCallError';
  }
}

export interface EtcdClient {
  range(request: RangeRequest, trace?: Partial<TraceDraft>): Promise<RangeResponse>;
  txn(request: TxnRequest, trace?: Partial<TraceDraft>): Promise<TxnResponse>;
  compact(revision: number): Promise<void>;
  leaseGrant(ttl: number): Promise<LeaseGrantResponse>;
  /** Opens a watch; `listener` gets every response, including the final canceled one. */
  watch(request: WatchCreateRequest, listener: (response: WatchResponse) => void): Promise<number>;
  /** Maintenance.Snapshot: everything the member holds. */
  snapshot(): Promise<StoreState>;
}

export class ActorEtcdClient implements EtcdClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (result: EtcdResult) => void; reject: (error: Error) => void }
  >();
  private readonly watchListeners = new Map<number, (response: WatchResponse) => void>();
  /** Listeners of watches not yet confirmed, by call id: replayed events follow the confirmation at once. */
  private readonly pendingWatches = new Map<number, (response: WatchResponse) => void>();

  constructor(private readonly context: ActorContext) {}

  private call(call: EtcdCall, trace?: Partial<TraceDraft>): Promise<EtcdResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.context.send(ETCD, { type: 'etcd-call', id, call }, trace);
    });
  }

  async range(request: RangeRequest, trace?: Partial<TraceDraft>): Promise<RangeResponse> {
    const result = await this.call({ op: 'range', request }, trace);
    if (result.op !== 'range') throw new Error(`etcd answered ${result.op} to range`);
    return result.response;
  }

  async txn(request: TxnRequest, trace?: Partial<TraceDraft>): Promise<TxnResponse> {
    const result = await this.call({ op: 'txn', request }, trace);
    if (result.op !== 'txn') throw new Error(`etcd answered ${result.op} to txn`);
    return result.response;
  }

  async compact(revision: number): Promise<void> {
    await this.call({ op: 'compact', revision });
  }

  async snapshot(): Promise<StoreState> {
    const result = await this.call({ op: 'snapshot' });
    if (result.op !== 'snapshot') throw new Error(`etcd answered ${result.op} to snapshot`);
    return result.state;
  }

  async leaseGrant(ttl: number): Promise<LeaseGrantResponse> {
    const result = await this.call({ op: 'lease-grant', ttl });
    if (result.op !== 'lease-grant') throw new Error(`etcd answered ${result.op} to lease-grant`);
    return result.response;
  }

  async watch(
    request: WatchCreateRequest,
    listener: (response: WatchResponse) => void,
  ): Promise<number> {
    this.pendingWatches.set(this.nextId, listener);
    const result = await this.call({ op: 'watch', request });
    if (result.op !== 'watch') throw new Error(`etcd answered ${result.op} to watch`);
    return result.watchId;
  }

  /** Routes etcd's replies and watch notifications; returns false for other messages. */
  handle(envelope: Envelope): boolean {
    const { message } = envelope;
    if (message.type === 'etcd-result') {
      const waiter = this.pending.get(message.id);
      if (!waiter) return true;
      this.pending.delete(message.id);
      const watchListener = this.pendingWatches.get(message.id);
      this.pendingWatches.delete(message.id);
      if (watchListener && message.result?.op === 'watch') {
        this.watchListeners.set(message.result.watchId, watchListener);
      }
      if (message.error) waiter.reject(new EtcdCallError(message.error));
      else if (message.result) waiter.resolve(message.result);
      return true;
    }
    if (message.type === 'etcd-watch') {
      this.watchListeners.get(message.response.watch_id)?.(message.response);
      if (message.response.canceled) this.watchListeners.delete(message.response.watch_id);
      return true;
    }
    return false;
  }
}
