// Booting a cluster from a store state (docs/decisions/0003-restoring-state.md): etcd starts from
// the state, virtual time from the moment it was taken, and every other component starts afresh
// and re-lists from the API server, as after a control-plane restart; the nodes resume.

import type { Client } from '../client/client.ts';
import type { StoreState } from '../client/store-state.ts';
import { storeOverApi } from '../etcdctl/api-backend.ts';
import type { RuntimePlan } from './topology.ts';
import type { ClusterConfig } from './worker-service.ts';

/**
 * The seed of a cluster booted from `state`: components draw their random names and UIDs afresh,
 * so they must not replay the draws the original cluster made from its first round.
 */
export function restoredSeed(seed: number | string, state: StoreState): string {
  return `${String(seed)}@${String(state.revision)}`;
}

/** What a runtime's worker is told: the state goes to etcd's alone, being the biggest thing there is. */
export function workerConfig(
  plan: RuntimePlan,
  options: { config?: ClusterConfig; initialState?: StoreState },
): ClusterConfig {
  const config: ClusterConfig = { ...options.config };
  if (!options.initialState) return config;
  config.resumed = true;
  if (plan.kind === 'etcd') config.initialState = options.initialState;
  return config;
}

/** Takes the cluster's store state through the API server, as cluster-admin. */
export function fetchStoreState(client: Client): Promise<StoreState> {
  return storeOverApi(client).snapshot();
}
