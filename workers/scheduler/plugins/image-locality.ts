// Models pkg/scheduler/framework/plugins/imagelocality/image_locality.go: nodes that already hold
// the pod's images score higher, each image weighted by its size and by how widely it is spread
// (so one node holding a rare image does not attract every pod).

import type { Pod } from 'kubernetes-types/core/v1';
import type { Handle, NodeInfo, ScorePlugin } from '../framework.ts';
import { MAX_NODE_SCORE } from '../framework.ts';

export const IMAGE_LOCALITY = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: an image without a tag is :latest. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: the summed image scores clamped to the thresholds and scaled to 0–100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

function sumImageScores(handle: Handle, images: readonly string[], node: NodeInfo): number {
  const totalNumNodes = handle.nodes().length;
  let sum = 0;
  for (const image of images) {
    const size = node.images.get(image);
    if (size === undefined) continue;
    // scaledImageScore: the size times the fraction of nodes holding the image.
    sum += Math.trunc(size * (handle.imageNumNodes(image) / totalNumNodes));
  }
  return sum;
}

/** The pod's images, normalized, init containers first. */
function podImages(pod: Pod): string[] {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return containers.map((container) => normalizedImageName(container.image ?? ''));
}

export function imageLocalityScore(handle: Handle): ScorePlugin {
  // Read once per pod rather than once per node.
  const images = new WeakMap<Pod, string[]>();
  return {
    name: IMAGE_LOCALITY,
    weight: 1,
    score(_state, pod, node) {
      // Nothing summed is below the 23 MB floor, whatever the container count.
      if (node.images.size === 0) return 0;
      let names = images.get(pod);
      if (!names) {
        names = podImages(pod);
        images.set(pod, names);
      }
      return calculatePriority(sumImageScores(handle, names, node), names.length);
    },
  };
}
