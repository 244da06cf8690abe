// controller.RealPodControl (pkg/controller/controller_utils.go) as the Job controller uses it:
// create a pod from the Job's template under a controller reference, delete and patch pods, and
// record SuccessfulCreate / FailedCreate / SuccessfulDelete / FailedDelete on the Job.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { isNotFound, POD_TYPE, type Client } from '../../client/client.ts';
import type { CoreEventRecorder } from '../../client/events.ts';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: CoreEventRecorder,
  ) {}

  /** CreatePodsWithGenerateName: GetPodFromTemplate with the Job as controller. */
  async create(job: Job, template: PodTemplateSpec, generateName: string): Promise<Pod> {
    const meta = job.metadata ?? {};
    const templateMeta = template.metadata ?? {};
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName,
        labels: { ...templateMeta.labels },
        ...(templateMeta.annotations ? { annotations: { ...templateMeta.annotations } } : {}),
        ...(templateMeta.finalizers ? { finalizers: [...templateMeta.finalizers] } : {}),
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: meta.name ?? '',
            uid: meta.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: structuredClone(template.spec),
    } as Pod;
    try {
      const created = await this.client.resource<Pod>(POD_TYPE, meta.namespace).create(pod);
      this.recorder.event(
        job,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata?.name ?? ''}`,
      );
      return created;
    } catch (error) {
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${messageOf(error)}`);
      throw error;
    }
  }

  async delete(job: Job, pod: Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    try {
      await this.client.resource(POD_TYPE, pod.metadata?.namespace).delete(name);
      this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (error) {
      if (isNotFound(error)) throw error;
      this.recorder.event(job, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(error)}`);
      throw new Error(`unable to delete pods: ${messageOf(error)}`, { cause: error });
    }
  }

  /** A strategic merge patch that drops one finalizer ($deleteFromPrimitiveList). */
  async removeFinalizer(pod: Pod, finalizer: string): Promise<void> {
    await this.client
      .resource<Pod>(POD_TYPE, pod.metadata?.namespace)
      .patch(pod.metadata?.name ?? '', 'strategic', {
        metadata: { '$deleteFromPrimitiveList/finalizers': [finalizer] },
      });
  }
}
