// Jobs and CronJobs driven by the real kubectl v1.32 over HTTPS: `create job` runs to completion
// and `wait --for=condition=complete` sees it, `logs job/x` reads its pod, a failing Job reaches
// BackoffLimitExceeded, and `create cronjob` / `create job --from=cronjob/x` start Jobs.
// Skipped where kubectl is missing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
  ok,
  kubectl as run,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

let target: TestCluster;

function kubectl(...args: string[]): Promise<KubectlResult> {
  return run(target, args);
}

const FAILING_JOB = `
apiVersion: batch/v1
kind: Job
metadata: {name: fail}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: fail, image: busybox, command: [sh, -c, 'echo failing; exit 3']}
`;

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl with Jobs and CronJobs', () => {
  beforeAll(async () => {
    target = await startTestCluster(1);
  }, 60_000);

  afterAll(async () => {
    await target.stop();
  });

  it('creates a Job that runs to completion, waits for it and reads its log', async () => {
    expect(
      await ok(kubectl('create', 'job', 'pi', '--image=busybox', '--', 'sh', '-c', 'echo 3.14')),
    ).toBe('job.batch/pi created\n');
    expect(await ok(kubectl('wait', '--for=condition=complete', 'job/pi', '--timeout=60s'))).toBe(
      'job.batch/pi condition met\n',
    );
    expect(await ok(kubectl('logs', 'job/pi'))).toBe('3.14\n');
    expect(await ok(kubectl('get', 'jobs'))).toMatch(
      /^NAME +STATUS +COMPLETIONS +DURATION +AGE\npi +Complete +1\/1 +\d+s +\d+s\n$/,
    );
    expect(
      await ok(
        kubectl(
          'get',
          'job',
          'pi',
          '-o',
          'jsonpath={.status.conditions[*].type} {.status.succeeded}',
        ),
      ),
    ).toBe('SuccessCriteriaMet Complete 1');
  }, 90_000);

  it('fails a Job past its backoffLimit', async () => {
    expect(await ok(run(target, ['apply', '-f', '-'], FAILING_JOB))).toBe(
      'job.batch/fail created\n',
    );
    expect(await ok(kubectl('wait', '--for=condition=failed', 'job/fail', '--timeout=60s'))).toBe(
      'job.batch/fail condition met\n',
    );
    expect(await ok(kubectl('get', 'job', 'fail'))).toMatch(
      /^NAME +STATUS +COMPLETIONS +DURATION +AGE\nfail +Failed +0\/1 +\d+s +\d+s\n$/,
    );
    expect(
      await ok(
        kubectl(
          'get',
          'job',
          'fail',
          '-o',
          'jsonpath={.status.conditions[*].reason} {.status.failed}',
        ),
      ),
    ).toBe('BackoffLimitExceeded BackoffLimitExceeded 2');
    const events = await ok(
      kubectl(
        'get',
        'events',
        '--field-selector=involvedObject.name=fail',
        '-o',
        'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
      ),
    );
    expect(events.split('\n')).toContain('BackoffLimitExceeded');
  }, 90_000);

  it('creates a CronJob, and a Job from it by hand', async () => {
    expect(
      await ok(
        kubectl(
          'create',
          'cronjob',
          'hello',
          '--image=busybox',
          '--schedule=*/1 * * * *',
          '--',
          'sh',
          '-c',
          'echo hello',
        ),
      ),
    ).toBe('cronjob.batch/hello created\n');
    // The cluster's clock follows the wall clock: a minute may turn between the create and the
    // get, and the CronJob then has its first Job running, or already finished.
    expect(await ok(kubectl('get', 'cronjobs'))).toMatch(
      /^NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\nhello +\*\/1 \* \* \* \* +<none> +False +(0 +<none>|[01] +\d+s) +\d+s\n$/,
    );
    expect(await ok(kubectl('create', 'job', 'manual', '--from=cronjob/hello'))).toBe(
      'job.batch/manual created\n',
    );
    expect(
      await ok(kubectl('wait', '--for=condition=complete', 'job/manual', '--timeout=60s')),
    ).toBe('job.batch/manual condition met\n');
    expect(await ok(kubectl('logs', 'job/manual'))).toBe('hello\n');
  }, 90_000);
});
