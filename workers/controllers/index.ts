// kube-controller-manager as a cluster component, authenticated as system:kube-controller-manager.

import { Client } from '../client/client.ts';
import { CONTROLLER_MANAGER } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorSpec } from '../host/runtime.ts';
import { ControllerManager } from './manager.ts';

export const CONTROLLER_MANAGER_USER = {
  username: 'system:kube-controller-manager',
  groups: ['system:authenticated'],
};

export function createControllerManagerActor(): ActorSpec {
  return {
    id: CONTROLLER_MANAGER,
    start(context) {
      const client = new Client(ActorTransport.attach(context, CONTROLLER_MANAGER_USER));
      void new ControllerManager(client, context.clock, context.rng).start();
    },
  };
}
