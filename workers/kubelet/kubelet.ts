// The kubelet of one node (pkg/kubelet): registers its Node, renews its Lease every 10 s,
// reports node status when it changes (at least every 5 minutes), watches the pods bound to it
// and runs a pod worker for each, writing pod status through pods/status and deleting pods
// it has finished terminating.

import type { Lease } from 'kubernetes-types/coordination/v1';
import type {
  ConfigMap,
  Node,
  NodeCondition,
  Pod,
  PodStatus,
  Secret,
  Service,
} from 'kubernetes-types/core/v1';
import { parseQuantity } from '../api/quantity.ts';
import { formatMicroTime, parseTime } from '../api/time.ts';
import {
  CONFIG_MAP_TYPE,
  isAlreadyExists,
  isConflict,
  isNotFound,
  LEASE_TYPE,
  NODE_TYPE,
  POD_TYPE,
  type Client,
} from '../client/client.ts';
import type { CoreEventRecorder } from '../client/events.ts';
import { Informer } from '../client/informer.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { initialNode, nodeConditions, nodeStatus, type NodeConfig } from './node-status.ts';
import { generatePodStatus } from './pod-status.ts';
import { PodWorker } from './pod-worker.ts';
import { isRestorable, type KubeletRuntime } from './cri.ts';

