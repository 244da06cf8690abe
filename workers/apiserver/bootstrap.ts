// kube-apiserver's own system namespaces controller (pkg/controlplane/controller/systemnamespaces):
// default, kube-system, kube-public and kube-node-lease exist from the start and come back within a
// minute if deleted (only kube-node-lease can be).

import type { Clock } from '../host/clock.ts';
import type { ApiServer } from './apiserver.ts';

export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
const RESYNC_MS = 60_000;
/** The identity the API server's own requests carry. */
export const LOOPBACK_USER = {
  username: 'system:apiserver',
  groups: ['system:authenticated', 'system:masters'],
};

export async function ensureSystemNamespaces(apiserver: ApiServer, clock: Clock): Promise<void> {
  const ensure = async (): Promise<void> => {
    for (const name of SYSTEM_NAMESPACES) {
      if (apiserver.cache.get(`/registry/namespaces/${name}`)) continue;
      await apiserver.handle(
        {
          verb: 'POST',
          path: '/api/v1/namespaces',
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          user: LOOPBACK_USER,
        },
        'kube-apiserver#system-namespaces',
      );
    }
  };
  const loop = (): void => {
    clock.setTimeout(() => {
      void ensure().then(loop);
    }, RESYNC_MS);
  };
  await ensure();
  loop();
}
