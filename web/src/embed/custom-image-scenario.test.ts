// The example page's custom image in a whole cluster (in one thread): pulled and started like any
// image, its log lines in `kubectl logs`, its HTTP answer served to a pod through a Service, its
// exit code in the pod's status; an image nobody registered fails to pull as on a real node.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImageDefinitions } from '../../../workers/kubelet/custom-images.ts';
import { readScenario, SCENARIO_VERSION, type Scenario } from '../scenarios/format.ts';
import { runStep } from '../scenarios/player.ts';
import { inProcessTarget } from '../scenarios/testing.ts';

const example = JSON.parse(
  readFileSync(new URL('../../../public/embed-example.json', import.meta.url), 'utf8'),
) as { images: unknown; scenario: unknown };

async function play(scenario: Scenario, images: unknown): Promise<string[]> {
  const { target } = await inProcessTarget(scenario, readImageDefinitions(images));
  const outputs: string[] = [];
  for (let index = 0; index < scenario.steps.length; index++) {
    const outcome = await runStep(scenario, index, target);
    outputs.push(outcome.output);
  }
  return outputs;
}

function podScenario(image: string, steps: Scenario['steps']): Scenario {
  return {
    version: SCENARIO_VERSION,
    title: image,
    seed: 3,
    speed: 1,
    nodes: 1,
    files: [],
    steps: [
      { do: 'kubectl', command: `kubectl run app --image=${image}` },
      { do: 'advance', seconds: 30 },
      ...steps,
    ],
  };
}

describe('custom images in a cluster', () => {
  it('the example page scenario logs and serves what its image definition says', async () => {
    const outputs = await play(readScenario(example.scenario), example.images);
    expect(outputs[1]).toBe('deployment.apps/hello condition met\n');
    expect(outputs[2]).toMatch(/^Found 2 pods, using pod\/hello-[a-z0-9-]+\n/);
    expect(outputs[2]).toContain(
      'hello-app 1.0 starting\nloaded 3 greetings\nlistening on :8080\n',
    );
    expect(outputs[5]).toBe('Hello from hello-app 1.0!\n');
  }, 120_000);

  it('an image that exits with a code shows it in the pod status', async () => {
    const outputs = await play(
      podScenario('example.com/batch:2', [{ do: 'kubectl', command: 'kubectl describe pod app' }]),
      [
        {
          image: 'example.com/batch:2',
          logs: [{ afterSeconds: 0, text: 'working' }],
          exit: { afterSeconds: 2, code: 3 },
        },
      ],
    );
    expect(outputs[2]).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+3/);
    expect(outputs[2]).toContain('Successfully pulled image "example.com/batch:2"');
  }, 120_000);

  it('an image the page did not register fails to pull as an unknown image does', async () => {
    const outputs = await play(
      podScenario('example.com/unregistered:1', [
        { do: 'kubectl', command: 'kubectl get pod app' },
      ]),
      [{ image: 'example.com/batch:2' }],
    );
    expect(outputs[2]).toMatch(/app\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s+0/);
  }, 120_000);
});
