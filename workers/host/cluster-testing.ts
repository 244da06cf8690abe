// Test support for whole-cluster tests in one thread: an in-process cluster run until its nodes
// are Ready and untainted, with every stored object and every trace record it produces; booted
// afresh or from a store state (a reload).

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject, TraceRecord } from '../client/protocol.ts';
import { InProcessHost, type ClusterOptions } from './in-process-host.ts';
import { planRuntimes } from './topology.ts';

export interface ReadyCluster {
  host: InProcessHost;
  /** The stored objects by key, as the API server's changes leave them. */
  objects: Map<string, KubeObject>;
  traces: TraceRecord[];
}

/**
 * A cluster of `nodes` simulated nodes, resolved once they are stored untainted. From an
 * `initialState` its objects and traces start anew, and the state may hold other nodes too.
 */
export async function readyCluster(
  seed: string,
  nodes: number,
  options: Pick<ClusterOptions, 'images' | 'initialState'> = {},
): Promise<ReadyCluster> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    ...options,
    seed,
    nodes,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  const traces: TraceRecord[] = [];
  host.coordinator.onTraces((records) => traces.push(...records));
  const names = planRuntimes({ nodes }).flatMap((plan) => plan.nodes.map((node) => node.name));
  const ready = await host.runUntil(() => {
    const stored = names.map(
      (name) => objects.get(`/registry/minions/${name}`) as Node | undefined,
    );
    return (
      objects.has('/registry/serviceaccounts/default/default') &&
      stored.every((node) => node !== undefined && (node.spec?.taints ?? []).length === 0)
    );
  }, 120_000);
  if (!ready) throw new Error(`the ${String(nodes)} node(s) were not Ready in time`);
  return { host, objects, traces };
}
