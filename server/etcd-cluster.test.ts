// The cluster with its state in a real etcd (`npm run cluster -- --etcd-servers=…`): real kubectl
// creates a Deployment, its pods run, and etcdctl finds them under the upstream key layout with
// resourceVersion = mod_revision. Skipped, with a message, without an etcd or kubectl binary.

import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETCD_AVAILABLE, ETCD_MISSING, startEtcd, type EtcdProcess } from './etcd-process.ts';
import {
  KUBECTL_AVAILABLE,
  kubectl,
  kubectlStream,
  ok,
  startTestCluster,
  type TestCluster,
} from './testing.ts';

const ETCDCTL_AVAILABLE = spawnSync('etcdctl', ['version']).status === 0;

if (!ETCD_AVAILABLE) console.warn(`etcd-cluster: ${ETCD_MISSING}`);
if (!ETCDCTL_AVAILABLE) console.warn('etcd-cluster: etcdctl is not installed: skipping');
if (!KUBECTL_AVAILABLE) console.warn('etcd-cluster: kubectl is not installed: skipping');

const execFileAsync = promisify(execFile);

async function etcdctl(server: EtcdProcess, args: string[]): Promise<string> {
  const env = { ...process.env, ETCDCTL_API: '3' };
  return (await execFileAsync('etcdctl', [`--endpoints=${server.url}`, ...args], { env })).stdout;
}

describe.skipIf(!ETCD_AVAILABLE || !ETCDCTL_AVAILABLE || !KUBECTL_AVAILABLE)(
  'the cluster on a real etcd',
  () => {
    let server: EtcdProcess;
    let target: TestCluster;
    beforeAll(async () => {
      server = await startEtcd();
      target = await startTestCluster(2, [server.url]);
    }, 60_000);
    afterAll(async () => {
      await target.stop();
      await server.stop();
    });

    it('runs a Deployment created by kubectl and keeps its objects under /registry/', async () => {
      await ok(kubectl(target, ['create', 'deployment', 'web', '--image=nginx', '--replicas=2']));
      await ok(kubectl(target, ['rollout', 'status', 'deployment/web', '--timeout=60s']));
      const pods = await ok(
        kubectl(target, [
          'get',
          'pods',
          '-o',
          'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}',
        ]),
      );
      const phases = pods
        .trim()
        .split('\n')
        .map((line) => line.split(' '));
      expect(phases.map(([, phase]) => phase)).toEqual(['Running', 'Running']);

      const keys = await etcdctl(server, ['get', '/registry/pods', '--prefix', '--keys-only']);
      expect(keys.split('\n').filter((line) => line !== '')).toEqual(
        phases.map(([name]) => `/registry/pods/default/${name ?? ''}`),
      );
      const stored = JSON.parse(
        await etcdctl(server, ['get', '/registry/deployments/default/web', '-w', 'json']),
      ) as { kvs: { mod_revision: number }[] };
      const resourceVersion = await ok(
        kubectl(target, ['get', 'deployment', 'web', '-o', 'jsonpath={.metadata.resourceVersion}']),
      );
      expect(resourceVersion).toBe(String(stored.kvs[0]?.mod_revision));
    });

    it('sees a pod deleted behind its back in etcd and replaces it', async () => {
      const names = (await ok(kubectl(target, ['get', 'pods', '-o', 'name'])))
        .trim()
        .split('\n')
        .map((name) => name.replace('pod/', ''));
      const watch = kubectlStream(target, [
        'get',
        'pods',
        '--watch',
        '-o',
        'jsonpath={.metadata.name} {.status.phase}{"\\n"}',
      ]);
      try {
        await etcdctl(server, ['del', `/registry/pods/default/${names[0] ?? ''}`]);
        const replacement = new RegExp(`^(?!${names.join('|')})web-\\S+ Running$`, 'm');
        await watch.until(replacement);
      } finally {
        watch.stop();
      }
    });
  },
);
