import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { cronJobPrinter, jobPrinter } from './jobs.ts';
import { NOW, ago } from './testing.ts';

const condition = (type: string, status = 'True'): JobCondition => ({ type, status });

function job(options: {
  completions?: number;
  parallelism?: number;
  succeeded?: number;
  conditions?: JobCondition[];
  startedAgo?: number;
  completedAgo?: number;
  deleting?: boolean;
}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'pi',
      namespace: 'default',
      creationTimestamp: ago(400),
      ...(options.deleting ? { deletionTimestamp: ago(0) } : {}),
    },
    spec: {
      ...(options.completions !== undefined ? { completions: options.completions } : {}),
      ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}),
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c1' } },
      template: {
        spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' },
      },
    },
    status: {
      ...(options.succeeded !== undefined ? { succeeded: options.succeeded } : {}),
      ...(options.conditions ? { conditions: options.conditions } : {}),
      ...(options.startedAgo !== undefined ? { startTime: ago(options.startedAgo) } : {}),
      ...(options.completedAgo !== undefined ? { completionTime: ago(options.completedAgo) } : {}),
    },
  };
}

describe('job STATUS, COMPLETIONS and DURATION', () => {
  it.each<[string, Parameters<typeof job>[0], [string, string, string]]>([
    ['a job not started yet', { completions: 1, parallelism: 1 }, ['Running', '0/1', '']],
    [
      'a running job',
      { completions: 3, parallelism: 1, succeeded: 1, startedAgo: 150 },
      ['Running', '1/3', '2m30s'],
    ],
    [
      'a completed job takes start to completion',
      {
        completions: 1,
        parallelism: 1,
        succeeded: 1,
        startedAgo: 390,
        completedAgo: 350,
        conditions: [condition('SuccessCriteriaMet'), condition('Complete')],
      },
      ['Complete', '1/1', '40s'],
    ],
    [
      'a failed job',
      {
        completions: 1,
        startedAgo: 390,
        conditions: [condition('FailureTarget'), condition('Failed')],
      },
      ['Failed', '0/1', '6m30s'],
    ],
    [
      'a job being deleted',
      { completions: 1, startedAgo: 60, deleting: true },
      ['Terminating', '0/1', '60s'],
    ],
    [
      'a suspended job',
      { completions: 1, conditions: [condition('Suspended')] },
      ['Suspended', '0/1', ''],
    ],
    [
      'a job about to fail',
      { completions: 1, startedAgo: 60, conditions: [condition('FailureTarget')] },
      ['FailureTarget', '0/1', '60s'],
    ],
    [
      'a work queue of parallel pods',
      { parallelism: 3, succeeded: 0, startedAgo: 10 },
      ['Running', '0/1 of 3', '10s'],
    ],
    ['a single pod without completions', { parallelism: 1 }, ['Running', '0/1', '']],
    [
      'a condition that is not True does not count',
      { completions: 1, conditions: [condition('Complete', 'False')] },
      ['Running', '0/1', ''],
    ],
  ])('%s', (_name, options, [status, completions, duration]) => {
    expect(jobPrinter.print(job(options), NOW).cells).toEqual([
      'pi',
      status,
      completions,
      duration,
      '6m40s',
      'pi',
      'perl:5.34',
      'batch.kubernetes.io/controller-uid=c1',
    ]);
  });
});

function cronJob(options: {
  timeZone?: string;
  suspend?: boolean;
  active?: number;
  lastScheduledAgo?: number;
}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default', creationTimestamp: ago(9 * 86400) },
    spec: {
      schedule: '*/5 * * * *',
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.suspend !== undefined ? { suspend: options.suspend } : {}),
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.36' }] } } },
      },
    },
    status: {
      ...(options.active
        ? { active: Array.from({ length: options.active }, (_, i) => ({ name: `hello-${i}` })) }
        : {}),
      ...(options.lastScheduledAgo !== undefined
        ? { lastScheduleTime: ago(options.lastScheduledAgo) }
        : {}),
    },
  };
}

describe('cron job rows', () => {
  it.each<[string, Parameters<typeof cronJob>[0], unknown[]]>([
    ['a cron job never run', { suspend: false }, ['<none>', 'False', 0, '<none>']],
    [
      'a running cron job with a time zone',
      { timeZone: 'Etc/UTC', suspend: false, active: 1, lastScheduledAgo: 65 },
      ['Etc/UTC', 'False', 1, '65s'],
    ],
    [
      'a suspended cron job',
      { suspend: true, lastScheduledAgo: 3 * 86400 },
      ['<none>', 'True', 0, '3d'],
    ],
    ['a cron job whose suspend is unset', {}, ['<none>', '<unset>', 0, '<none>']],
  ])('%s', (_name, options, [timeZone, suspend, active, last]) => {
    expect(cronJobPrinter.print(cronJob(options), NOW).cells).toEqual([
      'hello',
      '*/5 * * * *',
      timeZone,
      suspend,
      active,
      last,
      '9d',
      'hello',
      'busybox:1.36',
      '<none>',
    ]);
  });
});
