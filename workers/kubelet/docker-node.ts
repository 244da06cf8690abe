// A node backed by a real Docker host through the local agent: the same kubelet and kube-proxy as
// every node, with the Docker runtime (docker-runtime.ts) in place of the simulated one. Its
// capacity and node info are the engine's (`docker info`: CPUs, memory, kernel, OS, engine
// version), its pods 110 as any kubelet's; its CRI calls travel as messages to the page's agent
// component, which holds the one WebSocket, and the answers come back as messages in later rounds.
// After a page reload its kubelet restarts `resumed`: it relists what the agent still runs and
// takes those pods over, as a real kubelet finds its containers after a restart.

import type { NodeInfo } from '../../agent/protocol.ts';
import { AGENT, kubeletId } from '../client/protocol.ts';
import type { ActorSpec } from '../host/runtime.ts';
import { DockerRuntime } from './docker-runtime.ts';
import { kubeProxySpec, nodeIP, nodeTransport, startKubelet, type NodeOptions } from './index.ts';
import type { NodeConfig } from './node-status.ts';

/** The label that marks a node whose pods are real containers, valued by the engine's name. */
export const AGENT_RUNTIME_LABEL = 'io.k8s-playground/runtime';

const HEX = '0123456789abcdef';
const GIB = 1024 * 1024 * 1024;

export interface DockerNodeOptions extends Pick<NodeOptions, 'name' | 'index' | 'resumed'> {
  /** The agent's machine and engine. */
  engine: NodeInfo;
}

/** Where a Docker node's CRI calls show on the trace. */
export function dockerRuntimeId(node: string): string {
  return `docker/${node}`;
}

function dockerNodeConfig(
  options: DockerNodeOptions,
  rng: { string(length: number, alphabet: string): string; uuid(): string },
): NodeConfig {
  const { engine } = options;
  return {
    name: options.name,
    ip: nodeIP(options),
    cpu: String(engine.cpus),
    memoryBytes: engine.memoryBytes,
    ephemeralStorageBytes: 100 * GIB,
    maxPods: 110,
    labels: {
      'beta.kubernetes.io/arch': engine.architecture,
      'kubernetes.io/arch': engine.architecture,
      [AGENT_RUNTIME_LABEL]: engine.runtimeName,
    },
    machineID: rng.string(32, HEX),
    systemUUID: rng.uuid(),
    bootID: rng.uuid(),
    nodeInfo: {
      architecture: engine.architecture,
      containerRuntimeVersion: `${engine.runtimeName}://${engine.runtimeVersion}`,
      kernelVersion: engine.kernelVersion,
      operatingSystem: engine.os,
      osImage: engine.osImage,
    },
  };
}

export function createDockerNodeActors(options: DockerNodeOptions): ActorSpec[] {
  const kubeletSpec: ActorSpec = {
    id: kubeletId(options.name),
    start(context) {
      const transport = nodeTransport(context, options.name);
      const config = dockerNodeConfig(options, context.rng);
      const runtime = new DockerRuntime(context.clock, (frame) => {
        context.send(AGENT, { type: 'agent-call', frame });
      });
      startKubelet(context, transport, {
        config,
        runtime,
        runtimeId: dockerRuntimeId(options.name),
        ...(options.resumed ? { resumed: true } : {}),
        serve: {
          containerLog: (id) => runtime.containerLog(id),
          containerStatus: (id) => runtime.containerStatus(id),
          prepareExec: () => undefined,
          exec: (id, command, output, onEnd) => runtime.exec(id, command, output, onEnd),
          usage: () => runtime.usage(),
        },
        handle: (envelope) => {
          if (envelope.message.type !== 'agent-frame') return false;
          runtime.receive(envelope.message.frame);
          return true;
        },
        // An agent that cannot list leaves nothing to adopt: the pods start over.
        ...(options.resumed ? { ready: runtime.relist().catch(() => undefined) } : {}),
      });
    },
  };
  return [kubeletSpec, kubeProxySpec(options)];
}
