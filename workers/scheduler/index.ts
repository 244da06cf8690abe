// kube-scheduler as a cluster component: it authenticates as system:kube-scheduler and reaches
// the cluster only through the API server.

import { Client } from '../client/client.ts';
import { SCHEDULER, type ComponentId } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorSpec } from '../host/runtime.ts';
import { Scheduler } from './scheduler.ts';

export const SCHEDULER_USER = {
  username: 'system:kube-scheduler',
  groups: ['system:authenticated'],
};

export function createSchedulerActor(id: ComponentId = SCHEDULER): ActorSpec {
  return {
    id,
    start(context) {
      const client = new Client(ActorTransport.attach(context, SCHEDULER_USER));
      const scheduler = new Scheduler(client, context.clock, context.rng, {
        onDecision: (ref, label) => {
          context.trace({ to: id, kind: 'internal', label, ref });
        },
      });
      void scheduler.start();
    },
  };
}
