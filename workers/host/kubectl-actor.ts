// The kubectl of the UI and of scripted scenarios: a component like any other, whose requests
// are injected between rounds (ActorRuntime.enqueueExternal) so they enter the lockstep.

import { Client } from '../client/client.ts';
import { KUBECTL } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorContext, ActorSpec } from './runtime.ts';

/** kubeadm's admin.conf identity. */
export const ADMIN_USER = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};

export interface KubectlHandle {
  /** Set once the component has started (its first round). */
  client: Client | null;
  context: ActorContext | null;
}

export function createKubectlActor(): { spec: ActorSpec; handle: KubectlHandle } {
  const handle: KubectlHandle = { client: null, context: null };
  return {
    handle,
    spec: {
      id: KUBECTL,
      start(context) {
        handle.context = context;
        handle.client = new Client(ActorTransport.attach(context, ADMIN_USER));
      },
    },
  };
}
