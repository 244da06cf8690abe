// The real kubectl (v1.32) with PodDisruptionBudgets against the playground over HTTPS: the
// disruption controller keeps a budget's status, and drain evicts only what the budget allows.
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

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl with disruption budgets', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    await ok(kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=2'));
    await ok(kubectl('rollout', 'status', 'deployment/web', '--timeout=60s'));
  });

  afterAll(async () => {
    await target.stop();
  });

  it('keeps the budget’s status: healthy, desired, allowed', async () => {
    expect(
      await ok(kubectl('create', 'pdb', 'web', '--selector=app=web', '--min-available=1')),
    ).toBe('poddisruptionbudget.policy/web created\n');
    await ok(
      kubectl('wait', '--for=jsonpath={.status.disruptionsAllowed}=1', 'pdb/web', '--timeout=60s'),
    );
    const status = JSON.parse(
      await ok(kubectl('get', 'pdb', 'web', '-o', 'jsonpath={.status}')),
    ) as {
      conditions: { type: string; status: string; reason: string }[];
    };
    expect(status).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
      disruptionsAllowed: 1,
      observedGeneration: 1,
    });
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
      }),
    ]);
    const row = (await ok(kubectl('get', 'pdb', 'web', '--no-headers'))).trim().split(/\s+/);
    expect(row.slice(0, 4)).toEqual(['web', '1', 'N/A', '1']);
  });

  it('lets drain evict a pod the budget can spare', async () => {
    const nodes = (
      await ok(kubectl('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}'))
    ).split(' ');
    const drained = await kubectl('drain', nodes[0] ?? '', '--ignore-daemonsets', '--timeout=60s');
    expect(drained.code).toBe(0);
    expect(drained.stdout).toMatch(/evicting pod default\/web-/);
    expect(drained.stdout).toMatch(/drained\n$/);
    await ok(kubectl('uncordon', nodes[0] ?? ''));
  });
});
