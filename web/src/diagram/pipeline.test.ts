import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { pipelineLights } from './pipeline.ts';

function step(
  stage: TraceRecord['stage'],
  outcome: TraceRecord['outcome'],
  label: string,
): TraceRecord {
  return {
    seq: 1,
    round: 1,
    time: 0,
    from: 'kube-apiserver',
    to: 'kube-apiserver',
    kind: 'internal',
    label,
    ...(stage ? { stage } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

describe('pipelineLights', () => {
  it('leaves every stage idle when no request passed through', () => {
    expect(pipelineLights([]).map((light) => light.state)).toEqual([
      'idle',
      'idle',
      'idle',
      'idle',
      'idle',
    ]);
  });

  it('lights the stages a read passed, in handler-chain order', () => {
    const lights = pipelineLights([
      step('authentication', 'passed', 'authn ✓ system:node:node-1'),
      step('authorization', 'passed', 'authz ✓ get nodes'),
    ]);
    expect(lights.map((light) => [light.stage, light.state])).toEqual([
      ['authentication', 'passed'],
      ['authorization', 'passed'],
      ['mutating-admission', 'idle'],
      ['validation', 'idle'],
      ['validating-admission', 'idle'],
    ]);
    expect(lights[0]?.labels).toEqual(['authn ✓ system:node:node-1']);
  });

  it('shows a refusal even when other requests passed the same stage', () => {
    const lights = pipelineLights([
      step('validation', 'passed', 'validation ✓ Pod is valid'),
      step('validation', 'refused', 'validation ✗ Pod "x" is invalid'),
    ]);
    expect(lights[3]).toEqual({
      stage: 'validation',
      state: 'refused',
      labels: ['validation ✓ Pod is valid', 'validation ✗ Pod "x" is invalid'],
    });
  });
});
