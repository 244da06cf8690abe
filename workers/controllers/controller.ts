// What every controller in the controller manager gets: the shared informers, a client, the
// clock and randomness, and an event recorder named after it (controller-manager's ControllerContext).

import type { Client } from '../client/client.ts';
import { CoreEventRecorder } from '../client/events.ts';
import type { InformerFactory } from '../client/informer.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';

export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  rng: Rng;
  recorder(component: string): CoreEventRecorder;
}

export interface Controller {
  readonly name: string;
  /**
   * The service account in kube-system the controller acts as (`--use-service-account-credentials`),
   * when it differs from its name: the node IPAM and lifecycle controllers share `node-controller`.
   */
  readonly serviceAccount?: string;
  /** Registers informers and handlers; called before the informers start. */
  setup(context: ControllerContext): void;
  /** Starts the work loops once the informers have synced. */
  run(): void;
}

export function createRecorderFactory(
  client: Client,
  clock: Clock,
): (component: string) => CoreEventRecorder {
  return (component) => new CoreEventRecorder(client, clock, { component });
}
