// The real kubectl (v1.32) changing objects in place against the playground over HTTPS: client-side
// apply's strategic merge patch, `kubectl patch` with each patch type, server-side apply with its
// conflicts, and the commands built on patches (set image, scale, cordon, drain). Skipped, with a
// message, where there is no kubectl binary.

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

async function json(...args: string[]): Promise<unknown> {
  return JSON.parse(await ok(kubectl(...args, '-o', 'json')));
}

interface Containers {
  spec: { template: { spec: { containers: { name: string; image: string }[] } } };
}

function deployment(replicas: number, containers: object[]): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  });
}

const configMap = (data: Record<string, string>): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data });

const CONFLICT_ADVICE = [
  'Please review the fields above--they currently have other managers. Here',
  'are the ways you can resolve this warning:',
  '* If you intend to manage all of these fields, please re-run the apply',
  '  command with the `--force-conflicts` flag.',
  '* If you do not intend to manage all of the fields, please edit your',
  '  manifest to remove references to the fields that should keep their',
  '  current managers.',
  '* You may co-own fields by updating your manifest to match the existing',
  "  value; in this case, you'll become the manager if the other manager(s)",
  '  stop managing the field (remove it from their configuration).',
  'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
  '',
].join('\n');

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl patching', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('applies a changed manifest as "configured", removing what the manifest dropped', async () => {
    const first = deployment(2, [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox' },
    ]);
    expect(await ok(run(target, ['apply', '-f', '-'], first))).toBe(
      'deployment.apps/web created\n',
    );
    const second = deployment(3, [{ name: 'nginx', image: 'nginx:1.28' }]);
    expect(await ok(run(target, ['apply', '-f', '-'], second))).toBe(
      'deployment.apps/web configured\n',
    );
    expect(await ok(run(target, ['apply', '-f', '-'], second))).toBe(
      'deployment.apps/web unchanged\n',
    );
    const applied = (await json('get', 'deployment', 'web')) as Containers & {
      metadata: { generation: number };
      spec: { replicas: number };
    };
    expect(applied.spec.replicas).toBe(3);
    expect(applied.metadata.generation).toBe(2);
    expect(applied.spec.template.spec.containers).toEqual([
      expect.objectContaining({
        name: 'nginx',
        image: 'nginx:1.28',
        imagePullPolicy: 'IfNotPresent',
      }),
    ]);
  });

  it('patches with each of the three patch types', async () => {
    const strategic =
      '{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox"}]}}}}';
    expect(await ok(kubectl('patch', 'deployment', 'web', '-p', strategic))).toBe(
      'deployment.apps/web patched\n',
    );
    const merged = '{"metadata":{"labels":{"tier":"frontend"}}}';
    await ok(kubectl('patch', 'deployment', 'web', '--type=merge', '-p', merged));
    const jsonPatch = '[{"op":"replace","path":"/spec/replicas","value":4}]';
    await ok(kubectl('patch', 'deployment', 'web', '--type=json', '-p', jsonPatch));
    const patched = (await json('get', 'deployment', 'web')) as Containers & {
      metadata: { labels: Record<string, string> };
      spec: { replicas: number };
    };
    expect(patched.spec.template.spec.containers.map(({ name }) => name)).toEqual(['log', 'nginx']);
    expect(patched.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });
    expect(patched.spec.replicas).toBe(4);
    // kubectl says "(no change)" when the object it read equals the patch's answer. The deployment
    // controller keeps writing the Deployment's status, so check that on a ConfigMap nothing else writes.
    await ok(kubectl('create', 'configmap', 'patched', '--from-literal=a=1'));
    await ok(kubectl('patch', 'configmap', 'patched', '--type=merge', '-p', merged));
    const unchanged = await kubectl('patch', 'configmap', 'patched', '--type=merge', '-p', merged);
    expect(unchanged.stdout).toBe('configmap/patched patched (no change)\n');
  });

  it('refuses a patch that fails, in kube-apiserver words, and changes nothing', async () => {
    // The deployment controller writes status meanwhile: compare what a patch could change.
    const before = await ok(
      kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.metadata.generation} {.spec}'),
    );
    const failedTest = '[{"op":"test","path":"/spec/replicas","value":9}]';
    const tested = await kubectl('patch', 'deployment', 'web', '--type=json', '-p', failedTest);
    expect(tested.stderr).toBe(
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    const mistyped = await kubectl('patch', 'deployment', 'web', '-p', '{"spec":{"replicas":"x"}}');
    expect(mistyped.stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[spec:map[replicas:x]]": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
    );
    const after = await ok(
      kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.metadata.generation} {.spec}'),
    );
    expect(after).toBe(before);
  });

  it('updates images, replicas and node scheduling through patches', async () => {
    expect(await ok(kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.29'))).toBe(
      'deployment.apps/web image updated\n',
    );
    expect(await ok(kubectl('scale', 'deployment', 'web', '--replicas=1'))).toBe(
      'deployment.apps/web scaled\n',
    );
    const scaled = (await json('get', 'deployment', 'web')) as Containers & {
      spec: { replicas: number };
    };
    expect(scaled.spec.replicas).toBe(1);
    expect(scaled.spec.template.spec.containers.find(({ name }) => name === 'nginx')?.image).toBe(
      'nginx:1.29',
    );
    expect(await ok(kubectl('cordon', 'node-2'))).toBe('node/node-2 cordoned\n');
    const nodes = await ok(kubectl('get', 'node', 'node-2', '--no-headers'));
    expect(nodes).toMatch(/^node-2\s+Ready,SchedulingDisabled\s/);
    expect(await ok(kubectl('uncordon', 'node-2'))).toBe('node/node-2 uncordoned\n');
  });

  it('drains a node by evicting its pods', async () => {
    // Only the pod this test places may be on node-1 when it drains.
    await ok(kubectl('scale', 'deployment', 'web', '--replicas=0'));
    await ok(kubectl('wait', '--for=delete', 'pod', '-l', 'app=web', '--timeout=120s'));
    await ok(
      kubectl('run', 'lonely', '--image=nginx', '--overrides={"spec":{"nodeName":"node-1"}}'),
    );
    await ok(kubectl('wait', '--for=condition=Ready', 'pod/lonely', '--timeout=60s'));
    const drained = await kubectl('drain', 'node-1', '--force', '--ignore-daemonsets');
    expect(drained.stderr).toBe(
      'Warning: deleting Pods that declare no controller: default/lonely\n',
    );
    expect(drained.stdout).toBe(
      [
        'node/node-1 cordoned',
        'evicting pod default/lonely',
        'pod/lonely evicted',
        'node/node-1 drained',
        '',
      ].join('\n'),
    );
    const gone = await kubectl('get', 'pod', 'lonely');
    expect(gone.stderr).toBe('Error from server (NotFound): pods "lonely" not found\n');
    await ok(kubectl('uncordon', 'node-1'));
  });

  it('applies on the server: field managers, a conflict, and forcing it', async () => {
    expect(
      await ok(run(target, ['apply', '--server-side', '-f', '-'], configMap({ a: '1', b: '2' }))),
    ).toBe('configmap/owned serverside-applied\n');
    const other = ['apply', '--server-side', '--field-manager=other', '-f', '-'];
    const conflict = await run(target, other, configMap({ a: '9' }));
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toBe(
      `error: Apply failed with 1 conflict: conflict with "kubectl": .data.a\n${CONFLICT_ADVICE}`,
    );
    await ok(run(target, [...other, '--force-conflicts'], configMap({ a: '9' })));
    const owned = (await json('get', 'configmap', 'owned', '--show-managed-fields')) as {
      data: Record<string, string>;
      metadata: { managedFields: { manager: string; operation: string; fieldsV1: object }[] };
    };
    expect(owned.data).toEqual({ a: '9', b: '2' });
    expect(
      owned.metadata.managedFields.map(({ manager, operation, fieldsV1 }) => ({
        manager,
        operation,
        fieldsV1,
      })),
    ).toEqual([
      { manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': { 'f:b': {} } } },
      { manager: 'other', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
  });
});
