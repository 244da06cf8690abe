// The real kubectl (v1.32) deleting a ReplicaSet with each --cascade, against the playground over
// HTTPS: the garbage collector removes, waits for, or orphans its pods. Skipped, with a message,
// where there is no kubectl binary.

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

function replicaSet(name: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
    },
  });
}

/** Creates a ReplicaSet of two and waits until both pods are ready; their names. */
async function readyReplicaSet(name: string): Promise<string[]> {
  const { stdout } = await run(target, ['apply', '-f', '-'], replicaSet(name));
  expect(stdout).toBe(`replicaset.apps/${name} created\n`);
  await ok(
    kubectl('wait', '--for=jsonpath={.status.readyReplicas}=2', `rs/${name}`, '--timeout=60s'),
  );
  const pods = await ok(kubectl('get', 'pods', '-l', `app=${name}`, '-o', 'name'));
  return pods.trimEnd().split('\n');
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl deleting owners', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('deletes a ReplicaSet in the background, and the garbage collector its pods', async () => {
    const pods = await readyReplicaSet('back');
    expect(await ok(kubectl('delete', 'rs', 'back'))).toBe('replicaset.apps "back" deleted\n');
    await ok(kubectl('wait', '--for=delete', ...pods, '--timeout=60s'));
    const { stderr } = await kubectl('get', 'pods', '-l', 'app=back');
    expect(stderr).toBe('No resources found in default namespace.\n');
  });

  it('deletes in the foreground: the ReplicaSet waits for a pod a finalizer holds', async () => {
    const [held, other] = await readyReplicaSet('fore');
    const hold = '{"metadata":{"finalizers":["example.com/hold"]}}';
    await ok(kubectl('patch', held ?? '', '--type=merge', '-p', hold));
    expect(await ok(kubectl('delete', 'rs', 'fore', '--cascade=foreground', '--wait=false'))).toBe(
      'replicaset.apps "fore" deleted\n',
    );
    await ok(kubectl('wait', '--for=delete', other ?? '', '--timeout=60s'));
    expect(await ok(kubectl('get', 'rs', 'fore', '-o', 'jsonpath={.metadata.finalizers}'))).toBe(
      '["foregroundDeletion"]',
    );
    await ok(
      kubectl('patch', held ?? '', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'),
    );
    await ok(kubectl('wait', '--for=delete', 'rs/fore', '--timeout=60s'));
    const gone = await kubectl('get', 'rs', 'fore');
    expect(gone.stderr).toBe('Error from server (NotFound): replicasets.apps "fore" not found\n');
  });

  it('orphans the pods, which keep running without an owner reference', async () => {
    const pods = await readyReplicaSet('orph');
    expect(await ok(kubectl('delete', 'rs', 'orph', '--cascade=orphan'))).toBe(
      'replicaset.apps "orph" deleted\n',
    );
    const left = await ok(
      kubectl(
        'get',
        'pods',
        '-l',
        'app=orph',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name} {.metadata.ownerReferences} {.status.phase}{"\\n"}{end}',
      ),
    );
    expect(left.trimEnd().split('\n')).toEqual(
      pods.map((pod) => `${pod.replace('pod/', '')}  Running`),
    );
  });

  it('answers a server dry run and leaves the ReplicaSet', async () => {
    await readyReplicaSet('dry');
    expect(
      await ok(kubectl('delete', 'rs', 'dry', '--cascade=foreground', '--dry-run=server')),
    ).toBe('replicaset.apps "dry" deleted (server dry run)\n');
    expect(await ok(kubectl('get', 'rs', 'dry', '-o', 'jsonpath={.metadata.finalizers}'))).toBe('');
  });
});
