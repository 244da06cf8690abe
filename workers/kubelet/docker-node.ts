// A node backed by a real Docker host through the local agent: the same kubelet and kube-proxy as
// every node, with the Docker runtime (docker-runtime.ts) in place of the simulated one. Its
// capacity and node info are the engine's (`docker info`: CPUs, memory, kernel, OS, engine
// version), its pods 110 as any kubelet's; its CRI calls travel as messages to the page's agent
// component, which holds the one WebSocket, and the answers come back as messages in later rounds.

import type { NodeInfo } from '../../agent/protocol.ts';
import { Client } from '../client/client.ts';
import { CoreEventRecorder } from '../client/events.ts';
import { AGENT, kubeletId } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorSpec } from '../host/runtime.ts';
import { DockerRuntime } from './docker-runtime.ts';
import { kubeProxySpec, nodeIP, type NodeOptions } from './index.ts';
import { Kubelet } from './kubelet.ts';
import type { NodeConfig } from './node-status.ts';
import { KubeletServer } from './server.ts';

/** The label that marks a node whose pods are real containers, valued by the engine's name. */
export const AGENT_RUNTIME_LABEL = 'io.k8s-playground/runtime';

const HEX = '0123456789abcdef';
const GIB = 1024 * 1024 * 1024;

export interface DockerNodeOptions extends Pick<NodeOptions, 'name' | 'index'> {
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
      const user = {
        username: `system:node:${options.name}`,
        groups: ['system:nodes', 'system:authenticated'],
      };
      const transport = new ActorTransport(context, user);
      const client = new Client(transport);
      const config = dockerNodeConfig(options, context.rng);
      const runtime = new DockerRuntime(context.clock, (frame) => {
        context.send(AGENT, { type: 'agent-call', frame });
      });
      const recorder = new CoreEventRecorder(client, context.clock, {
        component: 'kubelet',
        host: options.name,
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
            to: dockerRuntimeId(options.name),
            kind: 'runtime',
            label: detail ? `${call} ${detail}` : call,
            ref: `pods/${meta.namespace ?? ''}/${meta.name ?? ''}`,
          });
        },
      );
      const server = new KubeletServer(
        {
          podByName: (namespace, name) => kubelet.podByName(namespace, name),
          podStatus: (pod) => kubelet.podStatus(pod),
          containerLog: (id) => runtime.containerLog(id),
          containerStatus: (id) => runtime.containerStatus(id),
          prepareExec: () => undefined,
          exec: (id, command, output, onEnd) => runtime.exec(id, command, output, onEnd),
          usage: () => runtime.usage(),
          now: () => context.clock.now(),
          clock: context.clock,
        },
        (to, message) => {
          context.send(to, message);
        },
      );
      context.onMessage((envelope) => {
        const { message } = envelope;
        if (message.type === 'agent-frame') runtime.receive(message.frame);
        else if (message.type === 'node-fault') {
          if (message.fault === 'partition') kubelet.partition();
          else kubelet.heal();
        } else if (!transport.handle(envelope)) server.handle(envelope);
      });
      void kubelet.start();
    },
  };
  return [kubeletSpec, kubeProxySpec(options)];
}
