import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' };

function v2(spec: object, name = 'php-apache') {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: { scaleTargetRef: target, maxReplicas: 10, ...spec },
  };
}

describe('HorizontalPodAutoscalers', () => {
  it('stores a v1 autoscaler as v2 with the CPU target as a Resource metric', async () => {
    expectOk(
      await api.request('POST', V1, {
        body: {
          apiVersion: 'autoscaling/v1',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'php-apache' },
          spec: { scaleTargetRef: target, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
        },
      }),
      201,
    );
    const stored = expectOk(
      await api.request('GET', `${V2}/php-apache`),
    ) as HorizontalPodAutoscaler;
    expect(stored.spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    expect(stored.status).toEqual({ desiredReplicas: 0, currentMetrics: null });
    const asV1 = expectOk(await api.request('GET', `${V1}/php-apache`)) as Record<string, unknown>;
    expect(asV1).toMatchObject({
      apiVersion: 'autoscaling/v1',
      spec: { minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
  });

  it('defaults a v2 autoscaler to 80 % CPU and fills the behavior it names', async () => {
    const created = expectOk(
      await api.request('POST', V2, {
        body: v2({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }),
      }),
      201,
    ) as HorizontalPodAutoscaler;
    expect(created.spec?.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    expect(created.spec?.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
    const asV1 = expectOk(await api.request('GET', `${V1}/php-apache`)) as {
      metadata: { annotations: Record<string, string> };
    };
    expect(asV1.metadata.annotations).toEqual({
      'autoscaling.alpha.kubernetes.io/behavior':
        '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}',
    });
  });

  it.each<[string, object, string]>([
    [
      'refuses minReplicas below 1',
      { minReplicas: 0 },
      'HorizontalPodAutoscaler.autoscaling "php-apache" is invalid: [spec.minReplicas: Invalid value: 0: must be greater than or equal to 1, spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas]',
    ],
    [
      'refuses maxReplicas below minReplicas',
      { minReplicas: 5, maxReplicas: 3 },
      'HorizontalPodAutoscaler.autoscaling "php-apache" is invalid: spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`',
    ],
    [
      'refuses a resource metric with both targets',
      {
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 50, averageValue: '100m' },
            },
          },
        ],
      },
      'HorizontalPodAutoscaler.autoscaling "php-apache" is invalid: spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
    ],
    [
      'refuses a scaling policy with a long period',
      {
        behavior: {
          scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1801 }] },
        },
      },
      'HorizontalPodAutoscaler.autoscaling "php-apache" is invalid: spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
    ],
  ])('%s', async (_name, spec, message) => {
    expectFailure(await api.request('POST', V2, { body: v2(spec) }), 422, 'Invalid', message);
  });

  it('prints kubectl get hpa columns with an unknown current value', async () => {
    expectOk(
      await api.request('POST', V2, {
        body: v2({
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        }),
      }),
      201,
    );
    const table = expectOk(await api.request('GET', V2, { accept: TABLE })) as {
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(table.columnDefinitions.map((column) => column.name)).toEqual([
      'Name',
      'Reference',
      'Targets',
      'MinPods',
      'MaxPods',
      'Replicas',
      'Age',
    ]);
    expect(table.rows[0]?.cells.slice(0, 6)).toEqual([
      'php-apache',
      'Deployment/php-apache',
      'cpu: <unknown>/50%',
      '1',
      10,
      0,
    ]);
  });
});
