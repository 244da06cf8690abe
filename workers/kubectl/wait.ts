// kubectl's wait for deletion (pkg/cmd/wait IsDeleted), which `delete` runs by default: watch
// each deleted object until its DELETED event, or until it is already gone or replaced by a
// new object of the same name (another uid); the abort signal ends the wait early.

import { isNotFound, type Client } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Target } from './resources.ts';
import { watchObject } from './watch-object.ts';

export async function waitForDeletion(
  client: Client,
  target: Target,
  uid: string | undefined,
  signal?: AbortSignal,
): Promise<void> {
  let current: KubeObject;
  try {
    current = await client.resource<KubeObject>(target.type, target.namespace).get(target.name);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (uid && current.metadata?.uid !== uid) return;
  await watchObject(client, target, current.metadata?.resourceVersion, {
    onEvent: (event) => event.type === 'DELETED',
    signal,
  });
}
