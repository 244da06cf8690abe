// A real etcd's KV, Watch and Lease services through the `etcd3` client's raw gRPC stubs, in
// protocol.ts's shapes: strings for keys and values, numbers for revisions, one watch stream
// and one keep-alive stream per client. Errors become protocol's EtcdError (gRPC code + message).
// Lease IDs are int64 beyond a double's precision, so they are numbered locally in grant order.

import type { IDuplexStream } from 'etcd3/lib/rpc.js';
import type * as RPC from 'etcd3/lib/rpc.js';
import { CompareResult, CompareTarget, Etcd3 } from 'etcd3';
import type {
  Compare,
  DeleteRangeRequest,
  DeleteRangeResponse,
  EtcdError,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseTimeToLiveResponse,
  MvccEvent,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  ResponseOp,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../workers/client/protocol.ts';
import type { StoredLease } from '../workers/client/store-state.ts';

export class GrpcEtcdError extends Error {
  constructor(readonly error: EtcdError) {
    super(error.message);
    this.name = 'GrpcEtcdError';
  }
}

const GRPC_CODES: Record<string, EtcdError['code']> = {
  OUT_OF_RANGE: 'OutOfRange',
  INVALID_ARGUMENT: 'InvalidArgument',
  NOT_FOUND: 'NotFound',
  FAILED_PRECONDITION: 'FailedPrecondition',
};

/**
 * grpc-js words an error `11 OUT_OF_RANGE: etcdserver: …`; etcd3 keeps that text, except that it
 * wraps lease errors as `Lease <text> is expired or revoked`.
 */
function toEtcdError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const match = /^(?:Lease )?\d+ ([A-Z_]+): (.*?)(?: is expired or revoked)?$/s.exec(error.message);
  if (!match) return error;
  const [, status = '', message = ''] = match;
  return new GrpcEtcdError({ code: GRPC_CODES[status] ?? 'Internal', message });
}

async function rpc<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toEtcdError(error);
  }
}

// Keys are bytes to etcd; latin1 maps each UTF-16 code unit below 256 to one byte, which keeps
// prefixEnd's arithmetic, while values are UTF-8 text.
const keyBytes = (key: string): Buffer => Buffer.from(key, 'latin1');
const keyText = (bytes: Buffer): string => bytes.toString('latin1');

const COMPARE_TARGETS: Record<Compare['target'], CompareTarget> = {
  VERSION: CompareTarget.Version,
  CREATE: CompareTarget.Create,
  MOD: CompareTarget.Mod,
  VALUE: CompareTarget.Value,
};
const COMPARE_RESULTS: Record<Compare['result'], CompareResult> = {
  EQUAL: CompareResult.Equal,
  GREATER: CompareResult.Greater,
  LESS: CompareResult.Less,
  NOT_EQUAL: CompareResult.NotEqual,
};

/** proto3 leaves an unset message field null, whatever etcd3's typings say. */
function present<T>(value: T): T | null {
  return value;
}

function header(header: RPC.IResponseHeader): ResponseHeader {
  return { revision: Number(header.revision) };
}

function rangeRequest(request: RangeRequest): RPC.IRangeRequest {
  return {
    key: keyBytes(request.key),
    ...(request.range_end ? { range_end: keyBytes(request.range_end) } : {}),
    ...(request.limit ? { limit: request.limit } : {}),
    ...(request.revision ? { revision: request.revision } : {}),
    ...(request.keys_only ? { keys_only: true } : {}),
    ...(request.count_only ? { count_only: true } : {}),
  };
}

function deleteRequest(request: DeleteRangeRequest): RPC.IDeleteRangeRequest {
  return {
    key: keyBytes(request.key),
    ...(request.range_end ? { range_end: keyBytes(request.range_end) } : {}),
    ...(request.prev_kv ? { prev_kv: true } : {}),
  };
}

export class GrpcEtcd {
  readonly client: Etcd3;
  private watchStream: Promise<IDuplexStream<RPC.IWatchRequest, RPC.IWatchResponse>> | null = null;
  private readonly watchListeners = new Map<number, (response: WatchResponse) => void>();
  /** Watch creations waiting for their `created` response, which etcd sends in request order. */
  private readonly creating: {
    listener: (response: WatchResponse) => void;
    resolve: (id: number) => void;
  }[] = [];
  private readonly canceling = new Map<number, () => void>();
  private keepAliveStream: Promise<
    IDuplexStream<RPC.ILeaseKeepAliveRequest, RPC.ILeaseKeepAliveResponse>
  > | null = null;
  private readonly keepAliveWaiters: ((response: RPC.ILeaseKeepAliveResponse) => void)[] = [];
  private readonly leaseIds = new Map<string, number>();
  private readonly leaseKeys = new Map<number, string>();

  constructor(endpoints: string[]) {
    this.client = new Etcd3({ hosts: endpoints });
  }

  close(): void {
    this.client.close();
  }

  async range(request: RangeRequest): Promise<RangeResponse> {
    return this.rangeResponse(await rpc(this.client.kv.range(rangeRequest(request))));
  }

