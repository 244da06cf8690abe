// LIST (apiserver get.go ListResource + etcd3 GetList): from the watch cache for
// resourceVersion=0 or a version it already has, otherwise a consistent read from etcd, with
// limit/continue paging at one snapshot revision.

import { badRequest, expired } from '../../api/errors.ts';
import { groupVersion } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { ApiError } from '../registry/generic.ts';
import type { Strategy } from '../registry/strategy.ts';
import { asItem, listKind } from '../responses.ts';
import { parseSelection, selects } from '../selection.ts';
import { EtcdCallError } from '../storage/etcd-client.ts';
import type { ObjectStore } from '../storage/store.ts';
import type { WatchCache } from '../storage/watch-cache.ts';

export interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start }));
}

function decodeContinue(text: string): ContinueToken | null {
  try {
    const parsed = JSON.parse(atob(text)) as { v?: string; rv?: number; start?: string };
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    )
      return null;
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    return null;
  }
}

export interface ListSources {
  cache: WatchCache;
  store: ObjectStore;
  /** The served form of a stored object (another version for events.k8s.io). */
  output(strategy: Strategy, object: KubeObject): KubeObject;
}

export async function listObjects(
  sources: ListSources,
  strategy: Strategy,
  namespace: string | undefined,
  query: Record<string, string>,
  requestId: string,
): Promise<KubeObject> {
  const { cache, store } = sources;
  const selection = parseSelection(strategy, namespace, query);
  const prefix = `/registry/${strategy.type.etcdPrefix}/${strategy.type.namespaced && namespace ? `${namespace}/` : ''}`;
  const base = { kind: listKind(strategy), apiVersion: groupVersion(strategy.type) };
  const fromCache =
    query.resourceVersion === '0' ||
    (query.resourceVersion !== undefined &&
      query.resourceVersion !== '' &&
      query.resourceVersionMatch !== 'Exact' &&
      query.continue === undefined &&
      Number(query.resourceVersion) <= cache.revision);
  if (fromCache) {
    const items = cache
      .list(prefix)
      .filter((object) => selects(selection, object))
      .map((object) => asItem(sources.output(strategy, object)));
    return { ...base, metadata: { resourceVersion: String(cache.revision) }, items } as KubeObject;
  }
  let revision = query.resourceVersionMatch === 'Exact' ? Number(query.resourceVersion) : 0;
  let startKey: string | undefined;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    if (!token) {
      throw new ApiError(
        badRequest(
          'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
        ),
      );
    }
    revision = token.rv;
    startKey = token.start;
  }
  const limit = Number(query.limit ?? 0);
  try {
    const result = await store.list(
      prefix,
      {
        ...(revision > 0 ? { revision } : {}),
        ...(limit > 0 ? { limit } : {}),
        ...(startKey !== undefined ? { startKey } : {}),
        filter: (object) => selects(selection, object),
      },
      { requestId },
    );
    const metadata: Record<string, unknown> = { resourceVersion: String(result.revision) };
    if (result.nextKey !== undefined) {
      metadata.continue = encodeContinue({ rv: result.revision, start: result.nextKey });
      // With selectors the server cannot know how many items remain.
      if (result.remaining !== undefined && !query.labelSelector && !query.fieldSelector) {
        metadata.remainingItemCount = result.remaining;
      }
    }
    const items = result.items.map((object) => asItem(sources.output(strategy, object)));
    return { ...base, metadata, items } as KubeObject;
  } catch (error) {
    if (error instanceof EtcdCallError && error.error.code === 'OutOfRange' && query.continue) {
      throw new ApiError(
        expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        ),
      );
    }
    throw error;
  }
}
