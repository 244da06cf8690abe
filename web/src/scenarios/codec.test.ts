import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeScenario, MAX_DECODED_BYTES } from './codec.ts';
import type { Scenario } from './format.ts';

const scenario: Scenario = {
  version: 1,
  title: 'A Deployment rolls out',
  seed: 42,
  speed: 1,
  nodes: 3,
  files: [{ name: 'web.yaml', content: 'apiVersion: apps/v1\nkind: Deployment\n' }],
  steps: [
    { do: 'apply', file: 'web.yaml', caption: 'kubectl apply sends the Deployment.' },
    { do: 'wait', resource: 'deployment/web', for: 'condition=Available', timeoutSeconds: 60 },
    { do: 'kubectl', command: 'kubectl scale deployment web --replicas=5' },
    { do: 'advance', seconds: 30 },
    { do: 'fault', node: 'node-2', fault: 'stop-kubelet' },
  ],
};

function fragmentOf(value: unknown): string {
  const bytes = deflateSync(strToU8(typeof value === 'string' ? value : JSON.stringify(value)));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `#scenario=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

describe('scenario URLs', () => {
  it('round-trips a scenario through the fragment', () => {
    expect(decodeFragment(`#${encodeScenario(scenario)}`)).toEqual({ scenario });
  });

  it('keeps the fragment URL-safe', () => {
    expect(encodeScenario(scenario)).toMatch(/^scenario=[A-Za-z0-9_-]+$/);
  });

  it('reads no scenario from an empty or unrelated hash', () => {
    expect(decodeFragment('')).toEqual({ none: true });
    expect(decodeFragment('#tour')).toEqual({ none: true });
  });

  it.each([
    ['#scenario=', 'The scenario link is damaged: it is not valid base64url.'],
    ['#scenario=%%%', 'The scenario link is damaged: it is not valid base64url.'],
    ['#scenario=AAAA', 'The scenario link is damaged: it does not decompress.'],
    [fragmentOf('{"version": 1,'), 'The scenario link is damaged: it is not JSON.'],
    [
      fragmentOf({ ...scenario, version: 2 }),
      'The scenario link is refused: scenario.version: this playground reads scenario format 1, the link has format 2.',
    ],
    [
      fragmentOf({ ...scenario, script: '<script>alert(1)</script>' }),
      'The scenario link is refused: scenario.script: unknown field.',
    ],
    [
      fragmentOf({ ...scenario, nodes: 500 }),
      'The scenario link is refused: scenario.nodes: must be between 1 and 12.',
    ],
    [
      fragmentOf({ ...scenario, files: [{ name: '../../etc/passwd', content: '' }] }),
      'The scenario link is refused: scenario.files[0].name: must be a file name ending in .yaml or .yml.',
    ],
    [
      fragmentOf({ ...scenario, steps: [{ do: 'eval', code: 'alert(1)' }] }),
      'The scenario link is refused: scenario.steps[0].do: must be one of "apply", "kubectl", "wait", "advance", "fault".',
    ],
    [
      fragmentOf({ ...scenario, steps: [{ do: 'kubectl', command: 'rm -rf /' }] }),
      'The scenario link is refused: scenario.steps[0].command: must start with "kubectl ".',
    ],
    [
      fragmentOf({ ...scenario, steps: [{ do: 'apply', file: 'missing.yaml' }] }),
      'The scenario link is refused: scenario.steps[0].file: no file named "missing.yaml" in files.',
    ],
    [
      fragmentOf({ ...scenario, steps: [{ do: 'fault', node: 'node-9', fault: 'stop-kubelet' }] }),
      "The scenario link is refused: scenario.steps[0].node: must name one of the scenario's nodes (node-1 … node-3).",
    ],
    [
      fragmentOf({ ...scenario, speed: 3 }),
      'The scenario link is refused: scenario.speed: must be one of 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100.',
    ],
    [
      fragmentOf({
        ...scenario,
        files: [scenario.files[0], { name: 'web.yaml', content: '' }],
      }),
      'The scenario link is refused: scenario.files[1].name: duplicate file "web.yaml".',
    ],
  ])('refuses %s with a message', (hash, error) => {
    expect(decodeFragment(hash)).toEqual({ error });
  });

  it('stops inflating a link whose scenario is over 64 KB', () => {
    const huge = { ...scenario, title: 'x'.repeat(MAX_DECODED_BYTES) };
    expect(decodeFragment(fragmentOf(huge))).toEqual({
      error: 'The scenario link is refused: the scenario is larger than 64 KB.',
    });
  });

  it('refuses an over-long fragment before decoding it', () => {
    expect(decodeFragment(`#scenario=${'A'.repeat(200_000)}`)).toEqual({
      error: 'The scenario link is too long (over 128 KB).',
    });
  });
});
