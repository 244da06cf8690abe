// The cluster in the browser: one Web Worker per runtime plan (etcd, API server, scheduler,
// controller manager, each node or node pool), peer MessagePorts between them, rounds driven from
// this thread by the Coordinator and paced for the eye by the Driver. The UI's kubectl lives
// here, in the `main` runtime, and the API server's changes arrive on an untraced tap.

import * as Comlink from 'comlink';
import type { CacheEvent } from '../../../workers/apiserver/storage/watch-cache.ts';
import type { Client } from '../../../workers/client/client.ts';
import type { ComponentId, TraceRecord } from '../../../workers/client/protocol.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import type { FeedBatch } from '../../../workers/etcd/change-feed.ts';
import type { ImageDefinition } from '../../../workers/kubelet/custom-images.ts';
import { DEFAULT_EPOCH_MS } from '../../../workers/host/clock.ts';
import { Coordinator } from '../../../workers/host/coordinator.ts';
import { Driver } from '../../../workers/host/driver.ts';
import { ExternalGateway } from '../../../workers/host/gateway.ts';
import {
  createKubectlActor,
  sendNodeFault,
  type KubectlHandle,
} from '../../../workers/host/kubectl-actor.ts';
import { linkPeer, onPortMessage, peerPairs, remoteRuntime } from '../../../workers/host/ports.ts';
import { ActorRuntime, type ActorSpec } from '../../../workers/host/runtime.ts';
import { RuntimeServer } from '../../../workers/host/runtime-server.ts';
import { schedulingAttempts } from '../../../workers/host/scheduling-attempts.ts';
import { etcdHistory } from '../../../workers/host/etcd-history.ts';
import type { HistoryResponse } from '../../../workers/etcd/history.ts';
import { createSettle } from '../../../workers/host/settle.ts';
import { fetchStoreState, restoredSeed, workerConfig } from '../../../workers/host/restore.ts';
import { planRuntimes, routing, type RuntimePlan } from '../../../workers/host/topology.ts';
import type { RuntimeWorkerService } from '../../../workers/host/worker-service.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import { Discovery } from '../../../workers/kubectl/discovery.ts';
import type { AttemptsResponse } from '../../../workers/scheduler/server.ts';

export interface BrowserClusterOptions {
  seed: number | string;
  nodes: number;
  /** Images the nodes know besides their catalog (the embed widget's registered images). */
  images?: ImageDefinition[];
  onChange(events: CacheEvent[]): void;
  onTraces(records: TraceRecord[]): void;
  /**
   * Boots from a store state (a snapshot): virtual time starts where it was taken, and the nodes
   * resume their pods (workers/host/restore.ts).
   */
  initialState?: StoreState;
  /** Receives etcd's change feed (workers/etcd/change-feed.ts), to persist the store. */
  onFeed?: (batch: FeedBatch) => void;
}

/** Vite finds each worker through its own `new Worker(new URL(...), {...})` literal; options must be static. */
function spawn(plan: RuntimePlan): Worker {
  switch (plan.kind) {
    case 'etcd':
      return new Worker(new URL('../../../workers/etcd/etcd.worker.ts', import.meta.url), {
        type: 'module',
        name: 'etcd',
      });
    case 'apiserver':
      return new Worker(
        new URL('../../../workers/apiserver/apiserver.worker.ts', import.meta.url),
        { type: 'module', name: 'kube-apiserver' },
      );
    case 'scheduler':
      return new Worker(
        new URL('../../../workers/scheduler/scheduler.worker.ts', import.meta.url),
        { type: 'module', name: 'kube-scheduler' },
      );
    case 'controller-manager':
      return new Worker(
        new URL('../../../workers/controllers/controller-manager.worker.ts', import.meta.url),
        { type: 'module', name: 'kube-controller-manager' },
      );
    case 'nodes':
      return new Worker(new URL('../../../workers/kubelet/node.worker.ts', import.meta.url), {
        type: 'module',
        name: 'node',
      });
    case 'main':
      throw new Error('the main runtime lives on the page');
  }
}

