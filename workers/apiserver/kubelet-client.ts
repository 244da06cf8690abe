// kube-apiserver's client for kubelets (pkg/kubelet/client/kubelet_client.go): where a node's
// kubelet listens (NodeConnectionInfoGetter: the first address of a preferred type, the port the
// node reports), and the request itself, sent as a message to the node's kubelet component. A
// kubelet the API server has never heard from cannot be reached: the dial is refused, as it is
// for a node whose kubelet is down.

import type { Node } from 'kubernetes-types/core/v1';
import {
  kubeletId,
  type ApiResponse,
  type ComponentId,
  type Envelope,
  type KubeletRequest,
  type StreamChannel,
} from '../client/protocol.ts';
import type { ActorContext } from '../host/runtime.ts';

/** kubeadm's --kubelet-preferred-address-types. */
const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname'];
/** --kubelet-port, for nodes that report none. */
const DEFAULT_KUBELET_PORT = 10250;

/** A dial that failed; the API server answers it as an error without a Status reason. */
export class KubeletDialError extends Error {}

/** `https://172.18.0.3:10250`: where the node's kubelet serves, or why it cannot be known. */
export function kubeletLocation(node: Node): string {
  const addresses = node.status?.addresses ?? [];
  let host: string | undefined;
  for (const type of PREFERRED_ADDRESS_TYPES) {
    host = addresses.find((address) => address.type === type)?.address;
    if (host) break;
  }
  if (!host) {
    const known = addresses.map((address) => `{${address.type} ${address.address}}`).join(' ');
    throw new Error(`no preferred addresses found; known addresses: [${known}]`);
  }
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
  return `https://${host}:${String(port > 0 ? port : DEFAULT_KUBELET_PORT)}`;
}

/** Where a streamed answer's body goes after its head (on a channel, after a 101). */
export interface KubeletStreamReceiver {
  data(chunk: string, channel?: StreamChannel): void;
  end(): void;
}

/** A request to a kubelet in flight. */
export interface KubeletExchange {
  response: Promise<ApiResponse>;
  /** Leaves a streamed answer. */
  cancel(): void;
  /** Writes on an upgraded stream's stdin or resize channel. */
  write(chunk: string, channel: StreamChannel): void;
  /** Ends the upgraded stream's stdin. */
  endInput(): void;
}

export interface KubeletConnection {
  /**
   * Sends `request` to the kubelet of `node`. `response` resolves with the answer's head (and its
   * body so far), or rejects with a KubeletDialError.
   */
  open(node: string, request: KubeletRequest, receiver: KubeletStreamReceiver): KubeletExchange;
}

function refused(request: KubeletRequest): KubeletExchange {
  const host = new URL(request.url).host;
  const error = new KubeletDialError(
    `${request.verb.charAt(0)}${request.verb.slice(1).toLowerCase()} "${request.url}": dial tcp ${host}: connect: connection refused`,
  );
  const ignore = (): void => undefined;
  return { response: Promise.reject(error), cancel: ignore, write: ignore, endInput: ignore };
}

/** An API server that reaches no kubelet (one without a cluster around it). */
export const NO_KUBELETS: KubeletConnection = {
  open: (_node, request) => refused(request),
};

interface Exchange {
  to: ComponentId;
  resolve(response: ApiResponse): void;
  receiver: KubeletStreamReceiver;
  /** Left before the head came: the head still settles the request, nothing more is passed on. */
  cancelled: boolean;
}

export class ActorKubeletClient implements KubeletConnection {
  private nextId = 1;
  /** Kubelets that have sent the API server anything: the ones whose port is open. */
  private readonly reachable = new Set<ComponentId>();
  private readonly exchanges = new Map<number, Exchange>();

  constructor(private readonly context: ActorContext) {}

  open(node: string, request: KubeletRequest, receiver: KubeletStreamReceiver): KubeletExchange {
    const to = kubeletId(node);
    if (!this.reachable.has(to)) return refused(request);
    const id = this.nextId++;
    let answered = false;
    const response = new Promise<ApiResponse>((resolve) => {
      this.exchanges.set(id, {
        to,
        resolve: (answer) => {
          answered = true;
          resolve(answer);
        },
        receiver,
        cancelled: false,
      });
    });
    this.context.send(to, { type: 'kubelet-request', id, request });
    return {
      response,
      cancel: () => {
        const exchange = this.exchanges.get(id);
        if (!exchange || exchange.cancelled) return;
        exchange.cancelled = true;
        if (answered) this.exchanges.delete(id);
        this.context.send(to, { type: 'stream-cancel', id });
      },
      write: (chunk, channel) => {
        if (this.exchanges.get(id)?.cancelled === false)
          this.context.send(to, { type: 'stream-data', id, data: chunk, channel });
      },
      endInput: () => {
        if (this.exchanges.get(id)?.cancelled === false)
          this.context.send(to, { type: 'stream-end', id, channel: 'stdin' });
      },
    };
  }

  /** Notes who talks to the API server and takes the kubelets' answers; false for the rest. */
  handle(envelope: Envelope): boolean {
    const { from, message } = envelope;
    if (!from.startsWith('kubelet/')) return false;
    this.reachable.add(from);
    const exchange =
      'id' in message && this.exchanges.get(message.id)?.to === from
        ? this.exchanges.get(message.id)
        : undefined;
    switch (message.type) {
      case 'kubelet-response':
        if (!message.response.stream || exchange?.cancelled) this.exchanges.delete(message.id);
        exchange?.resolve(message.response);
        return true;
      case 'stream-data':
        if (!exchange?.cancelled) exchange?.receiver.data(message.data, message.channel);
        return true;
      case 'stream-end':
        if (exchange) this.exchanges.delete(message.id);
        if (!exchange?.cancelled) exchange?.receiver.end();
        return true;
      default:
        return false;
    }
  }
}
