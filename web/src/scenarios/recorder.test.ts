import { describe, expect, it } from 'vitest';
import { readScenario } from './format.ts';
import { Recorder } from './recorder.ts';

describe('Recorder', () => {
  it('turns applies, commands and the time between them into a replayable scenario', () => {
    const recorder = new Recorder({ seed: 42, nodes: 3, speed: 1 });
    recorder.apply('kind: Pod\n', 10_000);
    recorder.kubectl(['get', 'pods', '-o', 'wide'], 10_400);
    recorder.kubectl(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'], 25_900);
    recorder.apply('kind: Service\n', 26_000);
    recorder.apply('kind: Pod\n', 90_000);
    const scenario = recorder.scenario();
    expect(scenario).toEqual({
      version: 1,
      title: 'My cluster',
      seed: 42,
      nodes: 3,
      speed: 1,
      files: [
        { name: 'manifest-1.yaml', content: 'kind: Pod\n' },
        { name: 'manifest-2.yaml', content: 'kind: Service\n' },
      ],
      steps: [
        { do: 'apply', file: 'manifest-1.yaml' },
        { do: 'kubectl', command: 'kubectl get pods -o wide' },
        { do: 'advance', seconds: 15 },
        { do: 'kubectl', command: "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'" },
        { do: 'apply', file: 'manifest-2.yaml' },
        { do: 'advance', seconds: 64 },
        { do: 'apply', file: 'manifest-1.yaml' },
      ],
    });
    expect(readScenario(scenario)).toEqual(scenario);
  });

  it('splits a long idle spell into advances the format accepts', () => {
    const recorder = new Recorder({ seed: 1, nodes: 1, speed: 1 });
    recorder.kubectl(['get', 'nodes'], 0);
    recorder.kubectl(['get', 'nodes'], 7_500_000);
    expect(recorder.scenario().steps.filter((step) => step.do === 'advance')).toEqual([
      { do: 'advance', seconds: 3600 },
      { do: 'advance', seconds: 3600 },
      { do: 'advance', seconds: 300 },
    ]);
  });
});
