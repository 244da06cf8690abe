// The real kubectl (v1.32, installed on these machines) against the playground over HTTPS.
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
  ok,
  kubectl as run,
  kubectlStream,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

if (!KUBECTL_AVAILABLE) console.warn('kubectl is not installed: skipping the real-kubectl tests');

let target: TestCluster;

function kubectl(...args: string[]): Promise<KubectlResult> {
  return run(target, args);
}

function kubectlWithInput(input: string, ...args: string[]): Promise<KubectlResult> {
  return run(target, args, input);
}

/** The columns of a table row, split on runs of spaces. */
function columns(line: string | undefined): string[] {
  return (line ?? '').trim().split(/\s{2,}/);
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

  it('lists the served resources as kubectl api-resources does', async () => {
    const lines = (await ok(kubectl('api-resources'))).trimEnd().split('\n');
    expect(columns(lines[0])).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const rows = lines.slice(1).map(columns);
    expect(rows).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(rows).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(rows).toContainEqual([
      'clusterroles',
      'rbac.authorization.k8s.io/v1',
      'false',
      'ClusterRole',
    ]);
  });

  it('explains a field from the served OpenAPI', async () => {
    const text = await ok(kubectl('explain', 'pod.spec.containers'));
    expect(text.split('\n').slice(0, 5)).toEqual([
      'KIND:       Pod',
      'VERSION:    v1',
      '',
      'FIELD: containers <[]Container>',
      '',
    ]);
    expect(text).toContain('  image\t<string>\n');
  });

  it('prints server-side tables, wide included', async () => {
    await ok(kubectl('run', 'tabled', '--image=nginx'));
    await ok(kubectl('wait', '--for=condition=Ready', 'pod/tabled', '--timeout=60s'));
    const lines = (await ok(kubectl('get', 'pod', 'tabled', '-o', 'wide'))).trimEnd().split('\n');
    expect(columns(lines[0])).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    const row = columns(lines[1]);
    expect(row.slice(0, 4)).toEqual(['tabled', '1/1', 'Running', '0']);
    expect(row[4]).toMatch(/^\d+s$/);
    expect(row[5]).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(row.slice(6)).toEqual([expect.stringMatching(/^node-\d$/), '<none>', '<none>']);
    const nodes = (await ok(kubectl('get', 'nodes'))).trimEnd().split('\n');
    expect(columns(nodes[0])).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(columns(nodes[1])).toEqual(['node-1', 'Ready', '<none>', expect.any(String), 'v1.32.4']);
  });

  it('applies a manifest: created, then unchanged', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: applied',
      'data:',
      '  mode: fast',
    ].join('\n');
    expect(await ok(kubectlWithInput(manifest, 'apply', '-f', '-'))).toBe(
      'configmap/applied created\n',
    );
    expect(await ok(kubectlWithInput(manifest, 'apply', '-f', '-'))).toBe(
      'configmap/applied unchanged\n',
    );
    const annotation = await ok(
      kubectl(
        'get',
        'configmap',
        'applied',
        '-o',
        'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}',
      ),
    );
    expect(JSON.parse(annotation)).toEqual({
      apiVersion: 'v1',
      data: { mode: 'fast' },
      kind: 'ConfigMap',
      metadata: { annotations: {}, name: 'applied', namespace: 'default' },
    });
  });

  it('refuses a manifest with an unknown field, as strict validation does', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: typo',
      'spec:',
      '  containers:',
      '  - name: app',
      '    imagee: nginx',
    ].join('\n');
    const result = await kubectlWithInput(manifest, 'apply', '-f', '-');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n',
    );
    const gone = await kubectl('get', 'pod', 'typo');
    expect(gone.stderr).toBe('Error from server (NotFound): pods "typo" not found\n');
  });

  it('creates with the typed clients, which send protobuf', async () => {
    expect(await ok(kubectl('create', 'configmap', 'proto', '--from-literal=a=1'))).toBe(
      'configmap/proto created\n',
    );
    expect(
      await ok(kubectl('create', 'deployment', 'hello', '--image=nginx', '--replicas=2')),
    ).toBe('deployment.apps/hello created\n');
    const deployment = JSON.parse(
      await ok(kubectl('get', 'deployment', 'hello', '-o', 'json')),
    ) as {
      spec: { replicas: number; strategy: unknown; template: { spec: { containers: unknown[] } } };
    };
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: 'nginx',
        image: 'nginx',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'Always',
      },
    ]);
  });

  it('refuses a replace with a stale resourceVersion with the Conflict message', async () => {
    await ok(kubectl('create', 'configmap', 'stale', '--from-literal=a=1'));
    const current = JSON.parse(await ok(kubectl('get', 'configmap', 'stale', '-o', 'json'))) as {
      metadata: { resourceVersion: string };
    };
    await ok(kubectl('patch', 'configmap', 'stale', '--type=merge', '-p', '{"data":{"a":"2"}}'));
    const stale = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'stale', resourceVersion: current.metadata.resourceVersion },
      data: { a: '3' },
    };
    const result = await kubectlWithInput(JSON.stringify(stale), 'replace', '-f', '-');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });

  it('watches: get -w prints the table, then each change as a row', async () => {
    const watch = kubectlStream(target, ['get', 'configmaps', '-w', '-l', 'watched=yes']);
    // Whether the list or the watch sees it first, the row arrives once.
    await ok(kubectl('create', 'configmap', 'seen', '--from-literal=a=1'));
    await ok(kubectl('label', 'configmap', 'seen', 'watched=yes'));
    const output = await watch.until(/seen {2,}1 {2,}\S+\n/);
    watch.stop();
    const lines = output.split('\n');
    expect(columns(lines[0])).toEqual(['NAME', 'DATA', 'AGE']);
    expect(columns(lines[1]).slice(0, 2)).toEqual(['seen', '1']);
  });

  it('lists in chunks with --chunk-size, following continue tokens to the end', async () => {
    for (const name of ['chunk-a', 'chunk-b', 'chunk-c', 'chunk-d', 'chunk-e'])
      await ok(kubectl('create', 'configmap', name, '-n', 'kube-public'));
    const listed = await kubectl(
      'get',
      'configmaps',
      '-n',
      'kube-public',
      '--chunk-size=2',
      '-v=6',
    );
    const names = listed.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => columns(line)[0]);
    expect(names).toEqual([
      'chunk-a',
      'chunk-b',
      'chunk-c',
      'chunk-d',
      'chunk-e',
      'kube-root-ca.crt',
    ]);
    const requests = listed.stderr.split('\n').filter((line) => line.includes('/configmaps?'));
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatch(/configmaps\?limit=2 200 OK/);
    expect(requests[2]).toMatch(/configmaps\?continue=[\w%-]+&limit=2 200 OK/);
  });

  it('creates a PriorityClass and gives its value to the pods that name it', async () => {
    expect(await ok(kubectl('create', 'priorityclass', 'high', '--value=1000'))).toBe(
      'priorityclass.scheduling.k8s.io/high created\n',
    );
    const classes = (await ok(kubectl('get', 'pc'))).trimEnd().split('\n');
    expect(columns(classes[0])).toEqual([
      'NAME',
      'VALUE',
      'GLOBAL-DEFAULT',
      'AGE',
      'PREEMPTIONPOLICY',
    ]);
    expect(classes.slice(1).map((line) => columns(line)[0])).toEqual([
      'high',
      'system-cluster-critical',
      'system-node-critical',
    ]);
    await ok(
      kubectl(
        'run',
        'urgent',
        '--image=nginx',
        '--overrides={"spec":{"priorityClassName":"high"}}',
      ),
    );
    expect(await ok(kubectl('get', 'pod', 'urgent', '-o', 'jsonpath={.spec.priority}'))).toBe(
      '1000',
    );
  });

  it('deletes a namespace with what is in it', async () => {
    await ok(kubectl('create', 'namespace', 'scratch'));
    await ok(kubectl('create', 'configmap', 'notes', '-n', 'scratch', '--from-literal=a=1'));
    expect(await ok(kubectl('delete', 'namespace', 'scratch'))).toBe(
      'namespace "scratch" deleted\n',
    );
    await ok(kubectl('wait', '--for=delete', 'namespace/scratch', '--timeout=60s'));
    // kubectl looks the namespace up once the object is not found, and names what is missing.
    const gone = await kubectl('get', 'configmap', 'notes', '-n', 'scratch');
    expect(gone.stderr).toBe('Error from server (NotFound): namespaces "scratch" not found\n');
    expect((await kubectl('get', '--raw', '/api/v1/namespaces/scratch/configmaps')).stdout).toMatch(
      /"items":\[\]/,
    );
  });
});
