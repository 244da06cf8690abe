import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { PodTemplateSpec, ReplicationController } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { NOW, ago } from './testing.ts';
import {
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  scalePrinter,
  statefulSetPrinter,
} from './workloads.ts';

const metadata = { name: 'web', namespace: 'default', creationTimestamp: ago(26 * 3600) };
const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'exporter', image: 'nginx/nginx-prometheus-exporter:1.4' },
    ],
  },
};
const containers = ['nginx,exporter', 'nginx:1.27,nginx/nginx-prometheus-exporter:1.4'];

describe('deployment rows', () => {
  it.each<[string, Deployment, unknown[]]>([
    [
      'a rolled-out deployment',
      {
        metadata,
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
        status: { replicas: 3, readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      },
      ['web', '3/3', 3, 3, '26h', ...containers, 'app=web'],
    ],
    [
      'a deployment whose pods are still starting',
      {
        metadata,
        spec: {
          replicas: 3,
          selector: {
            matchLabels: { app: 'web' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }],
          },
          template,
        },
        status: { replicas: 3, updatedReplicas: 3 },
      },
      ['web', '0/3', 3, 0, '26h', ...containers, 'app=web,tier in (edge,front)'],
    ],
    [
      'a deployment with an empty selector prints nothing for it',
      { metadata, spec: { replicas: 0, selector: {}, template }, status: {} },
      ['web', '0/0', 0, 0, '26h', ...containers, ''],
    ],
  ])('%s', (_name, object, cells) => {
    expect(deploymentPrinter.print(object, NOW).cells).toEqual(cells);
  });
});

describe('replica set and replication controller rows', () => {
  it('prints DESIRED CURRENT READY as integers and the selector', () => {
    const replicaSet: ReplicaSet = {
      metadata: { ...metadata, name: 'web-7d4f8b9c5' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4f8b9c5' } },
        template,
      },
      status: { replicas: 3, readyReplicas: 2 },
    };
    expect(replicaSetPrinter.print(replicaSet, NOW).cells).toEqual([
      'web-7d4f8b9c5',
      3,
      3,
      2,
      '26h',
      ...containers,
      'app=web,pod-template-hash=7d4f8b9c5',
    ]);
  });

  it('prints a replication controller with its map selector', () => {
    const controller: ReplicationController = {
      metadata,
      spec: { replicas: 2, selector: { app: 'web' }, template },
      status: { replicas: 2, readyReplicas: 2 },
    };
    expect(replicationControllerPrinter.print(controller, NOW).cells).toEqual([
      'web',
      2,
      2,
      2,
      '26h',
      ...containers,
      'app=web',
    ]);
  });

  it('prints <none> for a replica set without a selector', () => {
    const replicaSet = { metadata, spec: { selector: {}, template }, status: { replicas: 0 } };
    expect(replicaSetPrinter.print(replicaSet as ReplicaSet, NOW).cells.at(-1)).toBe('<none>');
  });
});

describe('daemon set, stateful set and scale rows', () => {
  it('prints a daemon set with its node selector', () => {
    const daemonSet: DaemonSet = {
      metadata: { ...metadata, name: 'fluentd' },
      spec: {
        selector: { matchLabels: { app: 'fluentd' } },
        template: {
          ...template,
          spec: {
            containers: [{ name: 'fluentd', image: 'fluentd:v1.17' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
        },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
        numberMisscheduled: 0,
      },
    };
    expect(daemonSetPrinter.print(daemonSet, NOW).cells).toEqual([
      'fluentd',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '26h',
      'fluentd',
      'fluentd:v1.17',
      'app=fluentd',
    ]);
  });

  it('prints a stateful set as ready over desired', () => {
    const statefulSet: StatefulSet = {
      metadata: { ...metadata, name: 'db' },
      spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    };
    expect(statefulSetPrinter.print(statefulSet, NOW).cells).toEqual([
      'db',
      '1/3',
      '26h',
      ...containers,
    ]);
  });

  it('prints a scale subresource', () => {
    const scale: Scale = {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata,
      spec: { replicas: 5 },
      status: { replicas: 3, selector: 'app=web' },
    };
    expect(scalePrinter.print(scale, NOW).cells).toEqual(['web', 5, 3, '26h']);
    expect(scalePrinter.columns[0]).toMatchObject({ name: 'Name', format: '' });
  });
});
