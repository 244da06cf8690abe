import type { CronJob } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk } from '../testing.ts';
import { MERGE_PATCH, workloadFixture } from './workload-fixture.ts';

const CRONJOBS = '/apis/batch/v1/namespaces/default/cronjobs';
const HELLO = `${CRONJOBS}/hello`;

const BASE = {
  metadata: { name: 'hello' },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'hello', image: 'busybox:1.28', command: ['date'] }],
          },
        },
      },
    },
  },
};

const fixture = workloadFixture<CronJob>(CRONJOBS, BASE);

describe('CronJob defaults', () => {
  it('defaults the policies and history limits, and only pod defaults in the job template', async () => {
    const created = await fixture.create();
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({});
    expect(created.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    const jobTemplate = created.spec?.jobTemplate;
    expect(jobTemplate?.metadata).toEqual({ creationTimestamp: null });
    expect(Object.keys(jobTemplate?.spec ?? {})).toEqual(['template']);
    expect(jobTemplate?.spec?.template.metadata).toEqual({ creationTimestamp: null });
    expect(jobTemplate?.spec?.template.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
    });
  });
});

describe('CronJob validation', () => {
  const longName = 'a'.repeat(53);
  it.each([
    ['no schedule', { spec: { schedule: null } }, 'spec.schedule: Required value'],
    [
      'a schedule with four fields',
      { spec: { schedule: '* * * *' } },
      'spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]',
    ],
    [
      'a minute out of range',
      { spec: { schedule: '61 * * * *' } },
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ],
    [
      'a time zone in the schedule',
      { spec: { schedule: 'CRON_TZ=UTC 0 * * * *' } },
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ],
    [
      'an empty time zone',
      { spec: { timeZone: '' } },
      'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string',
    ],
    [
      'an unknown time zone',
      { spec: { timeZone: 'Mars/Olympus_Mons' } },
      'spec.timeZone: Invalid value: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons',
    ],
    [
      'a time zone part longer than 14 characters',
      { spec: { timeZone: 'Europe/Paris-Nord-Ouest' } },
      'spec.timeZone: Invalid value: "Europe/Paris-Nord-Ouest": unknown time zone Europe/Paris-Nord-Ouest',
    ],
    [
      'the local time zone',
      { spec: { timeZone: 'Local' } },
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ],
    [
      'a lower-case time zone',
      { spec: { timeZone: 'utc' } },
      'spec.timeZone: Invalid value: "utc": unknown time zone utc',
    ],
    [
      'an unknown concurrency policy',
      { spec: { concurrencyPolicy: 'Queue' } },
      'spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"',
    ],
    [
      'a negative history limit',
      { spec: { failedJobsHistoryLimit: -1 } },
      'spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'a negative starting deadline',
      { spec: { startingDeadlineSeconds: -10 } },
      'spec.startingDeadlineSeconds: Invalid value: -10: must be greater than or equal to 0',
    ],
    [
      'a job template restartPolicy of Always',
      { spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Always' } } } } } },
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    [
      'a selector in the job template',
      { spec: { jobTemplate: { spec: { selector: { matchLabels: { app: 'hello' } } } } } },
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"hello"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ],
    [
      'a manual selector in the job template',
      { spec: { jobTemplate: { spec: { manualSelector: true } } } },
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
    ],
    [
      'a name too long for the Jobs it creates',
      { metadata: { name: longName } },
      `metadata.name: Invalid value: "${longName}": must be no more than 52 characters`,
    ],
  ])('refuses %s', async (_case, patch, detail) => {
    const name = (patch as { metadata?: { name?: string } }).metadata?.name ?? 'hello';
    expectFailure(
      await fixture.api.request('POST', CRONJOBS, { body: fixture.manifest(patch) }),
      422,
      'Invalid',
      `CronJob.batch "${name}" is invalid: ${detail}`,
    );
  });

  it.each([['America/New_York'], ['Etc/GMT+5'], ['UTC']])(
    'accepts the time zone %s',
    async (timeZone) => {
      const created = await fixture.create({ spec: { timeZone } });
      expect(created.spec?.timeZone).toBe(timeZone);
    },
  );
});

describe('CronJob updates', () => {
  it('bumps the generation on a spec change only, and ignores the status', async () => {
    await fixture.create();
    const updated = expectOk(
      await fixture.api.request('PATCH', HELLO, {
        body: { spec: { suspend: true }, status: { lastScheduleTime: '2025-01-01T00:00:00Z' } },
        contentType: MERGE_PATCH,
      }),
    ) as CronJob;
    expect(updated.metadata?.generation).toBe(2);
    expect(updated.status).toEqual({});
  });

  it('accepts any status on the status subresource and keeps the spec', async () => {
    await fixture.create();
    const updated = expectOk(
      await fixture.api.request('PATCH', `${HELLO}/status`, {
        body: {
          spec: { suspend: true },
          status: {
            active: [{ kind: 'Job', name: 'hello-1' }],
            lastScheduleTime: '2025-01-01T00:00:00Z',
          },
        },
        contentType: MERGE_PATCH,
      }),
    ) as CronJob;
    expect(updated.spec?.suspend).toBe(false);
    expect(updated.status).toEqual({
      active: [{ kind: 'Job', name: 'hello-1' }],
      lastScheduleTime: '2025-01-01T00:00:00Z',
    });
  });

  it('validates the schedule again on update', async () => {
    await fixture.create();
    expectFailure(
      await fixture.api.request('PATCH', HELLO, {
        body: { spec: { schedule: '@fortnightly' } },
        contentType: MERGE_PATCH,
      }),
      422,
      'Invalid',
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly',
    );
  });
});
