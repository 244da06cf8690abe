// The cluster in Node worker_threads: one worker per runtime plan (etcd, API server, scheduler,
// controller manager, nodes or node pools), peer ports between them, rounds driven from the main
// thread by the same Coordinator the in-process host uses. The determinism test compares the two.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { CacheEvent } from '../apiserver/storage/watch-cache.ts';
import type { Client } from '../client/client.ts';
import { actorTracer, tracedRequest, type RequestFrom } from '../kubelet/request-trace.ts';
import type { RequestResult } from '../kubelet/simulated-request.ts';
import { DEFAULT_EPOCH_MS } from './clock.ts';
import { Coordinator, type RuntimeHandle } from './coordinator.ts';
import {
  createKubectlActor,
  runKubectl,
  sendNodeFault,
  type KubectlHandle,
} from './kubectl-actor.ts';
import { linkPeer, onPortMessage, peerPairs, remoteRuntime, type PortLike } from './ports.ts';
import { ActorRuntime } from './runtime.ts';
import { RuntimeServer } from './runtime-server.ts';
import { createSettle } from './settle.ts';
import { planRuntimes, routing, type ClusterShape } from './topology.ts';
import type { ClusterConfig, RuntimeWorkerService } from './worker-service.ts';
import { ExternalGateway } from './gateway.ts';
import type { StoreState } from '../client/store-state.ts';
import { fetchStoreState, restoredSeed, workerConfig } from './restore.ts';

export interface WorkerHostOptions extends ClusterShape {
  seed: number | string;
  startTime?: number;
  config?: ClusterConfig;
  onChange?: (events: CacheEvent[]) => void;
  /** Boots from a store state, as InProcessHost's `initialState`. */
  initialState?: StoreState;
}

/** Start time and seed: a restored cluster's come from its state (restore.ts). */
function timeAndSeed(options: WorkerHostOptions): { startTime: number; seed: number | string } {
  const state = options.initialState;
  return {
    startTime: state?.time ?? options.startTime ?? DEFAULT_EPOCH_MS,
    seed: state ? restoredSeed(options.seed, state) : options.seed,
  };
}

const ENTRY = new URL('./node-worker-bootstrap.mjs', import.meta.url);

export class WorkerThreadsHost {
  readonly coordinator: Coordinator;
  private readonly workers: Worker[] = [];
  private readonly remotes: Comlink.Remote<RuntimeWorkerService>[] = [];
  private readonly mainRuntime: ActorRuntime;
  private readonly kubectl: KubectlHandle;
  private readonly ports: { close(): void }[] = [];

  private constructor(options: WorkerHostOptions) {
    const { startTime, seed } = timeAndSeed(options);
    this.coordinator = new Coordinator(startTime);
    const plans = planRuntimes(options);
    const settle = createSettle();
    this.mainRuntime = new ActorRuntime(
      'main',
      { seed, startTime, runtimeOf: routing(plans) },
      settle,
    );
    const kubectl = createKubectlActor();
    this.kubectl = kubectl.handle;
    this.mainRuntime.add(kubectl.spec);
  }

  static async start(options: WorkerHostOptions): Promise<WorkerThreadsHost> {
    const host = new WorkerThreadsHost(options);
    await host.boot(options);
    return host;
  }

  private async boot(options: WorkerHostOptions): Promise<void> {
    const { startTime, seed } = timeAndSeed(options);
    const plans = planRuntimes(options);
    const remotes = new Map<string, Comlink.Remote<RuntimeWorkerService>>();
    for (const plan of plans) {
      if (plan.kind === 'main') continue;
      const worker = new Worker(ENTRY, { name: plan.id });
      this.workers.push(worker);
      const remote = Comlink.wrap<RuntimeWorkerService>(nodeEndpoint(worker));
      this.remotes.push(remote);
      remotes.set(plan.id, remote);
      await remote.init({ plan, plans, seed, startTime, config: workerConfig(plan, options) });
    }
    const mainServer = new RuntimeServer(this.mainRuntime);
    for (const [a, b] of peerPairs(plans)) {
      const channel = new MessageChannel();
      this.ports.push(channel.port1, channel.port2);
      for (const [self, peer, port] of [
        [a, b, channel.port1],
        [b, a, channel.port2],
      ] as const) {
        const remote = remotes.get(self);
        if (remote)
          await remote.connect(peer, Comlink.transfer(port, [port]) as unknown as PortLike);
        else linkPeer(mainServer, peer, port as unknown as PortLike);
      }
    }
    if (options.onChange) {
      const tap = new MessageChannel();
      this.ports.push(tap.port1);
      const listener = options.onChange;
      onPortMessage(tap.port1 as unknown as PortLike, (data) => {
        listener(data as CacheEvent[]);
      });
      await remotes
        .get('apiserver')
        ?.connectTap(Comlink.transfer(tap.port2, [tap.port2]) as unknown as PortLike);
    }
    for (const [id, remote] of remotes) {
      const control = new MessageChannel();
      this.ports.push(control.port1);
      await remote.connectControl(
        Comlink.transfer(control.port2, [control.port2]) as unknown as PortLike,
      );
      const handle: RuntimeHandle = remoteRuntime(id, control.port1 as unknown as PortLike);
      this.coordinator.add(handle);
    }
    const mainRuntime = this.mainRuntime;
    this.coordinator.add({
      id: 'main',
      runRound: (command) => mainServer.runRound(command),
      hasLocalWork: (time) => mainRuntime.hasWorkAt(time),
    });
  }

  /** As InProcessHost.setHeartbeat: the node's kubelet drops off the network, or comes back. */
  setHeartbeat(node: string, beating: boolean): void {
    this.mainRuntime.enqueueExternal('kubectl', () => {
      sendNodeFault(this.kubectl, node, beating);
    });
  }

  /** As InProcessHost.kubectlDo: `action` runs in the next round; rounds go on until it settles. */
  kubectlDo<T>(action: (client: Client) => Promise<T>, limitMs = 60_000): Promise<T> {
    return runKubectl(this.coordinator, this.mainRuntime, this.kubectl, action, limitMs);
  }

  /** As InProcessHost.request: a simulated HTTP request, routed through kube-proxy's rules and traced. */
  request(from: RequestFrom, url: string): Promise<RequestResult | null> {
    return this.kubectlDo((client) => {
      const context = this.kubectl.context;
      if (!context) throw new Error('kubectl has not started');
      return tracedRequest(client, actorTracer(context), context.rng, from, url);
    });
  }

  /** The store's state now (etcd's snapshot), to boot another cluster from (`initialState`). */
  exportState(): Promise<StoreState> {
    return this.kubectlDo(fetchStoreState);
  }

  /** Requests from outside the rounds; `wake` is called whenever one is waiting to enter. */
  gateway(wake: () => void): ExternalGateway {
    return new ExternalGateway(this.mainRuntime, this.kubectl, wake);
  }

  runUntil(done: () => boolean, limitMs = 60_000): Promise<boolean> {
    return this.coordinator.runUntilCondition(done, limitMs);
  }

  async stop(): Promise<void> {
    for (const remote of this.remotes) remote[Comlink.releaseProxy]();
    for (const port of this.ports) port.close();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
