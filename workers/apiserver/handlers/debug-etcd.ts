// /debug/etcd/: the playground's door for `etcdctl`, which on a real cluster talks to etcd's own
// port (kube-apiserver has no such path). Reads the store with etcd's Range semantics and takes
// Maintenance.Snapshot; RBAC's non-resource URL rules keep it to cluster-admin (system:masters and
// the `*` rule), and discovery never lists it. See docs/decisions/0003-restoring-state.md.

import type { ApiRequest, ApiResponse, RangeRequest } from '../../client/protocol.ts';
import { EtcdCallError, type EtcdClient } from '../storage/etcd-client.ts';
import { NOT_FOUND_RESOURCE, ok, statusResponse } from '../responses.ts';

export const DEBUG_ETCD_PREFIX = '/debug/etcd/';

/** The range parameters, as etcd's RangeRequest names them; numbers and booleans as text. */
function rangeRequest(query: Record<string, string>): RangeRequest {
  const request: RangeRequest = { key: query.key ?? '' };
  if (query.range_end) request.range_end = query.range_end;
  if (query.limit) request.limit = Number(query.limit);
  if (query.revision) request.revision = Number(query.revision);
  if (query.keys_only === 'true') request.keys_only = true;
  if (query.count_only === 'true') request.count_only = true;
  return request;
}

/** GET /debug/etcd/range?key=…&range_end=… (RangeRequest's fields), GET /debug/etcd/snapshot. */
export async function serveDebugEtcd(etcd: EtcdClient, request: ApiRequest): Promise<ApiResponse> {
  const action = request.path.slice(DEBUG_ETCD_PREFIX.length);
  try {
    if (action === 'range') return ok(await etcd.range(rangeRequest(request.query ?? {})));
    if (action === 'snapshot') return ok(await etcd.snapshot());
  } catch (error) {
    if (!(error instanceof EtcdCallError)) throw error;
    // etcd's gRPC status, as its JSON gateway answers it: what etcdctl prints after "Error: ".
    return { code: 400, body: error.error, contentType: 'application/json' };
  }
  return statusResponse(NOT_FOUND_RESOURCE);
}