export class BrowserCluster {
  readonly coordinator: Coordinator;
  readonly driver: Driver;
  readonly plans: RuntimePlan[];
  private readonly workers: Worker[] = [];
  private readonly remotes: Comlink.Remote<RuntimeWorkerService>[] = [];
  /** Components placed in `main` after boot (the agent link, Docker nodes), for routing. */
  private readonly addedRoutes = new Map<ComponentId, string>();
  private readonly mainRuntime: ActorRuntime;
  private readonly kubectl: KubectlHandle;
  private discovery: Discovery | null = null;

  private readonly startTime: number;
  private readonly seed: number | string;

  private constructor(private readonly options: BrowserClusterOptions) {
    this.plans = planRuntimes({ nodes: options.nodes });
    const state = options.initialState;
    this.startTime = state?.time ?? DEFAULT_EPOCH_MS;
    this.seed = state ? restoredSeed(options.seed, state) : options.seed;
    this.coordinator = new Coordinator(this.startTime);
    this.driver = new Driver(this.coordinator);
    this.mainRuntime = new ActorRuntime(
      'main',
      {
        seed: this.seed,
        startTime: this.startTime,
        runtimeOf: routing(this.plans, this.addedRoutes),
      },
      createSettle(),
    );
    const kubectl = createKubectlActor();
    this.kubectl = kubectl.handle;
    this.mainRuntime.add(kubectl.spec);
    this.coordinator.onTraces((records) => {
      options.onTraces(records);
    });
  }

  static async start(options: BrowserClusterOptions): Promise<BrowserCluster> {
    const cluster = new BrowserCluster(options);
    await cluster.boot();
    return cluster;
  }

  private async boot(): Promise<void> {
    const remotes = new Map<string, Comlink.Remote<RuntimeWorkerService>>();
    await Promise.all(
      this.plans
        .filter((plan) => plan.kind !== 'main')
        .map(async (plan) => {
          const worker = spawn(plan);
          this.workers.push(worker);
          const remote = Comlink.wrap<RuntimeWorkerService>(worker);
          remotes.set(plan.id, remote);
          this.remotes.push(remote);
          await remote.init({
            plan,
            plans: this.plans,
            seed: this.seed,
            startTime: this.startTime,
            config: {
              ...workerConfig(plan, {
                ...this.options,
                ...(this.options.images ? { config: { images: this.options.images } } : {}),
              }),
              ...(plan.kind === 'etcd' && this.options.onFeed ? { persist: true } : {}),
            },
          });
        }),
    );
    const mainServer = new RuntimeServer(this.mainRuntime);
    for (const [a, b] of peerPairs(this.plans)) {
      const channel = new MessageChannel();
      for (const [self, peer, port] of [
        [a, b, channel.port1],
        [b, a, channel.port2],
      ] as const) {
        const remote = remotes.get(self);
        if (remote) await remote.connect(peer, Comlink.transfer(port, [port]));
        else linkPeer(mainServer, peer, port);
      }
    }
    const tap = new MessageChannel();
    onPortMessage(tap.port1, (data) => {
      this.options.onChange(data as CacheEvent[]);
    });
    await remotes.get('apiserver')?.connectTap(Comlink.transfer(tap.port2, [tap.port2]));
    const onFeed = this.options.onFeed;
    if (onFeed) {
      const feed = new MessageChannel();
      onPortMessage(feed.port1, (data) => {
        onFeed(data as FeedBatch);
      });
      await remotes.get('etcd')?.connectTap(Comlink.transfer(feed.port2, [feed.port2]));
    }
    for (const plan of this.plans) {
      const remote = remotes.get(plan.id);
      if (!remote) continue;
      const control = new MessageChannel();
      await remote.connectControl(Comlink.transfer(control.port2, [control.port2]));
      this.coordinator.add(remoteRuntime(plan.id, control.port1));
    }
    const mainRuntime = this.mainRuntime;
    this.coordinator.add({
      id: 'main',
      runRound: (command) => mainServer.runRound(command),
      hasLocalWork: (time) => mainRuntime.hasWorkAt(time),
    });
  }

  /**
   * Runs `action` as kubectl in the next round, with kubectl's discovery cache; resolves with its
   * result whenever the cluster gets there.
   */
  kubectlDo<T>(action: (client: Client, discovery: Discovery) => Promise<T>): Promise<T> {
    return this.asKubectl((handle) => {
      const client = handle.client;
      if (!client) return null;
      this.discovery ??= new Discovery(client);
      return action(client, this.discovery);
    });
  }

