// The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
// every active namespace gets a `default` ServiceAccount, recreated if deleted.

import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1';
import { isAlreadyExists, NAMESPACE_TYPE, SERVICE_ACCOUNT_TYPE } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';

const DEFAULT_ACCOUNT = 'default';

export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount-controller';
  readonly serviceAccount = 'service-account-controller';
  private context!: ControllerContext;
  private namespaces!: Informer<Namespace>;
  private accounts!: Informer<ServiceAccount>;
  private queue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.namespaces = context.informers.for<Namespace>(NAMESPACE_TYPE);
    this.accounts = context.informers.for<ServiceAccount>(SERVICE_ACCOUNT_TYPE);
    const enqueueNamespace = (namespace: Namespace): void => {
      this.queue.add(objectKey(namespace));
    };
    this.namespaces.addEventHandler({
      onAdd: enqueueNamespace,
      onUpdate: (_old, namespace) => {
        enqueueNamespace(namespace);
      },
    });
    this.accounts.addEventHandler({
      onDelete: (account) => {
        if (account.metadata?.name === DEFAULT_ACCOUNT)
          this.queue.add(account.metadata.namespace ?? '');
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (namespace) => this.sync(namespace));
  }

  private async sync(name: string): Promise<void> {
    const namespace = this.namespaces.get(name);
    if (!namespace || namespace.status?.phase !== 'Active') return;
    if (this.accounts.get(`${name}/${DEFAULT_ACCOUNT}`)) return;
    try {
      await this.context.client
        .resource<ServiceAccount>(SERVICE_ACCOUNT_TYPE, name)
        .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_ACCOUNT } });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}
