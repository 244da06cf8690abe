// Jobs and CronJobs through the whole cluster in one thread: the Job controller creates pods, the
// scheduler places them, the kubelet runs `sh -c` to its exit code, and the controller counts the
// results, backing off 10 s, 20 s, 40 s on the virtual clock between failed attempts; the CronJob
// controller starts a Job at each activation and prunes the history.

import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../api/time.ts';
import { readyCluster, type ReadyCluster as Cluster } from './cluster-testing.ts';

function jobOf(c: Cluster, name: string): Job | undefined {
  return c.objects.get(`/registry/jobs/default/${name}`) as Job | undefined;
}

function podsOf(c: Cluster, job: string): Pod[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/pods/default/'))
    .map(([, pod]) => pod as Pod)
    .filter((pod) => pod.metadata?.labels?.['batch.kubernetes.io/job-name'] === job)
    .sort((a, b) =>
      (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''),
    );
}

function eventsOf(c: Cluster, name: string, kind = 'Job'): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/default/'))
    .map(([, event]) => event as Event)
    .filter((event) => event.involvedObject.kind === kind && event.involvedObject.name === name)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
    .map((event) => `${event.type ?? ''} ${event.reason ?? ''} ${event.message ?? ''}`);
}

async function createJob(
  c: Cluster,
  name: string,
  script: string,
  spec: object = {},
  podSpec: object = {},
): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Job>({ group: 'batch', version: 'v1', resource: 'jobs' }, 'default').create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        ...spec,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name, image: 'busybox', command: ['sh', '-c', script] }],
            ...podSpec,
          },
        },
      },
    }),
  );
}

async function createCronJob(
  c: Cluster,
  name: string,
  script: string,
  spec: object,
): Promise<void> {
  await c.host.kubectlDo((client) =>
    client
      .resource<CronJob>({ group: 'batch', version: 'v1', resource: 'cronjobs' }, 'default')
      .create({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name },
        spec: {
          schedule: '* * * * *',
          ...spec,
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name, image: 'busybox', command: ['sh', '-c', script] }],
                },
              },
            },
          },
        },
      }),
  );
}

const conditionTypes = (job: Job | undefined): string[] =>
  (job?.status?.conditions ?? []).map((condition) => `${condition.type}:${condition.reason ?? ''}`);