  /** The store's state now (etcd's snapshot), to boot another cluster from (`initialState`). */
  exportState(): Promise<StoreState> {
    return this.kubectlDo((client) => fetchStoreState(client));
  }

  /** Runs `kubectl <args>` as the UI's kubectl component; resolves to its exit code. */
  async runKubectl(args: readonly string[], io: KubectlIO): Promise<number> {
    // kubectl's commands load on first use, keeping them out of the first paint; the import
    // settles before the command is queued, so it still runs in the round it would have.
    const { runKubectl } = await import('../../../workers/kubectl/kubectl.ts');
    return this.asKubectl((handle) => {
      const { client, context } = handle;
      if (!client || !context) return null;
      this.discovery ??= new Discovery(client);
      return runKubectl(args, io, client, this.discovery, {
        now: () => this.driver.state.time,
        clock: context.clock,
      });
    });
  }

  /**
   * Cuts `node` off the network (its kubelet posts no status and renews no Lease) or brings it
   * back, as a message from the UI's kubectl so it lands in the same round on every replay.
   */
  setHeartbeat(node: string, beating: boolean): Promise<void> {
    return this.asKubectl((handle) => {
      sendNodeFault(handle, node, beating);
      return Promise.resolve();
    });
  }

  /** kube-scheduler's recorded attempts for a pod, asked on its own port. */
  schedulingAttempts(namespace: string, name: string): Promise<AttemptsResponse> {
    return this.asKubectl(
      (handle) => handle.transport && schedulingAttempts(handle.transport, namespace, name),
    );
  }

  /**
   * Adds components to the page's `main` runtime while the cluster runs (the agent link, a Docker
   * node's kubelet and kube-proxy): every runtime learns to route to them first, then they start
   * in the next round. `main` already talks to the API server, the scheduler and every node.
   */
  async addMainActors(specs: readonly ActorSpec[]): Promise<void> {
    const routes = Object.fromEntries(specs.map((spec) => [spec.id, 'main']));
    await Promise.all(this.remotes.map((remote) => remote.addRoutes(routes)));
    for (const spec of specs) {
      this.addedRoutes.set(spec.id, 'main');
      this.mainRuntime.add(spec);
    }
    this.driver.poke();
  }

  /** Input from outside for a component of `main` (an agent's frame): it runs in the next round. */
  deliver(component: ComponentId, work: () => void): void {
    this.mainRuntime.enqueueExternal(component, work);
    this.driver.poke();
  }

  /** Requests from outside (real kubectl through the agent's relay), entering as kubectl's. */
  gateway(): ExternalGateway {
    return new ExternalGateway(this.mainRuntime, this.kubectl, () => {
      this.driver.poke();
    });
  }

  /**
   * etcd's retained revisions with their writes and times (time travel), asked on its own port.
   * On a paused clock the read runs the rounds it needs as steps, which move no virtual time.
   */
  etcdHistory(): Promise<HistoryResponse> {
    const read = this.asKubectl((handle) => handle.transport && etcdHistory(handle.transport));
    void this.stepWhilePaused(read);
    return read;
  }

  /** Steps round by round until `pending` settles, while the clock is paused and messages are in flight. */
  private async stepWhilePaused(pending: Promise<unknown>): Promise<void> {
    const read = { settled: false };
    const settle = (): void => {
      read.settled = true;
    };
    pending.then(settle, settle);
    while (!read.settled && !this.driver.state.playing && this.coordinator.hasWorkNow()) {
      const before = this.driver.state.round;
      const stepped = new Promise<void>((resolve) => {
        const stop = this.driver.onState((state) => {
          if (state.round === before) return;
          stop();
          resolve();
        });
      });
      this.driver.step();
      await stepped;
    }
  }

  /** `action` answers null when the kubectl component has not started yet. */
  private asKubectl<T>(action: (handle: KubectlHandle) => Promise<T> | null): Promise<T> {
    return new Promise((resolve, reject) => {
      this.mainRuntime.enqueueExternal('kubectl', () => {
        const started = action(this.kubectl);
        if (started) started.then(resolve, reject);
        else reject(new Error('kubectl has not started yet'));
      });
      this.driver.poke();
    });
  }

  terminate(): void {
    this.driver.stop();
    for (const worker of this.workers) worker.terminate();
  }
}
