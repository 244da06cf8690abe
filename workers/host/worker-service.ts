// What every runtime worker exposes to its host over comlink: set-up, peer links, rounds. The
// same service runs in a Web Worker and in a worker_threads worker.

import type { ApiServerConfig } from '../apiserver/apiserver.ts';
import type { StoreState } from '../client/store-state.ts';
import type { ImageDefinition } from '../kubelet/custom-images.ts';
import { linkPeer, serveRounds, type PortLike } from './ports.ts';
import { ActorRuntime, type ActorSpec } from './runtime.ts';
import { RuntimeServer } from './runtime-server.ts';
import { createSettle } from './settle.ts';
import { routing, type RuntimePlan } from './topology.ts';

/** Settings of the cluster's components that a host hands every runtime (structured-cloneable). */
export interface ClusterConfig {
  apiserver?: ApiServerConfig;
  /** etcd's runtime only: the state the member boots from (restore.ts). */
  initialState?: StoreState;
  /** The cluster resumes a restored state: nodes adopt the pods bound to them (restore.ts). */
  resumed?: boolean;
  /** Images the nodes' runtimes know besides their catalog, defined as data. */
  images?: ImageDefinition[];
  /** etcd's runtime only: publish the store's change feed on the tap (etcd/change-feed.ts). */
  persist?: boolean;
}

export interface WorkerInit {
  plan: RuntimePlan;
  plans: RuntimePlan[];
  seed: number | string;
  startTime: number;
  config?: ClusterConfig;
}

export interface RuntimeWorkerService {
  init(init: WorkerInit): void;
  connect(peer: string, port: PortLike): void;
  /**
   * A port for observers outside the cluster: the API server's runtime publishes its cache
   * changes on it, etcd's its change feed when asked to persist.
   */
  connectTap(port: PortLike): void;
  /** The port round commands arrive on (see ports.ts serveRounds). */
  connectControl(port: PortLike): void;
  /** Components a host placed after boot, by the runtime that holds them. */
  addRoutes(routes: Record<string, string>): void;
}

export type ActorFactory = (
  plan: RuntimePlan,
  publish: (message: unknown) => void,
  config: ClusterConfig,
) => ActorSpec[];

export function createRuntimeWorkerService(actorsFor: ActorFactory): RuntimeWorkerService {
  let server: RuntimeServer | null = null;
  let tap: PortLike | null = null;
  const pending: [string, PortLike][] = [];
  const added = new Map<string, string>();
  return {
    init({ plan, plans, seed, startTime, config = {} }) {
      const runtime = new ActorRuntime(
        plan.id,
        { seed, startTime, runtimeOf: routing(plans, added) },
        createSettle(),
      );
      const publish = (message: unknown): void => tap?.postMessage(message);
      for (const spec of actorsFor(plan, publish, config)) runtime.add(spec);
      server = new RuntimeServer(runtime);
      for (const [peer, port] of pending.splice(0)) linkPeer(server, peer, port);
    },
    connect(peer, port) {
      if (server) linkPeer(server, peer, port);
      else pending.push([peer, port]);
    },
    connectTap(port) {
      tap = port;
    },
    addRoutes(routes) {
      for (const [component, runtime] of Object.entries(routes)) added.set(component, runtime);
    },
    connectControl(port) {
      serveRounds(port, (command) => {
        if (!server) throw new Error('runtime worker used before init');
        return server.runRound(command);
      });
    },
  };
}