  async put(request: PutRequest): Promise<PutResponse> {
    return this.putResponse(await rpc(this.client.kv.put(this.putRequest(request))));
  }

  async deleteRange(request: DeleteRangeRequest): Promise<DeleteRangeResponse> {
    const response = await rpc(this.client.kv.deleteRange(deleteRequest(request)));
    return this.deleteResponse(response, request.prev_kv);
  }

  async txn(request: TxnRequest): Promise<TxnResponse> {
    const response = await rpc(
      this.client.kv.txn({
        compare: request.compare.map((compare) => this.compare(compare)),
        success: request.success.map((op) => this.requestOp(op)),
        failure: request.failure.map((op) => this.requestOp(op)),
      }),
    );
    const ops = response.succeeded ? request.success : request.failure;
    return {
      header: header(response.header),
      succeeded: response.succeeded,
      responses: response.responses.map((op, i) => this.responseOp(op, ops[i])),
    };
  }

  async compact(revision: number): Promise<{ header: ResponseHeader }> {
    return { header: header((await rpc(this.client.kv.compact({ revision }))).header) };
  }

  /** Resolves with etcd's watch id once etcd has created the watch. */
  async watch(
    request: WatchCreateRequest,
    listener: (response: WatchResponse) => void,
  ): Promise<number> {
    const stream = await this.watches();
    return new Promise((resolve) => {
      this.creating.push({ listener, resolve });
      stream.write({
        create_request: {
          key: keyBytes(request.key),
          ...(request.range_end ? { range_end: keyBytes(request.range_end) } : {}),
          ...(request.start_revision ? { start_revision: request.start_revision } : {}),
          ...(request.prev_kv ? { prev_kv: true } : {}),
        },
      });
    });
  }

  async cancelWatch(watchId: number): Promise<void> {
    if (!this.watchListeners.has(watchId)) return;
    const stream = await this.watches();
    await new Promise<void>((resolve) => {
      this.canceling.set(watchId, resolve);
      stream.write({ cancel_request: { watch_id: watchId } });
    });
  }

  async leaseGrant(ttl: number): Promise<LeaseGrantResponse> {
    const response = await rpc(this.client.leaseClient.leaseGrant({ TTL: ttl, ID: 0 }));
    return {
      header: header(response.header),
      ID: this.leaseId(response.ID),
      TTL: Number(response.TTL),
    };
  }

  async leaseRevoke(id: number): Promise<{ header: ResponseHeader }> {
    const response = await rpc(this.client.leaseClient.leaseRevoke({ ID: this.etcdLease(id) }));
    return { header: header(response.header) };
  }

  async leaseKeepAlive(id: number): Promise<LeaseKeepAliveResponse> {
    this.keepAliveStream ??= rpc(this.client.leaseClient.leaseKeepAlive()).then((stream) =>
      stream.on('data', (response: RPC.ILeaseKeepAliveResponse) => {
        this.keepAliveWaiters.shift()?.(response);
      }),
    );
    const stream = await this.keepAliveStream;
    const response = await new Promise<RPC.ILeaseKeepAliveResponse>((resolve) => {
      this.keepAliveWaiters.push(resolve);
      stream.write({ ID: this.etcdLease(id) });
    });
    return { header: header(response.header), ID: id, TTL: Number(response.TTL) };
  }

  async leaseTimeToLive(id: number, keys: boolean): Promise<LeaseTimeToLiveResponse> {
    const response = await rpc(
      this.client.leaseClient.leaseTimeToLive({ ID: this.etcdLease(id), keys }),
    );
    const answer: LeaseTimeToLiveResponse = {
      header: header(response.header),
      ID: id,
      TTL: Number(response.TTL),
      grantedTTL: Number(response.grantedTTL),
    };
    if (keys) answer.keys = response.keys.map((key) => keyText(key));
    return answer;
  }

  /** Lease.LeaseLeases, then each lease's TimeToLive: the leases etcd holds with their time left. */
  async leases(): Promise<StoredLease[]> {
    const { leases } = await rpc(this.client.leaseClient.leaseLeases());
    const answers = await Promise.all(
      leases.map((lease) => rpc(this.client.leaseClient.leaseTimeToLive({ ID: lease.ID }))),
    );
    // A lease that expired since the list answers TTL -1.
    return answers
      .filter((answer) => Number(answer.TTL) >= 0)
      .map((answer) => ({
        id: this.leaseId(answer.ID),
        ttl: Number(answer.grantedTTL),
        remainingMs: Number(answer.TTL) * 1000,
      }))
      .sort((a, b) => a.id - b.id);
  }

  private watches(): Promise<IDuplexStream<RPC.IWatchRequest, RPC.IWatchResponse>> {
    this.watchStream ??= rpc(this.client.watchClient.watch()).then((stream) =>
      stream.on('data', (response: RPC.IWatchResponse) => {
        this.onWatchResponse(response);
      }),
    );
    return this.watchStream;
  }

