// `kubectl logs` (the real kubectl v1.32) against the playground over HTTPS: the API server asks
// the pod's kubelet, and a follow streams as a chunked answer. Skipped where kubectl is missing.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
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

/** A kubectl that keeps running (`logs -f`): its output so far, and a way to wait for more. */
function start(...args: string[]) {
  const child = spawn('kubectl', args, {
    env: { ...process.env, KUBECONFIG: target.kubeconfigPath },
  });
  let stdout = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    output: () => stdout,
    async until(done: (stdout: string) => boolean): Promise<string> {
      while (!done(stdout)) await new Promise<void>((resolve) => waiters.push(resolve));
      return stdout;
    },
  };
}

const lineCount = (text: string): number => text.split('\n').length - 1;

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: hello}
spec:
  containers:
  - {name: hello, image: busybox, command: [sh, -c, 'echo hello; echo world; sleep 3600']}
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, 'echo from a; sleep 3600']}
  - {name: b, image: busybox, command: [sh, -c, 'echo from b >&2; sleep 3600']}
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - {name: crash, image: busybox, command: [sh, -c, 'echo started; sleep 30; echo failing >&2; exit 1']}
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
  nodeSelector: {disk: ssd}
  containers:
  - {name: pending, image: busybox}
`;

const TICKER = (name: string): string => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - {name: ${name}, image: busybox, command: [sh, -c, 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done']}
`;

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl logs', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    await ok(run(target, ['apply', '-f', '-'], MANIFESTS));
    await ok(
      kubectl(
        'wait',
        '--for=condition=Ready',
        'pod/hello',
        'pod/two',
        'pod/crash',
        '--timeout=60s',
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it.each<[string, string[], string]>([
    ['prints what the container wrote', ['hello'], 'hello\nworld\n'],
    ['prints the last lines with --tail', ['hello', '--tail=1'], 'world\n'],
    ['stops at --limit-bytes', ['hello', '--limit-bytes=8'], 'hello\nwo'],
    ['prints everything newer than --since', ['hello', '--since=1h'], 'hello\nworld\n'],
    ['prints nothing before --since-time', ['hello', '--since-time=2999-01-01T00:00:00Z'], ''],
    ['prints the container named by -c', ['two', '-c', 'b'], 'from b\n'],
    ['prints the container named after the pod', ['two', 'b'], 'from b\n'],
  ])('%s', async (_name, args, stdout) => {
    expect(await ok(kubectl('logs', ...args))).toBe(stdout);
  });

  it('prefixes each line with its time to the nanosecond with --timestamps', async () => {
    const stdout = await ok(kubectl('logs', 'hello', '--timestamps'));
    expect(stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z world\n$/,
    );
  });

  it('defaults to the first of several containers, and says so', async () => {
    const result = await kubectl('logs', 'two');
    expect(result).toEqual({
      code: 0,
      stdout: 'from a\n',
      stderr: 'Defaulted container "a" out of: a, b\n',
    });
  });

  it('prints the log of the instance before the restart with --previous', async () => {
    await ok(
      kubectl(
        'wait',
        // Any restart will do: each instance writes the same, and the pod keeps crashing.
        '--for=jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}=1',
        'pod/crash',
        '--timeout=60s',
      ),
    );
    expect(await ok(kubectl('logs', 'crash', '--previous'))).toBe('started\nfailing\n');
  });

  it.each<[string, string[], string]>([
    [
      'refuses --previous without a restart',
      ['hello', '--previous'],
      'Error from server (BadRequest): previous terminated container "hello" in pod "hello" not found\n',
    ],
    [
      'says why a container that cannot start has no log',
      ['never'],
      'Error from server (BadRequest): container "never" in pod "never" is waiting to start: ErrImageNeverPull\n',
    ],
    [
      'says a pod is not found',
      ['nope'],
      'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
    ],
    [
      'refuses a container the pod lacks',
      ['two', '-c', 'c'],
      'error: container c is not valid for pod two\n',
    ],
  ])('%s', async (_name, args, stderr) => {
    expect(await kubectl('logs', ...args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('prints nothing for a pod not yet on a node', async () => {
    expect(await kubectl('logs', 'pending')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('asks for a container name when a raw request names none', async () => {
    const result = await kubectl('get', '--raw', '/api/v1/namespaces/default/pods/two/log');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (BadRequest): a container name must be specified for pod two, choose one of: [a b]\n',
    });
  });

  it('answers text/plain, and 422 for invalid options', async () => {
    const answer = await call(
      target,
      'GET',
      '/api/v1/namespaces/default/pods/hello/log?tailLines=1',
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.text).toBe('world\n');
    const invalid = await call(
      target,
      'GET',
      '/api/v1/namespaces/default/pods/hello/log?tailLines=-1&sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z',
    );
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'PodLogOptions "hello" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]',
    });
  });

  it('follows with -f, line by line, until the container stops', async () => {
    await ok(run(target, ['apply', '-f', '-'], TICKER('ticker')));
    await ok(kubectl('wait', '--for=condition=Ready', 'pod/ticker', '--timeout=60s'));
    const follow = start('logs', '-f', 'ticker', '--tail=1');
    // --tail=1 gives one line; the others come as the container writes them.
    await follow.until((stdout) => lineCount(stdout) >= 3);
    await ok(kubectl('delete', 'pod', 'ticker'));
    expect(await follow.exited).toBe(0);
    const ticks = follow.output().trimEnd().split('\n');
    const first = Number(/\d+/.exec(ticks[0] ?? '')?.[0]);
    expect(ticks).toEqual(ticks.map((_, i) => `tick ${String(first + i)}`));
  });

  it('lets -f go when kubectl is stopped, and goes on serving', async () => {
    await ok(run(target, ['apply', '-f', '-'], TICKER('ticker2')));
    await ok(kubectl('wait', '--for=condition=Ready', 'pod/ticker2', '--timeout=60s'));
    const follow = start('logs', '-f', 'ticker2');
    await follow.until((stdout) => lineCount(stdout) >= 2);
    follow.child.kill('SIGINT');
    await follow.exited;
    expect(await ok(kubectl('logs', 'ticker2', '--tail=1'))).toMatch(/^tick \d+\n$/);
  });
});
