// The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
// a Job with spec.ttlSecondsAfterFinished is deleted (foreground, on the resourceVersion it was
// checked at) that many seconds after its Complete or Failed condition turned True.

import type { Job } from 'kubernetes-types/batch/v1';
import { parseTime } from '../../api/time.ts';
import { isNotFound } from '../../client/client.ts';
import { objectKey, type Informer } from '../../client/informer.ts';
import { runWorkers, WorkQueue } from '../../client/workqueue.ts';
import type { Controller, ControllerContext } from '../controller.ts';
import { finishedCondition, JOB_TYPE } from '../job/job-util.ts';

const CONCURRENT_SYNCS = 5;

/** needsCleanup: a TTL is set and the Job has finished. */
function needsCleanup(job: Job): boolean {
  return job.spec?.ttlSecondsAfterFinished !== undefined && finishedCondition(job) !== undefined;
}

/** timeLeft: milliseconds until the TTL expires (≤ 0 once it has), or null when it does not apply. */
export function timeLeft(job: Job, now: number): number | null {
  const finished = finishedCondition(job);
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || !finished?.lastTransitionTime) return null;
  return parseTime(finished.lastTransitionTime) + ttl * 1000 - now;
}

export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  private context!: ControllerContext;
  private jobs!: Informer<Job>;
  private queue!: WorkQueue;

  setup(context: ControllerContext): void {
    this.context = context;
    this.queue = new WorkQueue(context.clock);
    this.jobs = context.informers.for<Job>(JOB_TYPE);
    const enqueue = (job: Job): void => {
      if (job.metadata?.deletionTimestamp === undefined && needsCleanup(job))
        this.queue.add(objectKey(job));
    };
    this.jobs.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_old, job) => {
        enqueue(job);
      },
    });
  }

  run(): void {
    runWorkers(this.queue, CONCURRENT_SYNCS, (key) => this.processJob(key));
  }

  private async processJob(key: string): Promise<void> {
    const cached = this.jobs.get(key);
    if (!cached || !this.expired(key, cached)) return;
    // The cache may be stale: check the TTL again against the server's copy.
    const client = this.context.client.resource<Job>(JOB_TYPE, cached.metadata?.namespace);
    let fresh: Job;
    try {
      fresh = await client.get(cached.metadata?.name ?? '');
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (!this.expired(key, fresh)) return;
    try {
      await client.delete(fresh.metadata?.name ?? '', {
        propagationPolicy: 'Foreground',
        preconditions: { resourceVersion: fresh.metadata?.resourceVersion },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** processTTL: whether the Job is due; if not yet, check again when it will be. */
  private expired(key: string, job: Job): boolean {
    if (job.metadata?.deletionTimestamp !== undefined || !needsCleanup(job)) return false;
    const left = timeLeft(job, this.context.clock.now());
    if (left === null) return false;
    if (left > 0) {
      this.queue.addAfter(key, left);
      return false;
    }
    return true;
  }
}
