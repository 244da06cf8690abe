import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { describe, expect, it } from 'vitest';
import { podDisruptionBudgetPrinter } from './policy.ts';
import { NOW, ago } from './testing.ts';

describe('pod disruption budget rows', () => {
  it.each<[string, PodDisruptionBudget['spec'], unknown[]]>([
    ['a minimum count', { minAvailable: 2 }, ['web-pdb', '2', 'N/A', 1, '5m']],
    ['a maximum percentage', { maxUnavailable: '25%' }, ['web-pdb', 'N/A', '25%', 1, '5m']],
  ])('%s', (_name, spec, cells) => {
    const budget: PodDisruptionBudget = {
      metadata: { name: 'web-pdb', namespace: 'default', creationTimestamp: ago(300) },
      spec: { ...spec, selector: { matchLabels: { app: 'web' } } },
      status: { currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 },
    };
    expect(podDisruptionBudgetPrinter.print(budget, NOW).cells).toEqual(cells);
  });
});
