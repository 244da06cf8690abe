import type { Job } from 'kubernetes-types/batch/v1';
import { describe, expect, it } from 'vitest';
import { expectFailure, expectOk } from '../testing.ts';
import { workloadFixture } from './workload-fixture.ts';

const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const PI = `${JOBS}/pi`;

const BASE = {
  metadata: { name: 'pi' },
  spec: {
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-e', 'print 1'] }],
      },
    },
  },
};

const fixture = workloadFixture<Job>(JOBS, BASE);

function generatedLabels(uid: string): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': 'pi',
    'controller-uid': uid,
    'job-name': 'pi',
  };
}

describe('Job defaults', () => {
  it('defaults the counts and modes, and generates the selector and the labels', async () => {
    const created = await fixture.create();
    const uid = created.metadata?.uid ?? '';
    expect(created.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(created.spec?.template.metadata).toEqual({
      creationTimestamp: null,
      labels: generatedLabels(uid),
    });
    expect(created.metadata?.labels).toEqual(generatedLabels(uid));
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({});
  });

  it.each([
    [
      'completions alone gets parallelism 1',
      { completions: 4 },
      { completions: 4, parallelism: 1 },
    ],
    [
      'a per-index backoff limit lifts the job backoff limit',
      { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 },
      { backoffLimit: 2147483647 },
    ],
    [
      'a pod failure policy replaces failed pods only',
      {
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
        },
      },
      {
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
      },
    ],
  ])('defaults: %s', async (_case, spec, expected) => {
    const created = await fixture.create({ spec });
    expect(created.spec).toMatchObject(expected);
  });

  it('leaves completions unset when only parallelism is given', async () => {
    const created = await fixture.create({ spec: { parallelism: 3 } });
    expect(created.spec?.parallelism).toBe(3);
    expect(created.spec?.completions).toBeUndefined();
  });

  it('keeps the Job labels it was given, and copies the template labels otherwise', async () => {
    const labelled = await fixture.create({ metadata: { labels: { team: 'a' } } });
    expect(labelled.metadata?.labels).toEqual({ team: 'a' });
    await fixture.api.request('DELETE', PI, { body: { propagationPolicy: 'Background' } });
    const copied = await fixture.create({
      spec: { template: { metadata: { labels: { app: 'pi' } } } },
    });
    expect(copied.metadata?.labels).toEqual({
      app: 'pi',
      ...generatedLabels(copied.metadata?.uid ?? ''),
    });
  });

  it('leaves a manual selector and the template labels alone', async () => {
    const created = await fixture.create({
      spec: {
        manualSelector: true,
        selector: { matchLabels: { app: 'pi' } },
        template: { metadata: { labels: { app: 'pi' } } },
      },
    });
    expect(created.spec?.selector).toEqual({ matchLabels: { app: 'pi' } });
    expect(created.spec?.template.metadata?.labels).toEqual({ app: 'pi' });
  });
});

