// `kubectl exec` and `kubectl attach` (the real kubectl v1.32) against the playground over HTTPS:
// a WebSocket upgraded for `v5.channel.k8s.io`, the API server's stream to the pod's kubelet, the
// command run in (or the output of) the simulated container. Errors before the upgrade reach
// kubectl again through its SPDY fallback, answered with the same Status. Skipped where kubectl is
// missing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  KUBECTL_AVAILABLE,
  ok,
  kubectl as run,
  kubectlStream,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

let target: TestCluster;

function kubectl(...args: string[]): Promise<KubectlResult> {
  return run(target, args);
}

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: busybox
    command: [sh, -c, 'sleep 3600']
    env: [{name: GREETING, value: hello}]
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, 'sleep 3600']}
  - {name: b, image: busybox, command: [sh, -c, 'sleep 3600']}
---
apiVersion: v1
kind: Pod
metadata: {name: never}
spec:
  containers:
  - {name: never, image: 'redis:7', imagePullPolicy: Never}
---
apiVersion: v1
kind: Pod
metadata: {name: pending}
spec:
  schedulerName: nobody
  containers:
  - {name: pending, image: busybox}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers:
  - {name: done, image: busybox, command: ['true']}
---
apiVersion: v1
kind: Pod
metadata: {name: ticker}
spec:
  containers:
  - {name: ticker, image: busybox, command: [sh, -c, 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done']}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: exec}
rules:
- {apiGroups: [''], resources: [pods], verbs: [get]}
- {apiGroups: [''], resources: [pods/exec], verbs: [get, create]}
---
apiVersion: v1
kind: Pod
metadata: {name: ticker}
spec:
  containers:
  - {name: ticker, image: busybox, command: [sh, -c, 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done']}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: exec}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ana}]
`;

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl exec', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    await ok(run(target, ['apply', '-f', '-'], MANIFESTS));
    await ok(
      kubectl('wait', '--for=condition=Ready', 'pod/web', 'pod/two', 'pod/ticker', '--timeout=60s'),
    );
    await ok(
      kubectl('wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/done', '--timeout=60s'),
    );
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each<[string, string[], string]>([
    ['runs a command and prints its output', ['web', '--', 'echo', 'hi'], 'hi\n'],
    [
      'runs it in the container’s environment',
      ['web', '--', 'sh', '-c', 'echo $GREETING from $(hostname)'],
      'hello from web\n',
    ],
    ['runs it in the container named by -c', ['two', '-c', 'b', '--', 'hostname'], 'two\n'],
    ['lets a user allowed to get and create pods/exec in', ['web', '--as=ana', '--', 'true'], ''],
  ])('%s', async (_name, args, stdout) => {
    expect(await ok(kubectl('exec', ...args))).toBe(stdout);
  });

  it('keeps stdout and stderr apart', async () => {
    expect(await kubectl('exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2')).toEqual({
      code: 0,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  it('defaults to the first of several containers, and says so', async () => {
    expect(await kubectl('exec', 'two', '--', 'echo', 'in a')).toEqual({
      code: 0,
      stdout: 'in a\n',
      stderr: 'Defaulted container "a" out of: a, b\n',
    });
  });

  it('exits with the command’s non-zero exit code', async () => {
    expect(await kubectl('exec', 'web', '--', 'sh', '-c', 'exit 3')).toEqual({
      code: 3,
      stdout: '',
      stderr: 'command terminated with exit code 3\n',
    });
  });

  it('feeds piped stdin to the command with -i', async () => {
    expect(await ok(run(target, ['exec', '-i', 'web', '--', 'cat'], 'one\ntwo\n'))).toBe(
      'one\ntwo\n',
    );
  });

  it('runs a shell’s commands from stdin, line by line', async () => {
    const result = await run(target, ['exec', '-i', 'web', '--', 'sh'], 'x=5\necho $x\nexit 4\n');
    expect(result).toEqual({
      code: 4,
      stdout: '5\n',
      stderr: 'command terminated with exit code 4\n',
    });
  });

  it.each<[string, string[], string]>([
    [
      'refuses a container the pod lacks',
      ['two', '-c', 'x', '--', 'true'],
      'Error from server (BadRequest): container x is not valid for pod two\n',
    ],
    [
      'says a pod is not found',
      ['nope', '--', 'true'],
      'Error from server (NotFound): pods "nope" not found\n',
    ],
    [
      'refuses a pod not yet on a node',
      ['pending', '--', 'true'],
      'Error from server (BadRequest): pod pending does not have a host assigned\n',
    ],
    [
      'finds no container that is not running',
      ['never', '--', 'true'],
      'error: Internal error occurred: unable to upgrade connection: container not found ("never")\n',
    ],
    [
      'refuses a completed pod',
      ['done', '--', 'true'],
      'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
    ],
    [
      'refuses a user who may not exec',
      ['web', '--as=jane', '--', 'true'],
      'Error from server (Forbidden): pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"\n',
    ],
  ])('%s', async (_name, args, stderr) => {
    expect(await kubectl('exec', ...args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('reports a command the image lacks as the runtime does', async () => {
    const result = await kubectl('exec', 'web', '--', 'ls');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ls": executable file not found in \$PATH: unknown\n$/,
    );
  });

  // `pods/exec` names a pod called exec to can-i; the subresource is asked for with --subresource.
  it.each<[string[], string, number]>([
    [['create', 'pods/exec'], 'yes\n', 0],
    [['create', 'pods/exec', '--as=jane'], 'no\n', 1],
    [['create', 'pods', '--subresource=exec', '--as=jane'], 'no\n', 1],
    [['create', 'pods', '--subresource=exec', '--as=ana'], 'yes\n', 0],
    [['get', 'pods', '--subresource=exec', '--as=ana'], 'yes\n', 0],
    [['create', 'pods/exec', '--as=ana'], 'no\n', 1],
  ])('answers auth can-i %j', async (args, stdout, code) => {
    expect(await kubectl('auth', 'can-i', ...args)).toEqual({ code, stdout, stderr: '' });
  });

  it('answers a request that does not upgrade with 400', async () => {
    const answer = await call(
      target,
      'POST',
      '/api/v1/namespaces/default/pods/web/exec?command=true&stdout=true',
    );
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({
      reason: 'BadRequest',
      message: 'Upgrade request required',
    });
  });

  it('attaches to what a container writes from then on', async () => {
    const attached = kubectlStream(target, ['attach', 'ticker']);
    const output = await attached.until(/tick \d+\n.*tick \d+\n.*tick \d+\n/s);
    attached.stop();
    const [hint, ...ticks] = output.trimEnd().split('\n');
    expect(hint).toBe("If you don't see a command prompt, try pressing enter.");
    const first = Number(/\d+/.exec(ticks[0] ?? '')?.[0]);
    expect(ticks).toEqual(ticks.map((_, i) => `tick ${String(first + i)}`));
  });

  it('refuses to attach to a completed pod', async () => {
    expect(await kubectl('attach', 'done')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot attach a container in a completed pod; current phase is Succeeded\n',
    });
  });
});
