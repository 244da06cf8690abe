// The UI's view of the cluster: every stored object, kept current from the API server's tap,
// the recent trace, and the clock. Components subscribe to slices (zustand).

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { create } from 'zustand';
import type { CacheEvent } from '../../../workers/apiserver/storage/watch-cache.ts';
import type { KubeObject, TraceRecord } from '../../../workers/client/protocol.ts';
import type { DriverState } from '../../../workers/host/driver.ts';

const TRACE_KEPT = 4000;

export type BootState = 'starting' | 'booting' | 'ready' | 'failed';

interface ClusterState {
  /** What the views draw: the live cluster, or the past while time travel shows a revision. */
  objects: ReadonlyMap<string, KubeObject>;
  /** The live cluster's objects, kept current while the views show the past. */
  liveObjects: ReadonlyMap<string, KubeObject>;
  /** The etcd revision the views show instead of the live cluster (web/src/timetravel), or null. */
  pastRevision: number | null;
  traces: readonly TraceRecord[];
  /** The newest round's hops, which the diagram animates. */
  hops: readonly TraceRecord[];
  clock: DriverState;
  boot: BootState;
  bootError: string | null;
  applyChanges(events: readonly CacheEvent[]): void;
  addTraces(records: readonly TraceRecord[]): void;
  setClock(clock: DriverState): void;
  setBoot(boot: BootState, error?: string): void;
  showPast(revision: number, objects: ReadonlyMap<string, KubeObject>): void;
  showLive(): void;
}

export const useCluster = create<ClusterState>((set) => ({
  objects: new Map(),
  liveObjects: new Map(),
  pastRevision: null,
  traces: [],
  hops: [],
  clock: { playing: false, speed: 1, time: 0, round: 0 },
  boot: 'starting',
  bootError: null,
  applyChanges: (events) => {
    set((state) => {
      const objects = new Map(state.liveObjects);
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
      return state.pastRevision === null
        ? { objects, liveObjects: objects }
        : { liveObjects: objects };
    });
  },
  addTraces: (records) => {
    set((state) => {
      const traces = [...state.traces, ...records];
      return {
        traces: traces.length > TRACE_KEPT ? traces.slice(traces.length - TRACE_KEPT) : traces,
        // The past has no hops in flight: the live cluster's stay off the diagram.
        hops: state.pastRevision === null ? records : [],
      };
    });
  },
  setClock: (clock) => {
    set({ clock });
  },
  setBoot: (boot, error) => {
    set({ boot, bootError: error ?? null });
  },
  showPast: (revision, objects) => {
    set({ pastRevision: revision, objects, hops: [] });
  },
  showLive: () => {
    set((state) => ({ pastRevision: null, objects: state.liveObjects }));
  },
}));

export function objectsWithPrefix<T extends KubeObject>(
  objects: ReadonlyMap<string, KubeObject>,
  prefix: string,
): T[] {
  const found: T[] = [];
  for (const [key, object] of objects) if (key.startsWith(prefix)) found.push(object as T);
  return found.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
}

export const nodesOf = (objects: ReadonlyMap<string, KubeObject>): Node[] =>
  objectsWithPrefix<Node>(objects, '/registry/minions/');
export const podsOf = (objects: ReadonlyMap<string, KubeObject>): Pod[] =>
  objectsWithPrefix<Pod>(objects, '/registry/pods/');

export function isNodeReady(node: Node): boolean {
  return (
    node.status?.conditions?.some(
      (condition) => condition.type === 'Ready' && condition.status === 'True',
    ) ?? false
  );
}

/** Ready and free of the not-ready taint: the scheduler will use it. */
export function isNodeSchedulable(node: Node): boolean {
  return (
    isNodeReady(node) && !(node.spec?.taints ?? []).some((taint) => taint.effect === 'NoSchedule')
  );
}
