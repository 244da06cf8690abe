// kube-scheduler as a cluster component: it authenticates as system:kube-scheduler and reaches
// the cluster only through the API server; its own server answers health checks and the UI's
// questions about the attempts it kept.

import { Client } from '../client/client.ts';
import { SCHEDULER, type ComponentId } from '../client/protocol.ts';
import { ActorTransport } from '../client/transport.ts';
import type { ActorSpec } from '../host/runtime.ts';
import { Scheduler } from './scheduler.ts';
import { SchedulerServer } from './server.ts';

export const SCHEDULER_USER = {
  username: 'system:kube-scheduler',
  groups: ['system:authenticated'],
};

export function createSchedulerActor(id: ComponentId = SCHEDULER): ActorSpec {
  return {
    id,
    start(context) {
      const transport = new ActorTransport(context, SCHEDULER_USER);
      const scheduler = new Scheduler(new Client(transport), context.clock, context.rng, {
        onDecision: (ref, label) => {
          context.trace({ to: id, kind: 'internal', label, ref });
        },
      });
      const server = new SchedulerServer(scheduler.attempts, (to, message) => {
        context.send(to, message);
      });
      context.onMessage((envelope) => {
        if (!server.handle(envelope)) transport.handle(envelope);
      });
      void scheduler.start();
    },
  };
}
