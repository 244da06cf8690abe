// Cases in the manner of pkg/controller/podautoscaler/replica_calculator_test.go: pods with CPU
// requests and readiness, their metrics, and the proposal or the error upstream gives.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../api/time.ts';
import {
  CalculationError,
  rawResourceReplicas,
  resourceReplicas,
  type PodMetricsInfo,
} from './replica-calculator.ts';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const LONG_AGO = NOW - 10 * 60_000;

interface PodCase {
  request?: number;
  ready?: boolean;
  phase?: string;
  deleted?: boolean;
  /** When it started and became ready (default: long ago). */
  since?: number;
}

function pods(cases: PodCase[]): Pod[] {
  return cases.map((pod, index) => ({
    metadata: {
      name: `p-${String(index)}`,
      namespace: 'default',
      ...(pod.deleted ? { deletionTimestamp: formatTime(NOW) } : {}),
    },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          resources:
            pod.request === 0 ? {} : { requests: { cpu: `${String(pod.request ?? 1000)}m` } },
        },
      ],
    },
    status: {
      phase: pod.phase ?? 'Running',
      startTime: formatTime(pod.since ?? LONG_AGO),
      conditions: [
        {
          type: 'Ready',
          status: pod.ready === false ? 'False' : 'True',
          lastTransitionTime: formatTime(pod.since ?? LONG_AGO),
        },
      ],
    },
  }));
}

/** Metrics per pod index (undefined: none reported). */
function metrics(levels: (number | undefined)[]): PodMetricsInfo {
  const info: PodMetricsInfo = new Map();
  levels.forEach((value, index) => {
    if (value !== undefined)
      info.set(`p-${String(index)}`, { timestamp: NOW - 5_000, windowMs: 15_000, value });
  });
  return info;
}

describe('the replica calculator for a utilization target', () => {
  it.each<[string, number, PodCase[], (number | undefined)[], number, [number, number]]>([
    [
      'scales up by the ratio of utilization to target',
      3,
      [{}, {}, {}],
      [300, 500, 700],
      30,
      [5, 50],
    ],
    [
      'scales down by the same ratio',
      5,
      [{}, {}, {}, {}, {}],
      [100, 300, 500, 250, 250],
      50,
      [3, 28],
    ],
    [
      'keeps the count within the 10 % tolerance',
      3,
      [{ request: 900 }, { request: 1000 }, { request: 1100 }],
      [1010, 1030, 1020],
      100,
      [3, 102],
    ],
    [
      'counts unready pods as idle on a scale-up',
      3,
      [{ ready: false }, {}, {}],
      [300, 500, 700],
      30,
      [4, 60],
    ],
    [
      'counts pending pods as idle on a scale-up',
      3,
      [{ phase: 'Pending' }, {}, {}],
      [undefined, 500, 700],
      30,
      [4, 60],
    ],
    [
      'trusts no sample from a pod ready for less than a window',
      2,
      [{}, { since: NOW - 10_000 }],
      [900, 900],
      30,
      [3, 90],
    ],
    [
      'counts pods without metrics as idle on a scale-up, then keeps a change too small',
      2,
      [{}, {}],
      [1900, undefined],
      100,
      [2, 190],
    ],
    [
      'counts pods without metrics at their request on a scale-down, keeping a reversed direction',
      4,
      [{}, {}, {}, {}],
      [400, 95, undefined, undefined],
      50,
      [4, 24],
    ],
    [
      'leaves deleted and failed pods out',
      3,
      [{ deleted: true }, { phase: 'Failed' }, {}],
      [900, 900, 200],
      50,
      [1, 20],
    ],
  ])('%s', (_name, current, podCases, levels, target, [replicas, utilization]) => {
    const result = resourceReplicas(
      {
        currentReplicas: current,
        pods: pods(podCases),
        metrics: metrics(levels),
        resource: 'cpu',
        container: '',
        now: NOW,
      },
      target,
    );
    expect([result.replicas, result.utilization]).toEqual([replicas, utilization]);
  });

  it.each<[string, PodCase[], (number | undefined)[], string]>([
    [
      'refuses without pods',
      [],
      [],
      'no pods returned by selector while calculating replica count',
    ],
    [
      'refuses when only unready pods report',
      [{ ready: false }],
      [500],
      'did not receive metrics for targeted pods (pods might be unready)',
    ],
    [
      'refuses a pod without a CPU request',
      [{ request: 0 }],
      [500],
      'missing request for cpu in container c of Pod p-0',
    ],
  ])('%s', (_name, podCases, levels, message) => {
    const calculate = () =>
      resourceReplicas(
        {
          currentReplicas: 1,
          pods: pods(podCases),
          metrics: metrics(levels),
          resource: 'cpu',
          container: '',
          now: NOW,
        },
        50,
      );
    expect(calculate).toThrow(CalculationError);
    expect(calculate).toThrow(message);
  });
});

describe('the replica calculator for an average value target', () => {
  it.each<[string, number, (number | undefined)[], number, [number, number]]>([
    ['scales up by the ratio of the average to the target', 2, [800, 900], 500, [4, 850]],
    ['keeps the count within the tolerance', 2, [520, 500], 500, [2, 510]],
    ['counts missing pods at the target on a scale-down', 3, [100, 100, undefined], 500, [2, 100]],
  ])('%s', (_name, current, levels, target, [replicas, average]) => {
    const result = rawResourceReplicas(
      {
        currentReplicas: current,
        pods: pods(levels.map(() => ({}))),
        metrics: metrics(levels),
        resource: 'cpu',
        container: '',
        now: NOW,
      },
      target,
    );
    expect([result.replicas, result.rawAverage]).toEqual([replicas, average]);
  });
});
