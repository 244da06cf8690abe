// Jobs through the whole cluster in one thread: the Job controller creates pods, the scheduler
// places them, the kubelet runs `sh -c` to its exit code, and the controller counts the results,
// backing off 10 s, 20 s, 40 s on the virtual clock between failed attempts.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../api/time.ts';
import type { KubeObject } from '../client/protocol.ts';
import { InProcessHost } from './in-process-host.ts';

interface Cluster {
  host: InProcessHost;
  objects: Map<string, KubeObject>;
}

async function readyCluster(seed: string): Promise<Cluster> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed,
    nodes: 1,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  const ready = await host.runUntil(() => {
    const nodes = [...objects.entries()].filter(([key]) => key.startsWith('/registry/minions/'));
    return (
      objects.has('/registry/serviceaccounts/default/default') &&
      nodes.length === 1 &&
      nodes.every(([, node]) => ((node as Node).spec?.taints ?? []).length === 0)
    );
  }, 120_000);
  expect(ready).toBe(true);
  return { host, objects };
}

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

function eventsOf(c: Cluster, name: string): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/default/'))
    .map(([, event]) => event as Event)
    .filter((event) => event.involvedObject.kind === 'Job' && event.involvedObject.name === name)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
    .map((event) => `${event.type ?? ''} ${event.reason ?? ''} ${event.message ?? ''}`);
}

async function createJob(
  c: Cluster,
  name: string,
  script: string,
  spec: object = {},
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
    const c = await readyCluster('job-complete');
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
    const c = await readyCluster('job-backoff');
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
});
