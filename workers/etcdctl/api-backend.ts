// etcdctl's store calls over the API server's /debug/etcd/ path (apiserver/handlers/debug-etcd.ts),
// as the caller: etcd's own errors come back as etcd's gRPC status, anything else as a Status.

import type { Client } from '../client/client.ts';
import type { ApiResponse, RangeRequest, RangeResponse } from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import { EtcdctlError, type EtcdctlBackend } from './etcdctl.ts';

export const DEBUG_ETCD_RANGE = '/debug/etcd/range';
export const DEBUG_ETCD_SNAPSHOT = '/debug/etcd/snapshot';

function rangeQuery(request: RangeRequest): Record<string, string> {
  const query: Record<string, string> = { key: request.key };
  if (request.range_end !== undefined) query.range_end = request.range_end;
  if (request.limit) query.limit = String(request.limit);
  if (request.revision) query.revision = String(request.revision);
  if (request.keys_only) query.keys_only = 'true';
  if (request.count_only) query.count_only = 'true';
  return query;
}

/** The body of a 200; the reason of anything else. */
function answer(response: ApiResponse): unknown {
  if (response.code === 200) return response.body;
  const message = (response.body as { message?: unknown } | null)?.message;
  throw new EtcdctlError(
    typeof message === 'string' ? message : `the server answered ${String(response.code)}`,
  );
}

/** Range and Maintenance.Snapshot through the API server. */
export function storeOverApi(client: Client): Pick<EtcdctlBackend, 'range' | 'snapshot'> {
  return {
    async range(request) {
      const path = DEBUG_ETCD_RANGE;
      const response = await client.request({ verb: 'GET', path, query: rangeQuery(request) });
      return answer(response) as RangeResponse;
    },
    async snapshot() {
      const response = await client.request({ verb: 'GET', path: DEBUG_ETCD_SNAPSHOT });
      return answer(response) as StoreState;
    },
  };
}
