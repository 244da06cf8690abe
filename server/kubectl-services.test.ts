// The real kubectl (v1.32) with Services over HTTPS: `kubectl expose` a pod, then the Endpoints
// and EndpointSlices the controllers make for it as `get` prints them, and the Endpoints line of
// `describe svc`. Skipped, with a message, where there is no kubectl binary.

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

/** Waits, through a watch, until kubectl prints a line matching `pattern`. */
async function watchUntil(args: string[], pattern: RegExp): Promise<string> {
  const stream = kubectlStream(target, [...args, '--watch']);
  try {
    return await stream.until(pattern);
  } finally {
    stream.stop();
  }
}

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl with Services', () => {
  let podIP = '';

  beforeAll(async () => {
    target = await startTestCluster();
    expect(await ok(kubectl('run', 'web', '--image=nginx', '--port=80'))).toBe('pod/web created\n');
    await watchUntil(['get', 'pod', 'web', '--no-headers'], /web\s+1\/1\s+Running/);
    podIP = await ok(kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'));
    expect(await ok(kubectl('expose', 'pod', 'web', '--port=8080', '--target-port=80'))).toBe(
      'service/web exposed\n',
    );
    await watchUntil(['get', 'endpoints', '--no-headers'], new RegExp(`web\\s+${podIP}:80`));
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it('lists the endpoints of the exposed pod', async () => {
    const lines = (await ok(kubectl('get', 'endpoints', 'web'))).split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ENDPOINTS\s+AGE$/);
    expect(lines[1]).toMatch(new RegExp(`^web\\s+${podIP.replaceAll('.', '\\.')}:80\\s+\\d+s$`));
  });

  it('lists the endpoint slice with its address type, port and endpoint', async () => {
    const output = await ok(
      kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'),
    );
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/);
    expect(lines[1]).toMatch(
      new RegExp(`^web-[a-z0-9]{5}\\s+IPv4\\s+80\\s+${podIP.replaceAll('.', '\\.')}\\s+\\d+s$`),
    );
  });

  it('gives the slice the service as its controlling owner', async () => {
    const owners = await ok(
      kubectl(
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=web',
        '-o',
        'jsonpath={.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name} {.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by}',
      ),
    );
    expect(owners).toBe('Service/web endpointslice-controller.k8s.io');
  });

  it('describes the service with its endpoints', async () => {
    const described = await ok(kubectl('describe', 'svc', 'web'));
    expect(described).toMatch(/^Selector:\s+run=web$/m);
    expect(described).toMatch(/^TargetPort:\s+80\/TCP$/m);
    expect(described).toMatch(
      new RegExp(`^Endpoints:\\s+${podIP.replaceAll('.', '\\.')}:80$`, 'm'),
    );
  });

  it('drops the endpoint when the pod goes away', async () => {
    expect(await ok(kubectl('delete', 'pod', 'web'))).toBe('pod "web" deleted\n');
    await watchUntil(['get', 'endpoints', '--no-headers'], /web\s+<none>/);
    const lines = (
      await ok(kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'))
    ).split('\n');
    // The slice that held it now stands in as the placeholder, with neither ports nor endpoints.
    expect(lines[1]).toMatch(/^web-[a-z0-9]{5}\s+IPv4\s+<unset>\s+<unset>\s+\d+s$/);
  });
});
