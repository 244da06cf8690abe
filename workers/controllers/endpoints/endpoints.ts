// The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go): the legacy
// Endpoints object named like each Service with a selector, its subsets repacked from the
// selected pods' addresses (ready or not) and ports, labels copied from the service, the
// last-change-trigger-time and over-capacity annotations; deleted with its service.
// Left out: dual stack and the startup sweep of leftover Endpoints.

import type {
  EndpointAddress,
  EndpointPort,
  Endpoints,
  EndpointSubset,
  Pod,
  Service,
} from 'kubernetes-types/core/v1';
import { formatTime } from '../../api/time.ts';
import { isNotFound, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import {
  ANNOTATION_TRIGGER_TIME,
  ENDPOINTS_TYPE,
  findPort,
  isPodReady,
  isServiceIPSet,
  LABEL_HEADLESS,
  podIP,
  podsForService,
  podServiceHandlers,
  SERVICE_TYPE,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  TriggerTimeTracker,
} from '../endpointslice/utils.ts';
import {
  ANNOTATION_OVER_CAPACITY,
  capacityAnnotationSetCorrectly,
  repackSubsets,
  truncateEndpoints,
} from './repack.ts';

const CONCURRENT_SYNCS = 5;

/** The subsets the service's pods make, before repacking. */
export function podSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const subsets: EndpointSubset[] = [];
  const tolerateUnready = service.spec?.publishNotReadyAddresses ?? false;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const meta = pod.metadata ?? {};
    const address: EndpointAddress = {
      ip: podIP(pod),
      nodeName: pod.spec?.nodeName ?? '',
      targetRef: {
        kind: 'Pod',
        namespace: meta.namespace ?? '',
        name: meta.name ?? '',
        uid: meta.uid ?? '',
      },
    };
    if (shouldSetHostname(pod, service)) address.hostname = pod.spec?.hostname;
    const add = (ports: EndpointPort[]): void => {
      subsets.push(
        tolerateUnready || isPodReady(pod)
          ? { addresses: [address], ports }
          : { notReadyAddresses: [address], ports },
      );
    };
    const servicePorts = service.spec?.ports ?? [];
    if (servicePorts.length === 0) {
      // A headless service may have no ports.
      if (service.spec?.clusterIP === 'None') add([]);
      continue;
    }
    for (const servicePort of servicePorts) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      add([
        {
          ...(servicePort.name ? { name: servicePort.name } : {}),
          port,
          protocol: servicePort.protocol ?? 'TCP',
          ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
        },
      ]);
    }
  }
  return repackSubsets(subsets);
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const { [LABEL_HEADLESS]: _headless, ...rest } = labels ?? {};
  return rest;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedEntries(labels: Record<string, string> | undefined): [string, string][] {
  return Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

export class EndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  private context!: ControllerContext;
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private endpoints!: Informer<Endpoints>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder(this.name);
    this.services = context.informers.for<Service>(SERVICE_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.endpoints = context.informers.for<Endpoints>(ENDPOINTS_TYPE);
    const enqueue = (object: Service | Endpoints): void => {
      this.queue.add(objectKey(object));
    };
    this.services.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, service) => {
        enqueue(service);
      },
      onDelete: enqueue,
    });
    // A deleted or edited Endpoints object is put back as the service wants it.
    this.endpoints.addEventHandler({
      onUpdate: (_old, endpoints) => {
        enqueue(endpoints);
      },
      onDelete: enqueue,
    });
    this.pods.addEventHandler(
      podServiceHandlers(
        () => this.services.list(),
        (service) => {
          this.queue.add(objectKey(service));
        },
      ),
    );
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  private async sync(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const client = this.context.client.resource<Endpoints>(ENDPOINTS_TYPE, namespace);
    const service = this.services.get(key);
    if (!service) {
      if (this.endpoints.get(key)) {
        try {
          await client.delete(name);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      this.triggerTimes.delete(namespace, name);
      return;
    }
    if (service.spec?.type === 'ExternalName' || !service.spec?.selector) return;
    const pods = podsForService(service, this.pods.list());
    const triggerTime = this.triggerTimes.compute(service, pods);
    const subsets = podSubsets(service, pods);
    const current = this.endpoints.get(key);
    const serviceLabels = service.metadata?.labels ?? {};
    if (
      current &&
      sameJson(current.subsets ?? [], subsets) &&
      sameJson(
        sortedEntries(withoutHeadless(current.metadata?.labels)),
        sortedEntries(serviceLabels),
      ) &&
      capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets ?? [])
    )
      return;
    const annotations = { ...current?.metadata?.annotations };
    if (triggerTime !== undefined) annotations[ANNOTATION_TRIGGER_TIME] = formatTime(triggerTime);
    else delete annotations[ANNOTATION_TRIGGER_TIME];
    if (truncateEndpoints(subsets)) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    const labels = isServiceIPSet(service)
      ? withoutHeadless(serviceLabels)
      : { ...serviceLabels, [LABEL_HEADLESS]: '' };
    const next: Endpoints = {
      ...(current ?? {}),
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        ...(current?.metadata ?? { name, namespace }),
        labels,
        annotations,
      },
      subsets,
    };
    try {
      if (current) await client.update(next);
      else await client.create(next);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (current)
        this.recorder.event(
          next,
          'Warning',
          'FailedToUpdateEndpoint',
          `Failed to update endpoint ${namespace}/${name}: ${message}`,
        );
      else
        this.recorder.event(
          next,
          'Warning',
          'FailedToCreateEndpoint',
          `Failed to create endpoint for service ${namespace}/${name}: ${message}`,
        );
      throw error;
    }
  }
}
