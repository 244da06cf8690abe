// PodInfo and NodeInfo as pkg/scheduler/framework/types.go builds them: a pod's requests and its
// parsed (anti-)affinity terms, and a node's allocatable, requested totals, pods, host ports and
// images, updated as pods are added and removed (also on the copies preemption dry-runs on).

import type { Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import { labelSelectorFromObject, nothing, type Selector } from '../api/labels.ts';
import { objectKey } from '../client/informer.ts';
import {
  emptyResources,
  type AffinityTerm,
  type HostPort,
  type NodeInfo,
  type PodInfo,
  type WeightedAffinityTerm,
} from './framework.ts';
import { add, nodeAllocatable, podRequests, subtract } from './resources.ts';

function selectorOf(selector: PodAffinityTerm['labelSelector']): Selector {
  const parsed = labelSelectorFromObject(selector);
  return 'error' in parsed ? nothing() : parsed;
}

/** newAffinityTerm: no namespaces and no namespaceSelector mean the pod's own namespace. */
export function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const listed = term.namespaces ?? [];
  const namespaces =
    listed.length === 0 && !term.namespaceSelector
      ? new Set([pod.metadata?.namespace ?? ''])
      : new Set(listed);
  return {
    namespaces,
    selector: selectorOf(term.labelSelector),
    topologyKey: term.topologyKey,
    namespaceSelector: selectorOf(term.namespaceSelector),
  };
}

function weightedTerms(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined) {
  return (terms ?? []).map((term): WeightedAffinityTerm => ({
    ...affinityTerm(pod, term.podAffinityTerm),
    weight: term.weight,
  }));
}

export function newPodInfo(pod: Pod): PodInfo {
  const affinity = pod.spec?.affinity;
  const required = (terms: PodAffinityTerm[] | undefined) =>
    (terms ?? []).map((term) => affinityTerm(pod, term));
  return {
    pod,
    key: objectKey(pod),
    request: podRequests(pod),
    nonZeroRequest: podRequests(pod, true),
    requiredAffinityTerms: required(
      affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    requiredAntiAffinityTerms: required(
      affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAffinityTerms: weightedTerms(
      pod,
      affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAntiAffinityTerms: weightedTerms(
      pod,
      affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
}

/** Whether a pod counts under NodeInfo.PodsWithAffinity. */
export function hasAffinity(info: PodInfo): boolean {
  const affinity = info.pod.spec?.affinity;
  return Boolean(affinity?.podAffinity ?? affinity?.podAntiAffinity);
}

/** The host ports a pod's containers take (hostPort > 0), with the defaults filled in. */
export function hostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (!port.hostPort || port.hostPort <= 0) continue;
      ports.push({
        ip: port.hostIP || '0.0.0.0',
        protocol: port.protocol || 'TCP',
        port: port.hostPort,
      });
    }
  }
  return ports;
}

function nodeImages(node: Node): Map<string, number> {
  const images = new Map<string, number>();
  for (const image of node.status?.images ?? []) {
    for (const name of image.names ?? []) images.set(name, image.sizeBytes ?? 0);
  }
  return images;
}

export function newNodeInfo(node: Node): NodeInfo {
  const { resources, pods } = nodeAllocatable(node);
  return {
    name: node.metadata?.name ?? '',
    node,
    labels: node.metadata?.labels ?? {},
    allocatable: resources,
    allowedPodNumber: pods,
    requested: emptyResources(),
    nonZeroRequested: emptyResources(),
    pods: new Map(),
    podsWithAffinity: 0,
    podsWithRequiredAntiAffinity: 0,
    usedPorts: [],
    images: nodeImages(node),
  };
}

/** SetNode on an existing NodeInfo: the node object changes, its pods stay. */
export function setNodeObject(info: NodeInfo, node: Node): void {
  const { resources, pods } = nodeAllocatable(node);
  info.node = node;
  info.labels = node.metadata?.labels ?? {};
  info.allocatable = resources;
  info.allowedPodNumber = pods;
  info.images = nodeImages(node);
}

export function addPodInfo(info: NodeInfo, pod: PodInfo): void {
  info.pods.set(pod.key, pod);
  add(info.requested, pod.request);
  add(info.nonZeroRequested, pod.nonZeroRequest);
  if (hasAffinity(pod)) info.podsWithAffinity++;
  if (pod.requiredAntiAffinityTerms.length > 0) info.podsWithRequiredAntiAffinity++;
  for (const port of hostPorts(pod.pod)) info.usedPorts.push(port);
}

export function removePodInfo(info: NodeInfo, key: string): PodInfo | undefined {
  const pod = info.pods.get(key);
  if (!pod) return undefined;
  info.pods.delete(key);
  subtract(info.requested, pod.request);
  subtract(info.nonZeroRequested, pod.nonZeroRequest);
  if (hasAffinity(pod)) info.podsWithAffinity--;
  if (pod.requiredAntiAffinityTerms.length > 0) info.podsWithRequiredAntiAffinity--;
  for (const port of hostPorts(pod.pod)) {
    const at = info.usedPorts.findIndex(
      (used) => used.ip === port.ip && used.protocol === port.protocol && used.port === port.port,
    );
    if (at !== -1) info.usedPorts.splice(at, 1);
  }
  return pod;
}

const copyResources = (r: NodeInfo['requested']): NodeInfo['requested'] => ({
  ...r,
  scalar: { ...r.scalar },
});

/** NodeInfo.Snapshot: a copy preemption may add pods to and remove pods from. */
export function cloneNodeInfo(info: NodeInfo): NodeInfo {
  return {
    ...info,
    requested: copyResources(info.requested),
    nonZeroRequested: copyResources(info.nonZeroRequested),
    pods: new Map(info.pods),
    usedPorts: [...info.usedPorts],
  };
}
