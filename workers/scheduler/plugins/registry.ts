// The plugins the default profile runs, in the 1.32 multiPoint order
// (pkg/scheduler/apis/config/v1/default_plugins.go), with the default Score weights. Left out:
// SchedulingGates (the queue has no gating), the volume plugins (VolumeRestrictions, EBSLimits,
// GCEPDLimits, NodeVolumeLimits, AzureDiskLimits, VolumeBinding, VolumeZone: the playground has
// no volumes); DefaultPreemption runs as PostFilter from the scheduler (preemption.ts).

import type { Handle, Plugins } from '../framework.ts';
import { balancedAllocationScore } from './balanced-allocation.ts';
import { imageLocalityScore } from './image-locality.ts';
import {
  interPodAffinityFilter,
  interPodAffinityPreFilter,
  interPodAffinityScore,
} from './inter-pod-affinity.ts';
import { nodeAffinityFilter, nodeAffinityPreFilter, nodeAffinityScore } from './node-affinity.ts';
import { nodeName } from './node-name.ts';
import { nodePortsFilter, nodePortsPreFilter } from './node-ports.ts';
import {
  nodeResourcesFitFilter,
  nodeResourcesFitPreFilter,
  nodeResourcesFitScore,
} from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import {
  podTopologySpreadFilter,
  podTopologySpreadPreFilter,
  podTopologySpreadScore,
} from './pod-topology-spread.ts';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.ts';

export function defaultPlugins(handle: Handle): Plugins {
  return {
    preFilter: [
      nodeAffinityPreFilter,
      nodePortsPreFilter,
      nodeResourcesFitPreFilter,
      podTopologySpreadPreFilter(handle),
      interPodAffinityPreFilter(handle),
    ],
    filter: [
      nodeUnschedulable,
      nodeName,
      taintTolerationFilter,
      nodeAffinityFilter,
      nodePortsFilter,
      nodeResourcesFitFilter,
      podTopologySpreadFilter,
      interPodAffinityFilter,
    ],
    score: [
      taintTolerationScore,
      nodeAffinityScore,
      nodeResourcesFitScore,
      podTopologySpreadScore(handle),
      interPodAffinityScore(handle),
      balancedAllocationScore,
      imageLocalityScore(handle),
    ],
  };
}
