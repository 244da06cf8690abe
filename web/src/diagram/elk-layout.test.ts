import type { Node as K8sNode, Pod } from 'kubernetes-types/core/v1';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { boxesOf, layoutBoxes, layoutKey, workerColumns } from './elk-layout.ts';
import { layoutCluster } from './layout.ts';

const elk = new ELK();

function node(name: string): K8sNode {
  return {
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(name: string, nodeName: string): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName },
    status: { phase: 'Running' },
  };
}

function cluster(nodeCount: number, pods: Pod[] = []) {
  const nodes = Array.from({ length: nodeCount }, (_, index) => node(`node-${index + 1}`));
  return boxesOf(layoutCluster({ nodes, pods }).nodes);
}

function overlaps(
  boxes: ReturnType<typeof cluster>,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): string[] {
  const found: string[] = [];
  boxes.forEach((a, index) => {
    for (const b of boxes.slice(index + 1)) {
      const pa = positions.get(a.id);
      const pb = positions.get(b.id);
      if (!pa || !pb) continue;
      if (
        pa.x < pb.x + b.width &&
        pb.x < pa.x + a.width &&
        pa.y < pb.y + b.height &&
        pb.y < pa.y + a.height
      )
        found.push(`${a.id} × ${b.id}`);
    }
  });
  return found;
}

describe('workerColumns', () => {
  it.each([
    [1, 1],
    [3, 3],
    [4, 4],
    [12, 4],
    [100, 11],
  ])('lays %i nodes out in %i columns', (count, columns) => {
    expect(workerColumns(count)).toBe(columns);
  });
});

describe('layoutBoxes', () => {
  it('puts kubectl above the control plane and the three nodes in one row below it', async () => {
    const boxes = cluster(3);
    const positions = await layoutBoxes(elk, boxes);
    const at = (id: string) => positions.get(id) ?? { x: NaN, y: NaN };
    expect(at('kubectl').y).toBeLessThan(at('control-plane').y);
    // Straight above the API server (x 255..445 in the control plane), where its edge goes.
    expect(at('kubectl').x + 85).toBe(at('control-plane').x + 350);
    expect(at('control-plane').y).toBe(at('pending').y);
    expect(at('pending').x).toBeGreaterThan(at('control-plane').x);
    const rows = new Set(['node:node-1', 'node:node-2', 'node:node-3'].map((id) => at(id).y));
    expect(rows.size).toBe(1);
    expect(at('node:node-1').y).toBeGreaterThan(at('control-plane').y + 220);
    expect(at('node:node-1').x).toBeLessThan(at('node:node-2').x);
    expect(overlaps(boxes, positions)).toEqual([]);
  });

  it('keeps every node where it was when one node gains a row of pods', async () => {
    const before = cluster(12);
    const grown = cluster(
      12,
      Array.from({ length: 4 }, (_, index) => pod(`web-${index}`, 'node-1')),
    );
    expect(layoutKey(grown)).not.toBe(layoutKey(before));
    const [was, now] = await Promise.all([layoutBoxes(elk, before), layoutBoxes(elk, grown)]);
    for (const id of ['node:node-2', 'node:node-3', 'node:node-4'])
      expect(now.get(id)).toEqual(was.get(id));
    // Rows below may move down to make room; nothing moves sideways.
    for (let index = 1; index <= 12; index++)
      expect(now.get(`node:node-${index}`)?.x).toBe(was.get(`node:node-${index}`)?.x);
    expect(overlaps(grown, now)).toEqual([]);
  });

  it('packs 100 node cards into a grid without overlaps', async () => {
    const boxes = cluster(100);
    const positions = await layoutBoxes(elk, boxes);
    const columns = new Set(
      boxes.filter((box) => box.band === 'workers').map((box) => positions.get(box.id)?.x),
    );
    expect(columns.size).toBe(workerColumns(100));
    expect(overlaps(boxes, positions)).toEqual([]);
  });
});
