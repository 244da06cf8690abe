import type { ContainerImage, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState } from '../framework.ts';
import { newHandle } from '../handle.ts';
import { cacheWithPods, makeNode, makePod } from '../testing.ts';
import { calculatePriority, imageLocalityScore, normalizedImageName } from './image-locality.ts';

const MB = 1024 * 1024;
const image = (name: string, size: number): ContainerImage => ({
  names: [name],
  sizeBytes: size * MB,
});

function podWith(...images: string[]): Pod {
  return makePod('p', {
    containers: images.map((name, i) => ({ name: `c${String(i)}`, image: name })),
  });
}

// Cases after upstream's TestImageLocalityPriority (image_locality_test.go): 40, 250, 300 and
// 2000 MB images over two nodes.
describe('ImageLocality score', () => {
  const node1 = makeNode('node1', {
    images: [
      image('gcr.io/40:latest', 40),
      image('gcr.io/300:latest', 300),
      image('gcr.io/2000:latest', 2000),
    ],
  });
  const node2 = makeNode('node2', {
    images: [image('gcr.io/250:latest', 250), image('gcr.io/10:v1', 10)],
  });

  it.each<[string, Pod, [number, number]]>([
    // node1: 40 MB held by 1 of 2 nodes counts 20 MB, under the 23 MB floor; node2: 125 MB.
    [
      'two images spread on two nodes, prefer the larger image one',
      podWith('gcr.io/40', 'gcr.io/250'),
      [0, 5],
    ],
    // node1: (150 + 1000) MB against a 2000 MB ceiling for 2 containers; node2: 0.
    ['two images on one node, prefer this node', podWith('gcr.io/300', 'gcr.io/2000'), [57, 0]],
    [
      'images without a tag are :latest; 1000 MB fills one container',
      podWith('gcr.io/2000'),
      [100, 0],
    ],
    ['an image with a tag matches only that tag', podWith('gcr.io/10:v1'), [0, 0]],
  ])('%s', (_name, pod, want) => {
    const cache = cacheWithPods([node1, node2]);
    const plugin = imageLocalityScore(newHandle(cache));
    const scores = cache.nodeInfos().map((node) => plugin.score(new CycleState(), pod, node));
    expect(scores).toEqual(want);
  });

  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.27', 'nginx:1.27'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:v2', 'localhost:5000/app:v2'],
  ])('normalizes %s to %s', (name, normalized) => {
    expect(normalizedImageName(name)).toBe(normalized);
  });

  it.each([
    [0, 1, 0],
    [23 * MB, 1, 0],
    [1000 * MB, 1, 100],
    [5000 * MB, 1, 100],
    [1000 * MB, 2, 49],
  ])('calculatePriority(%i, %i containers) = %i', (sum, containers, score) => {
    expect(calculatePriority(sum, containers)).toBe(score);
  });
});