const LEASE_DURATION_SECONDS = 40;
const LEASE_RENEW_MS = 10_000;
const NODE_STATUS_UPDATE_MS = 10_000;
const NODE_STATUS_REPORT_MS = 5 * 60_000;
const REGISTER_RETRY_MS = 1_000;
const SECRET_TYPE = { ...CONFIG_MAP_TYPE, resource: 'secrets' } as const;
const SERVICE_TYPE = { ...CONFIG_MAP_TYPE, resource: 'services' } as const;
/** The default hard eviction threshold, which allocatable memory leaves out (memory.available<100Mi). */
const EVICTION_HARD_MEMORY = 100 * 1024 * 1024;
/** The node events of the setters (pkg/kubelet/nodestatus/setters.go), by condition and status. */
const CONDITION_EVENTS: Record<string, Record<string, string>> = {
  MemoryPressure: { False: 'NodeHasSufficientMemory', True: 'NodeHasInsufficientMemory' },
  DiskPressure: { False: 'NodeHasNoDiskPressure', True: 'NodeHasDiskPressure' },
  PIDPressure: { False: 'NodeHasSufficientPID', True: 'NodeHasInsufficientPID' },
  Ready: { True: 'NodeReady', False: 'NodeNotReady' },
};

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export class Kubelet {
  private node: Node | null = null;
  private readonly pods: Informer<Pod>;
  private readonly nodeInformer: Informer<Node>;
  /** Every Service, for the containers' service environment variables. */
  private readonly services: Informer<Service>;
  private readonly workers = new Map<string, PodWorker>();
  /** Pods deleted from the API server while still running here: no final DELETE for them. */
  private readonly gone = new Set<string>();
  private lease: Lease | null = null;
  private lastReported = 0;
  private lastConditions: NodeCondition[] = [];
  /**
   * A network partition the host injected: no Lease, no node status, no pod writes, and the
   * pods the API server changes are not acted on, while the containers keep running.
   */
  private partitioned = false;
  /** Pods whose final DELETE waits for the partition to end. */
  private readonly deletesAfterPartition: PodWorker[] = [];
  /** Per pod: a status write in flight and whether another is wanted after it. */
  private readonly writes = new Map<string, { running: boolean; again: boolean }>();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly config: NodeConfig,
    private readonly runtime: KubeletRuntime,
    private readonly recorder: CoreEventRecorder,
    private readonly trace: (pod: Pod, call: string, detail?: string) => void,
    /**
     * The node kept running through a restore of the control plane: no start is announced and
     * the pods the API server shows running here are taken over, not started again.
     */
    private readonly resumed = false,
  ) {
    this.pods = new Informer<Pod>(client.resource(POD_TYPE), clock, rng, {
      fieldSelector: `spec.nodeName=${config.name}`,
    });
    this.nodeInformer = new Informer<Node>(client.resource(NODE_TYPE), clock, rng, {
      fieldSelector: `metadata.name=${config.name}`,
    });
    this.services = new Informer<Service>(client.resource(SERVICE_TYPE), clock, rng);
    runtime.onContainerExit((containerId) => {
      for (const worker of this.workers.values()) worker.containerExited(containerId);
    });
  }

  /** The kubelet's node events use the node name as the reference uid (kubelet.go nodeRef). */
  private nodeRef(): KubeObject {
    return { kind: 'Node', metadata: { name: this.config.name, uid: this.config.name } };
  }

  async start(): Promise<void> {
    if (!this.resumed)
      this.recorder.event(this.nodeRef(), 'Normal', 'Starting', 'Starting kubelet.');
    await this.register();
    if (!this.resumed) this.announceStart();
    this.nodeInformer.addEventHandler({
      onAdd: (node) => {
        this.nodeChanged(node);
      },
      onUpdate: (_old, node) => {
        this.nodeChanged(node);
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        if (!this.partitioned) this.podChanged(pod);
      },
      onUpdate: (_old, pod) => {
        if (!this.partitioned) this.podChanged(pod);
      },
      onDelete: (pod) => {
        if (!this.partitioned) this.podRemoved(podKey(pod), pod.metadata?.uid);
      },
    });
    await Promise.all([this.nodeInformer.start(), this.services.start(), this.pods.start()]);
    this.renewLease();
    this.clock.setTimeout(() => {
      this.updateNodeStatus();
    }, NODE_STATUS_UPDATE_MS);
  }

  /** The node events a starting kubelet records. */
  private announceStart(): void {
    for (const reason of [
      'NodeHasSufficientMemory',
      'NodeHasNoDiskPressure',
      'NodeHasSufficientPID',
    ]) {
      this.recorder.event(
        this.nodeRef(),
        'Normal',
        reason,
        `Node ${this.config.name} status is now: ${reason}`,
      );
    }
    this.recorder.event(
      this.nodeRef(),
      'Normal',
      'NodeAllocatableEnforced',
      'Updated Node Allocatable limit across pods',
    );
  }

  private async register(): Promise<void> {
    for (;;) {
      try {
        this.node = await this.client
          .resource<Node>(NODE_TYPE)
          .create(initialNode(this.config, this.clock.now()));
        this.lastReported = this.clock.now();
        this.lastConditions = this.node.status?.conditions ?? [];
        return;
      } catch (error) {
        if (isAlreadyExists(error)) {
          this.node = await this.client.resource<Node>(NODE_TYPE).get(this.config.name);
          this.lastConditions = this.node.status?.conditions ?? [];
          if (this.resumed) this.resume(this.node);
          return;
        }
        await this.clock.sleep(REGISTER_RETRY_MS);
      }
    }
  }

  /**
   * Carries on as the node the API server knows: the same machine, the pod network it was given
   * (its CNI config outlives the kubelet), the images it already has, and its status reported when
   * it was last due. The network is there before the pod informer starts pods without an IP.
   */
  private resume(node: Node): void {
    this.nodeChanged(node);
    const info = node.status?.nodeInfo;
    if (info) {
      this.config.machineID = info.machineID;
      this.config.systemUUID = info.systemUUID;
      this.config.bootID = info.bootID;
    }
    if (isRestorable(this.runtime)) {
      this.runtime.restoreImages(
        (node.status?.images ?? []).map((image) => ({
          imageRef: image.names?.[0] ?? '',
          image: image.names?.[1] ?? image.names?.[0] ?? '',
          size: image.sizeBytes ?? 0,
        })),
      );
    }
    const heartbeat = this.lastConditions.find((condition) => condition.type === 'Ready');
    if (heartbeat?.lastHeartbeatTime) this.lastReported = parseTime(heartbeat.lastHeartbeatTime);
  }

  /** A pod removed without the kubelet (a forced delete): its containers still have to stop. */
  private podRemoved(key: string, uid: string | undefined): void {
    const worker = this.workers.get(key);
    if (!worker || worker.pod.metadata?.uid !== uid) return;
    this.workers.delete(key);
    if (worker.stopping) return;
    this.gone.add(key);
    void worker.terminate();
  }

  /** The host's fault: the node drops off the network, its containers running on. */
  partition(): void {
    this.partitioned = true;
  }

  /**
   * Back on the network: act on what the API server holds now (pods deleted meanwhile are
   * stopped, new ones started), report every pod's status, finish the deletes that waited.
   */
  heal(): void {
    if (!this.partitioned) return;
    this.partitioned = false;
    for (const [key, worker] of [...this.workers]) {
      const pod = this.pods.get(key);
      if (pod?.metadata?.uid !== worker.pod.metadata?.uid)
        this.podRemoved(key, worker.pod.metadata?.uid);
    }
    for (const pod of this.pods.list()) this.podChanged(pod);
    for (const worker of this.workers.values()) this.writeStatus(worker);
    for (const worker of this.deletesAfterPartition.splice(0)) this.deletePod(worker);
  }

  private nodeChanged(node: Node): void {
    this.node = node;
    const cidr = node.spec?.podCIDR ?? null;
    if (cidr && this.runtime.podCIDR !== cidr) this.runtime.podCIDR = cidr;
  }

  /** The node lease heartbeat (component-helpers lease controller): PUT the cached copy, GET/POST when needed. */
  private renewLease(): void {
    void (this.partitioned ? Promise.resolve() : this.syncLease()).finally(() => {
      this.clock.setTimeout(() => {
        this.renewLease();
      }, LEASE_RENEW_MS);
    });
  }

  private async syncLease(): Promise<void> {
    const leases = this.client.resource<Lease>(LEASE_TYPE, 'kube-node-lease');
    const renewTime = formatMicroTime(this.clock.now());
    if (this.lease) {
      try {
        this.lease = await leases.update({
          ...this.lease,
          spec: { ...this.lease.spec, renewTime },
        });
        return;
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) return;
      }
    }
    try {
      this.lease = await leases.get(this.config.name);
      this.lease = await leases.update({ ...this.lease, spec: { ...this.lease.spec, renewTime } });
    } catch (error) {
      if (!isNotFound(error) || !this.node?.metadata?.uid) return;
      this.lease = await leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.config.name,
          namespace: 'kube-node-lease',
          ownerReferences: [
            { apiVersion: 'v1', kind: 'Node', name: this.config.name, uid: this.node.metadata.uid },
          ],
        },
        spec: {
          holderIdentity: this.config.name,
          leaseDurationSeconds: LEASE_DURATION_SECONDS,
          renewTime,
        },
      });
    }
  }

  /**
   * Every 10 s: compute the node's status from the Node the API server holds (which the node
   * controller may have marked Unknown); PATCH it only if it changed or 5 minutes have passed.
   */
  private updateNodeStatus(): void {
    const after = (): void => {
      this.clock.setTimeout(() => {
        this.updateNodeStatus();
      }, NODE_STATUS_UPDATE_MS);
    };
    if (this.partitioned) {
      after();
      return;
    }
    const now = this.clock.now();
    const networkReady = this.runtime.podCIDR !== null;
    const previous = this.node?.status?.conditions ?? this.lastConditions;
    const conditions = nodeConditions({ networkReady, now, previous });
    const changed = conditions.filter((condition) => {
      const old = previous.find((existing) => existing.type === condition.type);
      return old?.status !== condition.status;
    });
    if (changed.length === 0 && now - this.lastReported < NODE_STATUS_REPORT_MS) {
      after();
      return;
    }
    this.lastConditions = conditions;
    this.lastReported = now;
    for (const condition of changed) {
      const reason = CONDITION_EVENTS[condition.type]?.[condition.status];
      if (!reason) continue;
      this.recorder.event(
        this.nodeRef(),
        'Normal',
        reason,
        `Node ${this.config.name} status is now: ${reason}`,
      );
    }
    const status = nodeStatus(this.config, conditions, this.runtime.listImages());
    this.client
      .resource<Node>(NODE_TYPE)
      .patch(this.config.name, 'merge', { status }, { subresource: 'status' })
      .catch(() => undefined)
      .finally(after);
  }

  private podChanged(pod: Pod): void {
    const key = podKey(pod);
    let worker = this.workers.get(key);
    if (worker && worker.pod.metadata?.uid !== pod.metadata?.uid) worker = undefined;
    if (!worker) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      worker = new PodWorker(pod, {
        runtime: this.runtime,
        recorder: this.recorder,
        clock: this.clock,
        hostIP: this.config.ip,
        envSources: {
          configMap: (namespace, name) =>
            this.client.resource<ConfigMap>(CONFIG_MAP_TYPE, namespace).get(name),
          secret: (namespace, name) =>
            this.client.resource<Secret>(SECRET_TYPE, namespace).get(name),
          services: () => this.services.list(),
        },
        allocatable: this.allocatable(),
        traceRuntime: this.trace,
        statusChanged: (changed) => {
          this.writeStatus(changed);
        },
        finished: (finished) => {
          if (this.gone.delete(finished.key)) return;
          this.whenStatusWritten(finished, () => {
            this.deletePod(finished);
          });
        },
      });
      this.workers.set(key, worker);
      // Only a pod this node ran before the restore has an IP the kubelet did not give it.
      const runtime = this.runtime;
      if (this.resumed && pod.status?.podIP && isRestorable(runtime)) {
        const adopted = worker;
        void adopted.adopt(runtime).then(() => {
          if (adopted.pod.metadata?.deletionTimestamp) void adopted.terminate();
        });
        return;
      }
      if (pod.metadata?.deletionTimestamp) {
        void worker.terminate();
        return;
      }
      void worker.start();
      return;
    }
    worker.pod = pod;
    if (pod.metadata?.deletionTimestamp) void worker.terminate();
  }

  /** Node allocatable cpu and memory, what resourceFieldRef limits default to. */
  private allocatable(): { milliCpu: number; memory: number } {
    const cpu = parseQuantity(this.config.cpu);
    return {
      milliCpu: 'error' in cpu ? 0 : cpu.milliValue,
      memory: this.config.memoryBytes - EVICTION_HARD_MEMORY,
    };
  }

  /** The status manager: one write per pod at a time, always of the latest status. */
  private writeStatus(worker: PodWorker): void {
    // Partitioned: the status is written when the node is back.
    if (this.partitioned) return;
    const key = worker.key;
    const state = this.writes.get(key) ?? { running: false, again: false };
    this.writes.set(key, state);
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    const pod = worker.pod;
    const status = generatePodStatus(pod, worker.record, this.clock.now());
    const meta = pod.metadata ?? {};
    this.client
      .resource<Pod>(POD_TYPE, meta.namespace)
      .patch(
        meta.name ?? '',
        'merge',
        { metadata: { uid: meta.uid }, status },
        { subresource: 'status' },
      )
      .then((updated) => {
        worker.pod = { ...worker.pod, status: updated.status };
      })
      .catch(() => undefined)
      .finally(() => {
        state.running = false;
        const waiters = this.statusWaiters.get(key) ?? [];
        if (state.again) {
          state.again = false;
          this.writeStatus(worker);
          return;
        }
        this.statusWaiters.delete(key);
        for (const waiter of waiters) waiter();
      });
  }

  private readonly statusWaiters = new Map<string, (() => void)[]>();

  private whenStatusWritten(worker: PodWorker, then: () => void): void {
    const state = this.writes.get(worker.key);
    if (!state?.running) {
      then();
      return;
    }
    const waiters = this.statusWaiters.get(worker.key) ?? [];
    waiters.push(then);
    this.statusWaiters.set(worker.key, waiters);
  }

  /** The final delete: grace period 0, guarded by the pod's uid. */
  private deletePod(worker: PodWorker): void {
    if (this.partitioned) {
      this.deletesAfterPartition.push(worker);
      return;
    }
    const meta = worker.pod.metadata ?? {};
    this.client
      .resource(POD_TYPE, meta.namespace)
      .delete(meta.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: meta.uid } })
      .catch(() => undefined);
  }

  /** The pod manager's pod: one bound to this node, as the kubelet last saw it. */
  podByName(namespace: string, name: string): Pod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /** The status manager's view of a pod it runs: the status it would write now. */
  podStatus(pod: Pod): PodStatus | undefined {
    const worker = this.workers.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`);
    if (!worker || worker.pod.metadata?.uid !== pod.metadata?.uid) return undefined;
    return generatePodStatus(worker.pod, worker.record, this.clock.now());
  }

  stop(): void {
    this.pods.stop();
    this.nodeInformer.stop();
    this.services.stop();
  }
}
