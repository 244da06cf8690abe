// Test support for the API server's own tests: a started ApiServer over an in-thread etcd, a
// virtual clock, and a recorder for watch streams. Not used by the running cluster.

import { expect } from 'vitest';
import type { Status } from '../api/errors.ts';
import type {
  ApiRequest,
  ApiResponse,
  HttpVerb,
  KubeObject,
  WatchEvent,
} from '../client/protocol.ts';
import { VirtualClock } from '../host/clock.ts';
import { LocalEtcdClient } from '../host/local-etcd-client.ts';
import { SeededRng } from '../host/rng.ts';
import { ADMIN_USER } from '../host/kubectl-actor.ts';
import { createSettle } from '../host/settle.ts';
import { ApiServer } from './apiserver.ts';
import type { KubeletConnection } from './kubelet-client.ts';

/** Resolves once every pending microtask (etcd answers, watch deliveries) has run. */
export const settle = createSettle();

export interface TestApiServer {
  server: ApiServer;
  etcd: LocalEtcdClient;
  clock: VirtualClock;
  /**
   * Sends one non-watch request, as kubernetes-admin unless told, and lets the watch cache catch
   * up with it.
   */
  request(
    verb: HttpVerb,
    path: string,
    options?: Pick<ApiRequest, 'body' | 'query' | 'contentType' | 'accept' | 'headers' | 'user'>,
  ): Promise<ApiResponse>;
}

/**
 * An ApiServer with the system namespaces and, as the service account controller would have
 * made it, the `default` ServiceAccount of namespace `default`; `kubelets` answer its requests
 * to nodes (none by default).
 */
export async function startApiServer(kubelets?: KubeletConnection): Promise<TestApiServer> {
  const clock = new VirtualClock();
  const etcd = new LocalEtcdClient(undefined, clock);
  const server = new ApiServer(
    etcd,
    clock,
    new SeededRng('apiserver-test', 'kube-apiserver'),
    {},
    kubelets,
  );
  await server.start();
  let next = 1;
  const request: TestApiServer['request'] = async (verb, path, options = {}) => {
    const response = await server.handle(
      { verb, path, user: ADMIN_USER, ...options },
      `test#${next++}`,
    );
    await settle();
    return response;
  };
  await request('POST', '/api/v1/namespaces/default/serviceaccounts', {
    body: { metadata: { name: 'default' } },
  });
  return { server, etcd, clock, request };
}

export interface WatchRecorder {
  events: WatchEvent[];
  ended: boolean;
  stop(): void;
}

/** Starts a watch and records what it sends; a refused watch gives its error response. */
export function recordWatch(
  server: ApiServer,
  path: string,
  query: Record<string, string> = {},
): WatchRecorder | ApiResponse {
  const recorder: WatchRecorder = { events: [], ended: false, stop: () => undefined };
  const result = server.watch(
    { verb: 'GET', path, query: { watch: 'true', ...query }, user: ADMIN_USER },
    {
      send: (event) => recorder.events.push(event),
      end: () => {
        recorder.ended = true;
      },
    },
  );
  if ('code' in result) return result;
  recorder.stop = () => {
    result.stop();
  };
  return recorder;
}

/** `TYPE name` for each event, the shape most watch assertions need. */
export function eventSummary(events: readonly WatchEvent[]): string[] {
  return events.map((event) => `${event.type} ${nameOf(event.object)}`);
}

function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}

/** Asserts a success code (200 unless told) and returns the body. */
export function expectOk(response: ApiResponse, code = 200): unknown {
  expect(response.code, JSON.stringify(response.body)).toBe(code);
  return response.body;
}

/** Asserts a Status failure with this code, reason and exact message, and returns it. */
export function expectFailure(
  response: ApiResponse,
  code: number,
  reason: string,
  message: string,
): Status {
  expect(response.code).toBe(code);
  expect(response.body).toMatchObject({ kind: 'Status', status: 'Failure', code, reason, message });
  return response.body as Status;
}
