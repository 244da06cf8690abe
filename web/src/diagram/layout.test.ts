import type { Node as K8sNode, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  DETAILED_NODES,
  EXPANDED_POD_CHIPS,
  MAX_POD_CHIPS,
  POOL_SIZE,
  drawnNodeOf,
  layoutCluster,
  phaseCounts,
  podSummary,
  poolsOf,
  tierOf,
  type Layout,
} from './layout.ts';

function node(name: string, labels: Record<string, string> = {}): K8sNode {
  return {
    metadata: { name, labels },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
    },
  };
}

function pod(name: string, nodeName: string | undefined, phase = 'Running'): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
    status: { phase },
  };
}

function nodes(count: number): K8sNode[] {
  return Array.from({ length: count }, (_, index) => node(`node-${index + 1}`));
}

/** `count` pods spread round-robin over `nodeCount` nodes. */
function spread(count: number, nodeCount: number): Pod[] {
  return Array.from({ length: count }, (_, index) =>
    pod(`web-${index}`, `node-${(index % nodeCount) + 1}`),
  );
}

function ids(layout: Layout, type: string): string[] {
  return layout.nodes.filter((item) => item.type === type).map((item) => item.id);
}

function elementCount(layout: Layout): number {
  return layout.nodes.length + layout.edges.length;
}

describe('tierOf', () => {
  it.each([
    [1, 'detailed'],
    [DETAILED_NODES, 'detailed'],
    [DETAILED_NODES + 1, 'cards'],
    [100, 'cards'],
    [490, 'cards'],
    [491, 'pools'],
    [2000, 'pools'],
  ])('draws %i nodes as %s', (count, tier) => {
    expect(tierOf(count)).toBe(tier);
  });
});

describe('podSummary', () => {
  it.each([
    [[pod('a', 'n')], '1 pod'],
    [[pod('a', 'n'), pod('b', 'n', 'Pending'), pod('c', 'n', 'Pending')], '3 pods, 2 Pending'],
    [[pod('a', 'n', 'Failed'), pod('b', 'n', 'Succeeded')], '2 pods, 1 Failed, 1 Completed'],
  ])('summarises %#', (pods, summary) => {
    expect(podSummary(phaseCounts(pods))).toBe(summary);
  });

  it('orders the phase bars by what needs attention first', () => {
    expect(phaseCounts([pod('a', 'n'), pod('b', 'n', 'Pending'), pod('c', 'n', 'Failed')])).toEqual(
      [
        { tone: 'failed', count: 1 },
        { tone: 'pending', count: 1 },
        { tone: 'running', count: 1 },
      ],
    );
  });
});

