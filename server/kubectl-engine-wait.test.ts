// `kubectl wait` in the in-browser kubectl against the real kubectl v1.32, on the same cluster:
// conditions, jsonpath, delete and the errors, byte for byte.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { both, engineFor, type Engine } from './kubectl-engine-testing.ts';
import { KUBECTL_AVAILABLE, kubectl, ok, startTestCluster, type TestCluster } from './testing.ts';

let target: TestCluster;
let engine: Engine;

const SETUP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
`;

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl wait in the terminal waits as kubectl does', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    engine = engineFor(target);
    await ok(kubectl(target, ['apply', '-f', '-'], SETUP));
    await ok(kubectl(target, ['rollout', 'status', 'deployment/web', '--timeout=60s']));
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each([
    [['wait', '--for=condition=Available', 'deployment/web']],
    [['wait', '--for=condition=available=TRUE', 'deployment/web', '--timeout=10s']],
    [['wait', '--for=condition=Ready', 'pods', '-l', 'app=web']],
    [['wait', '--for=jsonpath={.status.readyReplicas}=2', 'deployment/web']],
    [['wait', "--for=jsonpath='{.status.phase}'=Running", 'pods', '--all']],
    [['wait', '--for=jsonpath=.spec.replicas', 'deployment/web']],
    [['wait', '--for=condition=Available', 'deployment/web', '--timeout=0']],
    [['wait', '--for=condition=Progressing=False', 'deployment/web', '--timeout=0']],
    [['wait', '--for=condition=Ready', 'pod/missing']],
    [['wait', '--for=delete', 'pod/missing']],
    [['wait', '--for=sideways', 'deployment/web']],
    [['wait', 'deployment/web']],
    [['wait', '--for=jsonpath={.status.readyReplicas}=', 'deployment/web']],
    [['wait', '--for=condition=Ready', 'pods', '-l', 'app=nothing']],
    [['wait', '--for=condition=Ready', 'pods', '--timeout=soon']],
  ])('kubectl %j', async (args) => {
    const { real, ours } = await both(target, engine, args);
    expect(ours).toEqual(real);
  });

  it('waits for a deletion to finish', async () => {
    await ok(kubectl(target, ['run', 'doomed', '--image=nginx:1.27']));
    await ok(kubectl(target, ['wait', '--for=condition=Ready', 'pod/doomed', '--timeout=60s']));
    await ok(kubectl(target, ['delete', 'pod', 'doomed', '--wait=false']));
    expect(await engine.run(['wait', '--for=delete', 'pod/doomed', '--timeout=60s'])).toEqual({
      code: 0,
      stdout: 'pod/doomed condition met\n',
      stderr: '',
    });
  });
});
