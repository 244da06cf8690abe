// The API server's handler chain on the diagram: for the hops on screen, which stages requests
// passed or failed (authentication, authorization, mutating admission, validation, validating
// admission), from the API server's internal trace records. Pure, for tests in Node.

import {
  REQUEST_STAGES,
  type RequestStage,
  type TraceRecord,
} from '../../../workers/client/protocol.ts';

export type StageState = 'idle' | 'passed' | 'refused';

export interface StageLight {
  stage: RequestStage;
  state: StageState;
  /** What happened at this stage, one line per request, for the tooltip. */
  labels: string[];
}

export const STAGE_NAMES: Record<RequestStage, string> = {
  authentication: 'authentication',
  authorization: 'authorization',
  'mutating-admission': 'mutating admission',
  validation: 'validation',
  'validating-admission': 'validating admission',
};

/** A refusal anywhere in the round wins over passes: it is what the learner must see. */
export function pipelineLights(hops: readonly TraceRecord[]): StageLight[] {
  const lights = new Map<RequestStage, StageLight>(
    REQUEST_STAGES.map((stage) => [stage, { stage, state: 'idle', labels: [] }]),
  );
  for (const hop of hops) {
    if (hop.kind !== 'internal' || !hop.stage) continue;
    const light = lights.get(hop.stage);
    if (!light) continue;
    light.labels.push(hop.label);
    if (hop.outcome === 'refused') light.state = 'refused';
    else if (light.state === 'idle') light.state = 'passed';
  }
  return [...lights.values()];
}
