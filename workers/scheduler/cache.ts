// The scheduler's cache (pkg/scheduler/backend/cache): per node, the pods bound or assumed there
// and the resources they request. A pod is "assumed" on its node as soon as a binding is chosen,
// so the next cycle already counts it, and confirmed when the informer sees it bound.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { objectKey } from '../client/informer.ts';
import { emptyResources, type NodeInfo, type PodInfo } from './framework.ts';
import { add, nodeAllocatable, podRequests, subtract } from './resources.ts';

function podInfo(pod: Pod): PodInfo {
  return {
    pod,
    key: objectKey(pod),
    request: podRequests(pod),
    nonZeroRequest: podRequests(pod, true),
  };
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Where each known pod is counted. */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();
  /** Pods bound to nodes the cache has not seen yet, added when the node arrives. */
  private readonly orphans = new Map<string, Pod>();

  private info(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  setNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const { resources, pods } = nodeAllocatable(node);
    const existing = this.nodes.get(name);
    if (existing) {
      existing.node = node;
      existing.allocatable = resources;
      existing.allowedPodNumber = pods;
      return;
    }
    this.nodes.set(name, {
      name,
      node,
      allocatable: resources,
      allowedPodNumber: pods,
      requested: emptyResources(),
      nonZeroRequested: emptyResources(),
      pods: new Map(),
    });
    for (const [key, pod] of this.orphans) {
      if (pod.spec?.nodeName !== name) continue;
      this.orphans.delete(key);
      this.addPod(pod);
    }
  }

  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    for (const [key, pod] of info.pods) {
      this.podNodes.delete(key);
      this.orphans.set(key, pod.pod);
    }
    this.nodes.delete(name);
  }

  /** Nodes in a stable order: the order of the node tree's single zone, by name. */
  nodeInfos(): NodeInfo[] {
    return [...this.nodes.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  /** Counts `pod` (already carrying spec.nodeName) on its node before the binding is written. */
  assumePod(pod: Pod): void {
    this.addPod(pod);
    this.assumed.add(objectKey(pod));
  }

  forgetPod(pod: Pod): void {
    const key = objectKey(pod);
    if (!this.assumed.delete(key)) return;
    this.removePod(pod);
  }

  /** Adds or updates a bound pod; an assumed pod becomes confirmed. */
  addPod(pod: Pod): void {
    const key = objectKey(pod);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    this.assumed.delete(key);
    if (this.podNodes.has(key)) this.removePod(pod);
    const info = this.info(nodeName);
    if (!info) {
      this.orphans.set(key, pod);
      return;
    }
    const entry = podInfo(pod);
    info.pods.set(key, entry);
    add(info.requested, entry.request);
    add(info.nonZeroRequested, entry.nonZeroRequest);
    this.podNodes.set(key, nodeName);
  }

  removePod(pod: Pod): void {
    const key = objectKey(pod);
    this.orphans.delete(key);
    const nodeName = this.podNodes.get(key);
    if (nodeName === undefined) return;
    this.podNodes.delete(key);
    const info = this.info(nodeName);
    const entry = info?.pods.get(key);
    if (!info || !entry) return;
    info.pods.delete(key);
    subtract(info.requested, entry.request);
    subtract(info.nonZeroRequested, entry.nonZeroRequest);
  }
}