describe('layoutCluster', () => {
  it('draws the default three nodes whole, with a chip per pod', () => {
    const layout = layoutCluster({ nodes: nodes(3), pods: spread(3, 3) });
    expect(ids(layout, 'zone')).toEqual([
      'control-plane',
      'pending',
      'services',
      'node:node-1',
      'node:node-2',
      'node:node-3',
    ]);
    expect(ids(layout, 'pod')).toEqual([
      'pod:default/web-0',
      'pod:default/web-1',
      'pod:default/web-2',
    ]);
    expect(layout.nodes.find((item) => item.id === 'kubelet:node-2')?.parentId).toBe('node:node-2');
    expect(layout.aliases.size).toBe(0);
  });

  it('folds a node with more than MAX_POD_CHIPS pods into a summary its hops still reach', () => {
    const layout = layoutCluster({ nodes: nodes(1), pods: spread(MAX_POD_CHIPS + 30, 1) });
    expect(ids(layout, 'pod')).toEqual([]);
    const zone = layout.nodes.find((item) => item.id === 'node:node-1');
    expect(zone?.data).toMatchObject({
      summary: `${MAX_POD_CHIPS + 30} pods`,
      phases: [{ tone: 'running', count: MAX_POD_CHIPS + 30 }],
      expandable: true,
      expanded: false,
    });
    expect(layout.aliases.get('pod:default/web-7')).toBe('node:node-1');
  });

  it('opens a folded node into chips up to EXPANDED_POD_CHIPS, then says how many more', () => {
    const layout = layoutCluster({
      nodes: nodes(1),
      pods: spread(EXPANDED_POD_CHIPS + 5, 1),
      expanded: new Set(['node:node-1']),
    });
    expect(ids(layout, 'pod')).toHaveLength(EXPANDED_POD_CHIPS);
    expect(layout.nodes.find((item) => item.id === 'node:node-1')?.data.summary).toBe(
      `${EXPANDED_POD_CHIPS + 5} pods; 5 more`,
    );
  });

  it('draws 100 nodes with 1,000 pods as cards, well inside the element budget', () => {
    const layout = layoutCluster({ nodes: nodes(100), pods: spread(1000, 100) });
    expect(ids(layout, 'group')).toHaveLength(100);
    expect(ids(layout, 'pod')).toEqual([]);
    expect(elementCount(layout)).toBeLessThan(250);
    const card = layout.nodes.find((item) => item.id === 'node:node-7');
    expect(card?.data).toMatchObject({ kind: 'node', title: 'node-7', summary: '10 pods' });
    expect(layout.edges.find((item) => item.target === 'node:node-7')).toMatchObject({
      source: 'apiserver',
      quiet: true,
    });
  });

  it('orders nodes by their number, not as strings', () => {
    const layout = layoutCluster({ nodes: nodes(12).reverse(), pods: [] });
    expect(ids(layout, 'zone').slice(3, 6)).toEqual(['node:node-1', 'node:node-2', 'node:node-3']);
    expect(ids(layout, 'zone').at(-1)).toBe('node:node-12');
  });

  it('sends a folded node’s components and pods to its card', () => {
    const layout = layoutCluster({ nodes: nodes(20), pods: spread(40, 20) });
    expect(drawnNodeOf('kubelet/node-7', layout.aliases)).toBe('node:node-7');
    expect(drawnNodeOf('containerd/node-7', layout.aliases)).toBe('node:node-7');
    expect(drawnNodeOf('kube-apiserver', layout.aliases)).toBe('apiserver');
    expect(layout.aliases.get('pod:default/web-6')).toBe('node:node-7');
  });

  it('draws an opened card whole, its neighbours still folded', () => {
    const layout = layoutCluster({
      nodes: nodes(20),
      pods: spread(40, 20),
      expanded: new Set(['node:node-7']),
    });
    expect(layout.nodes.find((item) => item.id === 'node:node-7')?.type).toBe('zone');
    expect(layout.nodes.find((item) => item.id === 'node:node-8')?.type).toBe('group');
    expect(ids(layout, 'pod')).toEqual(['pod:default/web-6', 'pod:default/web-26']);
    expect(drawnNodeOf('kubelet/node-7', layout.aliases)).toBe('kubelet:node-7');
  });

  it('pools nodes past the element budget and keeps the drawing under it', () => {
    const layout = layoutCluster({ nodes: nodes(1000), pods: spread(5000, 1000) });
    expect(ids(layout, 'group')).toHaveLength(1000 / POOL_SIZE);
    expect(elementCount(layout)).toBeLessThan(150);
    expect(layout.nodes.find((item) => item.id === 'pool:1')?.data).toMatchObject({
      kind: 'pool',
      title: 'node-1 … node-25',
      subtitle: '25 nodes, 25 Ready',
      summary: '125 pods',
    });
    expect(drawnNodeOf('kubelet/node-30', layout.aliases)).toBe('pool:2');
  });

  it('opens a pool into its nodes’ cards', () => {
    const layout = layoutCluster({
      nodes: nodes(1000),
      pods: [],
      expanded: new Set(['pool:2']),
    });
    expect(ids(layout, 'group').slice(0, 3)).toEqual(['pool:1', 'node:node-26', 'node:node-27']);
  });

  it('keeps at most 15 unscheduled chips and summarises the rest', () => {
    const layout = layoutCluster({
      nodes: nodes(3),
      pods: Array.from({ length: 40 }, (_, index) => pod(`queued-${index}`, undefined, 'Pending')),
    });
    expect(ids(layout, 'pod')).toHaveLength(15);
    expect(layout.nodes.find((item) => item.id === 'pending')?.data).toMatchObject({
      subtitle: '40 pod(s)',
      summary: '40 pods, 40 Pending; 15 shown',
    });
    expect(layout.aliases.get('pod:default/queued-39')).toBe('pending');
  });

  it('lists Services with their ready endpoints', () => {
    const layout = layoutCluster({
      nodes: nodes(1),
      pods: [],
      services: [
        {
          metadata: { name: 'web', namespace: 'default' },
          spec: { type: 'ClusterIP', clusterIP: '10.96.0.20' },
        },
      ],
      endpointSlices: [
        {
          addressType: 'IPv4',
          metadata: {
            name: 'web-abcde',
            namespace: 'default',
            labels: { 'kubernetes.io/service-name': 'web' },
          },
          endpoints: [
            { addresses: ['10.244.1.2'], conditions: { ready: true } },
            { addresses: ['10.244.1.3'], conditions: { ready: false } },
          ],
        },
      ],
    });
    expect(layout.nodes.find((item) => item.id === 'service:default/web')?.data).toEqual({
      name: 'web',
      namespace: 'default',
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      endpoints: 1,
    });
  });
});

describe('poolsOf', () => {
  it('pools by topology zone when every node has one', () => {
    const zoned = [
      node('a', { 'topology.kubernetes.io/zone': 'eu-1a' }),
      node('b', { 'topology.kubernetes.io/zone': 'eu-1b' }),
      node('c', { 'topology.kubernetes.io/zone': 'eu-1a' }),
    ];
    expect(
      poolsOf(zoned).map((pool) => [pool.id, pool.nodes.map((item) => item.metadata?.name)]),
    ).toEqual([
      ['pool:eu-1a', ['a', 'c']],
      ['pool:eu-1b', ['b']],
    ]);
  });
});

describe('a node of the local agent', () => {
  it('is marked with its engine, its runtime named after it and its pods as real containers', () => {
    const simulated = node('docker-1');
    const docker: K8sNode = {
      ...simulated,
      status: {
        ...simulated.status,
        nodeInfo: { containerRuntimeVersion: 'docker://27.3.1' } as NonNullable<
          K8sNode['status']
        >['nodeInfo'],
      },
    };
    const layout = layoutCluster({
      nodes: [node('node-1'), docker],
      pods: [pod('web', 'docker-1'), pod('db', 'node-1')],
    });
    const byId = (id: string) => layout.nodes.find((item) => item.id === id)?.data;

    expect(byId('node:docker-1')).toMatchObject({ real: 'real containers · docker 27.3.1' });
    expect(byId('node:node-1')?.real).toBeUndefined();
    expect(byId('runtime:docker-1')).toMatchObject({ title: 'docker' });
    expect(byId('pod:default/web')).toMatchObject({ real: true });
    expect(byId('pod:default/db')?.real).toBeUndefined();
    expect(drawnNodeOf('docker/docker-1', new Map())).toBe('runtime:docker-1');
  });
});
