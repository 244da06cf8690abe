// The etcd component: serves the KV, Watch and Lease calls of protocol.ts from the MVCC store and
// its lessor, as an etcd member serves kube-apiserver's gRPC calls. Only the API server talks to it,
// except the UI's reads of the retained history on its client port (history.ts), as etcdctl would.

import type { ActorContext, ActorSpec } from '../host/runtime.ts';
import {
  ETCD,
  type EtcdCall,
  type EtcdResult,
  type Envelope,
  type WatchResponse,
} from '../client/protocol.ts';
import { RevisionTimes, serveHistory } from './history.ts';
import { ChangeFeed, type FeedBatch } from './change-feed.ts';
import { Lessor } from './lessor.ts';
import { MvccStore } from './mvcc-store.ts';
import { EtcdStoreError } from './request-checks.ts';
import type { StoreState } from '../client/store-state.ts';

/** A member's whole state: the store's, its revisions' times and the lessor's leases, at `time`. */
export function memberState(
  store: MvccStore,
  times: RevisionTimes,
  lessor: Lessor,
  time: number,
): StoreState {
  const stored = store.exportState();
  return {
    ...stored,
    historyTimes: times.export(stored.historyStart),
    ...lessor.exportLeases(),
    time,
  };
}

export class EtcdServer {
  readonly store: MvccStore;
  readonly lessor: Lessor;
  private readonly times: RevisionTimes;

  /** With `initial`, the member starts from a restored state, as `etcd --data-dir` of a restored snapshot. */
  constructor(
    private readonly context: ActorContext,
    initial?: StoreState,
  ) {
    this.store = initial ? MvccStore.fromState(initial) : new MvccStore();
    this.lessor = new Lessor(this.store, context.clock);
    this.times = new RevisionTimes(this.store, context.clock, initial);
    if (initial) this.lessor.restore(initial.leases, initial.nextLeaseId, initial.revokedLeases);
  }

  /** Everything the member holds, at this moment of virtual time. */
  exportState(): StoreState {
    return memberState(this.store, this.times, this.lessor, this.context.clock.now());
  }

  handle(envelope: Envelope): void {
    const { message, from } = envelope;
    if (message.type === 'kubelet-request') {
      const { verb, url } = message.request;
      const response = serveHistory(this.store, this.times, verb, url);
      this.context.send(from, { type: 'kubelet-response', id: message.id, response });
      return;
    }
    if (message.type !== 'etcd-call') return;
    try {
      const replayed: WatchResponse[] = [];
      const result = this.execute(from, message.call, replayed);
      this.context.send(from, { type: 'etcd-result', id: message.id, result });
      for (const response of replayed) this.context.send(from, { type: 'etcd-watch', response });
    } catch (error) {
      if (!(error instanceof EtcdStoreError)) throw error;
      this.context.send(from, {
        type: 'etcd-result',
        id: message.id,
        error: { code: error.code, message: error.message },
      });
    }
  }

  /** Runs one call; a new watch's replayed history goes to `replayed`, to follow the reply. */
  private execute(from: string, call: EtcdCall, replayed: WatchResponse[]): EtcdResult {
    switch (call.op) {
      case 'range':
        return { op: 'range', response: this.store.range(call.request) };
      case 'put':
        return { op: 'put', response: this.store.put(call.request) };
      case 'delete-range':
        return { op: 'delete-range', response: this.store.deleteRange(call.request) };
      case 'txn':
        return { op: 'txn', response: this.store.txn(call.request) };
      case 'compact':
        this.store.compact(call.revision);
        return { op: 'compact', response: { header: { revision: this.store.revision } } };
      case 'watch': {
        let live = false;
        const watchId = this.store.watch(call.request, (response) => {
          if (live) this.context.send(from, { type: 'etcd-watch', response });
          else replayed.push(response);
        });
        live = true;
        return { op: 'watch', watchId };
      }
      case 'cancel-watch':
        this.store.cancelWatch(call.watchId);
        return { op: 'cancel-watch' };
      case 'lease-grant':
        return { op: 'lease-grant', response: this.lessor.grant(call.ttl) };
      case 'lease-revoke':
        return { op: 'lease-revoke', response: this.lessor.revoke(call.id) };
      case 'lease-keepalive':
        return { op: 'lease-keepalive', response: this.lessor.keepAlive(call.id) };
      case 'lease-timetolive':
        return { op: 'lease-timetolive', response: this.lessor.timeToLive(call.id, call.keys) };
      case 'snapshot':
        return { op: 'snapshot', state: this.exportState() };
    }
  }
}

/**
 * The etcd component, empty or booted from `initial`; with `feed`, it also publishes its change
 * feed there (change-feed.ts), for the host to persist.
 */
export function createEtcdActor(
  initial?: StoreState,
  feed?: (batch: FeedBatch) => void,
): ActorSpec {
  return {
    id: ETCD,
    start(context) {
      const server = new EtcdServer(context, initial);
      if (feed) {
        const source = {
          store: server.store,
          exportState: () => server.exportState(),
          exportLeases: () => server.lessor.exportLeases(),
          now: () => context.clock.now(),
        };
        new ChangeFeed(source, feed).start();
      }
      context.onMessage((envelope) => {
        server.handle(envelope);
      });
    },
  };
}

export const etcdActor: ActorSpec = createEtcdActor();
