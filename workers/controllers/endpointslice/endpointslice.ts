// The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go): a
// Service with a selector gets slices of the pods it selects, kept in step by the reconciler as
// pods, nodes, slices and the service change. Slices carry the last-change-trigger-time
// annotation. Left out: the stale-slice tracker, topology hints and the batching period (0).

import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { formatTime } from '../../api/time.ts';
import { isNotFound, NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { MAX_ENDPOINTS_PER_SLICE, reconcile } from './reconciler.ts';
import {
  ANNOTATION_TRIGGER_TIME,
  CONTROLLER_NAME,
  ENDPOINT_SLICE_TYPE,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  LABEL_TOPOLOGY_ZONE,
  podsForService,
  podServiceHandlers,
  SERVICE_TYPE,
  TriggerTimeTracker,
} from './utils.ts';

const CONCURRENT_SYNCS = 5;

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private context!: ControllerContext;
  private services!: Informer<Service>;
  private pods!: Informer<Pod>;
  private slices!: Informer<EndpointSlice>;
  private nodes!: Informer<Node>;
  private queue!: WorkQueue;
  private recorder!: CoreEventRecorder;
  private readonly triggerTimes = new TriggerTimeTracker();

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.recorder = context.recorder('endpoint-slice-controller');
    this.services = context.informers.for<Service>(SERVICE_TYPE);
    this.pods = context.informers.for<Pod>(POD_TYPE);
    this.slices = context.informers.for<EndpointSlice>(ENDPOINT_SLICE_TYPE);
    this.nodes = context.informers.for<Node>(NODE_TYPE);
    const enqueue = (service: Service): void => {
      this.queue.add(objectKey(service));
    };
    this.services.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, service) => {
        enqueue(service);
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
    const sliceChanged = (slice: EndpointSlice): void => {
      const labels = slice.metadata?.labels ?? {};
      const service = labels[LABEL_SERVICE_NAME];
      if (labels[LABEL_MANAGED_BY] !== CONTROLLER_NAME || !service) return;
      this.queue.add(`${slice.metadata?.namespace ?? ''}/${service}`);
    };
    this.slices.addEventHandler({
      onAdd: sliceChanged,
      onUpdate: (_old, slice) => {
        sliceChanged(slice);
      },
      onDelete: sliceChanged,
    });
    // A node's zone label feeds endpoints' zone: resync every service when nodes change.
    this.nodes.addEventHandler({
      onUpdate: (old, node) => {
        if (
          old.metadata?.labels?.[LABEL_TOPOLOGY_ZONE] ===
          node.metadata?.labels?.[LABEL_TOPOLOGY_ZONE]
        )
          return;
        for (const service of this.services.list()) enqueue(service);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.sync(key));
  }

  private async sync(key: string): Promise<void> {
    const [namespace = '', name = ''] = key.split('/');
    const service = this.services.get(key);
    if (!service) {
      this.triggerTimes.delete(namespace, name);
      return;
    }
    // ExternalName services and services without a selector get no slices from this controller.
    if (service.spec?.type === 'ExternalName' || !service.spec?.selector) return;
    const pods = podsForService(service, this.pods.list());
    const existingSlices = this.slices
      .list()
      .filter(
        (slice) =>
          slice.metadata?.namespace === namespace &&
          slice.metadata.labels?.[LABEL_SERVICE_NAME] === name &&
          slice.metadata.labels[LABEL_MANAGED_BY] === CONTROLLER_NAME,
      );
    const plan = reconcile({
      service,
      pods,
      existingSlices,
      maxEndpointsPerSlice: MAX_ENDPOINTS_PER_SLICE,
      zoneOf: (nodeName) => {
        const node = this.nodes.get(nodeName);
        return node ? node.metadata?.labels?.[LABEL_TOPOLOGY_ZONE] : null;
      },
    });
    const triggerTime = this.triggerTimes.compute(service, pods);
    let failure: string | null = null;
    try {
      await this.apply(namespace, plan.create, plan.update, plan.delete, triggerTime);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    // utilerrors.NewAggregate: one error as itself, several in brackets.
    const errors = failure === null ? plan.errors : [failure];
    if (errors.length === 0) return;
    const message = errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
    this.recorder.event(
      service,
      'Warning',
      'FailedToUpdateEndpointSlices',
      `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`,
    );
    throw new Error(message);
  }

  private async apply(
    namespace: string,
    create: EndpointSlice[],
    update: EndpointSlice[],
    remove: EndpointSlice[],
    triggerTime: number | undefined,
  ): Promise<void> {
    const client = this.context.client.resource<EndpointSlice>(ENDPOINT_SLICE_TYPE, namespace);
    const stamp = (slice: EndpointSlice): EndpointSlice => {
      if (triggerTime === undefined) return slice;
      const annotations = { ...slice.metadata?.annotations };
      annotations[ANNOTATION_TRIGGER_TIME] = formatTime(triggerTime);
      return { ...slice, metadata: { ...slice.metadata, annotations } };
    };
    for (const slice of create) await client.create(stamp(slice));
    for (const slice of update) await client.update(stamp(slice));
    for (const slice of remove) {
      try {
        await client.delete(slice.metadata?.name ?? '');
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }
}
