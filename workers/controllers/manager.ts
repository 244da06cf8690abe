// kube-controller-manager: the controllers share one informer per resource (SharedInformerFactory),
// start after the informers have synced, and talk to the cluster only through the API server. As
// kubeadm runs it (`--use-service-account-credentials`), the informers act as
// system:kube-controller-manager and each controller as its own service account in kube-system,
// which the manager creates when missing (SAControllerClientBuilder); tokens are left out, since
// in-cluster callers carry their identity.

import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { Client, isNotFound, SERVICE_ACCOUNT_TYPE } from '../client/client.ts';
import { InformerFactory } from '../client/informer.ts';
import type { UserInfo } from '../client/protocol.ts';
import { asUser } from '../client/transport.ts';
import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { ClusterRoleAggregationController } from './clusterroleaggregation/clusterroleaggregation.ts';
import { CronJobController } from './cronjob/cronjob-controller.ts';
import { createRecorderFactory, type Controller, type ControllerContext } from './controller.ts';
import { DaemonSetController } from './daemonset/daemonset.ts';
import { DisruptionController } from './disruption/disruption.ts';
import { EndpointsController } from './endpoints/endpoints.ts';
import { EndpointSliceController } from './endpointslice/endpointslice.ts';
import { DeploymentController } from './deployment/deployment-controller.ts';
import { GarbageCollector } from './garbagecollector/garbagecollector.ts';
import { HorizontalController } from './podautoscaler/horizontal.ts';
import { JobController } from './job/job-controller.ts';
import { NamespaceController } from './namespace/namespace.ts';
import { NodeIpamController } from './nodeipam/nodeipam.ts';
import { NodeLifecycleController } from './nodelifecycle/nodelifecycle.ts';
import { PodGcController } from './podgc/gc-controller.ts';
import { ReplicaSetController } from './replicaset/replicaset.ts';
import { ReplicationManager } from './replicaset/replication.ts';
import { ResourceQuotaController } from './resourcequota/resource-quota-controller.ts';
import { RootCaCertPublisher } from './rootcacertpublisher/publisher.ts';
import { StatefulSetController } from './statefulset/statefulset.ts';
import { TaintEvictionController } from './tainteviction/taint-eviction.ts';
import { ServiceAccountController } from './serviceaccount/serviceaccount.ts';
import { TtlAfterFinishedController } from './ttlafterfinished/ttlafterfinished.ts';

const CONTROLLER_NAMESPACE = 'kube-system';

export function defaultControllers(): Controller[] {
  return [
    new ServiceAccountController(),
    new RootCaCertPublisher(),
    new NodeIpamController(),
    new NodeLifecycleController(),
    new TaintEvictionController(),
    new PodGcController(),
    new ReplicaSetController(),
    new ReplicationManager(),
    new DaemonSetController(),
    new StatefulSetController(),
    new JobController(),
    new CronJobController(),
    new TtlAfterFinishedController(),
    new EndpointsController(),
    new EndpointSliceController(),
    new DeploymentController(),
    new ClusterRoleAggregationController(),
    new DisruptionController(),
    new ResourceQuotaController(),
    new HorizontalController(),
    new GarbageCollector(),
    new NamespaceController(),
  ];
}

/** serviceaccount.UserInfo: how a service account authenticates. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${namespace}`,
      'system:authenticated',
    ],
  };
}

function accountOf(controller: Controller): string {
  return controller.serviceAccount ?? controller.name;
}

export class ControllerManager {
  private readonly informers: InformerFactory;
  private readonly context: ControllerContext;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
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

  /** The context a controller sees: the shared informers, and a client acting as its account. */
  private contextFor(controller: Controller): ControllerContext {
    const user = serviceAccountUser(CONTROLLER_NAMESPACE, accountOf(controller));
    const client = new Client(asUser(this.client.transport, user));
    return { ...this.context, client, recorder: createRecorderFactory(client, this.clock) };
  }

  /** getOrCreateServiceAccount, as the manager's own identity. */
  private async ensureServiceAccount(name: string): Promise<void> {
    const accounts = this.client.resource<ServiceAccount>(
      SERVICE_ACCOUNT_TYPE,
      CONTROLLER_NAMESPACE,
    );
    try {
      await accounts.get(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await accounts.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
    }
  }

  async start(): Promise<void> {
    for (const controller of this.controllers) controller.setup(this.contextFor(controller));
    const accounts = [...new Set(this.controllers.map(accountOf))];
    await Promise.all([
      this.informers.start(),
      ...accounts.map((account) => this.ensureServiceAccount(account)),
    ]);
    for (const controller of this.controllers) controller.run();
  }

  stop(): void {
    this.informers.stop();
  }
}
