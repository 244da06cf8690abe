// Test support for the workload registries' tests: a fresh API server per test, and a base
// manifest that each test varies with a merge patch (null removes a field).

import { beforeEach } from 'vitest';
import { applyMergePatch } from '../../api/json-merge-patch.ts';
import type { ApiResponse, KubeObject } from '../../client/protocol.ts';
import { expectOk, startApiServer, type TestApiServer } from '../testing.ts';

export const MERGE_PATCH = 'application/merge-patch+json';

export interface WorkloadFixture<T> {
  readonly api: TestApiServer;
  /** The base manifest with `patch` merged in. */
  manifest(patch?: object): KubeObject;
  /** Creates the varied manifest, expecting 201. */
  create(patch?: object): Promise<T>;
  /** A merge patch of `path` (an object or one of its subresources). */
  patch(path: string, body: object, query?: Record<string, string>): Promise<ApiResponse>;
  /** The same, expecting 200. */
  patched(path: string, body: object): Promise<T>;
}

/** Registers a beforeEach that starts the API server; call it at the top of a test file. */
export function workloadFixture<T>(collection: string, base: object): WorkloadFixture<T> {
  let api: TestApiServer | undefined;
  beforeEach(async () => {
    api = await startApiServer();
  });
  const server = (): TestApiServer => {
    if (!api) throw new Error('the API server starts in beforeEach');
    return api;
  };
  const manifest = (patch: object = {}): KubeObject => applyMergePatch(base, patch) as KubeObject;
  const patch = (path: string, body: object, query: Record<string, string> = {}) =>
    server().request('PATCH', path, { body, contentType: MERGE_PATCH, query });
  return {
    get api() {
      return server();
    },
    manifest,
    create: async (variation = {}) =>
      expectOk(await server().request('POST', collection, { body: manifest(variation) }), 201) as T,
    patch,
    patched: async (path, body) => expectOk(await patch(path, body)) as T,
  };
}
