import { describe, expect, it } from 'vitest';
import { peerPairs } from './ports.ts';
import { planRuntimes } from './topology.ts';

describe('peerPairs', () => {
  it('links the API server with everyone, kubectl with the scheduler, etcd and nodes, and nodes with each other', () => {
    const pairs = peerPairs(planRuntimes({ nodes: 2 })).map((pair) => pair.join(' ↔ '));
    expect(pairs.sort()).toEqual(
      [
        'apiserver ↔ controller-manager',
        'apiserver ↔ main',
        'apiserver ↔ node-1',
        'apiserver ↔ node-2',
        'apiserver ↔ scheduler',
        'etcd ↔ apiserver',
        'etcd ↔ main',
        'node-1 ↔ main',
        'node-1 ↔ node-2',
        'node-2 ↔ main',
        'scheduler ↔ main',
      ].sort(),
    );
  });
});
