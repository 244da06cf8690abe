// The in-browser kubectl's changing commands against the real kubectl v1.32: each step runs
// with the real kubectl on objects named `real-…` and with the engine on `ours-…` (same length,
// so tables align alike), and both print the same bytes (names swapped, ages normalised).
// Skipped, with a message, where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFor, normaliseAges, type Engine } from './kubectl-engine-testing.ts';
import {
  KUBECTL_AVAILABLE,
  kubectl,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

let target: TestCluster;
let engine: Engine;

const MANIFEST = (who: string): string => `
apiVersion: v1
kind: ConfigMap
metadata: {name: ${who}-settings}
data: {a: "1"}
---
apiVersion: v1
kind: Pod
metadata: {name: ${who}-pod, labels: {app: ${who}-pod}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
`;

function forWho(args: string[], who: string): string[] {
  return args.map((arg) => arg.replaceAll('{who}', who));
}

/** Names swapped; ages, resource versions, uids, timestamps and generated suffixes vary. */
function normalise(result: KubectlResult): KubectlResult {
  const text = (value: string): string =>
    normaliseAges(value.replaceAll('real', 'ours'))
      .replace(/resourceVersion: "\d+"/g, 'resourceVersion: "<rv>"')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
  return { ...result, stdout: text(result.stdout), stderr: text(result.stderr) };
}

/** What a waiting command printed last: how far a rollout got differs with timing. */
function lastLine(result: KubectlResult): KubectlResult {
  return { ...result, stdout: result.stdout.trimEnd().split('\n').at(-1) ?? '' };
}

async function step(args: string[], stdin?: (who: string) => string): Promise<void> {
  const real = await kubectl(target, forWho(args, 'real'), stdin?.('real'));
  const ours = await engine.run(forWho(args, 'ours'), stdin ? { stdin: stdin('ours') } : {});
  const waits = args[0] === 'rollout' && args[1] === 'status';
  expect(normalise(waits ? lastLine(ours) : ours)).toEqual(
    normalise(waits ? lastLine(real) : real),
  );
}

describe.skipIf(!KUBECTL_AVAILABLE)(
  'the terminal kubectl changes the cluster as kubectl does',
  () => {
    beforeAll(async () => {
      target = await startTestCluster();
      engine = engineFor(target);
    }, 120_000);

    afterAll(async () => {
      await target.stop();
    });

    it('creates, inspects, changes and deletes, step by step', async () => {
      const steps: [string[], ((who: string) => string)?][] = [
        [['apply', '-f', '-'], MANIFEST],
        [['apply', '-f', '-'], MANIFEST],
        [['apply', '-f', '-'], (who) => MANIFEST(who).replace('a: "1"', 'a: "2"')],
        [['create', '-f', '-'], MANIFEST],
        [['create', 'deployment', '{who}-web', '--image=nginx:1.27', '--replicas=2', '--port=80']],
        [['create', 'deployment', '{who}-web', '--image=nginx:1.27']],
        [['create', 'service', 'clusterip', '{who}-svc', '--tcp=80:8080']],
        [['create', 'namespace', '{who}-ns']],
        [['create', 'namespace', '{who}-ns']],
        [['create', 'configmap', '{who}-cm', '--from-literal=a=1', '--from-literal=b=two']],
        [['create', 'secret', 'generic', '{who}-secret', '--from-literal=password=s3cret']],
        [['create', 'job', '{who}-job', '--image=busybox', '--', 'echo', 'hi']],
        [
          [
            'create',
            'cronjob',
            '{who}-cj',
            '--image=busybox',
            '--schedule=*/5 * * * *',
            '--',
            'echo',
            'hi',
          ],
        ],
        [['create', 'foo']],
        [['run', '{who}-run', '--image=nginx', '--port=80', '--labels=app={who}-run']],
        [['expose', 'deployment', '{who}-web', '--port=80', '--target-port=8080']],
        [['expose', 'pod', '{who}-pod']],
        [
          [
            'get',
            'svc',
            '{who}-web',
            '{who}-pod',
            '-o',
            'jsonpath={range .items[*]}{.metadata.name} {.spec.selector} {.spec.ports}{"\\n"}{end}',
          ],
        ],
        [['get', 'cm', '{who}-cm', '-o', 'yaml']],
        [['scale', 'deployment', '{who}-web', '--replicas=3']],
        [['set', 'image', 'deployment/{who}-web', 'nginx=nginx:1.28']],
        [['set', 'image', 'deployment/{who}-web', 'nope=nginx:1.28']],
        [['rollout', 'status', 'deployment/{who}-web', '--timeout=60s']],
        [['rollout', 'history', 'deployment/{who}-web']],
        [['rollout', 'undo', 'deployment/{who}-web']],
        [['rollout', 'status', 'deployment/{who}-web', '--timeout=60s']],
        [['rollout', 'pause', 'deployment/{who}-web']],
        [['rollout', 'pause', 'deployment/{who}-web']],
        [['rollout', 'resume', 'deployment/{who}-web']],
        [['rollout', 'restart', 'deployment/{who}-web']],
        [['label', 'pod', '{who}-pod', 'tier=front']],
        [['label', 'pod', '{who}-pod', 'tier=back']],
        [['label', 'pod', '{who}-pod', 'tier=back', '--overwrite']],
        [['label', 'pod', '{who}-pod', 'tier-']],
        [['annotate', 'pod', '{who}-pod', 'note=hello']],
        [['annotate', 'pod', '{who}-pod', 'note=bye']],
        [['get', 'pod', '{who}-pod', '-o', 'jsonpath={.metadata.labels} {.metadata.annotations}']],
        [['patch', 'configmap', '{who}-settings', '-p', '{"data":{"b":"3"}}']],
        [['patch', 'configmap', '{who}-settings', '--type=merge', '-p', '{"data":{"b":"3"}}']],
        [
          [
            'patch',
            'configmap',
            '{who}-settings',
            '--type=json',
            '-p',
            '[{"op":"remove","path":"/data/b"}]',
          ],
        ],
        [['get', 'cm', '{who}-settings', '-o', 'jsonpath={.data}']],
        [['delete', 'svc', '{who}-svc', '{who}-nope']],
        [['delete', 'pod', '{who}-run', '--grace-period=0', '--force']],
        [['delete', 'cm', '-l', 'app={who}-nothing']],
        [['delete', 'deployment']],
        [['delete', 'pod', '{who}-pod']],
        [['delete', 'namespace', '{who}-ns', '--wait=false']],
      ];
      for (const [args, stdin] of steps) await step(args, stdin);
    }, 240_000);

    it('cordons and uncordons a node', async () => {
      const nodes = { real: 'node-1', ours: 'node-2' };
      for (const args of [['cordon'], ['cordon'], ['uncordon'], ['uncordon']]) {
        const real = await kubectl(target, [...args, nodes.real]);
        const ours = await engine.run([...args, nodes.ours]);
        expect({ ...ours, stdout: ours.stdout.replace('node-2', 'node-1') }).toEqual(real);
      }
    });
  },
);

describe.skipIf(!KUBECTL_AVAILABLE)('the terminal kubectl drains a node as kubectl does', () => {
  let cluster: TestCluster;
  let ours: Engine;

  beforeAll(async () => {
    cluster = await startTestCluster();
    ours = engineFor(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster.stop();
  });

  const bare = (who: string, node: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${who}-bare}\nspec: {nodeName: ${node}, containers: [{name: web, image: nginx}]}\n`;

  it('refuses a pod without a controller, then evicts it with --force', async () => {
    expect((await kubectl(cluster, ['apply', '-f', '-'], bare('real', 'node-1'))).code).toBe(0);
    expect((await kubectl(cluster, ['apply', '-f', '-'], bare('ours', 'node-2'))).code).toBe(0);
    const swap = (result: KubectlResult): KubectlResult => ({
      ...result,
      stdout: result.stdout.replaceAll('node-2', 'node-1').replaceAll('ours', 'real'),
      stderr: result.stderr.replaceAll('node-2', 'node-1').replaceAll('ours', 'real'),
    });
    for (const flags of [[], ['--force', '--grace-period=0']]) {
      const real = await kubectl(cluster, ['drain', 'node-1', ...flags]);
      const mine = await ours.run(['drain', 'node-2', ...flags]);
      expect(swap(mine)).toEqual(real);
    }
  }, 120_000);
});
