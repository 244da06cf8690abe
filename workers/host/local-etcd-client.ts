// An EtcdClient that calls an MvccStore in the same thread, for tests of the API server without
// the actor runtime. Calls still answer on a later microtask and watch responses still arrive
// one by one, in order, after the call that caused them, as they would over messages.

import type { EtcdClient } from '../apiserver/storage/etcd-client.ts';
import { EtcdCallError } from '../apiserver/storage/etcd-client.ts';
import type {
  LeaseGrantResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import { Lessor } from '../etcd/lessor.ts';
import { MvccStore } from '../etcd/mvcc-store.ts';
import { EtcdStoreError } from '../etcd/request-checks.ts';
import { VirtualClock, type Clock } from './clock.ts';

export class LocalEtcdClient implements EtcdClient {
  /** Delivers watch responses in order, each on its own microtask. */
  private delivery: Promise<void> = Promise.resolve();
  private held: (() => void)[] | null = null;
  readonly lessor: Lessor;

  /** Leases expire on `clock`, which should be the one the API server under test reads. */
  constructor(
    readonly store: MvccStore = new MvccStore(),
    private readonly clock: Clock = new VirtualClock(),
  ) {
    this.lessor = new Lessor(store, clock);
  }

  range(request: RangeRequest): Promise<RangeResponse> {
    return this.later(() => this.store.range(request));
  }

  txn(request: TxnRequest): Promise<TxnResponse> {
    return this.later(() => this.store.txn(request));
  }

  compact(revision: number): Promise<void> {
    return this.later(() => {
      this.store.compact(revision);
    });
  }

  snapshot(): Promise<StoreState> {
    return this.later(() => ({
      ...this.store.exportState(),
      ...this.lessor.exportLeases(),
      time: this.clock.now(),
    }));
  }

  leaseGrant(ttl: number): Promise<LeaseGrantResponse> {
    return this.later(() => this.lessor.grant(ttl));
  }

  watch(request: WatchCreateRequest, listener: (response: WatchResponse) => void): Promise<number> {
    return this.later(() =>
      this.store.watch(request, (response) => {
        this.deliver(() => {
          listener(response);
        });
      }),
    );
  }

  /**
   * Holds watch responses back until the returned function is called, as a lagging etcd watch
   * would: reads served from the watch cache then see the past.
   */
  holdWatches(): () => void {
    this.held ??= [];
    return () => {
      const held = this.held ?? [];
      this.held = null;
      for (const send of held) this.deliver(send);
    };
  }

  private deliver(send: () => void): void {
    if (this.held) this.held.push(send);
    else this.delivery = this.delivery.then(send);
  }

  /** Runs `call` on a later microtask; store errors become the EtcdCallError a remote call gives. */
  private later<T>(call: () => T): Promise<T> {
    return Promise.resolve().then(() => {
      try {
        return call();
      } catch (error) {
        if (error instanceof EtcdStoreError) {
          throw new EtcdCallError({ code: error.code, message: error.message });
        }
        throw error;
      }
    });
  }
}
