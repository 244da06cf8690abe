// The whole cluster in one thread: every component in one ActorRuntime, rounds run by the same
// Coordinator the worker hosts use. Used by unit tests, benchmarks and the determinism test.

import { createApiServerActor } from '../apiserver/actor.ts';
import type { ApiServerConfig } from '../apiserver/apiserver.ts';
import type { CacheEvent } from '../apiserver/storage/watch-cache.ts';
import type { Client } from '../client/client.ts';
import { createControllerManagerActor } from '../controllers/index.ts';
import type { StoreState } from '../client/store-state.ts';
import { createEtcdActor } from '../etcd/etcd.ts';
import type { ImageDefinition } from '../kubelet/custom-images.ts';
import { createNodeActors } from '../kubelet/index.ts';
import { actorTracer, tracedRequest, type RequestFrom } from '../kubelet/request-trace.ts';
import type { RequestResult } from '../kubelet/simulated-request.ts';
import { createSchedulerActor } from '../scheduler/index.ts';
import type { AttemptsResponse } from '../scheduler/server.ts';
import type { HistoryResponse } from '../etcd/history.ts';
import { DEFAULT_EPOCH_MS, type Clock } from './clock.ts';
import { Coordinator } from './coordinator.ts';
import { ExternalGateway } from './gateway.ts';
import {
  createKubectlActor,
  runKubectl,
  sendNodeFault,
  type KubectlHandle,
} from './kubectl-actor.ts';
import { ActorRuntime, type ActorSpec, type Settle } from './runtime.ts';
import { schedulingAttempts } from './scheduling-attempts.ts';
import { createSettle } from './settle.ts';
import { etcdHistory } from './etcd-history.ts';
import { fetchStoreState, restoredSeed } from './restore.ts';
import { planRuntimes } from './topology.ts';

export interface ClusterOptions {
  seed: number | string;
  nodes: number;
  startTime?: number;
  apiserver?: ApiServerConfig;
  /** Images the nodes know besides their catalog, defined as data (kubelet/custom-images.ts). */
  images?: readonly ImageDefinition[];
  /** Observers outside the cluster (the UI): every stored change, untraced. */
  onChange?: (events: CacheEvent[]) => void;
  /**
   * Stands in for our etcd component (server/etcd-remote-server.ts: a real etcd behind the same
   * messages), with how a round must settle for it.
   */
  etcd?: { spec: ActorSpec; settle(base: Settle): Settle };
  /**
   * Boots from a store state (etcd's snapshot): time starts where the state was taken, the seed
   * is `restoredSeed(seed, state)` and the nodes resume their pods (restore.ts).
   */
  initialState?: StoreState;
}

export class InProcessHost {
  readonly coordinator: Coordinator;
  readonly runtime: ActorRuntime;
  private readonly kubectl: KubectlHandle;

  constructor(options: ClusterOptions) {
    const state = options.initialState;
    const startTime = state?.time ?? options.startTime ?? DEFAULT_EPOCH_MS;
    const seed = state ? restoredSeed(options.seed, state) : options.seed;
    this.runtime = new ActorRuntime(
      'local',
      { seed, startTime, runtimeOf: () => 'local' },
      options.etcd ? options.etcd.settle(createSettle()) : createSettle(),
    );
    const kubectl = createKubectlActor();
    this.kubectl = kubectl.handle;
    this.runtime.add(options.etcd?.spec ?? createEtcdActor(state));
    this.runtime.add(
      createApiServerActor({
        ...options.apiserver,
        ...(options.onChange ? { onChange: options.onChange } : {}),
      }),
    );
    this.runtime.add(createSchedulerActor());
    this.runtime.add(createControllerManagerActor());
    for (const plan of planRuntimes({ nodes: options.nodes })) {
      for (const node of plan.nodes)
        for (const spec of createNodeActors({
          ...node,
          images: options.images ?? [],
          ...(state ? { resumed: true } : {}),
        }))
          this.runtime.add(spec);
    }
    this.runtime.add(kubectl.spec);
    this.coordinator = new Coordinator(startTime);
    const runtime = this.runtime;
    this.coordinator.add({
      id: 'local',
      async runRound(command) {
        const output = await runtime.runRound(command.round, command.time, []);
        return {
          round: command.round,
          sentTo: runtime.hasLocalMail() ? ['local'] : [],
          nextTimer: output.nextTimer,
          traces: output.traces,
        };
      },
      hasLocalWork: (time) => runtime.hasWorkAt(time),
    });
  }

  /**
   * Runs `action` with kubectl's client as the next round's external input and keeps the
   * cluster going until it settles; virtual time moves only as far as the cluster needs.
   */
  kubectlDo<T>(action: (client: Client) => Promise<T>, limitMs = 60_000): Promise<T> {
    return runKubectl(this.coordinator, this.runtime, this.kubectl, action, limitMs);
  }

  /** A simulated HTTP request from a pod or node, routed through kube-proxy's rules and traced. */
  request(from: RequestFrom, url: string): Promise<RequestResult | null> {
    return this.kubectlDo((client) => {
      const context = this.kubectl.context;
      if (!context) throw new Error('kubectl has not started');
      return tracedRequest(client, actorTracer(context), context.rng, from, url);
    });
  }

  /** The timers of the kubectl component, for commands that wait (`kubectl wait --timeout`). */
  get kubectlClock(): Clock | undefined {
    return this.kubectl.context?.clock;
  }

  /** kube-scheduler's recorded attempts for a pod, node by node, asked on its own port. */
  schedulingAttempts(namespace: string, name: string): Promise<AttemptsResponse> {
    return this.kubectlDo(() => {
      const transport = this.kubectl.transport;
      if (!transport) throw new Error('kubectl has not started');
      return schedulingAttempts(transport, namespace, name);
    });
  }

  /** etcd's retained revisions with their times and writes (time travel), asked on its own port. */
  etcdHistory(): Promise<HistoryResponse> {
    return this.kubectlDo(() => {
      const transport = this.kubectl.transport;
      if (!transport) throw new Error('kubectl has not started');
      return etcdHistory(transport);
    });
  }

  /** The store's state now (etcd's snapshot), to boot another cluster from (`initialState`). */
  exportState(): Promise<StoreState> {
    return this.kubectlDo(fetchStoreState);
  }

  /** Requests from outside the rounds; `wake` is called whenever one is waiting to enter. */
  gateway(wake: () => void): ExternalGateway {
    return new ExternalGateway(this.runtime, this.kubectl, wake);
  }

  /**
   * Cuts `node` off the network from the next round on (its kubelet renews no Lease, posts no
   * status and ignores the API server's changes to its pods, whose containers keep running), or
   * with `beating` brings it back to catch up with the API server.
   */
  setHeartbeat(node: string, beating: boolean): void {
    this.runtime.enqueueExternal('kubectl', () => {
      sendNodeFault(this.kubectl, node, beating);
    });
  }

  /** Runs rounds and timers until `done` holds or `limitMs` of virtual time passes. */
  runUntil(done: () => boolean, limitMs = 60_000): Promise<boolean> {
    return this.coordinator.runUntilCondition(done, limitMs);
  }
}
