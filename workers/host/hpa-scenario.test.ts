// The HorizontalPodAutoscaler through the whole cluster in one thread: pods of a Deployment
// (200m CPU requested and allowed) spin until a set virtual time, the kubelet's usage model and
// the API server's metrics-server report it, and the HPA (50 % CPU, 1–2 replicas) scales the
// Deployment up, then back down only once the 300 s downscale stabilization window has passed.

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../api/time.ts';
import { readyCluster, type ReadyCluster } from './cluster-testing.ts';

const HPA_TYPE = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
const DEPLOYMENT_TYPE = { group: 'apps', version: 'v1', resource: 'deployments' };

function hpaEvents(c: ReadyCluster): { at: number; text: string }[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/default/'))
    .map(([, event]) => event as Event)
    .filter((event) => event.involvedObject.kind === 'HorizontalPodAutoscaler')
    .map((event) => ({
      at: parseTime(event.firstTimestamp ?? ''),
      text: `${event.type ?? ''} ${event.reason ?? ''} ${event.message ?? ''}`,
    }))
    .sort((a, b) => a.at - b.at);
}

function replicasOf(c: ReadyCluster): number | undefined {
  return (c.objects.get('/registry/deployments/default/php-apache') as Deployment | undefined)?.spec
    ?.replicas;
}

describe('the horizontal pod autoscaler', () => {
  it('scales up under CPU load and down only after the stabilization window', async () => {
    const c = await readyCluster('hpa', 1);
    const start = c.host.coordinator.time;
    const loadEnds = Math.floor(start / 1000) + 45;
    await c.host.kubectlDo(async (client) => {
      await client.resource<Deployment>(DEPLOYMENT_TYPE, 'default').create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'php-apache' },
        spec: {
          selector: { matchLabels: { run: 'php-apache' } },
          template: {
            metadata: { labels: { run: 'php-apache' } },
            spec: {
              containers: [
                {
                  name: 'php-apache',
                  image: 'busybox',
                  command: [
                    'sh',
                    '-c',
                    `while [ $(date +%s) -lt ${String(loadEnds)} ]; do :; done; sleep 86400`,
                  ],
                  resources: { requests: { cpu: '200m' }, limits: { cpu: '200m' } },
                },
              ],
            },
          },
        },
      });
      await client.resource<HorizontalPodAutoscaler>(HPA_TYPE, 'default').create({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php-apache' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
          minReplicas: 1,
          maxReplicas: 2,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 50 },
              },
            },
          ],
        },
      });
    });

    const rescales = () => hpaEvents(c).filter((event) => event.text.includes('SuccessfulRescale'));
    expect(await c.host.runUntil(() => rescales().length === 1, 120_000)).toBe(true);
    expect(replicasOf(c)).toBe(2);
    const up = rescales()[0];
    expect(up?.text).toBe(
      'Normal SuccessfulRescale New size: 2; reason: cpu resource utilization (percentage of request) above target',
    );
    // The first sync (15 s) finds no metrics yet; the next one has a scrape of the ready pod.
    expect(hpaEvents(c)[0]?.text).toBe(
      'Warning FailedGetResourceMetric failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
    expect((up?.at ?? 0) - start).toBeLessThanOrEqual(45_000);

    expect(await c.host.runUntil(() => rescales().length === 2, 600_000)).toBe(true);
    expect(replicasOf(c)).toBe(1);
    const down = rescales()[1];
    expect(down?.text).toBe(
      'Normal SuccessfulRescale New size: 1; reason: All metrics below target',
    );
    const idleFor = (down?.at ?? 0) - loadEnds * 1000;
    expect(idleFor).toBeGreaterThanOrEqual(300_000);
    expect(idleFor).toBeLessThanOrEqual(300_000 + 45_000);

    const hpa = c.objects.get('/registry/horizontalpodautoscalers/default/php-apache') as
      HorizontalPodAutoscaler | undefined;
    // Idle pods propose 0 replicas, which minReplicas bounds.
    expect(
      hpa?.status?.conditions?.map(({ type, status, reason }) => [type, status, reason]),
    ).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'TooFewReplicas'],
    ]);
  }, 60_000);
});
