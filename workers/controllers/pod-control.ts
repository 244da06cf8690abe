// RealPodControl and GetPodFromTemplate (pkg/controller/controller_utils.go): the pod a
// controller makes from its template (generateName `<owner>-`, the template's labels,
// annotations and finalizers, a controller reference), and creating and deleting pods with the
// events upstream records.

import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { isNotFound, POD_TYPE, type Client } from '../client/client.ts';
import type { CoreEventRecorder } from '../client/events.ts';
import type { KubeObject } from '../client/protocol.ts';
import { newControllerRef, type ControllerKind } from './controller-ref.ts';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : JSON.stringify(error);

/** GetPodFromTemplate. */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  owner: KubeObject,
  kind: ControllerKind,
): Pod {
  const meta = template?.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata?.name ?? ''}-`,
      labels: { ...meta?.labels },
      ...(meta?.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta?.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(owner, kind)],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
  };
}

export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: CoreEventRecorder,
  ) {}

  /** CreatePods: the event names the pod the server generated. */
  async createPod(owner: KubeObject, pod: Pod): Promise<Pod> {
    try {
      const created = await this.client
        .resource<Pod>(POD_TYPE, owner.metadata?.namespace)
        .create(pod);
      const name = created.metadata?.name ?? '';
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
      return created;
    } catch (error) {
      this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(error)}`);
      throw error;
    }
  }

  /** DeletePod: a pod already gone fails quietly with NotFound. */
  async deletePod(owner: KubeObject, name: string): Promise<void> {
    try {
      await this.client.resource(POD_TYPE, owner.metadata?.namespace).delete(name);
    } catch (error) {
      if (isNotFound(error)) throw error;
      const message = messageOf(error);
      this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${message}`);
      throw new Error(`unable to delete pods: ${message}`, { cause: error });
    }
    this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }
}
