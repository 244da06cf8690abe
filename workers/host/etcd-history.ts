// The UI's time-travel read, asked on the etcd component's own client port by the UI's kubectl
// component, as etcdctl reads etcd directly. Reached this way, not through an API server path, so
// the API server needs no debug route and no component imports another (only hosts import etcd's types).

import { ETCD } from '../client/protocol.ts';
import type { ActorTransport } from '../client/transport.ts';
import { ETCD_CLIENT_PORT, HISTORY_PATH, type HistoryResponse } from '../etcd/history.ts';

export async function etcdHistory(
  transport: ActorTransport,
  prefix = '/registry/',
): Promise<HistoryResponse> {
  const query = new URLSearchParams({ prefix }).toString();
  const response = await transport.componentRequest(ETCD, {
    verb: 'GET',
    url: `https://127.0.0.1:${ETCD_CLIENT_PORT}${HISTORY_PATH}?${query}`,
  });
  if (response.code !== 200)
    throw new Error(`etcd answered ${response.code}: ${String(response.body)}`);
  return JSON.parse(String(response.body)) as HistoryResponse;
}
