// The kubelet's side of the pod network (docs/decisions/0002-pod-network.md): a pod's DNS
// questions and new connections leave for the node's kube-proxy (its netfilter rules and the
// way to cluster DNS) and their answers come back here; a connection routed to a pod on this
// node is answered from the container runtime, straight to the client pod's kubelet (the reply
// direction of the connection). Loopback connections stay in the pod. Left out: other protocols.

import {
  kubeProxyId,
  type ConnectionResult,
  type Envelope,
  type Message,
  type PodConnection,
  type TraceDraft,
} from '../client/protocol.ts';
import type { ContainerNetwork } from './process.ts';
import type { NodeNetwork, SimulatedRuntime } from './simulated-runtime.ts';

type Send = (to: string, message: Message, trace?: Partial<TraceDraft>) => void;

export class PodNetwork implements NodeNetwork {
  private nextId = 1;
  private readonly lookups = new Map<number, (answers: (string[] | null)[]) => void>();
  private readonly connections = new Map<number, (result: ConnectionResult) => void>();

  constructor(
    private readonly self: string,
    private readonly nodeName: string,
    private readonly send: Send,
    private readonly runtime: Pick<SimulatedRuntime, 'serve' | 'podAt'>,
  ) {}

  forPod(namespace: string, name: string, ip: string): ContainerNetwork {
    const pod = `${namespace}/${name}`;
    return {
      namespace,
      lookup: (names) => this.lookup(pod, names),
      connect: (destination, port, request) =>
        destination.startsWith('127.')
          ? Promise.resolve(this.runtime.serve(ip, port, request, destination))
          : this.connect({
              client: this.self,
              clientId: 0,
              pod,
              source: ip,
              destination,
              port,
              request,
            }),
    };
  }

  private lookup(pod: string, names: string[]): Promise<(string[] | null)[]> {
    const id = this.nextId++;
    this.send(
      kubeProxyId(this.nodeName),
      { type: 'dns-query', id, query: { pod, names } },
      { from: `pod:${pod}`, to: 'kube-dns' },
    );
    return new Promise((resolve) => {
      this.lookups.set(id, resolve);
    });
  }

  private connect(connection: PodConnection): Promise<ConnectionResult> {
    const id = this.nextId++;
    this.send(
      kubeProxyId(this.nodeName),
      { type: 'pod-connect', id, connection: { ...connection, clientId: id } },
      { from: `pod:${connection.pod}` },
    );
    return new Promise((resolve) => {
      this.connections.set(id, resolve);
    });
  }

  /** Takes the pod network's messages; false for any other. */
  handle(envelope: Envelope): boolean {
    const { message } = envelope;
    switch (message.type) {
      case 'dns-answer':
        this.lookups.get(message.id)?.(message.answers);
        this.lookups.delete(message.id);
        return true;
      case 'pod-connect-result':
        this.connections.get(message.id)?.(message.result);
        this.connections.delete(message.id);
        return true;
      case 'pod-connect': {
        const { connection } = message;
        const { destination, port, request, source } = connection;
        const result = this.runtime.serve(destination, port, request, source);
        const server = this.runtime.podAt(destination) ?? destination;
        this.send(
          connection.client,
          { type: 'pod-connect-result', id: connection.clientId, result },
          { from: `pod:${server}`, to: `pod:${connection.pod}` },
        );
        return true;
      }
      default:
        return false;
    }
  }
}
