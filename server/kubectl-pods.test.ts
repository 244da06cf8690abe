// The real kubectl (v1.32) reading what the kubelet reports: `get pods` STATUS for init containers,
// crash loops, OOM kills and finished pods, and `describe pod` State, Last State and Events.
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

function kubectl(...args: string[]): Promise<KubectlResult> {
  return run(target, args);
}

const sh = (script: string): string => `[sh, -c, '${script}']`;

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: initializing}
spec:
  initContainers:
  - {name: wait, image: 'busybox:1.36', command: ${sh('sleep 3600')}}
  - {name: setup, image: 'busybox:1.36', command: ${sh('true')}}
  containers:
  - {name: app, image: 'busybox:1.36', command: ${sh('sleep 3600')}}
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - {name: crash, image: 'busybox:1.36', command: ${sh('echo failing; exit 1')}}
---
apiVersion: v1
kind: Pod
metadata: {name: oom}
spec:
  restartPolicy: Never
  containers:
  - name: oom
    image: 'busybox:1.36'
    command: [tail, /dev/zero]
    resources: {limits: {memory: 64Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers:
  - {name: done, image: 'busybox:1.36', command: ${sh('echo done')}}
---
apiVersion: v1
kind: Pod
metadata: {name: failed}
spec:
  restartPolicy: Never
  containers:
  - {name: failed, image: 'busybox:1.36', command: ${sh('exit 2')}}
---
apiVersion: v1
kind: Pod
metadata: {name: init-error}
spec:
  restartPolicy: Never
  initContainers:
  - {name: check, image: 'busybox:1.36', command: ${sh('exit 1')}}
  containers:
  - {name: app, image: 'busybox:1.36', command: ${sh('sleep 3600')}}
---
apiVersion: v1
kind: Pod
metadata: {name: init-crash}
spec:
  initContainers:
  - {name: check, image: 'busybox:1.36', command: ${sh('exit 1')}}
  containers:
  - {name: app, image: 'busybox:1.36', command: ${sh('sleep 3600')}}
---
apiVersion: v1
kind: Pod
metadata: {name: unready}
spec:
  containers:
  - name: web
    image: nginx
    readinessProbe: {httpGet: {path: /ready, port: 80}, periodSeconds: 2}
`;

/** Waits (through a watch) until a field of the pod reads `value`. */
async function waitFor(pod: string, path: string, value: string): Promise<void> {
  await ok(kubectl('wait', `--for=jsonpath={${path}}=${value}`, `pod/${pod}`, '--timeout=60s'));
}

/** The READY and STATUS columns of one pod. */
async function columns(pod: string): Promise<string> {
  const line = await ok(kubectl('get', 'pod', pod, '--no-headers'));
  const [, ready = '', status = ''] = line.trim().split(/\s+/);
  return `${ready} ${status}`;
}

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl get and describe pods the kubelet runs', () => {
  beforeAll(async () => {
    target = await startTestCluster(1);
    await ok(run(target, ['apply', '-f', '-'], MANIFESTS));
    await Promise.all([
      waitFor('initializing', '.status.initContainerStatuses[0].started', 'true'),
      waitFor('crash', '.status.containerStatuses[0].state.waiting.reason', 'CrashLoopBackOff'),
      waitFor('oom', '.status.phase', 'Failed'),
      waitFor('done', '.status.phase', 'Succeeded'),
      waitFor('failed', '.status.phase', 'Failed'),
      waitFor('init-error', '.status.phase', 'Failed'),
      waitFor(
        'init-crash',
        '.status.initContainerStatuses[0].state.waiting.reason',
        'CrashLoopBackOff',
      ),
      waitFor('unready', '.status.containerStatuses[0].started', 'true'),
    ]);
  }, 180_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each<[string, string, string]>([
    ['waits on its first init container', 'initializing', '0/1 Init:0/2'],
    ['backs off a container that keeps failing', 'crash', '0/1 CrashLoopBackOff'],
    ['shows a container killed over its memory limit', 'oom', '0/1 OOMKilled'],
    ['shows a container that exited 0', 'done', '0/1 Completed'],
    ['shows a container that exited non-zero', 'failed', '0/1 Error'],
    ['shows an init container that failed for good', 'init-error', '0/1 Init:Error'],
    ['backs off a failing init container', 'init-crash', '0/1 Init:CrashLoopBackOff'],
    ['runs a container whose readiness probe fails, unready', 'unready', '0/1 Running'],
  ])(
    'STATUS %s',
    async (_name, pod, expected) => {
      // A crash-looping container runs again, briefly, each time its back-off ends: the column is
      // read until it shows the state the pod keeps returning to.
      await expect.poll(() => columns(pod), { timeout: 60_000, interval: 500 }).toBe(expected);
    },
    70_000,
  );

  it('describes a crash-looping container: waiting, its last exit, the back-off event', async () => {
    const uid = await ok(kubectl('get', 'pod', 'crash', '-o', 'jsonpath={.metadata.uid}'));
    const described = await ok(kubectl('describe', 'pod', 'crash'));
    expect(described).toMatch(/\n {4}State: +Waiting\n {6}Reason: +CrashLoopBackOff\n/);
    expect(described).toMatch(
      /\n {4}Last State: +Terminated\n {6}Reason: +Error\n {6}Exit Code: +1\n {6}Started: +.+\n {6}Finished: +.+\n {4}Ready: +False\n {4}Restart Count: +[1-9]/,
    );
    expect(described).toMatch(
      new RegExp(
        `Warning +BackOff +.+ +kubelet +Back-off restarting failed container crash in pod crash_default\\(${uid}\\)`,
      ),
    );
    expect(described).toMatch(/Normal +Created +.+ +kubelet +Created container: crash/);
  });

  it('describes an OOM-killed container as terminated with exit code 137', async () => {
    const described = await ok(kubectl('describe', 'pod', 'oom'));
    expect(described).toMatch(
      /\n {4}State: +Terminated\n {6}Reason: +OOMKilled\n {6}Exit Code: +137\n/,
    );
    expect(described).toMatch(/\n {4}Limits:\n {6}memory: +64Mi\n/);
  });

  it('describes an unready container with its readiness probe and the Unhealthy events', async () => {
    await waitFor('unready', '.status.conditions[?(@.type=="Ready")].status', 'False');
    const described = await ok(kubectl('describe', 'pod', 'unready'));
    expect(described).toMatch(
      /\n {4}Readiness: +http-get http:\/\/:80\/ready delay=0s timeout=1s period=2s #success=1 #failure=3\n/,
    );
    expect(described).toMatch(
      /Warning +Unhealthy +.+ +kubelet +Readiness probe failed: HTTP probe failed with statuscode: 404/,
    );
    expect(described).toMatch(/\n {2}ContainersReady +False *\n/);
  });

  it('deletes a running pod within its grace period, with the kubelet’s Killing event', async () => {
    await ok(
      kubectl('run', 'sleeper', '--image=busybox:1.36', '--restart=Never', '--', 'sleep', '3600'),
    );
    await waitFor('sleeper', '.status.phase', 'Running');
    expect(await ok(kubectl('delete', 'pod', 'sleeper', '--grace-period=3'))).toBe(
      'pod "sleeper" deleted\n',
    );
    const events = await ok(
      kubectl(
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=sleeper,reason=Killing',
        '-o',
        'jsonpath={.items[*].message}',
      ),
    );
    expect(events).toBe('Stopping container sleeper');
  });

  it('describes init containers in order, the first running', async () => {
    const described = await ok(kubectl('describe', 'pod', 'initializing'));
    expect(described).toMatch(
      /Init Containers:\n {2}wait:\n[\s\S]*?State: +Running\n[\s\S]*?\n {2}setup:\n[\s\S]*?State: +Waiting\n {6}Reason: +PodInitializing\n/,
    );
    expect(described).toMatch(/\n {2}Initialized +False *\n/);
  });
});
