// The real kubectl (v1.32, installed on these machines) against the playground over HTTPS.
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
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

/** The command succeeded; its output. */
async function ok(result: Promise<KubectlResult>): Promise<string> {
  const { code, stdout, stderr } = await result;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('reports the server version', async () => {
    const version = JSON.parse(await ok(kubectl('version', '-o', 'json'))) as {
      serverVersion: { major: string; minor: string; gitVersion: string };
    };
    expect(version.serverVersion).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.4',
    });
  });

  it('runs a pod, waits for it to be Ready and deletes it gracefully', async () => {
    expect(await ok(kubectl('run', 'web', '--image=nginx'))).toBe('pod/web created\n');
    expect(await ok(kubectl('wait', '--for=condition=Ready', 'pod/web', '--timeout=60s'))).toBe(
      'pod/web condition met\n',
    );
    const node = await ok(kubectl('get', 'pod', 'web', '-o', 'jsonpath={.spec.nodeName}'));
    expect(node).toMatch(/^node-\d$/);
    expect(await ok(kubectl('delete', 'pod', 'web'))).toBe('pod "web" deleted\n');
    const gone = await kubectl('get', 'pod', 'web');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('Error from server (NotFound): pods "web" not found\n');
  });

  it('patches with a JSON merge patch, labels, annotates, and prints JSON and YAML', async () => {
    await ok(kubectl('run', 'tuned', '--image=nginx'));
    const patch = '{"metadata":{"labels":{"level":"2"}}}';
    expect(await ok(kubectl('patch', 'pod', 'tuned', '--type=merge', '-p', patch))).toBe(
      'pod/tuned patched\n',
    );
    expect(await ok(kubectl('label', 'pod', 'tuned', 'tier=backend'))).toBe('pod/tuned labeled\n');
    expect(await ok(kubectl('annotate', 'pod', 'tuned', 'owner=jane'))).toBe(
      'pod/tuned annotated\n',
    );
    const json = JSON.parse(await ok(kubectl('get', 'pod', 'tuned', '-o', 'json'))) as {
      metadata: {
        resourceVersion: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
      };
    };
    expect(json.metadata.labels).toEqual({ run: 'tuned', level: '2', tier: 'backend' });
    expect(json.metadata.annotations).toEqual({ owner: 'jane' });
    const yaml = await ok(kubectl('get', 'pod', 'tuned', '-o', 'yaml'));
    expect(yaml).toContain('    tier: backend\n');
    expect(yaml).toContain(`  resourceVersion: "${json.metadata.resourceVersion}"\n`);
    const path = '{.metadata.labels.level} {.metadata.annotations.owner}';
    expect(await ok(kubectl('get', 'pod', 'tuned', '-o', `jsonpath=${path}`))).toBe('2 jane');
  });
});
