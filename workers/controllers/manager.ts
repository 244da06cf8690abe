// kube-controller-manager: the controllers share one informer per resource (SharedInformerFactory),
// start after the informers have synced, and talk to the cluster only through the API server.

import type { Client } from '../client/client.ts';
import { InformerFactory } from '../client/informer.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { createRecorderFactory, type Controller, type ControllerContext } from './controller.ts';
import { NodeIpamController } from './nodeipam/nodeipam.ts';
import { NodeLifecycleController } from './nodelifecycle/nodelifecycle.ts';
import { ReplicaSetController } from './replicaset/replicaset.ts';
import { RootCaCertPublisher } from './rootcacertpublisher/publisher.ts';
import { ServiceAccountController } from './serviceaccount/serviceaccount.ts';

export function defaultControllers(): Controller[] {
  return [
    new ServiceAccountController(),
    new RootCaCertPublisher(),
    new NodeIpamController(),
    new NodeLifecycleController(),
    new ReplicaSetController(),
  ];
}

export class ControllerManager {
  private readonly informers: InformerFactory;
  private readonly context: ControllerContext;

  constructor(
    client: Client,
    clock: Clock,
    rng: Rng,
    private readonly controllers: Controller[] = defaultControllers(),
  ) {
    this.informers = new InformerFactory(client, clock, rng);
    this.context = {
      client,
      informers: this.informers,
      clock,
      rng,
      recorder: createRecorderFactory(client, clock),
    };
  }

  async start(): Promise<void> {
    for (const controller of this.controllers) controller.setup(this.context);
    await this.informers.start();
    for (const controller of this.controllers) controller.run();
  }

  stop(): void {
    this.informers.stop();
  }
}
