// The dual-target suite's handle on a real etcd (server/etcd-process.ts) through GrpcEtcd: the
// same EtcdTarget the suite drives our etcd component with. Time passes in the wall clock.

import type {
  DeleteRangeRequest,
  PutRequest,
  RangeRequest,
  TxnRequest,
  WatchCreateRequest,
} from '../workers/client/protocol.ts';
import {
  TargetError,
  type EtcdTarget,
  type TargetWatch,
  type WatchEventBatch,
} from '../workers/etcd/conformance/target.ts';
import { GrpcEtcd, GrpcEtcdError } from './etcd-grpc.ts';

/** How long `next` waits for a watch response before failing the case, in wall ms. */
const WATCH_WAIT_MS = 5_000;

async function translated<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof GrpcEtcdError ? new TargetError(error.error) : error;
  }
}

export class RealEtcdTarget implements EtcdTarget {
  constructor(readonly etcd: GrpcEtcd) {}

  range(request: RangeRequest) {
    return translated(this.etcd.range(request));
  }

  put(request: PutRequest) {
    return translated(this.etcd.put(request));
  }

  deleteRange(request: DeleteRangeRequest) {
    return translated(this.etcd.deleteRange(request));
  }

  txn(request: TxnRequest) {
    return translated(this.etcd.txn(request));
  }

  compact(revision: number) {
    return translated(this.etcd.compact(revision));
  }

  async watch(request: WatchCreateRequest): Promise<TargetWatch> {
    const arrived: WatchEventBatch[] = [];
    const waiting: ((response: WatchEventBatch) => void)[] = [];
    const watchId = await translated(
      this.etcd.watch(request, ({ watch_id: _id, ...response }) => {
        const waiter = waiting.shift();
        if (waiter) waiter(response);
        else arrived.push(response);
      }),
    );
    return {
      next: () => {
        const response = arrived.shift();
        if (response) return Promise.resolve(response);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error(`no watch response within ${WATCH_WAIT_MS} ms`));
          }, WATCH_WAIT_MS);
          waiting.push((next) => {
            clearTimeout(timer);
            resolve(next);
          });
        });
      },
      cancel: () => translated(this.etcd.cancelWatch(watchId)),
    };
  }

  leaseGrant(ttl: number) {
    return translated(this.etcd.leaseGrant(ttl));
  }

  leaseRevoke(id: number) {
    return translated(this.etcd.leaseRevoke(id));
  }

  leaseKeepAlive(id: number) {
    return translated(this.etcd.leaseKeepAlive(id));
  }

  leaseTimeToLive(id: number, keys: boolean) {
    return translated(this.etcd.leaseTimeToLive(id, keys));
  }

  elapse(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
