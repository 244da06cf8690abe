// DELETE on a collection (apiserver handlers/delete.go DeleteCollection and the generic store's
// DeleteCollection): list what the selectors match, delete each with the request's options, and
// answer the list as it stood. Objects that vanish meanwhile are skipped, as upstream does.

import { reasonOf } from '../../api/errors.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { ApiError, type DeleteRequest, type GenericRegistry } from '../registry/generic.ts';
import type { RequestContext, Strategy } from '../registry/strategy.ts';
import { listObjects, type ListSources } from './list.ts';

export async function deleteCollection(
  sources: ListSources,
  registry: GenericRegistry,
  strategy: Strategy,
  namespace: string | undefined,
  query: Record<string, string>,
  options: DeleteRequest,
  context: RequestContext,
  dryRun: boolean,
): Promise<KubeObject> {
  const list = await listObjects(sources, strategy, namespace, query, context.requestId);
  const items = (list as { items?: KubeObject[] }).items ?? [];
  for (const item of items) {
    const name = item.metadata?.name ?? '';
    try {
      await registry.delete(strategy, item.metadata?.namespace, name, options, context, {
        dryRun,
      });
    } catch (error) {
      if (!(error instanceof ApiError && reasonOf(error.status) === 'NotFound')) throw error;
    }
  }
  return list;
}
