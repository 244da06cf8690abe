// The scheduler's cache (pkg/scheduler/backend/cache: cache.go, node_tree.go, snapshot.go): per
// node, the pods bound or assumed there and what they request. A pod is "assumed" on its node as
// soon as a binding is chosen, so the next cycle already counts it, and confirmed when the
// informer sees it bound. Nodes are listed as the node tree lists them: one node per zone in
// turn, zones and the nodes within them in the order they were added.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { objectKey } from '../client/informer.ts';
import type { NodeInfo } from './framework.ts';
import { addPodInfo, newNodeInfo, newPodInfo, removePodInfo, setNodeObject } from './node-info.ts';

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const REGION_LABEL = 'topology.kubernetes.io/region';

/** utilnode.GetZoneKey: region and zone, or "" when the node has neither. */
function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels[REGION_LABEL] ?? '';
  const zone = labels[ZONE_LABEL] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** The node tree: zone key → node names in the order added. */
  private readonly zones = new Map<string, string[]>();
  private readonly nodeZones = new Map<string, string>();
  private list: NodeInfo[] | null = null;
  private withAffinity: NodeInfo[] | null = null;
  private withAntiAffinity: NodeInfo[] | null = null;
  /** Image name → how many nodes hold it. */
  private readonly imageNodes = new Map<string, number>();
  /** Where each known pod is counted. */
  private readonly podNodes = new Map<string, string>();
  private readonly assumed = new Set<string>();
  /** Pods bound to nodes the cache has not seen yet, added when the node arrives. */
  private readonly orphans = new Map<string, Pod>();

  setNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) {
      this.countImages(existing, -1);
      setNodeObject(existing, node);
      this.countImages(existing, 1);
      const zone = zoneKey(node);
      if (this.nodeZones.get(name) !== zone) {
        this.removeFromTree(name);
        this.addToTree(name, zone);
      }
      return;
    }
    const info = newNodeInfo(node);
    this.nodes.set(name, info);
    this.countImages(info, 1);
    this.addToTree(name, zoneKey(node));
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
    this.countImages(info, -1);
    this.nodes.delete(name);
    this.removeFromTree(name);
    this.invalidateAffinityLists();
  }

  private countImages(info: NodeInfo, delta: number): void {
    for (const image of info.images.keys()) {
      const count = (this.imageNodes.get(image) ?? 0) + delta;
      if (count <= 0) this.imageNodes.delete(image);
      else this.imageNodes.set(image, count);
    }
  }

  private addToTree(name: string, zone: string): void {
    const members = this.zones.get(zone) ?? [];
    members.push(name);
    this.zones.set(zone, members);
    this.nodeZones.set(name, zone);
    this.list = null;
  }

  private removeFromTree(name: string): void {
    const zone = this.nodeZones.get(name);
    if (zone === undefined) return;
    const members = this.zones.get(zone) ?? [];
    members.splice(members.indexOf(name), 1);
    if (members.length === 0) this.zones.delete(zone);
    this.nodeZones.delete(name);
    this.list = null;
  }

  /** nodeTree.list(): the zones taken in turn, one node from each, until all are listed. */
  nodeInfos(): readonly NodeInfo[] {
    if (this.list) return this.list;
    const list: NodeInfo[] = [];
    const zones = [...this.zones.values()];
    for (let index = 0; list.length < this.nodes.size; index++) {
      for (const members of zones) {
        const name = members[index];
        const info = name === undefined ? undefined : this.nodes.get(name);
        if (info) list.push(info);
      }
    }
    this.list = list;
    return list;
  }

  /** NodeInfos().HavePodsWithAffinityList(). */
  havePodsWithAffinity(): readonly NodeInfo[] {
    this.withAffinity ??= this.nodeInfos().filter((info) => info.podsWithAffinity > 0);
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.withAntiAffinity ??= this.nodeInfos().filter(
      (info) => info.podsWithRequiredAntiAffinity > 0,
    );
    return this.withAntiAffinity;
  }

  imageNumNodes(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  private invalidateAffinityLists(): void {
    this.withAffinity = null;
    this.withAntiAffinity = null;
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
    const info = this.nodes.get(nodeName);
    if (!info) {
      this.orphans.set(key, pod);
      return;
    }
    const entry = newPodInfo(pod);
    addPodInfo(info, entry);
    if (entry.pod.spec?.affinity?.podAffinity ?? entry.pod.spec?.affinity?.podAntiAffinity)
      this.invalidateAffinityLists();
    this.podNodes.set(key, nodeName);
  }

  removePod(pod: Pod): void {
    const key = objectKey(pod);
    this.orphans.delete(key);
    const nodeName = this.podNodes.get(key);
    if (nodeName === undefined) return;
    this.podNodes.delete(key);
    const info = this.nodes.get(nodeName);
    if (!info) return;
    const removed = removePodInfo(info, key);
    if (removed?.pod.spec?.affinity?.podAffinity ?? removed?.pod.spec?.affinity?.podAntiAffinity)
      this.invalidateAffinityLists();
  }
}
