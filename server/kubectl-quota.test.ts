// The real kubectl (v1.32) with a ResourceQuota and a LimitRange against the playground over
// HTTPS: the quota controller fills the status, admission refuses the pod that would exceed it
// with kubectl's exact error, a LimitRange's defaults let a bare `kubectl run` pass the quota, and
// get/describe print both as kubectl 1.32 does.
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
  ok,
  kubectl as run,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

if (!KUBECTL_AVAILABLE) console.warn('kubectl is not installed: skipping the real-kubectl tests');

let target: TestCluster;

function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  return run(target, args, input);
}

function podWithCpu(name: string, cpu: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name, image: 'nginx', resources: { requests: { cpu } } }] },
  });
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl with a resource quota', () => {
  beforeAll(async () => {
    target = await startTestCluster(1);
  });

  afterAll(async () => {
    await target.stop();
  });

  it('creates the quota, which the controller then measures', async () => {
    expect(await ok(kubectl(['create', 'quota', 'q', '--hard=pods=2,requests.cpu=1']))).toBe(
      'resourcequota/q created\n',
    );
    await ok(kubectl(['wait', '--for=jsonpath={.status.used.pods}=0', 'quota/q', '--timeout=60s']));
  });

  it('admits pods up to the quota and refuses the one beyond it', async () => {
    expect(await ok(kubectl(['create', '-f', '-'], podWithCpu('a', '400m')))).toBe(
      'pod/a created\n',
    );
    expect(await ok(kubectl(['create', '-f', '-'], podWithCpu('b', '500m')))).toBe(
      'pod/b created\n',
    );
    expect(await kubectl(['create', '-f', '-'], podWithCpu('c', '100m'))).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): error when creating "STDIN": pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2\n',
    });
  });

  it('refuses a pod that does not request the cpu the quota tracks', async () => {
    expect(await kubectl(['run', 'd', '--image=nginx'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods "d" is forbidden: failed quota: q: must specify requests.cpu for: d\n',
    });
  });

  it('prints the quota as kubectl get and describe do', async () => {
    // The AGE column is as wide as the age it shows.
    expect(await ok(kubectl(['get', 'quota']))).toMatch(
      /^NAME {3}AGE +REQUEST {27}LIMIT\nq {6}(\d+[smh])+ +pods: 2\/2, requests\.cpu: 900m\/1 {3}\n$/,
    );
    expect(await ok(kubectl(['describe', 'quota', 'q']))).toBe(
      [
        'Name:         q',
        'Namespace:    default',
        'Resource      Used  Hard',
        '--------      ----  ----',
        'pods          2     2',
        'requests.cpu  900m  1',
        '',
      ].join('\n'),
    );
  });

  it('lets a LimitRange default the cpu the quota asks for, once a deleted pod is given back', async () => {
    const limitRange = JSON.stringify({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'cpu' },
      spec: {
        limits: [{ type: 'Container', default: { cpu: '200m' }, defaultRequest: { cpu: '100m' } }],
      },
    });
    expect(await ok(kubectl(['create', '-f', '-'], limitRange))).toBe('limitrange/cpu created\n');
    expect(await ok(kubectl(['delete', 'pod', 'a']))).toBe('pod "a" deleted\n');
    await ok(kubectl(['wait', '--for=jsonpath={.status.used.pods}=1', 'quota/q', '--timeout=60s']));
    expect(await ok(kubectl(['run', 'e', '--image=nginx']))).toBe('pod/e created\n');
    expect(
      await ok(kubectl(['get', 'pod', 'e', '-o', 'jsonpath={.spec.containers[0].resources}'])),
    ).toBe('{"limits":{"cpu":"200m"},"requests":{"cpu":"100m"}}');
    expect(await ok(kubectl(['get', 'quota', 'q', '-o', 'jsonpath={.status.used}']))).toBe(
      '{"pods":"2","requests.cpu":"600m"}',
    );
    const table = await ok(kubectl(['get', 'limits']));
    expect(table.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, '<time>')).toBe(
      'NAME   CREATED AT\ncpu    <time>\n',
    );
    expect(await ok(kubectl(['describe', 'limits', 'cpu']))).toBe(
      [
        'Name:       cpu',
        'Namespace:  default',
        'Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---  ---  ---------------  -------------  -----------------------',
        'Container   cpu       -    -    100m             200m           -',
        '',
      ].join('\n'),
    );
  });
});
