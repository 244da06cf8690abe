// The scheduling framework's vocabulary (pkg/scheduler/framework): plugin statuses, the node
// view plugins read, the extension points the playground runs (PreFilter, Filter, PreScore,
// Score with NormalizeScore) and what one scheduling attempt records for the UI.

import type { Node, Pod } from 'kubernetes-types/core/v1';

export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Status {
  code: Exclude<Code, 'Success'>;
  reasons: string[];
  plugin: string;
}

export const MAX_NODE_SCORE = 100;

/** Quantities the scheduler accounts for: millicores, bytes, and extended resources by name. */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  scalar: Record<string, number>;
}

export function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: {} };
}

export interface PodInfo {
  pod: Pod;
  key: string;
  request: Resources;
  /** Requests with the scoring defaults (100m / 200Mi) for containers that ask for nothing. */
  nonZeroRequest: Resources;
}

export interface NodeInfo {
  name: string;
  node: Node;
  allocatable: Resources;
  /** allocatable.pods */
  allowedPodNumber: number;
  requested: Resources;
  nonZeroRequested: Resources;
  pods: Map<string, PodInfo>;
}

/** Per-cycle scratch space plugins share between their extension points (framework.CycleState). */
export type CycleState = Map<string, unknown>;

export interface PreFilterPlugin {
  readonly name: string;
  preFilter(state: CycleState, pod: Pod): Status | null;
}

export interface FilterPlugin {
  readonly name: string;
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | null;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  preScore?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): void;
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  /** Rescales raw scores to 0–100 in place. */
  normalize?(scores: Map<string, number>): void;
}

export interface Plugins {
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  score: ScorePlugin[];
}

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons, plugin };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons, plugin };
}

/** One node in one attempt: where it was filtered out, or how it scored. */
export interface NodeVerdict {
  node: string;
  filter: { plugin: string; code: Code; reasons: string[] } | null;
  scores: { plugin: string; raw: number; normalized: number; weight: number }[];
  total: number;
}

export interface SchedulingAttempt {
  pod: string;
  time: number;
  nodes: NodeVerdict[];
  /** The chosen node, or null when none fits. */
  selected: string | null;
  /** Nodes that shared the top score; the winner was drawn among them. */
  tiedWith: string[];
  message?: string;
}