describe('Jobs in a running cluster', () => {
  it('runs a pod to completion and marks the Job Complete after SuccessCriteriaMet', async () => {
    const c = await readyCluster('job-complete', 1);
    await createJob(c, 'pi', 'echo 3.14');
    const done = await c.host.runUntil(
      () => eventsOf(c, 'pi').includes('Normal Completed Job completed'),
      120_000,
    );
    expect(done).toBe(true);
    const job = jobOf(c, 'pi');
    expect(conditionTypes(job)).toEqual([
      'SuccessCriteriaMet:CompletionsReached',
      'Complete:CompletionsReached',
    ]);
    expect(job?.status).toMatchObject({
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    expect(job?.status?.completionTime).toBeDefined();
    const [pod] = podsOf(c, 'pi');
    expect(pod?.metadata?.finalizers ?? []).toEqual([]);
    expect(pod?.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: 'pi',
        uid: job?.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(eventsOf(c, 'pi')).toEqual([
      `Normal SuccessfulCreate Created pod: ${pod?.metadata?.name ?? ''}`,
      'Normal Completed Job completed',
    ]);
  });

  it('backs off 10 s, 20 s and 40 s between failed pods, then fails with BackoffLimitExceeded', async () => {
    const c = await readyCluster('job-backoff', 1);
    await createJob(c, 'fail', 'exit 1', { backoffLimit: 3 });
    const failed = await c.host.runUntil(
      () => eventsOf(c, 'fail').some((event) => event.startsWith('Warning BackoffLimitExceeded')),
      600_000,
    );
    expect(failed).toBe(true);
    const pods = podsOf(c, 'fail');
    expect(pods).toHaveLength(4);
    const gaps = pods.slice(1).map((pod, index) => {
      const previous = pods[index]?.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt;
      return (parseTime(pod.metadata?.creationTimestamp ?? '') - parseTime(previous ?? '')) / 1000;
    });
    expect(gaps).toEqual([10, 20, 40]);
    const job = jobOf(c, 'fail');
    expect(conditionTypes(job)).toEqual([
      'FailureTarget:BackoffLimitExceeded',
      'Failed:BackoffLimitExceeded',
    ]);
    expect(job?.status?.failed).toBe(4);
    expect(eventsOf(c, 'fail').at(-1)).toBe(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    );
  });
  it('runs an Indexed Job: one pod per index, with hostname, label and JOB_COMPLETION_INDEX', async () => {
    const c = await readyCluster('job-indexed', 1);
    await createJob(c, 'idx', 'echo $JOB_COMPLETION_INDEX', {
      completions: 3,
      parallelism: 2,
      completionMode: 'Indexed',
    });
    const done = await c.host.runUntil(
      () => conditionTypes(jobOf(c, 'idx')).includes('Complete:CompletionsReached'),
      120_000,
    );
    expect(done).toBe(true);
    expect(jobOf(c, 'idx')?.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    const pods = podsOf(c, 'idx').sort((a, b) =>
      (a.spec?.hostname ?? '').localeCompare(b.spec?.hostname ?? ''),
    );
    expect(pods.map((pod) => pod.spec?.hostname)).toEqual(['idx-0', 'idx-1', 'idx-2']);
    expect(pods.map((pod) => pod.metadata?.generateName)).toEqual(['idx-0-', 'idx-1-', 'idx-2-']);
    expect(pods[1]?.metadata?.labels?.['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(pods[1]?.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(pods[1]?.spec?.containers[0]?.env).toEqual([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: {
            apiVersion: 'v1',
            fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']",
          },
        },
      },
    ]);
  });

  it('retries each index up to backoffLimitPerIndex, then fails with FailedIndexes', async () => {
    const c = await readyCluster('job-backoff-per-index', 1);
    await createJob(c, 'per', 'exit 1', {
      completions: 2,
      parallelism: 2,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 1,
    });
    const failed = await c.host.runUntil(
      () => eventsOf(c, 'per').includes('Warning FailedIndexes Job has failed indexes'),
      300_000,
    );
    expect(failed).toBe(true);
    expect(conditionTypes(jobOf(c, 'per'))).toEqual([
      'FailureTarget:FailedIndexes',
      'Failed:FailedIndexes',
    ]);
    expect(jobOf(c, 'per')?.status).toMatchObject({ failed: 4, failedIndexes: '0,1' });
    expect(jobOf(c, 'per')?.status?.completedIndexes).toBeUndefined();
    const counts = podsOf(c, 'per')
      .map(
        (pod) =>
          `${pod.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] ?? ''}:${pod.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'] ?? ''}`,
      )
      .sort();
    expect(counts).toEqual(['0:0', '0:1', '1:0', '1:1']);
  });

  it('fails a Job at once when a pod matches a FailJob podFailurePolicy rule', async () => {
    const c = await readyCluster('job-pod-failure-policy', 1);
    await createJob(c, 'policy', 'exit 42', {
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }],
      },
    });
    const failed = await c.host.runUntil(
      () => conditionTypes(jobOf(c, 'policy')).includes('Failed:PodFailurePolicy'),
      120_000,
    );
    expect(failed).toBe(true);
    const [pod, ...others] = podsOf(c, 'policy');
    expect(others).toEqual([]);
    const message = `Container policy for pod default/${pod?.metadata?.name ?? ''} failed with exit code 42 matching FailJob rule at index 0`;
    expect(
      (jobOf(c, 'policy')?.status?.conditions ?? []).map((condition) => [
        condition.type,
        condition.reason,
        condition.message,
      ]),
    ).toEqual([
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
  });

  it('creates no pods while suspended, and starts them when resumed', async () => {
    const c = await readyCluster('job-suspend', 1);
    await createJob(c, 'later', 'echo later', { suspend: true });
    const suspended = await c.host.runUntil(
      () => conditionTypes(jobOf(c, 'later')).includes('Suspended:JobSuspended'),
      60_000,
    );
    expect(suspended).toBe(true);
    expect(podsOf(c, 'later')).toEqual([]);
    expect(jobOf(c, 'later')?.status?.startTime).toBeUndefined();
    await c.host.kubectlDo((client) =>
      client
        .resource<Job>({ group: 'batch', version: 'v1', resource: 'jobs' }, 'default')
        .patch('later', 'merge', { spec: { suspend: false } }),
    );
    const done = await c.host.runUntil(
      () => eventsOf(c, 'later').includes('Normal Completed Job completed'),
      120_000,
    );
    expect(done).toBe(true);
    expect(conditionTypes(jobOf(c, 'later'))).toEqual([
      'Suspended:JobResumed',
      'SuccessCriteriaMet:CompletionsReached',
      'Complete:CompletionsReached',
    ]);
    expect(eventsOf(c, 'later').filter((event) => !event.includes('SuccessfulCreate'))).toEqual([
      'Normal Suspended Job suspended',
      'Normal Resumed Job resumed',
      'Normal Completed Job completed',
    ]);
  });

  it.each<[string, string, object, string, string]>([
    [
      'counts container restarts towards backoffLimit under restartPolicy OnFailure',
      'exit 1',
      { backoffLimit: 1, template: { spec: { restartPolicy: 'OnFailure' } } },
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
    ],
    [
      'stops a Job that runs past activeDeadlineSeconds',
      'sleep 100',
      { activeDeadlineSeconds: 10 },
      'DeadlineExceeded',
      'Job was active longer than specified deadline',
    ],
  ])('%s, deleting its running pod', async (_case, script, spec, reason, message) => {
    const c = await readyCluster(`job-${reason}`, 1);
    const { template, ...rest } = spec as { template?: { spec: object } };
    await createJob(c, 'stop', script, rest, template?.spec);
    const failed = await c.host.runUntil(
      () => eventsOf(c, 'stop').includes(`Warning ${reason} ${message}`),
      300_000,
    );
    expect(failed).toBe(true);
    expect(conditionTypes(jobOf(c, 'stop'))).toEqual([
      `FailureTarget:${reason}`,
      `Failed:${reason}`,
    ]);
    expect(jobOf(c, 'stop')?.status).toMatchObject({ failed: 1, ready: 0, terminating: 0 });
    expect(eventsOf(c, 'stop').filter((event) => event.includes('SuccessfulDelete'))).toHaveLength(
      1,
    );
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished after it completed', async () => {
    const c = await readyCluster('job-ttl', 1);
    await createJob(c, 'short', 'echo done', { ttlSecondsAfterFinished: 30 });
    const completed = await c.host.runUntil(
      () => conditionTypes(jobOf(c, 'short')).includes('Complete:CompletionsReached'),
      120_000,
    );
    expect(completed).toBe(true);
    const completionTime = parseTime(jobOf(c, 'short')?.status?.completionTime ?? '');
    const gone = await c.host.runUntil(
      () => !jobOf(c, 'short') && podsOf(c, 'short').length === 0,
      120_000,
    );
    expect(gone).toBe(true);
    expect(c.host.coordinator.time - completionTime).toBeGreaterThanOrEqual(30_000);
    expect(c.host.coordinator.time - completionTime).toBeLessThan(35_000);
  });
});

