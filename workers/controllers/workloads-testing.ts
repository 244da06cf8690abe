// Test support for the workload controllers' scenario tests (ReplicaSet, ReplicationController,
// DaemonSet, StatefulSet): a whole in-process cluster whose stored objects a test reads back.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Client } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import { InProcessHost } from '../host/in-process-host.ts';

export interface Cluster {
  host: InProcessHost;
  /** Every stored object by etcd key. */
  objects: Map<string, KubeObject>;
  run<T>(action: (client: Client) => Promise<T>): Promise<T>;
  until(done: () => boolean, limitMs?: number): Promise<boolean>;
}

function isReadyUntainted(node: Node): boolean {
  return (
    node.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) === true && (node.spec?.taints ?? []).length === 0
  );
}

/** A cluster of `nodes` Ready, untainted nodes whose default namespace takes pods. */
export async function readyCluster(nodes: number, seed: number | string = 1): Promise<Cluster> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed,
    nodes,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  const cluster: Cluster = {
    host,
    objects,
    run: (action) => host.kubectlDo(action),
    until: (done, limitMs = 120_000) => host.runUntil(done, limitMs),
  };
  const ready = await cluster.until(
    () =>
      storedUnder<Node>(cluster, '/registry/minions/').filter(isReadyUntainted).length === nodes &&
      objects.has('/registry/serviceaccounts/default/default'),
  );
  if (!ready) throw new Error('the cluster did not become ready');
  return cluster;
}

/** The stored objects whose etcd key starts with `prefix`, by key order. */
export function storedUnder<T extends KubeObject>(cluster: Cluster, prefix: string): T[] {
  return [...cluster.objects.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, object]) => object as T);
}

export function podsIn(cluster: Cluster, namePrefix = ''): Pod[] {
  return storedUnder<Pod>(cluster, `/registry/pods/default/${namePrefix}`);
}

export function isRunningReady(pod: Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true
  );
}

/** `Reason: message` of every core/v1 event about `name`, by event name (its time suffix). */
export function eventsAbout(cluster: Cluster, kind: string, name: string): string[] {
  return storedUnder<KubeObject & Record<string, unknown>>(cluster, '/registry/events/')
    .filter((event) => {
      const about = event.involvedObject as { kind?: string; name?: string } | undefined;
      return about?.kind === kind && about.name === name;
    })
    .map((event) => `${String(event.reason)}: ${String(event.message)}`);
}
