// Models pkg/scheduler/framework/plugins/noderesources/fit.go and least_allocated.go: a node
// fits when its free allocatable covers the pod's requests (and it has room for one more pod);
// among fitting nodes, emptier ones score higher (LeastAllocated, cpu and memory weighted 1:1).

import type { Pod } from 'kubernetes-types/core/v1';
import {
  MAX_NODE_SCORE,
  unschedulable,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PreFilterPlugin,
  type Resources,
  type ScorePlugin,
  type StateData,
  stateKey,
} from '../framework.ts';
import { podRequests } from '../resources.ts';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
const STATE_KEY = stateKey<RequestState>('PreFilterNodeResourcesFit');

/** A pod's requests, computed once per cycle (preFilterState / preScoreState). */
export class RequestState implements StateData {
  constructor(readonly request: Resources) {}
  clone(): StateData {
    return this;
  }
}

function requestOf(state: CycleState, pod: Pod): Resources {
  let request = state.read(STATE_KEY);
  if (!request) {
    request = new RequestState(podRequests(pod));
    state.write(STATE_KEY, request);
  }
  return request.request;
}

/** fitsRequest: every reason that applies, in upstream's order. */
export function insufficientResources(request: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.pods.size + 1 > node.allowedPodNumber) reasons.push('Too many pods');
  const asksNothing =
    request.milliCPU === 0 &&
    request.memory === 0 &&
    request.ephemeralStorage === 0 &&
    Object.keys(request.scalar).length === 0;
  if (asksNothing) return reasons;
  const free = (allocatable: number, requested: number): number => allocatable - requested;
  if (
    request.milliCPU > 0 &&
    request.milliCPU > free(node.allocatable.milliCPU, node.requested.milliCPU)
  ) {
    reasons.push('Insufficient cpu');
  }
  if (request.memory > 0 && request.memory > free(node.allocatable.memory, node.requested.memory)) {
    reasons.push('Insufficient memory');
  }
  if (
    request.ephemeralStorage > 0 &&
    request.ephemeralStorage >
      free(node.allocatable.ephemeralStorage, node.requested.ephemeralStorage)
  ) {
    reasons.push('Insufficient ephemeral-storage');
  }
  for (const [name, amount] of Object.entries(request.scalar)) {
    if (
      amount > 0 &&
      amount > free(node.allocatable.scalar[name] ?? 0, node.requested.scalar[name] ?? 0)
    ) {
      reasons.push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

export const nodeResourcesFitPreFilter: PreFilterPlugin = {
  name: NODE_RESOURCES_FIT,
  preFilter(state, pod) {
    state.write(STATE_KEY, new RequestState(podRequests(pod)));
    return null;
  },
};

/** fitsRequest without building reasons, for the common case of a node that fits. */
function fits(request: Resources, node: NodeInfo): boolean {
  if (node.pods.size + 1 > node.allowedPodNumber) return false;
  const { allocatable, requested } = node;
  if (request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - requested.milliCPU)
    return false;
  if (request.memory > 0 && request.memory > allocatable.memory - requested.memory) return false;
  if (
    request.ephemeralStorage > 0 &&
    request.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage
  )
    return false;
  for (const name in request.scalar) {
    const amount = request.scalar[name] ?? 0;
    if (amount > 0 && amount > (allocatable.scalar[name] ?? 0) - (requested.scalar[name] ?? 0))
      return false;
  }
  return true;
}

export const nodeResourcesFitFilter: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  filter(state, pod, node) {
    const request = requestOf(state, pod);
    if (fits(request, node)) return null;
    const reasons = insufficientResources(request, node);
    return reasons.length === 0 ? null : unschedulable(NODE_RESOURCES_FIT, ...reasons);
  },
};

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

const NON_ZERO_KEY = stateKey<RequestState>('NodeResourcesFitNonZero');

export const nodeResourcesFitScore: ScorePlugin = {
  name: NODE_RESOURCES_FIT,
  weight: 1,
  preScore(state, pod) {
    state.write(NON_ZERO_KEY, new RequestState(podRequests(pod, true)));
    return null;
  },
  score(state, pod, node) {
    const request = state.read(NON_ZERO_KEY)?.request ?? podRequests(pod, true);
    // LeastAllocated over cpu and memory, weight 1 each; a resource the node lacks is skipped.
    let total = 0;
    let weights = 0;
    if (node.allocatable.milliCPU !== 0) {
      total += leastRequestedScore(
        node.nonZeroRequested.milliCPU + request.milliCPU,
        node.allocatable.milliCPU,
      );
      weights++;
    }
    if (node.allocatable.memory !== 0) {
      total += leastRequestedScore(
        node.nonZeroRequested.memory + request.memory,
        node.allocatable.memory,
      );
      weights++;
    }
    return weights === 0 ? 0 : Math.floor(total / weights);
  },
};