describe('CronJobs in a running cluster', () => {
  it('starts a Job named after the activation minute, records it, and keeps one finished Job', async () => {
    const c = await readyCluster('cronjob', 1);
    await createCronJob(c, 'hello', 'echo hello', { successfulJobsHistoryLimit: 1 });
    const cronEvents = (): string[] => eventsOf(c, 'hello', 'CronJob');
    const pruned = await c.host.runUntil(
      () => cronEvents().some((event) => event.startsWith('Normal SuccessfulDelete')),
      10 * 60_000,
    );
    expect(pruned).toBe(true);
    const created = cronEvents().filter((event) => event.startsWith('Normal SuccessfulCreate'));
    const first = /Created job (hello-(\d+))$/.exec(created[0] ?? '');
    expect(first).not.toBeNull();
    const minutes = Number(first?.[2]);
    expect(cronEvents().slice(0, 3)).toEqual([
      `Normal SuccessfulCreate Created job hello-${minutes}`,
      `Normal SawCompletedJob Saw completed job: hello-${minutes}, status: Complete`,
      `Normal SuccessfulCreate Created job hello-${minutes + 1}`,
    ]);
    expect(cronEvents()).toContain(`Normal SuccessfulDelete Deleted job hello-${minutes}`);
    const second = jobOf(c, `hello-${minutes + 1}`);
    expect(second?.metadata?.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date((minutes + 1) * 60_000)
        .toISOString()
        .replace('.000Z', 'Z'),
    });
    const cronJob = c.objects.get('/registry/cronjobs/default/hello') as CronJob | undefined;
    expect(cronJob?.status?.lastScheduleTime).toBeDefined();
    expect(cronJob?.status?.lastSuccessfulTime).toBeDefined();
  });
  it.each<[string, 'Forbid' | 'Replace', string]>([
    [
      'skips an activation while the last Job runs, under Forbid',
      'Forbid',
      'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
    ],
    ['replaces the running Job, under Replace', 'Replace', 'Normal SuccessfulDelete Deleted job'],
  ])('%s', async (_case, concurrencyPolicy, expected) => {
    const c = await readyCluster(`cronjob-${concurrencyPolicy}`, 1);
    await createCronJob(c, 'slow', 'sleep 100', { concurrencyPolicy });
    const seen = await c.host.runUntil(
      () => eventsOf(c, 'slow', 'CronJob').some((event) => event.startsWith(expected)),
      5 * 60_000,
    );
    expect(seen).toBe(true);
    const cronJob = c.objects.get('/registry/cronjobs/default/slow') as CronJob | undefined;
    expect(cronJob?.status?.active).toHaveLength(1);
  });
});
