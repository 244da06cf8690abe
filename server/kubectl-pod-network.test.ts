// Requests from inside a pod, driven by the real kubectl v1.32: `kubectl exec` runs busybox's
// wget and nslookup in a client pod, cluster DNS resolves the Service's name, the node's
// kube-proxy rules pick an nginx pod of the Deployment and `kubectl logs` shows nginx's access
// line. Skipped where kubectl is missing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_WELCOME } from '../workers/kubelet/simulated-request.ts';
import {
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

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
  - {name: client, image: busybox, command: [sleep, '3600']}
`;

describe.skipIf(!KUBECTL_AVAILABLE)('requests from a pod', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    await ok(run(target, ['apply', '-f', '-'], MANIFESTS));
    await ok(kubectl('rollout', 'status', 'deployment/web', '--timeout=60s'));
    await ok(kubectl('wait', '--for=condition=Ready', 'pod/client', '--timeout=60s'));
    // kube-proxy syncs its rules at most once a (virtual) second after the endpoints change.
    for (let attempt = 0; attempt < 20; attempt++) {
      const probe = await kubectl(
        'exec',
        'client',
        '--',
        'wget',
        '-q',
        '-T',
        '1',
        '-O',
        '/dev/null',
        'http://web',
      );
      if (probe.code === 0) break;
    }
  }, 120_000);

  afterAll(async () => {
    await target.stop();
  });

  it('gets nginx’s welcome page through the Service’s cluster DNS name', async () => {
    expect(
      await ok(
        kubectl('exec', 'client', '--', 'wget', '-qO-', 'http://web.default.svc.cluster.local'),
      ),
    ).toBe(NGINX_WELCOME);
  });

  it('shows the request in the serving pod’s log', async () => {
    const clientIP = await ok(kubectl('get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}'));
    const logs = await ok(kubectl('logs', '-l', 'app=web', '--tail=-1'));
    const served = logs.split('\n').filter((line) => line.startsWith(`${clientIP} - - [`));
    expect(served.length).toBeGreaterThan(0);
    for (const line of served)
      expect(line).toMatch(
        /^\S+ - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "Wget" "-"$/,
      );
  });

  it('resolves the Service’s name with nslookup as busybox prints it', async () => {
    const clusterIP = await ok(
      kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'),
    );
    expect(
      await kubectl('exec', 'client', '--', 'nslookup', 'web.default.svc.cluster.local'),
    ).toEqual({
      code: 0,
      stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${clusterIP}\n\n\n`,
      stderr: '',
    });
  });

  it('is refused by a Service with no ready endpoints', async () => {
    const clusterIP = await ok(
      kubectl('get', 'service', 'empty', '-o', 'jsonpath={.spec.clusterIP}'),
    );
    expect(await kubectl('exec', 'client', '--', 'wget', '-O-', 'http://empty')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `Connecting to empty (${clusterIP}:80)\n` +
        `wget: can't connect to remote host (${clusterIP}): Connection refused\n` +
        'command terminated with exit code 1\n',
    });
  });

  it('reports curl, which busybox lacks, as the runtime does', async () => {
    const result = await kubectl('exec', 'client', '--', 'curl', '-s', 'http://web');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown\n$/,
    );
  });
});
