// The real kubectl (v1.32) driving Deployments against the playground over HTTPS: create and
// `rollout status`, the `get deploy` / `get rs` columns, `set image` with `rollout history`,
// the client-side `rollout undo`, `rollout pause|resume`, `scale`, and a progress deadline passing.
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

const HASH = '[bcdfghjklmnpqrstvwxz2456789]{1,10}';

/** The last line `rollout status` prints; the waiting lines before it depend on timing. */
async function rolloutStatus(name: string): Promise<string> {
  const output = await ok(kubectl('rollout', 'status', `deploy/${name}`, '--timeout=90s'));
  return output.trimEnd().split('\n').at(-1) ?? '';
}

/** `name DESIRED CURRENT READY` of the deployment's ReplicaSets, by name. */
async function replicaSets(app: string): Promise<string[]> {
  const output = await ok(
    kubectl(
      'get',
      'rs',
      '-l',
      `app=${app}`,
      '--sort-by=.metadata.name',
      '-o',
      'custom-columns=NAME:.metadata.name,DESIRED:.spec.replicas,REVISION:.metadata.annotations.deployment\\.kubernetes\\.io/revision',
      '--no-headers',
    ),
  );
  return output
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s+/).join(' '));
}

async function createReady(name: string, replicas: number): Promise<void> {
  expect(
    await ok(
      kubectl('create', 'deployment', name, '--image=nginx:1.26', `--replicas=${String(replicas)}`),
    ),
  ).toBe(`deployment.apps/${name} created\n`);
  expect(await rolloutStatus(name)).toBe(`deployment "${name}" successfully rolled out`);
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl rolling out Deployments', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('creates a deployment, waits for its rollout, and lists it and its ReplicaSet', async () => {
    await createReady('web', 3);
    const deployments = await ok(kubectl('get', 'deploy', 'web', '-o', 'wide'));
    expect(deployments).toMatch(
      /^NAME {3}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE +CONTAINERS {3}IMAGES {7}SELECTOR\nweb {4}3\/3 {5}3 {12}3 {11}\S+ +nginx {8}nginx:1\.26 {3}app=web\n$/,
    );
    const sets = await ok(kubectl('get', 'rs', '-l', 'app=web', '-o', 'wide'));
    const [header, row] = sets.trimEnd().split('\n');
    expect(header).toMatch(
      /^NAME +DESIRED {3}CURRENT {3}READY {3}AGE +CONTAINERS {3}IMAGES {7}SELECTOR$/,
    );
    expect(row).toMatch(
      new RegExp(
        `^web-(${HASH}) +3 {9}3 {9}3 {7}\\S+ +nginx {8}nginx:1\\.26 {3}app=web,pod-template-hash=\\1$`,
      ),
    );
    const owner = await ok(
      kubectl(
        'get',
        'rs',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[0].metadata.ownerReferences[0]}',
      ),
    );
    expect(JSON.parse(owner)).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it('sets an image, rolls to a second ReplicaSet, and lists both revisions with their change cause', async () => {
    await createReady('hist', 2);
    expect(await ok(kubectl('set', 'image', 'deploy/hist', 'nginx=nginx:1.27'))).toBe(
      'deployment.apps/hist image updated\n',
    );
    expect(await rolloutStatus('hist')).toBe('deployment "hist" successfully rolled out');
    await ok(kubectl('annotate', 'deploy/hist', 'kubernetes.io/change-cause=nginx 1.27'));
    expect(await ok(kubectl('rollout', 'history', 'deploy/hist'))).toBe(
      'deployment.apps/hist \nREVISION  CHANGE-CAUSE\n1         <none>\n2         nginx 1.27\n\n',
    );
    const sets = await replicaSets('hist');
    expect(sets.map((line) => line.split(' ').slice(1).join(' ')).sort()).toEqual(['0 1', '2 2']);
    const revisionOne = await ok(kubectl('rollout', 'history', 'deploy/hist', '--revision=1'));
    expect(revisionOne).toContain('deployment.apps/hist with revision #1\nPod Template:\n');
    expect(revisionOne).toContain('Image:\tnginx:1.26\n');
    const events = await ok(
      kubectl(
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=hist',
        '-o',
        'jsonpath={.items[*].message}',
      ),
    );
    expect(events).toMatch(new RegExp(`Scaled up replica set hist-${HASH} from 0 to 2`));
    expect(events).toMatch(new RegExp(`Scaled down replica set hist-${HASH} from 1 to 0`));
  });

  it('undoes a rollout by copying the old template back; the old ReplicaSet takes the next revision', async () => {
    await createReady('undo', 2);
    await ok(kubectl('set', 'image', 'deploy/undo', 'nginx=nginx:1.27'));
    await rolloutStatus('undo');
    expect(await ok(kubectl('rollout', 'undo', 'deploy/undo'))).toBe(
      'deployment.apps/undo rolled back\n',
    );
    expect(await rolloutStatus('undo')).toBe('deployment "undo" successfully rolled out');
    expect(
      await ok(
        kubectl(
          'get',
          'deploy',
          'undo',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ),
      ),
    ).toBe('nginx:1.26');
    expect(await ok(kubectl('rollout', 'history', 'deploy/undo'))).toBe(
      'deployment.apps/undo \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
    expect(
      (await replicaSets('undo')).map((line) => line.split(' ').slice(1).join(' ')).sort(),
    ).toEqual(['0 2', '2 3']);
    expect(await ok(kubectl('rollout', 'undo', 'deploy/undo', '--to-revision=3'))).toBe(
      'deployment.apps/undo skipped rollback (current template already matches revision 3)\n',
    );
    const missing = await kubectl('rollout', 'undo', 'deploy/undo', '--to-revision=9');
    expect(missing.stderr).toBe('error: unable to find specified revision 9 in history\n');
  });

  it('holds a rollout while paused, still scales, and rolls out on resume', async () => {
    await createReady('paused', 2);
    await ok(kubectl('set', 'image', 'deploy/paused', 'nginx=nginx:1.27'));
    await rolloutStatus('paused');
    expect(await ok(kubectl('rollout', 'pause', 'deploy/paused'))).toBe(
      'deployment.apps/paused paused\n',
    );
    await ok(kubectl('set', 'image', 'deploy/paused', 'nginx=nginx:1.28'));
    await ok(
      kubectl(
        'wait',
        '--for=jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=DeploymentPaused',
        'deploy/paused',
        '--timeout=60s',
      ),
    );
    const undo = await kubectl('rollout', 'undo', 'deploy/paused');
    expect(undo.stderr).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    );
    expect(await ok(kubectl('scale', 'deploy/paused', '--replicas=4'))).toBe(
      'deployment.apps/paused scaled\n',
    );
    await ok(
      kubectl(
        'wait',
        '--for=jsonpath={.status.availableReplicas}=4',
        'deploy/paused',
        '--timeout=60s',
      ),
    );
    const sizes = async (): Promise<string[]> =>
      (await replicaSets('paused')).map((line) => line.split(' ').slice(1).join(' ')).sort();
    expect(await sizes()).toEqual(['0 1', '4 2']);
    expect(await ok(kubectl('rollout', 'resume', 'deploy/paused'))).toBe(
      'deployment.apps/paused resumed\n',
    );
    expect(await rolloutStatus('paused')).toBe('deployment "paused" successfully rolled out');
    expect(await sizes()).toEqual(['0 1', '0 2', '4 3']);
  });

  it('restarts a rollout, and deleting the deployment takes its ReplicaSets and pods along', async () => {
    await createReady('gone', 2);
    expect(await ok(kubectl('rollout', 'restart', 'deploy/gone'))).toBe(
      'deployment.apps/gone restarted\n',
    );
    expect(await rolloutStatus('gone')).toBe('deployment "gone" successfully rolled out');
    const sets = (await ok(kubectl('get', 'rs', '-l', 'app=gone', '-o', 'name')))
      .trimEnd()
      .split('\n');
    expect(sets).toHaveLength(2);
    expect(await ok(kubectl('delete', 'deploy', 'gone'))).toBe('deployment.apps "gone" deleted\n');
    await ok(kubectl('wait', '--for=delete', ...sets, '--timeout=60s'));
    await ok(kubectl('wait', '--for=delete', 'pods', '-l', 'app=gone', '--timeout=60s'));
  });

  it('reports a rollout that makes no progress past its deadline', async () => {
    await ok(kubectl('create', 'deployment', 'stuck', '--image=ngnix', '--replicas=2'));
    await ok(kubectl('patch', 'deploy/stuck', '-p', '{"spec":{"progressDeadlineSeconds":10}}'));
    const status = await kubectl('rollout', 'status', 'deploy/stuck', '--timeout=90s');
    expect(status.stderr).toBe('error: deployment "stuck" exceeded its progress deadline\n');
    const conditions = await ok(
      kubectl(
        'get',
        'deploy',
        'stuck',
        '-o',
        'jsonpath={range .status.conditions[*]}{.type} {.status} {.reason}: {.message}{"\\n"}{end}',
      ),
    );
    expect(conditions).toMatch(
      new RegExp(
        `^Available False MinimumReplicasUnavailable: Deployment does not have minimum availability\\.\nProgressing False ProgressDeadlineExceeded: ReplicaSet "stuck-${HASH}" has timed out progressing\\.\n$`,
      ),
    );
  });
});
