// The etcd component backed by a real etcd (`npm run cluster -- --etcd-servers=…`): it answers
// the same etcd-call messages as workers/etcd/etcd.ts, so the API server's EtcdClient is
// unchanged, but each call goes to etcd over gRPC (GrpcEtcd). A round does not end while a call
// is in flight or a watch has not yet seen a write it covers (`settle`), so an etcd call takes no
// virtual time, as with our store; writes by others reach the cluster in the next round.

import {
  ETCD,
  type EtcdCall,
  type EtcdResult,
  type Envelope,
  type RequestOp,
  type TxnRequest,
  type TxnResponse,
  type WatchCreateRequest,
  type WatchResponse,
} from '../workers/client/protocol.ts';
import type { ActorContext, ActorSpec, Settle } from '../workers/host/runtime.ts';
import { GrpcEtcd, GrpcEtcdError } from './etcd-grpc.ts';
import { readStoreState } from './etcd-snapshot.ts';

/** Wall time a write waits at most for the watches covering it to deliver it. */
const CATCH_UP_LIMIT_MS = 2_000;

/** [start, end) of a key range; a single key ends just after itself. */
type KeyRange = [string, string | null];

function keyRange(key: string, rangeEnd: string | undefined): KeyRange {
  if (!rangeEnd) return [key, `${key}\0`];
  return [key, rangeEnd === '\0' ? null : rangeEnd];
}

function overlaps([a, aEnd]: KeyRange, [b, bEnd]: KeyRange): boolean {
  return (aEnd === null || b < aEnd) && (bEnd === null || a < bEnd);
}

/** The ranges a txn's executed branch wrote, when it wrote anything at all. */
function writtenRanges(request: TxnRequest, response: TxnResponse): KeyRange[] {
  const ops: RequestOp[] = response.succeeded ? request.success : request.failure;
  return ops.flatMap((op, i) => {
    if ('request_put' in op) return [keyRange(op.request_put.key, undefined)];
    const answer = response.responses[i];
    if ('request_delete_range' in op && answer && 'response_delete_range' in answer) {
      const { key, range_end } = op.request_delete_range;
      return answer.response_delete_range.deleted > 0 ? [keyRange(key, range_end)] : [];
    }
    return [];
  });
}

interface OpenWatch {
  range: KeyRange;
  /** The newest revision this watch has delivered. */
  seen: number;
}

export class RemoteEtcdServer {
  private context: ActorContext | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly watches = new Map<number, OpenWatch>();
  private readonly catchUps: { ranges: KeyRange[]; revision: number; done: () => void }[] = [];
  /** Watch responses that arrived between rounds, for the next one. */
  private queued: { to: string; response: WatchResponse }[] = [];
  private roundOpen = false;

  /** `wake` must make the host run a round soon, for watch responses arriving between rounds. */
  constructor(
    readonly etcd: GrpcEtcd,
    private readonly wake: () => void,
  ) {}

  readonly spec: ActorSpec = {
    id: ETCD,
    start: (context) => {
      this.context = context;
      context.onMessage((envelope) => {
        this.handle(envelope);
      });
    },
  };

  /** Wraps the host's settle: the round ends once etcd has answered and the watches caught up. */
  settle(base: Settle): Settle {
    return async () => {
      this.roundOpen = true;
      try {
        for (const { to, response } of this.queued.splice(0)) this.send(to, response);
        await base();
        while (this.inFlight.size > 0) {
          await Promise.all(this.inFlight);
          await base();
        }
      } finally {
        this.roundOpen = false;
      }
    };
  }

