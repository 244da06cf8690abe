// The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): a
// `kube-root-ca.crt` ConfigMap in every namespace, which the kube-api-access volume projects.

import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1';
import { CONFIG_MAP_TYPE, isAlreadyExists, NAMESPACE_TYPE } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';

const NAME = 'kube-root-ca.crt';
const DESCRIPTION = 'kubernetes.io/description';

/** A stand-in for the cluster CA (the playground has no TLS inside the tab). */
export const CLUSTER_CA = `-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIazi7k3tTRVMwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
AxMKa3ViZXJuZXRlczAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBaMBUx
EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
-----END CERTIFICATE-----
`;

export class RootCaCertPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher';
  private context!: ControllerContext;
  private namespaces!: Informer<Namespace>;
  private configMaps!: Informer<ConfigMap>;
  private queue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.namespaces = context.informers.for<Namespace>(NAMESPACE_TYPE);
    this.configMaps = context.informers.for<ConfigMap>(CONFIG_MAP_TYPE);
    this.namespaces.addEventHandler({
      onAdd: (namespace) => {
        this.queue.add(objectKey(namespace));
      },
    });
    this.configMaps.addEventHandler({
      onDelete: (configMap) => {
        if (configMap.metadata?.name === NAME) this.queue.add(configMap.metadata.namespace ?? '');
      },
    });
  }

  run(): void {
    runWorkers(this.queue, 1, (namespace) => this.sync(namespace));
  }

  private async sync(name: string): Promise<void> {
    const namespace = this.namespaces.get(name);
    if (
      !namespace ||
      namespace.status?.phase !== 'Active' ||
      this.configMaps.get(`${name}/${NAME}`)
    )
      return;
    try {
      await this.context.client.resource<ConfigMap>(CONFIG_MAP_TYPE, name).create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: NAME,
          annotations: {
            [DESCRIPTION]:
              'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
          },
        },
        data: { 'ca.crt': CLUSTER_CA },
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}
