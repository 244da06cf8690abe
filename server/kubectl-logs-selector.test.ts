// `kubectl logs -l` in the terminal's kubectl against the real kubectl v1.32: the pods a selector
// matches, ten lines each by default, --prefix, --all-containers, and --max-log-requests' limit.
// Real kubectl reads several logs in Go's random map order, so those outputs compare as sorted
// lines. Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from '../workers/kubectl/kubectl.ts';
import { both, engineFor, type Engine } from './kubectl-engine-testing.ts';
import { KUBECTL_AVAILABLE, kubectl, ok, startTestCluster, type TestCluster } from './testing.ts';

let target: TestCluster;
let engine: Engine;

const COUNT = 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo';

const SETUP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: chatty}
spec:
  replicas: 2
  selector: {matchLabels: {app: chatty}}
  template:
    metadata: {labels: {app: chatty}}
    spec:
      containers:
      - {name: a, image: busybox, command: [sh, -c, '${COUNT} a $i; done; sleep 3600']}
      - {name: b, image: busybox, command: [sh, -c, '${COUNT} b $i; done; sleep 3600']}
---
apiVersion: v1
kind: Pod
metadata: {name: single, labels: {app: single}}
spec:
  containers:
  - {name: main, image: busybox, command: [sh, -c, '${COUNT} line $i; done; sleep 3600']}
`;

const sortedLines = (text: string): string[] => text.split('\n').sort();

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl logs -l prints what kubectl prints', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    engine = engineFor(target);
    await ok(kubectl(target, ['apply', '-f', '-'], SETUP));
    await ok(kubectl(target, ['rollout', 'status', 'deployment/chatty', '--timeout=60s']));
    await ok(kubectl(target, ['wait', '--for=condition=Ready', 'pod/single', '--timeout=60s']));
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each([
    [['logs', '-l', 'app=single']],
    [['logs', '-l', 'app=single', '--prefix']],
    [['logs', '-l', 'app=single', '--tail=-1']],
    [['logs', '-l', 'app=single', '--tail=3', '--prefix']],
    [['logs', 'single', '--prefix']],
    [['logs', 'single', '--all-containers']],
    [['logs', '-l', 'app=nothing']],
    [['logs', 'single', '-l', 'app=single']],
    [['logs', '-l', 'app=chatty', '--all-containers', '-c', 'a']],
    [['logs', '-f', '-l', 'app=chatty', '--all-containers', '--max-log-requests=3']],
  ])('kubectl %j', async (args) => {
    const { real, ours } = await both(target, engine, args);
    expect(ours).toEqual(real);
  });

  it.each([
    [['logs', '-l', 'app=chatty']],
    [['logs', '-l', 'app=chatty', '-c', 'b', '--prefix']],
    [['logs', '-l', 'app=chatty', '--all-containers', '--prefix', '--tail=2']],
    [['logs', '-l', 'app in (chatty,single)', '--all-containers', '--prefix']],
  ])('kubectl %j, in any order', async (args) => {
    const { real, ours } = await both(target, engine, args);
    expect({ ...ours, stdout: sortedLines(ours.stdout), stderr: sortedLines(ours.stderr) }).toEqual(
      { ...real, stdout: sortedLines(real.stdout), stderr: sortedLines(real.stderr) },
    );
  });

  it('follows every stream side by side, whole lines each, until aborted', async () => {
    const args = ['logs', '-l', 'app=chatty', '--all-containers', '--prefix'];
    const real = await kubectl(target, args);
    const controller = new AbortController();
    let stdout = '';
    const code = await runKubectl(
      ['logs', '-f', ...args.slice(1)],
      {
        stdout: (text) => {
          stdout += text;
          if (stdout.split('\n').length > 40) controller.abort();
        },
        stderr: (text) => (stdout += text),
        signal: controller.signal,
      },
      engine.client,
      engine.discovery,
      { now: () => Date.now() },
    );
    expect(code).toBe(0);
    expect(sortedLines(stdout)).toEqual(sortedLines(real.stdout));
  });
});