  private handle(envelope: Envelope): void {
    const { message, from } = envelope;
    if (message.type !== 'etcd-call') return;
    const work = this.execute(from, message.call).then(
      ({ result, afterReply }) => {
        this.context?.send(from, { type: 'etcd-result', id: message.id, result });
        afterReply?.();
      },
      (error: unknown) => {
        const etcdError =
          error instanceof GrpcEtcdError
            ? error.error
            : { code: 'Internal' as const, message: String(error) };
        this.context?.send(from, { type: 'etcd-result', id: message.id, error: etcdError });
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async execute(
    from: string,
    call: EtcdCall,
  ): Promise<{ result: EtcdResult; afterReply?: () => void }> {
    const { etcd } = this;
    switch (call.op) {
      case 'range':
        return { result: { op: 'range', response: await etcd.range(call.request) } };
      case 'put': {
        const response = await etcd.put(call.request);
        await this.caughtUp([keyRange(call.request.key, undefined)], response.header.revision);
        return { result: { op: 'put', response } };
      }
      case 'delete-range': {
        const response = await etcd.deleteRange(call.request);
        if (response.deleted > 0) {
          const range = keyRange(call.request.key, call.request.range_end);
          await this.caughtUp([range], response.header.revision);
        }
        return { result: { op: 'delete-range', response } };
      }
      case 'txn': {
        const response = await etcd.txn(call.request);
        await this.caughtUp(writtenRanges(call.request, response), response.header.revision);
        return { result: { op: 'txn', response } };
      }
      case 'compact':
        return { result: { op: 'compact', response: await etcd.compact(call.revision) } };
      case 'watch':
        return this.watch(from, call.request);
      case 'cancel-watch':
        await etcd.cancelWatch(call.watchId);
        this.watches.delete(call.watchId);
        return { result: { op: 'cancel-watch' } };
      case 'lease-grant':
        return { result: { op: 'lease-grant', response: await etcd.leaseGrant(call.ttl) } };
      case 'lease-revoke':
        return { result: { op: 'lease-revoke', response: await etcd.leaseRevoke(call.id) } };
      case 'lease-keepalive':
        return { result: { op: 'lease-keepalive', response: await etcd.leaseKeepAlive(call.id) } };
      case 'lease-timetolive': {
        const response = await etcd.leaseTimeToLive(call.id, call.keys);
        return { result: { op: 'lease-timetolive', response } };
      }
      case 'snapshot': {
        // Not etcd's bbolt file (which a real etcdctl takes itself): our state, read at one revision.
        const time = this.context?.clock.now() ?? 0;
        return { result: { op: 'snapshot', state: await readStoreState(etcd, time) } };
      }
    }
  }

  /** A watch's responses follow its reply, as the caller only knows the watch by then. */
  private async watch(
    from: string,
    request: WatchCreateRequest,
  ): Promise<{ result: EtcdResult; afterReply: () => void }> {
    const early: WatchResponse[] = [];
    let confirmed = false;
    const watch: OpenWatch = { range: keyRange(request.key, request.range_end), seen: 0 };
    const watchId = await this.etcd.watch(request, (response) => {
      watch.seen = Math.max(watch.seen, response.header.revision);
      if (confirmed) this.deliver(from, response);
      else early.push(response);
      if (response.canceled) this.watches.delete(response.watch_id);
      this.checkCatchUps();
    });
    this.watches.set(watchId, watch);
    return {
      result: { op: 'watch', watchId },
      afterReply: () => {
        confirmed = true;
        for (const response of early) this.deliver(from, response);
      },
    };
  }

  /**
   * Resolves once every open watch covering `ranges` has delivered `revision`, or after
   * CATCH_UP_LIMIT_MS: a watch etcd is still syncing from history must not stall the cluster.
   */
  private caughtUp(ranges: KeyRange[], revision: number): Promise<void> {
    if (ranges.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        done();
      }, CATCH_UP_LIMIT_MS);
      const done = (): void => {
        clearTimeout(timer);
        const index = this.catchUps.indexOf(catchUp);
        if (index >= 0) this.catchUps.splice(index, 1);
        resolve();
      };
      const catchUp = { ranges, revision, done };
      this.catchUps.push(catchUp);
      this.checkCatchUps();
    });
  }

  private checkCatchUps(): void {
    for (let i = this.catchUps.length - 1; i >= 0; i--) {
      const catchUp = this.catchUps[i];
      if (!catchUp) continue;
      const behind = [...this.watches.values()].some(
        (watch) =>
          watch.seen < catchUp.revision &&
          catchUp.ranges.some((range) => overlaps(range, watch.range)),
      );
      if (!behind) catchUp.done();
    }
  }

  private deliver(to: string, response: WatchResponse): void {
    if (this.roundOpen) {
      this.send(to, response);
      return;
    }
    this.queued.push({ to, response });
    this.wake();
  }

  private send(to: string, response: WatchResponse): void {
    this.context?.send(to, { type: 'etcd-watch', response });
  }
}
