// The real kubectl (v1.32) running DaemonSets and StatefulSets on the playground over HTTPS: a
// daemon pod on every node, a StatefulSet whose pods come up in order, `rollout status` and
// `rollout history` for both, and the `get ds|sts|controllerrevisions` tables. Skipped, with a
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

function apply(manifest: object): Promise<string> {
  return ok(run(target, ['apply', '-f', '-'], JSON.stringify(manifest)));
}

const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image }] },
});

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', 'nginx:1.27') },
};

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'web' } },
    template: template('web', 'nginx:1.27'),
  },
};

/** The last line kubectl printed. */
const lastLine = (output: string): string => output.trimEnd().split('\n').pop() ?? '';

/** Table rows as whitespace-separated cells, header first. */
function rows(table: string): string[][] {
  return table
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl with DaemonSets and StatefulSets', () => {
  beforeAll(async () => {
    target = await startTestCluster(2);
  });

  afterAll(async () => {
    await target.stop();
  });

  it('runs a DaemonSet pod on every node and reports it rolled out', async () => {
    expect(await apply(daemonSet)).toBe('daemonset.apps/agent created\n');
    const status = await ok(kubectl('rollout', 'status', 'ds/agent', '--timeout=60s'));
    expect(lastLine(status)).toBe('daemon set "agent" successfully rolled out');
    const nodes = await ok(
      kubectl('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}'),
    );
    expect(nodes.split(' ').sort()).toEqual(['node-1', 'node-2']);
    const table = rows(await ok(kubectl('get', 'ds', 'agent')));
    expect(table[0]).toEqual([
      'NAME',
      'DESIRED',
      'CURRENT',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'NODE SELECTOR',
      'AGE',
    ]);
    expect(table[1]?.slice(0, 7)).toEqual(['agent', '2', '2', '2', '2', '2', '<none>']);
  });

  it('rolls a DaemonSet to a new image and lists both revisions', async () => {
    await ok(kubectl('set', 'image', 'ds/agent', 'agent=nginx:1.28'));
    const status = await ok(kubectl('rollout', 'status', 'ds/agent', '--timeout=60s'));
    expect(lastLine(status)).toBe('daemon set "agent" successfully rolled out');
    const images = await ok(
      kubectl(
        'get',
        'pods',
        '-l',
        'app=agent',
        '-o',
        'jsonpath={.items[*].spec.containers[0].image}',
      ),
    );
    expect(images).toBe('nginx:1.28 nginx:1.28');
    expect(await ok(kubectl('rollout', 'history', 'ds/agent'))).toBe(
      'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
    );
    const revisions = rows(await ok(kubectl('get', 'controllerrevisions', '-l', 'app=agent')));
    expect(revisions[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
    expect(revisions.slice(1).map((row) => row.slice(1, 3))).toEqual(
      expect.arrayContaining([
        ['daemonset.apps/agent', '1'],
        ['daemonset.apps/agent', '2'],
      ]),
    );
  });

  it('undoes a DaemonSet rollout by renumbering the earlier revision', async () => {
    expect(await ok(kubectl('rollout', 'undo', 'ds/agent'))).toBe(
      'daemonset.apps/agent rolled back\n',
    );
    const status = await ok(kubectl('rollout', 'status', 'ds/agent', '--timeout=60s'));
    expect(lastLine(status)).toBe('daemon set "agent" successfully rolled out');
    const images = await ok(
      kubectl(
        'get',
        'pods',
        '-l',
        'app=agent',
        '-o',
        'jsonpath={.items[*].spec.containers[0].image}',
      ),
    );
    expect(images).toBe('nginx:1.27 nginx:1.27');
    expect(await ok(kubectl('rollout', 'history', 'ds/agent'))).toBe(
      'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );
  });

  it('deletes a DaemonSet with its pods and revisions', async () => {
    const names = async (kind: string): Promise<string[]> =>
      (await ok(kubectl('get', kind, '-l', 'app=agent', '-o', 'name'))).trimEnd().split('\n');
    const owned = [...(await names('pods')), ...(await names('controllerrevisions'))];
    expect(owned).toHaveLength(4);
    expect(await ok(kubectl('delete', 'ds', 'agent'))).toBe('daemonset.apps "agent" deleted\n');
    await ok(kubectl('wait', '--for=delete', ...owned, '--timeout=60s'));
  });

  it('brings a StatefulSet up one ordinal at a time', async () => {
    expect(await apply(statefulSet)).toBe('statefulset.apps/web created\n');
    const status = await ok(kubectl('rollout', 'status', 'sts/web', '--timeout=90s'));
    expect(lastLine(status)).toBe('partitioned roll out complete: 3 new pods have been updated...');
    const pods = JSON.parse(await ok(kubectl('get', 'pods', '-l', 'app=web', '-o', 'json'))) as {
      items: {
        metadata: { name: string; creationTimestamp: string };
        spec: { hostname: string; subdomain: string };
        status: { conditions: { type: string; lastTransitionTime: string }[] };
      }[];
    };
    const byName = new Map(pods.items.map((pod) => [pod.metadata.name, pod]));
    expect([...byName.keys()].sort()).toEqual(['web-0', 'web-1', 'web-2']);
    const readyAt = (name: string): string =>
      byName.get(name)?.status.conditions.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
    const createdAt = (name: string): string => byName.get(name)?.metadata.creationTimestamp ?? '';
    // Each pod is created only once its predecessor is Ready.
    expect(readyAt('web-0') <= createdAt('web-1')).toBe(true);
    expect(readyAt('web-1') <= createdAt('web-2')).toBe(true);
    expect(byName.get('web-2')?.spec).toMatchObject({ hostname: 'web-2', subdomain: 'nginx' });
    const table = rows(await ok(kubectl('get', 'sts', 'web')));
    expect(table[0]).toEqual(['NAME', 'READY', 'AGE']);
    expect(table[1]?.slice(0, 2)).toEqual(['web', '3/3']);
  });

  it('scales a StatefulSet down from the highest ordinal', async () => {
    expect(await ok(kubectl('scale', 'sts/web', '--replicas=1'))).toBe(
      'statefulset.apps/web scaled\n',
    );
    await ok(kubectl('wait', '--for=delete', 'pod/web-2', 'pod/web-1', '--timeout=60s'));
    expect(await ok(kubectl('get', 'pods', '-l', 'app=web', '-o', 'name'))).toBe('pod/web-0\n');
  });

  it('rolls a StatefulSet to a new image and reports it', async () => {
    await ok(kubectl('set', 'image', 'sts/web', 'web=nginx:1.28'));
    const status = await ok(kubectl('rollout', 'status', 'sts/web', '--timeout=60s'));
    expect(lastLine(status)).toBe('partitioned roll out complete: 1 new pods have been updated...');
    expect(
      await ok(kubectl('get', 'pod', 'web-0', '-o', 'jsonpath={.spec.containers[0].image}')),
    ).toBe('nginx:1.28');
    const revisions = await ok(
      kubectl(
        'get',
        'sts',
        'web',
        '-o',
        'jsonpath={.status.currentRevision} {.status.updateRevision}',
      ),
    );
    const [current, update] = revisions.split(' ');
    expect(current).toBe(update);
  });
});
