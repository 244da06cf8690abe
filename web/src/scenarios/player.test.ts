import { describe, expect, it } from 'vitest';
import { SCENARIO_VERSION, type Scenario } from './format.ts';
import { commandOf, runStep } from './player.ts';
import { inProcessTarget } from './testing.ts';

const PENDING: Scenario = {
  version: SCENARIO_VERSION,
  title: 'never ready',
  seed: 7,
  speed: 1,
  nodes: 1,
  files: [
    {
      name: 'greedy.yaml',
      content:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: greedy\nspec:\n  containers:\n    - name: app\n      image: nginx\n      resources:\n        requests:\n          cpu: "64"\n',
    },
  ],
  steps: [
    { do: 'apply', file: 'greedy.yaml' },
    { do: 'wait', resource: 'pod/greedy', for: 'condition=Ready', timeoutSeconds: 5 },
    { do: 'advance', seconds: 90 },
  ],
};

describe('the scenario player', () => {
  it.each([
    [{ do: 'apply', file: 'web.yaml' } as const, 'kubectl apply -f web.yaml'],
    [
      {
        do: 'wait',
        resource: 'deployment/web',
        for: 'condition=Available',
        timeoutSeconds: 60,
      } as const,
      'kubectl wait --for=condition=Available deployment/web --timeout=60s',
    ],
    [{ do: 'advance', seconds: 30 } as const, '# 30 s pass'],
  ])('shows %j as %s', (step, command) => {
    expect(commandOf(step)).toBe(command);
  });

  it('fails a wait that times out on the virtual clock, and lets time pass on advance', async () => {
    const { cluster, target } = await inProcessTarget(PENDING);
    const clock = cluster.host.coordinator;
    expect(await runStep(PENDING, 0, target)).toEqual({
      index: 0,
      ok: true,
      output: 'pod/greedy created\n',
    });
    const waitStarted = clock.time;
    expect(await runStep(PENDING, 1, target)).toEqual({
      index: 1,
      ok: false,
      output: 'error: timed out waiting for the condition on pods/greedy\n',
    });
    expect(clock.time - waitStarted).toBeGreaterThanOrEqual(5_000);
    expect(clock.time - waitStarted).toBeLessThan(6_000);
    const advanceStarted = clock.time;
    await runStep(PENDING, 2, target);
    expect(clock.time - advanceStarted).toBe(90_000);
  });
});
