// Models pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go with
// resource_allocation.go: nodes whose cpu and memory would be used in equal fractions score
// higher. It adds the pod's actual requests to the node's (useRequested), and skips best-effort
// pods (a later 1.32-line change, issue 129138).

import {
  MAX_NODE_SCORE,
  SKIP,
  type NodeInfo,
  type Resources,
  type ScorePlugin,
  type StateData,
  stateKey,
} from '../framework.ts';
import { podRequests } from '../resources.ts';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

class PreScoreState implements StateData {
  constructor(readonly request: Resources) {}
  clone(): StateData {
    return this;
  }
}

const PRE_SCORE_KEY = stateKey<PreScoreState>('PreScoreNodeResourcesBalancedAllocation');

/**
 * balancedResourceScorer for cpu and memory: one minus the standard deviation of the used
 * fractions, which for two resources is half their difference; a resource the node lacks is left
 * out, and one fraction alone deviates by nothing.
 */
function score(request: Resources, node: NodeInfo): number {
  const cpu = node.allocatable.milliCPU;
  const memory = node.allocatable.memory;
  if (cpu === 0 || memory === 0) return MAX_NODE_SCORE;
  const cpuFraction = Math.min((node.requested.milliCPU + request.milliCPU) / cpu, 1);
  const memoryFraction = Math.min((node.requested.memory + request.memory) / memory, 1);
  const std = Math.abs((cpuFraction - memoryFraction) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocationScore: ScorePlugin = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  weight: 1,
  preScore(state, pod) {
    const request = podRequests(pod);
    if (request.milliCPU === 0 && request.memory === 0) return SKIP;
    state.write(PRE_SCORE_KEY, new PreScoreState(request));
    return null;
  },
  score(state, pod, node) {
    return score(state.read(PRE_SCORE_KEY)?.request ?? podRequests(pod), node);
  },
};
