// The in-browser kubectl (workers/kubectl) against the real kubectl v1.32: the same command on
// the same cluster prints the same bytes (ages normalised) and exits with the same code.
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { both, engineFor, normaliseAges, type Engine } from './kubectl-engine-testing.ts';
import { runKubectl } from '../workers/kubectl/kubectl.ts';
import { KUBECTL_AVAILABLE, kubectl, ok, startTestCluster, type TestCluster } from './testing.ts';

let target: TestCluster;
let engine: Engine;

const SETUP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: front}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, labels: {app.kubernetes.io/name: settings}}
data: {a: "1", long: "${'word '.repeat(30)}", multi: "x\\ny\\n"}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: team-a, labels: {run: solo}}
spec: {containers: [{name: busybox, image: busybox, command: [sh, -c, 'sleep 3600']}]}
---
apiVersion: v1
kind: Pod
metadata: {name: printer}
spec: {containers: [{name: main, image: busybox, command: [sh, -c, 'for i in 1 2 3 4 5; do echo line $i; done; sleep 3600']}]}
`;

async function expectSame(args: string[], input?: string): Promise<void> {
  const { real, ours } = await both(target, engine, args, input);
  expect({ ...ours, stdout: normaliseAges(ours.stdout) }).toEqual({
    ...real,
    stdout: normaliseAges(real.stdout),
  });
}

describe.skipIf(!KUBECTL_AVAILABLE)('the terminal kubectl prints what kubectl prints', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    engine = engineFor(target);
    await ok(kubectl(target, ['apply', '-f', '-'], SETUP));
    await ok(kubectl(target, ['rollout', 'status', 'deployment/web', '--timeout=60s']));
    await ok(
      kubectl(target, [
        'wait',
        '--for=condition=Ready',
        '-n',
        'team-a',
        'pod/solo',
        '--timeout=60s',
      ]),
    );
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each([
    [['get', 'pods']],
    [['get', 'pods', '-o', 'wide']],
    [['get', 'pods', '--show-labels']],
    [['get', 'pods', '-A']],
    [['get', 'pods', '-A', '-o', 'wide']],
    [['get', 'deploy,svc']],
    [['get', 'all']],
    [['get', 'all', '-A']],
    [['get', 'nodes']],
    [['get', 'ns']],
    [['get', 'po', '-n', 'team-a', '-L', 'run,app']],
    [['get', 'pods', '-l', 'app=web', '--no-headers']],
    [['get', 'pods', '-n', 'kube-system']],
    [['get', 'pods', '--field-selector', 'status.phase=Running', '-A']],
    [['get', 'configmaps', '--sort-by', '.metadata.name']],
    [['get', 'deployment', 'web']],
    [['get', 'deployments.apps', 'web', '-o', 'wide']],
    [['get', 'deploy/web', 'svc/web']],
    [['get', 'pod', 'nope']],
    [['get', 'pods', 'nope', 'other']],
    [['get', 'pod/x', 'pods']],
    [['get', 'foo']],
    [['get', 'pods,foo']],
    [['get']],
    [['get', 'pods', '--bogus']],
    [['get', 'pods', '-x']],
    [['get', 'pods', '-n']],
    [['get', 'pods', '-o', 'bogus']],
    [['foo']],
    [['get', 'events', '-n', 'nowhere']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });

  it.each([
    [['get', 'configmap', 'settings', '-o', 'yaml']],
    [['get', 'configmap', 'settings', '-o', 'json']],
    [['get', 'deploy', 'web', '-o', 'yaml']],
    [['get', 'svc', '-o', 'json']],
    [['get', 'pods', '-n', 'team-a', '-o', 'yaml']],
    [['get', 'pods', '-o', 'name']],
    [['get', 'all', '-o', 'name']],
    [['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']],
    [
      [
        'get',
        'pods',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
      ],
    ],
    [
      [
        'get',
        'pods',
        '-A',
        '-o',
        'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,IMAGES:.spec.containers[*].image',
      ],
    ],
    [['get', 'nodes', '-o', 'custom-columns=NAME:metadata.name,TAINTS:.spec.taints']],
    [['get', 'pods', '-l', 'app=nothing', '-o', 'yaml']],
    [['get', 'pods', '-l', 'app=nothing', '-o', 'name']],
    [['get', 'pod', 'nope', '-o', 'yaml']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });

  it.each([
    [['describe', 'pods']],
    [['describe', 'pod', '-n', 'team-a', 'solo']],
    [['describe', 'deploy', 'web']],
    [['describe', 'rs']],
    [['describe', 'svc']],
    [['describe', 'nodes']],
    [['describe', 'ns', 'default', 'team-a']],
    [['describe', 'node', 'node-1']],
    [['describe', 'pod', 'web']],
    [['describe', 'pod', 'nope']],
    [['describe', 'pods', '-n', 'nowhere']],
    [['describe']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });

  it.each([
    [['logs', 'printer']],
    [['logs', 'printer', '--tail=2']],
    [['logs', 'pod/printer', '-c', 'main']],
    [['logs', 'nope']],
    [['logs', 'printer', '-c', 'nope']],
    [['logs', 'printer', '--previous']],
    [['logs']],
    [['exec', 'printer', '--', 'sh', '-c', 'echo hi; echo err >&2; exit 3']],
    [['exec', '-n', 'team-a', 'solo', '--', 'echo', 'hello']],
    [['exec', 'nope', '--', 'ls']],
    [['exec', 'printer', 'ls']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });

  it('follows a log until aborted', async () => {
    const real = await kubectl(target, ['logs', 'printer']);
    const controller = new AbortController();
    let stdout = '';
    const code = await runKubectl(
      ['logs', '-f', 'printer'],
      {
        stdout: (text) => {
          stdout += text;
          if (stdout.includes('line 5\n')) controller.abort();
        },
        stderr: (text) => (stdout += text),
        signal: controller.signal,
      },
      engine.client,
      engine.discovery,
      { now: () => Date.now() },
    );
    expect({ code, stdout }).toEqual({ code: real.code, stdout: real.stdout });
  });

  it.each([
    [['api-resources']],
    [['api-resources', '-o', 'wide']],
    [['api-resources', '-o', 'name']],
    [['api-resources', '--namespaced=false']],
    [['api-resources', '--api-group=apps', '--no-headers']],
    [['api-resources', '--verbs=list', '--sort-by=kind']],
    [['api-versions']],
    [['auth', 'can-i', 'create', 'pods']],
    [['auth', 'can-i', 'create', 'pods', '--as=jane']],
    [['auth', 'can-i', 'get', '/healthz']],
    [['auth', 'can-i', 'list', 'deployments.apps', '-n', 'kube-system']],
    [['auth', 'can-i', 'foo', 'bar']],
    [['auth', 'can-i']],
    [['events', '--for', 'pod/printer']],
    [['events', '-n', 'team-a']],
    [['events', '-n', 'nowhere']],
    [['events', '--types=Warning']],
    [['cluster-info']],
    [['config', 'view']],
    [['config', 'current-context']],
    [['get', 'pods', '--as=jane']],
  ])('kubectl %j', async (args) => {
    await expectSame(args);
  });

  it('reports the same server version', async () => {
    const { real, ours } = await both(target, engine, ['version']);
    expect(ours.stdout.split('\n').slice(1)).toEqual(real.stdout.split('\n').slice(1));
  });
});
