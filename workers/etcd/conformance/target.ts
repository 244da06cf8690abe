// What the dual-target store suite (server/etcd-conformance.test.ts) may do to an etcd: the KV,
// Watch and Lease calls in protocol.ts's shapes, plus letting time pass. One implementation drives
// our etcd component (actor-target.ts), the other a real etcd over gRPC (server/etcd-target.ts).

import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  EtcdError,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseTimeToLiveResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../../client/protocol.ts';

/** A watch's responses after the created one, without the stream-local watch_id. */
export type WatchEventBatch = Omit<WatchResponse, 'watch_id'>;

export interface TargetWatch {
  /** The next response, once it has arrived. */
  next(): Promise<WatchEventBatch>;
  cancel(): Promise<void>;
}

export interface EtcdTarget {
  range(request: RangeRequest): Promise<RangeResponse>;
  put(request: PutRequest): Promise<PutResponse>;
  deleteRange(request: DeleteRangeRequest): Promise<DeleteRangeResponse>;
  txn(request: TxnRequest): Promise<TxnResponse>;
  compact(revision: number): Promise<{ header: ResponseHeader }>;
  /** Resolves once etcd has created the watch. */
  watch(request: WatchCreateRequest): Promise<TargetWatch>;
  leaseGrant(ttl: number): Promise<LeaseGrantResponse>;
  leaseRevoke(id: number): Promise<{ header: ResponseHeader }>;
  leaseKeepAlive(id: number): Promise<LeaseKeepAliveResponse>;
  leaseTimeToLive(id: number, keys: boolean): Promise<LeaseTimeToLiveResponse>;
  /** Lets `ms` pass: virtual time for our store, wall time for a real etcd. */
  elapse(ms: number): Promise<void>;
}

/** What a failed call rejects with: the gRPC status as protocol.ts carries it. */
export class TargetError extends Error {
  constructor(readonly error: EtcdError) {
    super(error.message);
    this.name = 'TargetError';
  }
}
