// Cases after pkg/controller/cronjob/utils_test.go.

import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { parseStandardSchedule, type CronSchedule } from '../../api/cron.ts';
import {
  compareJobStartTime,
  getJobFromTemplate,
  getJobName,
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
} from './utils.ts';

const T = Date.parse('2016-05-19T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function schedule(text: string): CronSchedule {
  const parsed = parseStandardSchedule(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function cronJob(
  created: number,
  options: { lastSchedule?: number; startingDeadlineSeconds?: number; timeZone?: string } = {},
): CronJob {
  return {
    metadata: {
      name: 'mycronjob',
      namespace: 'snazzycats',
      uid: 'uid-1',
      creationTimestamp: new Date(created).toISOString(),
    },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: { metadata: { labels: { a: 'b' } }, spec: { template: {} } },
      ...(options.startingDeadlineSeconds === undefined
        ? {}
        : { startingDeadlineSeconds: options.startingDeadlineSeconds }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    },
    status:
      options.lastSchedule === undefined
        ? {}
        : { lastScheduleTime: new Date(options.lastSchedule).toISOString() },
  };
}

describe('mostRecentScheduleTime', () => {
  it.each<[string, CronJob, string, number, boolean, ReturnType<typeof mostRecentScheduleTime>]>([
    [
      'nothing due before the first activation',
      cronJob(T - 30 * MINUTE),
      '0 * * * *',
      T - MINUTE,
      false,
      { earliest: T - 30 * MINUTE, mostRecent: null, missed: 'none' },
    ],
    [
      'the one activation since creation',
      cronJob(T - 30 * MINUTE),
      '0 * * * *',
      T + 30 * MINUTE,
      false,
      { earliest: T - 30 * MINUTE, mostRecent: T, missed: 'none' },
    ],
    [
      'the latest of a few missed activations',
      cronJob(T - 30 * MINUTE, { lastSchedule: T - 10 * HOUR }),
      '0 * * * *',
      T + 30 * MINUTE,
      false,
      { earliest: T - 10 * HOUR, mostRecent: T, missed: 'few' },
    ],
    [
      'many missed activations',
      cronJob(T - 1000 * MINUTE),
      '* * * * *',
      T,
      false,
      { earliest: T - 1000 * MINUTE, mostRecent: T, missed: 'many' },
    ],
    [
      'the starting deadline moving the earliest time',
      cronJob(T - 1000 * MINUTE, { startingDeadlineSeconds: 120 }),
      '* * * * *',
      T + 30_000,
      true,
      { earliest: T - 90_000, mostRecent: T, missed: 'few' },
    ],
    [
      'a schedule that never fires',
      cronJob(T - 10 * HOUR),
      '59 23 31 2 *',
      T,
      false,
      {
        earliest: T - 10 * HOUR,
        mostRecent: null,
        missed: 'none',
        error: 'time difference between two schedules is less than 1 second',
      },
    ],
  ])('finds %s', (_case, job, text, now, includeDeadline, expected) => {
    expect(mostRecentScheduleTime(job, now, schedule(text), includeDeadline)).toEqual(expected);
  });
});

describe('nextScheduleTimeDuration', () => {
  it.each<[string, CronJob, number, number]>([
    [
      '100 ms after the next activation',
      cronJob(T - 30 * MINUTE, { lastSchedule: T }),
      T + 5 * MINUTE,
      55 * MINUTE + 100,
    ],
    [
      'the activation after a missed one, from now',
      cronJob(T - 3 * HOUR),
      T + 5 * MINUTE,
      55 * MINUTE + 100,
    ],
  ])('requeues %s', (_case, job, now, expected) => {
    expect(nextScheduleTimeDuration(job, now, schedule('0 * * * *'))).toBe(expected);
  });
});

describe('Jobs from a CronJob', () => {
  it('names the Job after the scheduled minute since the epoch', () => {
    expect(getJobName(cronJob(T), T)).toBe(`mycronjob-${T / MINUTE}`);
  });

  it.each([
    [undefined, '2016-05-19T10:00:00Z'],
    ['America/New_York', '2016-05-19T06:00:00-04:00'],
  ])('stamps the scheduled time in time zone %s', (timeZone, stamp) => {
    const job = getJobFromTemplate(cronJob(T, timeZone ? { timeZone } : {}), T);
    expect(job.metadata).toEqual({
      name: `mycronjob-${T / MINUTE}`,
      labels: { a: 'b' },
      annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': stamp },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'mycronjob',
          uid: 'uid-1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
  });

  it('orders Jobs by start time, unstarted last, names breaking ties', () => {
    const job = (name: string, startTime?: string): Job => ({
      metadata: { name },
      status: startTime ? { startTime } : {},
    });
    const jobs = [
      job('d'),
      job('c', '2016-05-19T10:00:00Z'),
      job('b', '2016-05-19T09:00:00Z'),
      job('a', '2016-05-19T10:00:00Z'),
    ];
    expect(jobs.sort(compareJobStartTime).map((j) => j.metadata?.name)).toEqual([
      'b',
      'a',
      'c',
      'd',
    ]);
  });
});
