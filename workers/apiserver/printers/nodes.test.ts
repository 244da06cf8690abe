import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { nodePrinter } from './nodes.ts';
import { NOW, ago } from './testing.ts';

const ready = (status: string): NodeCondition => ({
  type: 'Ready',
  status,
  reason: status === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
  lastHeartbeatTime: ago(10),
  lastTransitionTime: ago(3600),
});

function node(options: {
  conditions?: NodeCondition[];
  unschedulable?: boolean;
  labels?: Record<string, string>;
  withInfo?: boolean;
}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'node-1',
      creationTimestamp: ago(2 * 86400 + 5 * 3600),
      labels: options.labels ?? { 'kubernetes.io/hostname': 'node-1' },
    },
    spec: options.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: options.conditions ?? [ready('True')],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.3' },
        { type: 'Hostname', address: 'node-1' },
      ],
      ...(options.withInfo === false
        ? {}
        : {
            nodeInfo: {
              architecture: 'amd64',
              bootID: '',
              machineID: '',
              systemUUID: '',
              containerRuntimeVersion: 'containerd://1.7.24',
              kernelVersion: '6.8.0-1017-azure',
              kubeProxyVersion: 'v1.32.4',
              kubeletVersion: 'v1.32.4',
              operatingSystem: 'linux',
              osImage: 'Debian GNU/Linux 12 (bookworm)',
            },
          }),
    },
  };
}

describe('node STATUS and ROLES', () => {
  it.each<[string, Parameters<typeof node>[0], string, string]>([
    ['a ready worker', {}, 'Ready', '<none>'],
    [
      'a node whose kubelet stopped reporting',
      { conditions: [ready('Unknown')] },
      'NotReady',
      '<none>',
    ],
    ['a node without a Ready condition yet', { conditions: [] }, 'Unknown', '<none>'],
    ['a cordoned node', { unschedulable: true }, 'Ready,SchedulingDisabled', '<none>'],
    [
      'a cordoned node that is not ready',
      { unschedulable: true, conditions: [ready('False')] },
      'NotReady,SchedulingDisabled',
      '<none>',
    ],
    [
      'a control-plane node',
      { labels: { 'node-role.kubernetes.io/control-plane': '' } },
      'Ready',
      'control-plane',
    ],
    [
      'roles from both label styles, sorted and without duplicates',
      {
        labels: {
          'node-role.kubernetes.io/worker': '',
          'kubernetes.io/role': 'ingress',
          'node-role.kubernetes.io/ingress': 'true',
          'node-role.kubernetes.io/': '',
        },
      },
      'Ready',
      'ingress,worker',
    ],
  ])('%s', (_name, options, status, roles) => {
    expect(nodePrinter.print(node(options), NOW).cells.slice(0, 5)).toEqual([
      'node-1',
      status,
      roles,
      '2d5h',
      'v1.32.4',
    ]);
  });
});

describe('node wide columns', () => {
  it('prints addresses and system info', () => {
    expect(nodePrinter.print(node({}), NOW).cells.slice(5)).toEqual([
      '172.18.0.3',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-1017-azure',
      'containerd://1.7.24',
    ]);
  });

  it('prints <unknown> for system info a new node has not reported', () => {
    expect(nodePrinter.print(node({ withInfo: false }), NOW).cells.slice(4)).toEqual([
      '',
      '172.18.0.3',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});
