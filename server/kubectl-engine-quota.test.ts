// The in-browser kubectl (workers/kubectl) against the real kubectl v1.32 on quotas and limit
// ranges: get, describe and the namespace's quota and limit sections print the same bytes
// (ages normalised), and a refused create fails with the same message.
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { both, engineFor, normaliseAges, type Engine } from './kubectl-engine-testing.ts';
import { KUBECTL_AVAILABLE, kubectl, ok, startTestCluster, type TestCluster } from './testing.ts';

let target: TestCluster;
let engine: Engine;

const SETUP = `
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {pods: "3", requests.cpu: "1", limits.memory: 1Gi}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: best-effort}
spec:
  hard: {pods: "5"}
  scopes: [BestEffort]
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - {type: Container, default: {memory: 256Mi}, defaultRequest: {memory: 128Mi}}
  - {type: Pod, max: {cpu: "2"}}
`;

async function expectSame(args: string[]): Promise<void> {
  const { real, ours } = await both(target, engine, args);
  expect({ ...ours, stdout: normaliseAges(ours.stdout) }).toEqual({
    ...real,
    stdout: normaliseAges(real.stdout),
  });
}

describe.skipIf(!KUBECTL_AVAILABLE)('the terminal kubectl on quotas and limit ranges', () => {
  beforeAll(async () => {
    target = await startTestCluster(1);
    engine = engineFor(target);
    await ok(kubectl(target, ['apply', '-f', '-'], SETUP));
    await ok(
      kubectl(target, [
        'wait',
        '--for=jsonpath={.status.used.pods}=0',
        'quota/compute',
        'quota/best-effort',
        '--timeout=60s',
      ]),
    );
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each([
    [['get', 'quota']],
    [['get', 'limits']],
    [['describe', 'quota']],
    [['describe', 'quota', 'compute']],
    [['describe', 'limits', 'defaults']],
    [['describe', 'ns', 'default']],
    [['run', 'bare', '--image=nginx']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });
});