describe('Job validation', () => {
  it.each([
    [
      'a template without restartPolicy',
      { spec: { template: { spec: { restartPolicy: null } } } },
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    [
      'restartPolicy Always',
      { spec: { template: { spec: { restartPolicy: 'Always' } } } },
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    [
      'OnFailure with a pod failure policy',
      {
        spec: {
          template: { spec: { restartPolicy: 'OnFailure' } },
          podFailurePolicy: {
            rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }],
          },
        },
      },
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ],
    [
      'negative parallelism',
      { spec: { parallelism: -1 } },
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'Indexed without completions',
      { spec: { completionMode: 'Indexed', parallelism: 2 } },
      'spec.completions: Required value: when completion mode is Indexed',
    ],
    [
      'an unknown completion mode',
      { spec: { completionMode: 'Sharded' } },
      'spec.completionMode: Unsupported value: "Sharded": supported values: "NonIndexed", "Indexed"',
    ],
    [
      'a per-index backoff limit without Indexed mode',
      { spec: { backoffLimitPerIndex: 1 } },
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    ],
    [
      'maxFailedIndexes without a per-index backoff limit',
      { spec: { completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 } },
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
    ],
    [
      'more failed indexes than completions',
      {
        spec: {
          completionMode: 'Indexed',
          completions: 3,
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 4,
        },
      },
      'spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions',
    ],
    [
      'an Indexed name too long for its pods',
      {
        metadata: { name: 'a'.repeat(62) },
        spec: { completionMode: 'Indexed', completions: 10 },
      },
      `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
    ],
    [
      'a managedBy that is no domain-prefixed path',
      { spec: { managedBy: 'kueue' } },
      'spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")',
    ],
    [
      'a pod failure policy rule without a requirement',
      { spec: { podFailurePolicy: { rules: [{ action: 'FailJob' }] } } },
      'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ],
    [
      'unordered exit codes',
      {
        spec: {
          podFailurePolicy: {
            rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [3, 1] } }],
          },
        },
      },
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: must be ordered',
    ],
    [
      'a FailIndex rule without a per-index backoff limit',
      {
        spec: {
          podFailurePolicy: {
            rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }],
          },
        },
      },
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
    ],
    [
      'a success policy without Indexed mode',
      { spec: { successPolicy: { rules: [{ succeededCount: 1 }] } } },
      'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode',
    ],
    [
      'succeeded indexes out of range',
      {
        spec: {
          completionMode: 'Indexed',
          completions: 3,
          successPolicy: { rules: [{ succeededIndexes: '1-5' }] },
        },
      },
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-5": error parsing succeededIndexes: too large index: "5"',
    ],
    [
      'a manual selector that does not match the template',
      { spec: { manualSelector: true, selector: { matchLabels: { app: 'pi' } } } },
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ],
    [
      'a template label that contradicts the generated one',
      { spec: { template: { metadata: { labels: { 'job-name': 'other' } } } } },
      'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"ID", "batch.kubernetes.io/job-name":"pi", "controller-uid":"ID", "job-name":"other"}: must be \'pi\'',
    ],
  ])('refuses %s', async (_case, patch, detail) => {
    const response = await fixture.api.request('POST', JOBS, { body: fixture.manifest(patch) });
    expect(response.code).toBe(422);
    const message = (response.body as { message: string }).message;
    const uid = /controller-uid":"([^"]+)"/.exec(message)?.[1] ?? 'ID';
    const name = (patch as { metadata?: { name?: string } }).metadata?.name ?? 'pi';
    expect(message).toBe(`Job.batch "${name}" is invalid: ${detail.replaceAll('ID', uid)}`);
  });

  it('answers a field selector it does not know in its own words, and selects on status.successful', async () => {
    await fixture.create();
    expectFailure(
      await fixture.api.request('GET', JOBS, { query: { fieldSelector: 'status.failed=0' } }),
      400,
      'BadRequest',
      'field label "status.failed" not supported for batchv1.Job',
    );
    const list = expectOk(
      await fixture.api.request('GET', JOBS, { query: { fieldSelector: 'status.successful=0' } }),
    ) as { items: Job[] };
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['pi']);
  });
});

describe('Job updates', () => {
  it.each([
    [
      'completions',
      { spec: { completions: 2 } },
      'spec.completions: Invalid value: 2: field is immutable',
    ],
    [
      'the selector',
      { spec: { selector: { matchLabels: { app: 'x' } }, manualSelector: true } },
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"',
    ],
    [
      'the template',
      { spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.36.0' }] } } } },
      'spec.template: Invalid value: {"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.36.0"',
    ],
    [
      'the completion mode',
      { spec: { completionMode: 'Indexed' } },
      'spec.completionMode: Invalid value: "Indexed": field is immutable',
    ],
  ])('refuses a change of %s', async (_case, patch, fragment) => {
    await fixture.create();
    const response = await fixture.patch(PI, patch);
    expect(response.code).toBe(422);
    expect((response.body as { message: string }).message).toContain(fragment);
  });

  it('lets suspend and parallelism change and bumps the generation', async () => {
    await fixture.create();
    const updated = expectOk(
      await fixture.patch(PI, { spec: { suspend: true, parallelism: 2 } }),
    ) as Job;
    expect(updated.spec).toMatchObject({ suspend: true, parallelism: 2 });
    expect(updated.metadata?.generation).toBe(2);
  });

  it('lets a suspended Job that never started change its node selector and template labels', async () => {
    await fixture.create({ spec: { suspend: true } });
    const updated = expectOk(
      await fixture.patch(PI, {
        spec: {
          template: { metadata: { labels: { queue: 'a' } }, spec: { nodeSelector: { zone: 'b' } } },
        },
      }),
    ) as Job;
    expect(updated.spec?.template.spec?.nodeSelector).toEqual({ zone: 'b' });
  });

  it('scales an Indexed Job when completions move with parallelism', async () => {
    await fixture.create({ spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 } });
    expectOk(await fixture.patch(PI, { spec: { completions: 4, parallelism: 4 } }));
    const response = await fixture.patch(PI, { spec: { completions: 5 } });
    expect((response.body as { message: string }).message).toBe(
      'Job.batch "pi" is invalid: spec.completions: Invalid value: 5: can only be modified in tandem with spec.parallelism',
    );
  });
});

describe('Job status', () => {
  it.each([
    [
      'Complete without a completion time',
      { startTime: '2025-01-01T00:00:00Z', conditions: [{ type: 'Complete', status: 'True' }] },
      'status.completionTime: Required value: completionTime is required for Complete jobs',
    ],
    [
      'a finished Job with active pods',
      {
        active: 1,
        startTime: '2025-01-01T00:00:00Z',
        conditions: [
          { type: 'Failed', status: 'True' },
          { type: 'FailureTarget', status: 'True' },
        ],
      },
      'status.active: Invalid value: 1: active>0 is invalid for finished job',
    ],
    [
      'a completion time before the start',
      {
        startTime: '2025-01-01T00:01:00Z',
        completionTime: '2025-01-01T00:00:00Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
      'status.completionTime: Invalid value: 2025-01-01 00:00:00 +0000 UTC: completionTime cannot be set before startTime',
    ],
    [
      'completed indexes on a NonIndexed Job',
      { completedIndexes: '0' },
      'status.completedIndexes: Invalid value: "0": cannot set non-empty completedIndexes when non-indexed completion mode',
    ],
    [
      'a duplicated uncounted pod',
      { uncountedTerminatedPods: { succeeded: ['a'], failed: ['a'] } },
      'status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"',
    ],
  ])('refuses %s', async (_case, status, detail) => {
    await fixture.create();
    expectFailure(
      await fixture.patch(`${PI}/status`, { status }),
      422,
      'Invalid',
      `Job.batch "pi" is invalid: ${detail}`,
    );
  });

  it('refuses to lower the failed counter or undo a terminal condition', async () => {
    await fixture.create();
    expectOk(
      await fixture.patch(`${PI}/status`, {
        status: {
          failed: 2,
          startTime: '2025-01-01T00:00:00Z',
          conditions: [
            { type: 'FailureTarget', status: 'True' },
            { type: 'Failed', status: 'True' },
          ],
        },
      }),
    );
    expectFailure(
      await fixture.patch(`${PI}/status`, { status: { failed: 1, conditions: [] } }),
      422,
      'Invalid',
      'Job.batch "pi" is invalid: [status.conditions: Invalid value: cannot disable the terminal Failed=True condition, status.conditions: Invalid value: cannot disable the terminal FailureTarget=True condition, status.failed: Invalid value: 1: cannot decrease the failed counter]',
    );
  });

  it('keeps the spec on the status subresource and drops zero counters', async () => {
    await fixture.create();
    const updated = expectOk(
      await fixture.patch(`${PI}/status`, {
        spec: { parallelism: 5 },
        status: { active: 1, failed: 0 },
      }),
    ) as Job;
    expect(updated.spec?.parallelism).toBe(1);
    expect(updated.status).toEqual({ active: 1 });
  });
});
