// A worker node as cluster components: its kubelet (with the simulated container runtime) and
// its kube-proxy, each authenticating as itself and talking only to the API server. The kubelet
// also serves the API server's requests to it (pods/log, pods/exec) from its own server.

import { Client } from '../client/client.ts';
import { CoreEventRecorder } from '../client/events.ts';
import { kubeletId, kubeProxyId, type Envelope } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorContext, ActorSpec } from '../host/runtime.ts';
import type { KubeletRuntime } from './cri.ts';
import { CustomImages, type ImageDefinition } from './custom-images.ts';
import { KubeProxy } from './kube-proxy.ts';
import { Kubelet } from './kubelet.ts';
import { KERNEL_VERSION, type NodeConfig } from './node-status.ts';
import { PodNetwork } from './pod-network.ts';
import { ProxyNetwork } from './proxy-network.ts';
import { KubeletServer, type KubeletServerHost } from './server.ts';
import { SimulatedRuntime } from './simulated-runtime.ts';

export interface NodeOptions {
  name: string;
  /** 1-based position, which picks the node's IP (172.18.0.2 is the control plane, as in kind). */
  index: number;
  cpu?: string;
  memoryBytes?: number;
  maxPods?: number;
  labels?: Record<string, string>;
  /**
   * The node kept running while the control plane was restored from a snapshot: the kubelet
   * announces no start and adopts the running pods the API server shows bound to it
   * (docs/decisions/0003-restoring-state.md).
   */
  resumed?: boolean;
  /** Images defined as data by the host page (custom-images.ts), pulled like any other. */
  images?: readonly ImageDefinition[];
}

const GIB = 1024 * 1024 * 1024;
const HEX = '0123456789abcdef';

export function runtimeId(node: string): string {
  return `containerd/${node}`;
}

/** The node's InternalIP, as kind numbers them. */
export function nodeIP(options: NodeOptions): string {
  return `172.18.0.${String(options.index + 2)}`;
}

/** What a node's kubelet runs on, beside the parts every kubelet has. */
export interface KubeletStart {
  config: NodeConfig;
  runtime: KubeletRuntime;
  /** Where the runtime's CRI calls show on the trace. */
  runtimeId: string;
  resumed?: boolean;
  /** What the kubelet's server reads of the runtime: logs, exec, usage. */
  serve: Pick<
    KubeletServerHost,
    'containerLog' | 'containerStatus' | 'prepareExec' | 'exec' | 'usage'
  >;
  /** Messages for the node's own parts (its pod network, the agent's frames); true when taken. */
  handle?(envelope: Envelope): boolean;
  /** Awaited before the kubelet starts (a Docker node relists what its engine still runs). */
  ready?: Promise<void>;
}

/** The node's identity as its kubelet and kube-proxy authenticate. */
export function nodeTransport(context: ActorContext, name: string): ActorTransport {
  return new ActorTransport(context, {
    username: `system:node:${name}`,
    groups: ['system:nodes', 'system:authenticated'],
  });
}

/**
 * Starts a node's kubelet on `start.runtime` (simulated or Docker): its events, its runtime's
 * trace, its server for the API server's log and exec requests, and the host's faults.
 */
export function startKubelet(
  context: ActorContext,
  transport: ActorTransport,
  start: KubeletStart,
): Kubelet {
  const { config, runtime } = start;
  const client = new Client(transport);
  const recorder = new CoreEventRecorder(client, context.clock, {
    component: 'kubelet',
    host: config.name,
  });
  const kubelet = new Kubelet(
    client,
    context.clock,
    context.rng,
    config,
    runtime,
    recorder,
    (pod, call, detail) => {
      const meta = pod.metadata ?? {};
      context.trace({
        to: start.runtimeId,
        kind: 'runtime',
        label: detail ? `${call} ${detail}` : call,
        ref: `pods/${meta.namespace ?? ''}/${meta.name ?? ''}`,
      });
    },
    start.resumed,
  );
  const server = new KubeletServer(
    {
      podByName: (namespace, name) => kubelet.podByName(namespace, name),
      podStatus: (pod) => kubelet.podStatus(pod),
      ...start.serve,
      now: () => context.clock.now(),
      clock: context.clock,
    },
    (to, message) => {
      context.send(to, message);
    },
  );
  context.onMessage((envelope) => {
    const { message } = envelope;
    if (message.type === 'node-fault') {
      if (message.fault === 'partition') kubelet.partition();
      else kubelet.heal();
    } else if (!transport.handle(envelope) && !start.handle?.(envelope)) server.handle(envelope);
  });
  if (start.ready) void start.ready.then(() => kubelet.start());
  else void kubelet.start();
  return kubelet;
}

export function createNodeActors(options: NodeOptions): ActorSpec[] {
  const kubeletSpec: ActorSpec = {
    id: kubeletId(options.name),
    start(context) {
      const transport = nodeTransport(context, options.name);
      const config: NodeConfig = {
        name: options.name,
        ip: nodeIP(options),
        cpu: options.cpu ?? '4',
        memoryBytes: options.memoryBytes ?? 8 * GIB,
        ephemeralStorageBytes: 100 * GIB,
        maxPods: options.maxPods ?? 110,
        labels: options.labels ?? {},
        machineID: context.rng.string(32, HEX),
        systemUUID: context.rng.uuid(),
        bootID: context.rng.uuid(),
      };
      const runtime = new SimulatedRuntime(
        context.clock,
        context.rng,
        {
          cpus: Number(config.cpu),
          kernelVersion: KERNEL_VERSION,
          memoryBytes: config.memoryBytes,
        },
        new CustomImages(options.images),
      );
      const network = new PodNetwork(
        context.id,
        options.name,
        (to, message, trace) => {
          context.send(to, message, trace);
        },
        runtime,
        context.rng,
      );
      runtime.attachNetwork(network);
      startKubelet(context, transport, {
        config,
        runtime,
        runtimeId: runtimeId(options.name),
        ...(options.resumed === undefined ? {} : { resumed: options.resumed }),
        serve: {
          containerLog: (id) => runtime.containerLog(id),
          containerStatus: (id) => runtime.containerStatus(id),
          prepareExec: (id) => runtime.prepareExec(id),
          usage: () => runtime.usage.sample(context.clock.now()),
        },
        handle: (envelope) => network.handle(envelope),
      });
    },
  };
  return [kubeletSpec, kubeProxySpec(options)];
}

/** The node's kube-proxy: its Service rules, and the pod network's way through them. */
export function kubeProxySpec(options: NodeOptions): ActorSpec {
  return {
    id: kubeProxyId(options.name),
    start(context) {
      const user = { username: 'system:kube-proxy', groups: ['system:authenticated'] };
      const transport = new ActorTransport(context, user);
      const proxy = new KubeProxy(
        new Client(transport),
        context.clock,
        context.rng,
        options.name,
        (draft) => {
          context.trace(draft);
        },
      );
      const network = new ProxyNetwork(proxy, options.name, nodeIP(options), context);
      context.onMessage((envelope) => {
        if (!transport.handle(envelope)) network.handle(envelope);
      });
      void proxy.start();
    },
  };
}
