// Models etcd's api/v3rpc/rpctypes errors (the gRPC status a client receives) and
// api/v3rpc/key.go's checks of a request before it reaches the store: a key is given, a txn
// has at most --max-txn-ops ops per list and writes a key at most once per branch.

import type { EtcdError, RequestOp, TxnRequest } from '../client/protocol.ts';
import { inRange } from './key-index.ts';

// Messages exactly as a client receives them: api/v3rpc/rpctypes's gRPC errors.
export const ErrCompacted = 'etcdserver: mvcc: required revision has been compacted';
export const ErrFutureRev = 'etcdserver: mvcc: required revision is a future revision';
export const ErrEmptyKey = 'etcdserver: key is not provided';
export const ErrDuplicateKey = 'etcdserver: duplicate key given in txn request';
export const ErrTooManyOps = 'etcdserver: too many operations in txn request';
export const ErrLeaseNotFound = 'etcdserver: requested lease not found';

/** etcd's --max-txn-ops default. */
export const MAX_TXN_OPS = 128;

export class EtcdStoreError extends Error {
  constructor(
    readonly code: EtcdError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'EtcdStoreError';
  }
}

export function checkKey(key: string): void {
  if (key === '') throw new EtcdStoreError('InvalidArgument', ErrEmptyKey);
}

/** api/v3rpc's checkTxnRequest and checkIntervals, for one level of ops. */
export function checkTxnRequest(req: TxnRequest): void {
  if (Math.max(req.compare.length, req.success.length, req.failure.length) > MAX_TXN_OPS) {
    throw new EtcdStoreError('InvalidArgument', ErrTooManyOps);
  }
  for (const compare of req.compare) checkKey(compare.key);
  for (const ops of [req.success, req.failure]) {
    for (const op of ops) checkKey(opKey(op));
    checkIntervals(ops);
  }
}

/** A key may be put once per branch, and not also deleted in it: op order would matter. */
function checkIntervals(ops: RequestOp[]): void {
  const deletes = ops.flatMap((op) =>
    'request_delete_range' in op ? [op.request_delete_range] : [],
  );
  const puts = new Set<string>();
  for (const op of ops) {
    if (!('request_put' in op)) continue;
    const key = op.request_put.key;
    if (puts.has(key) || deletes.some((del) => inRange(key, del.key, del.range_end))) {
      throw new EtcdStoreError('InvalidArgument', ErrDuplicateKey);
    }
    puts.add(key);
  }
}

function opKey(op: RequestOp): string {
  if ('request_range' in op) return op.request_range.key;
  if ('request_put' in op) return op.request_put.key;
  return op.request_delete_range.key;
}
