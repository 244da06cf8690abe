// The real kubectl (v1.32) against a playground node whose kubelet stops heart-beating: the node
// lifecycle controller marks it NotReady (Ready Unknown) and taints it unreachable, and it is
// Ready again once it is back. Skipped, with a message, where there is no kubectl binary.

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

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl with a node that stops heart-beating', () => {
  beforeAll(async () => {
    target = await startTestCluster();
  });

  afterAll(async () => {
    await target.stop();
  });

  it('shows the node NotReady and tainted unreachable, and Ready again once it is back', async () => {
    target.cluster.setHeartbeat('node-2', false);
    await ok(kubectl('wait', '--for=condition=Ready=Unknown', 'node/node-2', '--timeout=60s'));
    const row = (await ok(kubectl('get', 'node', 'node-2', '--no-headers'))).trim().split(/\s+/);
    expect(row.slice(0, 3)).toEqual(['node-2', 'NotReady', '<none>']);
    const ready = JSON.parse(
      await ok(
        kubectl('get', 'node', 'node-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")]}'),
      ),
    ) as Record<string, string>;
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    // The NoExecute taint follows the NoSchedule one a tainting pass (5.1 s virtual) later; until
    // then `taints[1]` does not exist, and kubectl wait fails on it rather than waiting.
    await expect
      .poll(
        async () =>
          (await kubectl('get', 'node', 'node-2', '-o', 'jsonpath={.spec.taints[*].key}')).stdout,
        { timeout: 60_000 },
      )
      .toBe('node.kubernetes.io/unreachable node.kubernetes.io/unreachable');
    expect(
      await ok(kubectl('get', 'node', 'node-2', '-o', 'jsonpath={.spec.taints[*].effect}')),
    ).toBe('NoSchedule NoExecute');

    target.cluster.setHeartbeat('node-2', true);
    await ok(kubectl('wait', '--for=condition=Ready', 'node/node-2', '--timeout=60s'));
    const back = (await ok(kubectl('get', 'node', 'node-2', '--no-headers'))).trim().split(/\s+/);
    expect(back.slice(0, 2)).toEqual(['node-2', 'Ready']);
  });
});
