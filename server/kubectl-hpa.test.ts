// The real kubectl (v1.32) with metrics.k8s.io and HorizontalPodAutoscalers against the
// playground over HTTPS: `kubectl top` reads the kubelets' simulated usage through the API
// server's metrics-server, `kubectl autoscale` creates an autoscaling/v1 HPA, and the HPA
// controller scales a Deployment whose pods spin. Skipped where there is no kubectl binary.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KUBECTL_AVAILABLE,
  ok,
  kubectl as run,
  startTestCluster,
  type KubectlResult,
  type TestCluster,
} from './testing.ts';

if (!KUBECTL_AVAILABLE) console.warn('kubectl is not installed: skipping the real-kubectl tests');

let target: TestCluster;

function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  return run(target, args, input);
}

const SPIN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: spin
spec:
  selector:
    matchLabels:
      app: spin
  template:
    metadata:
      labels:
        app: spin
    spec:
      containers:
      - name: spin
        image: busybox
        command: ["sh", "-c", "while true; do :; done"]
        resources:
          requests:
            cpu: 200m
          limits:
            cpu: 200m
`;

/** A table's rows, cells split on runs of spaces. */
function rows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

describe.skipIf(!KUBECTL_AVAILABLE)('real kubectl with metrics and autoscaling', () => {
  beforeAll(async () => {
    target = await startTestCluster();
    await ok(kubectl(['apply', '-f', '-'], SPIN));
    await ok(kubectl(['rollout', 'status', 'deployment/spin', '--timeout=60s']));
  });

  afterAll(async () => {
    await target.stop();
  });

  it('autoscales a deployment and prints the HPA before any metrics', async () => {
    expect(
      await ok(
        kubectl(['autoscale', 'deployment', 'spin', '--cpu-percent=50', '--min=1', '--max=2']),
      ),
    ).toBe('horizontalpodautoscaler.autoscaling/spin autoscaled\n');
    const [header, row] = rows(await ok(kubectl(['get', 'hpa'])));
    expect(header).toEqual([
      'NAME',
      'REFERENCE',
      'TARGETS',
      'MINPODS',
      'MAXPODS',
      'REPLICAS',
      'AGE',
    ]);
    expect(row?.slice(0, 5)).toEqual(['spin', 'Deployment/spin', 'cpu: <unknown>/50%', '1', '2']);
  });

  it('prints what pods and nodes use with kubectl top', async () => {
    await ok(
      kubectl(['wait', '--for=jsonpath={.status.currentReplicas}=2', 'hpa/spin', '--timeout=120s']),
    );
    const pods = rows(await ok(kubectl(['top', 'pod', '-l', 'app=spin'])));
    expect(pods[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(pods.slice(1).map((cells) => cells.slice(1))).toContainEqual(['200m', '0Mi']);
    const nodes = rows(await ok(kubectl(['top', 'node'])));
    expect(nodes[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(nodes).toHaveLength(3);
  });

  it('scales up the spinning deployment with upstream’s event and columns', async () => {
    await ok(
      kubectl([
        'wait',
        '--for=jsonpath={.status.currentMetrics[0].resource.current.averageUtilization}=100',
        'hpa/spin',
        '--timeout=120s',
      ]),
    );
    const [, row] = rows(await ok(kubectl(['get', 'hpa', 'spin'])));
    expect(row?.slice(0, 6)).toEqual(['spin', 'Deployment/spin', 'cpu: 100%/50%', '1', '2', '2']);
    const events = await ok(
      kubectl([
        'get',
        'events',
        '--field-selector=involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale',
        '-o',
        'jsonpath={.items[*].message}',
      ]),
    );
    expect(events).toBe(
      'New size: 2; reason: cpu resource utilization (percentage of request) above target',
    );
    const v1 = JSON.parse(
      await ok(kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'spin', '-o', 'json'])),
    ) as { spec: object; status: object };
    expect(v1.spec).toMatchObject({
      maxReplicas: 2,
      minReplicas: 1,
      targetCPUUtilizationPercentage: 50,
    });
    expect(v1.status).toMatchObject({ currentCPUUtilizationPercentage: 100, desiredReplicas: 2 });
  });
});