  private onWatchResponse(raw: RPC.IWatchResponse): void {
    const watchId = Number(raw.watch_id);
    if (raw.created) {
      const creation = this.creating.shift();
      if (!creation) return;
      this.watchListeners.set(watchId, creation.listener);
      creation.resolve(watchId);
      // etcd may cancel a watch in its created response (a start revision already compacted).
      if (!raw.canceled) return;
    }
    const response: WatchResponse = {
      header: header(raw.header),
      watch_id: watchId,
      events: raw.events.map((event) => this.event(event)),
    };
    if (raw.canceled) {
      response.canceled = true;
      if (Number(raw.compact_revision)) response.compact_revision = Number(raw.compact_revision);
      if (raw.cancel_reason) response.cancel_reason = raw.cancel_reason;
      const canceled = this.canceling.get(watchId);
      if (canceled) {
        this.canceling.delete(watchId);
        this.watchListeners.delete(watchId);
        canceled();
        return;
      }
    }
    this.watchListeners.get(watchId)?.(response);
    if (raw.canceled) this.watchListeners.delete(watchId);
  }

  private event(event: RPC.IEvent): MvccEvent {
    const answer: MvccEvent = {
      type: event.type === 'Delete' ? 'DELETE' : 'PUT',
      kv: this.keyValue(event.kv),
    };
    const prev = present(event.prev_kv);
    if (prev) answer.prev_kv = this.keyValue(prev);
    return answer;
  }

  private keyValue(kv: RPC.IKeyValue): KeyValue {
    const answer: KeyValue = {
      key: keyText(kv.key),
      value: kv.value.toString('utf8'),
      create_revision: Number(kv.create_revision),
      mod_revision: Number(kv.mod_revision),
      version: Number(kv.version),
    };
    if (kv.lease !== '0') answer.lease = this.leaseId(kv.lease);
    return answer;
  }

  /** Our local number for an etcd lease ID, assigned on first sight. */
  private leaseId(etcdId: string): number {
    let id = this.leaseIds.get(etcdId);
    if (id === undefined) {
      id = this.leaseIds.size + 1;
      this.leaseIds.set(etcdId, id);
      this.leaseKeys.set(id, etcdId);
    }
    return id;
  }

  private etcdLease(id: number): string {
    return this.leaseKeys.get(id) ?? String(id);
  }

  private putRequest(request: PutRequest): RPC.IPutRequest {
    return {
      key: keyBytes(request.key),
      value: Buffer.from(request.value, 'utf8'),
      ...(request.lease ? { lease: this.etcdLease(request.lease) } : {}),
      ...(request.prev_kv ? { prev_kv: true } : {}),
    };
  }

  private compare(compare: Compare): RPC.ICompare {
    const answer: RPC.ICompare = {
      key: keyBytes(compare.key),
      target: COMPARE_TARGETS[compare.target],
      result: COMPARE_RESULTS[compare.result],
    };
    if (compare.target === 'VERSION') answer.version = compare.version ?? 0;
    if (compare.target === 'CREATE') answer.create_revision = compare.create_revision ?? 0;
    if (compare.target === 'MOD') answer.mod_revision = compare.mod_revision ?? 0;
    if (compare.target === 'VALUE') answer.value = Buffer.from(compare.value ?? '', 'utf8');
    return answer;
  }

  private requestOp(op: RequestOp): RPC.IRequestOp {
    if ('request_range' in op) return { request_range: rangeRequest(op.request_range) };
    if ('request_put' in op) return { request_put: this.putRequest(op.request_put) };
    return { request_delete_range: deleteRequest(op.request_delete_range) };
  }

  private responseOp(op: RPC.IResponseOp, request: RequestOp | undefined): ResponseOp {
    const range = present(op.response_range);
    if (range) return { response_range: this.rangeResponse(range) };
    const put = present(op.response_put);
    if (put) return { response_put: this.putResponse(put) };
    const withPrev =
      request && 'request_delete_range' in request && request.request_delete_range.prev_kv;
    return { response_delete_range: this.deleteResponse(op.response_delete_range, withPrev) };
  }

  private rangeResponse(response: RPC.IRangeResponse): RangeResponse {
    return {
      header: header(response.header),
      kvs: response.kvs.map((kv) => this.keyValue(kv)),
      more: response.more,
      count: Number(response.count),
    };
  }

  private putResponse(response: RPC.IPutResponse): PutResponse {
    const answer: PutResponse = { header: header(response.header) };
    const prev = present(response.prev_kv);
    if (prev) answer.prev_kv = this.keyValue(prev);
    return answer;
  }

  /** proto3 drops an empty prev_kvs; protocol.ts has it whenever the request asked for it. */
  private deleteResponse(
    response: RPC.IDeleteRangeResponse,
    withPrev: boolean | undefined,
  ): DeleteRangeResponse {
    const answer: DeleteRangeResponse = {
      header: header(response.header),
      deleted: Number(response.deleted),
    };
    if (withPrev) answer.prev_kvs = response.prev_kvs.map((kv) => this.keyValue(kv));
    return answer;
  }
}
