// What the Node authorizer asks of its graph (plugin/pkg/auth/authorizer/node/graph.go and
// graph_populator.go): is this secret, configmap, claim, volume or service account reachable
// from a pod bound to the node? Instead of a graph of vertices, bound pods are indexed by node
// and their references (pkg/api/v1/pod VisitPodSecretNames / VisitPodConfigmapNames, claims,
// service account) are read when asked. Left out: ResourceClaims and VolumeAttachments.

import type { Container, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/protocol.ts';
import type { CacheEvent, WatchCache } from '../storage/watch-cache.ts';

export type VertexType =
  'pod' | 'secret' | 'configmap' | 'persistentvolumeclaim' | 'persistentvolume' | 'serviceaccount';

const PODS = '/registry/pods/';

function containersOf(pod: Pod): Container[] {
  const spec = pod.spec;
  if (!spec) return [];
  return [
    ...(spec.initContainers ?? []),
    ...spec.containers,
    ...((spec.ephemeralContainers ?? []) as Container[]),
  ];
}

function volumeSecrets(volume: Volume): string[] {
  const names: string[] = [];
  if (volume.secret?.secretName) names.push(volume.secret.secretName);
  for (const source of volume.projected?.sources ?? []) {
    if (source.secret?.name) names.push(source.secret.name);
  }
  const refs = [
    volume.azureFile?.secretName,
    volume.cephfs?.secretRef?.name,
    volume.cinder?.secretRef?.name,
    volume.flexVolume?.secretRef?.name,
    volume.rbd?.secretRef?.name,
    volume.iscsi?.secretRef?.name,
    volume.scaleIO?.secretRef.name,
    volume.storageos?.secretRef?.name,
    volume.csi?.nodePublishSecretRef?.name,
  ];
  for (const name of refs) if (name) names.push(name);
  return names;
}

/** VisitPodSecretNames. */
export function podSecretNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const secret of pod.spec?.imagePullSecrets ?? []) if (secret.name) names.add(secret.name);
  for (const container of containersOf(pod)) {
    for (const source of container.envFrom ?? [])
      if (source.secretRef?.name) names.add(source.secretRef.name);
    for (const env of container.env ?? []) {
      const name = env.valueFrom?.secretKeyRef?.name;
      if (name) names.add(name);
    }
  }
  for (const volume of pod.spec?.volumes ?? [])
    for (const name of volumeSecrets(volume)) names.add(name);
  return names;
}

/** VisitPodConfigmapNames. */
export function podConfigMapNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const container of containersOf(pod)) {
    for (const source of container.envFrom ?? [])
      if (source.configMapRef?.name) names.add(source.configMapRef.name);
    for (const env of container.env ?? []) {
      const name = env.valueFrom?.configMapKeyRef?.name;
      if (name) names.add(name);
    }
  }
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.configMap?.name) names.add(volume.configMap.name);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap?.name) names.add(source.configMap.name);
    }
  }
  return names;
}

/** Claims a pod uses, generic ephemeral volumes included (`<pod>-<volume>`). */
export function podClaimNames(pod: Pod): Set<string> {
  const names = new Set<string>();
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim?.claimName) names.add(volume.persistentVolumeClaim.claimName);
    else if (volume.ephemeral) names.add(`${pod.metadata?.name ?? ''}-${volume.name}`);
  }
  return names;
}

/** Bound pods by node, kept current from the watch cache. */
export class NodeGraph {
  private readonly podsByNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOfPod = new Map<string, string>();

  constructor(private readonly cache: WatchCache) {
    cache.addTap((events) => {
      for (const event of events) if (event.key.startsWith(PODS)) this.apply(event);
    });
  }

  reload(): void {
    this.podsByNode.clear();
    this.nodeOfPod.clear();
    for (const pod of this.cache.list(PODS)) this.setPod(podKey(pod), pod as Pod);
  }

  private apply(event: CacheEvent): void {
    if (event.type === 'DELETED') this.removePod(event.key);
    else this.setPod(event.key, event.object as Pod);
  }

  private setPod(key: string, pod: Pod): void {
    this.removePod(key);
    const node = pod.spec?.nodeName;
    if (!node) return;
    let pods = this.podsByNode.get(node);
    if (!pods) this.podsByNode.set(node, (pods = new Map<string, Pod>()));
    pods.set(key, pod);
    this.nodeOfPod.set(key, node);
  }

  private removePod(key: string): void {
    const node = this.nodeOfPod.get(key);
    if (node === undefined) return;
    this.podsByNode.get(node)?.delete(key);
    this.nodeOfPod.delete(key);
  }

  private podsOn(node: string, namespace: string): Pod[] {
    return [...(this.podsByNode.get(node)?.values() ?? [])].filter(
      (pod) => pod.metadata?.namespace === namespace,
    );
  }

  /** hasPathFrom: is the object reachable from the node? */
  hasPathFrom(node: string, type: VertexType, namespace: string, name: string): boolean {
    switch (type) {
      case 'pod':
        return this.nodeOfPod.get(`${PODS}${namespace}/${name}`) === node;
      case 'secret':
        return this.podsOn(node, namespace).some((pod) => podSecretNames(pod).has(name));
      case 'configmap':
        return this.podsOn(node, namespace).some((pod) => podConfigMapNames(pod).has(name));
      case 'persistentvolumeclaim':
        return this.podsOn(node, namespace).some((pod) => podClaimNames(pod).has(name));
      case 'serviceaccount':
        return this.podsOn(node, namespace).some((pod) => pod.spec?.serviceAccountName === name);
      case 'persistentvolume':
        return this.volumeOnNode(node, name);
    }
  }

  /** pv → pvc → pod: a claim bound to the volume is used by a pod on the node. */
  private volumeOnNode(node: string, volume: string): boolean {
    for (const pod of this.podsByNode.get(node)?.values() ?? []) {
      const namespace = pod.metadata?.namespace ?? '';
      for (const claim of podClaimNames(pod)) {
        const stored = this.cache.get(`/registry/persistentvolumeclaims/${namespace}/${claim}`) as
          PersistentVolumeClaim | undefined;
        if (stored?.spec?.volumeName === volume) return true;
      }
    }
    return false;
  }
}

function podKey(pod: KubeObject): string {
  return `${PODS}${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
