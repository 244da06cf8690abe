// The kubectl of the UI and of scripted scenarios: a component like any other, whose requests
// are injected between rounds (ActorRuntime.enqueueExternal) so they enter the lockstep.

import { Client } from '../client/client.ts';
import { KUBECTL, kubeletId } from '../client/protocol.ts';
import { ActorTransport, asUser } from '../client/transport.ts';
import type { Coordinator } from './coordinator.ts';
import type { ActorContext, ActorRuntime, ActorSpec } from './runtime.ts';

/** kubeadm's admin.conf identity. */
export const ADMIN_USER = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};

export interface KubectlHandle {
  /** Set once the component has started (its first round); acts as kubernetes-admin. */
  client: Client | null;
  /**
   * The same component's requests with no identity of their own: the API server authenticates
   * them from their headers (real kubectl's requests, relayed from outside the cluster).
   */
  transport: ActorTransport | null;
  context: ActorContext | null;
}

export function createKubectlActor(): { spec: ActorSpec; handle: KubectlHandle } {
  const handle: KubectlHandle = { client: null, transport: null, context: null };
  return {
    handle,
    spec: {
      id: KUBECTL,
      start(context) {
        handle.context = context;
        handle.transport = ActorTransport.attach(context);
        handle.client = new Client(asUser(handle.transport, ADMIN_USER));
      },
    },
  };
}

/**
 * Runs `action` with kubectl's client as the next round's external input and keeps the cluster
 * going until it settles; virtual time moves only as far as the cluster needs. For Node hosts,
 * which run the cluster as fast as possible.
 */
export async function runKubectl<T>(
  coordinator: Coordinator,
  runtime: ActorRuntime,
  handle: KubectlHandle,
  action: (client: Client) => Promise<T>,
  limitMs: number,
): Promise<T> {
  if (!handle.client) await coordinator.runRound();
  let result: { value: T } | { error: unknown } | null = null;
  runtime.enqueueExternal('kubectl', () => {
    const client = handle.client;
    if (!client) throw new Error('kubectl has not started');
    action(client).then(
      (value) => (result = { value }),
      (error: unknown) => (result = { error }),
    );
  });
  await coordinator.runUntilCondition(() => result !== null, limitMs);
  const settled = result as { value: T } | { error: unknown } | null;
  if (settled === null)
    throw new Error(`kubectl action did not finish within ${limitMs} ms of virtual time`);
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/**
 * A scenario's fault, sent by kubectl as a message so it lands in the same round in every host:
 * the node's kubelet drops off the network (no status, no Lease, no watch) or comes back.
 */
export function sendNodeFault(handle: KubectlHandle, node: string, beating: boolean): void {
  if (!handle.context) throw new Error('kubectl has not started');
  handle.context.send(kubeletId(node), {
    type: 'node-fault',
    fault: beating ? 'heal' : 'partition',
  });
}
