import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podPrinter } from './pods.ts';
import { NOW, ago } from './testing.ts';

const waiting = (name: string, reason: string, restartCount = 0): ContainerStatus => ({
  name,
  image: 'nginx:1.27',
  imageID: '',
  ready: false,
  restartCount,
  started: false,
  state: { waiting: { reason } },
});

const running = (name: string, ready = true, restartCount = 0): ContainerStatus => ({
  name,
  image: 'nginx:1.27',
  imageID: 'docker.io/library/nginx@sha256:1',
  containerID: `containerd://${name}`,
  ready,
  restartCount,
  started: true,
  state: { running: { startedAt: ago(300) } },
});

const terminated = (
  name: string,
  exitCode: number,
  reason?: string,
  extra: { signal?: number; restartCount?: number } = {},
): ContainerStatus => ({
  name,
  image: 'busybox:1.36',
  imageID: 'docker.io/library/busybox@sha256:2',
  ready: false,
  restartCount: extra.restartCount ?? 0,
  started: false,
  state: {
    terminated: {
      exitCode,
      ...(reason ? { reason } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}),
      startedAt: ago(200),
      finishedAt: ago(100),
    },
  },
});

/** The last termination `secondsAgo` before now, as the kubelet records a restart. */
const restarted = (status: ContainerStatus, secondsAgo: number): ContainerStatus => ({
  ...status,
  lastState: {
    terminated: {
      exitCode: 1,
      reason: 'Error',
      startedAt: ago(secondsAgo + 5),
      finishedAt: ago(secondsAgo),
    },
  },
});

const condition = (type: string, status: string, reason?: string): PodCondition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
});

interface PodShape {
  phase?: string;
  reason?: string;
  containers?: string[];
  initContainers?: { name: string; sidecar?: boolean }[];
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  conditions?: PodCondition[];
  deleting?: boolean;
  nodeName?: string;
  podIP?: string;
}

function pod(shape: PodShape): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'b4c9f7a2-0000-4000-8000-000000000001',
      resourceVersion: '42',
      creationTimestamp: ago(600),
      ...(shape.deleting ? { deletionTimestamp: ago(-30), deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      containers: (shape.containers ?? ['nginx']).map((name) => ({ name, image: 'nginx:1.27' })),
      ...(shape.initContainers
        ? {
            initContainers: shape.initContainers.map(({ name, sidecar }) => ({
              name,
              image: 'busybox:1.36',
              ...(sidecar ? { restartPolicy: 'Always' } : {}),
            })),
          }
        : {}),
      ...(shape.nodeName ? { nodeName: shape.nodeName } : {}),
    },
    status: {
      phase: shape.phase ?? 'Running',
      ...(shape.reason ? { reason: shape.reason } : {}),
      ...(shape.conditions ? { conditions: shape.conditions } : {}),
      ...(shape.podIP ? { podIP: shape.podIP, podIPs: [{ ip: shape.podIP }] } : {}),
      ...(shape.initStatuses ? { initContainerStatuses: shape.initStatuses } : {}),
      ...(shape.statuses ? { containerStatuses: shape.statuses } : {}),
    },
  };
}

/** NAME READY STATUS RESTARTS AGE, the columns shown without -o wide. */
const narrow = (ready: string, status: string, restarts = '0') => [
  'web',
  ready,
  status,
  restarts,
  '10m',
];

describe('pod STATUS, READY and RESTARTS', () => {
  it.each<[string, PodShape, string[]]>([
    [
      'an unschedulable pod is Pending',
      { phase: 'Pending', conditions: [condition('PodScheduled', 'False', 'Unschedulable')] },
      narrow('0/1', 'Pending'),
    ],
    [
      'a pod held by scheduling gates is SchedulingGated',
      { phase: 'Pending', conditions: [condition('PodScheduled', 'False', 'SchedulingGated')] },
      narrow('0/1', 'SchedulingGated'),
    ],
    [
      'a bound pod whose container is being created',
      { phase: 'Pending', nodeName: 'node-1', statuses: [waiting('nginx', 'ContainerCreating')] },
      narrow('0/1', 'ContainerCreating'),
    ],
    [
      'a running, ready pod',
      { statuses: [running('nginx')], conditions: [condition('Ready', 'True')] },
      narrow('1/1', 'Running'),
    ],
    [
      'a running pod whose probe fails is Running but not ready',
      { statuses: [running('nginx', false)] },
      narrow('0/1', 'Running'),
    ],
    [
      'the first init container running is Init:0/2',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }, { name: 'warm' }],
        initStatuses: [running('migrate', false), waiting('warm', 'PodInitializing')],
        statuses: [waiting('nginx', 'PodInitializing')],
        conditions: [condition('Initialized', 'False', 'ContainersNotInitialized')],
      },
      narrow('0/1', 'Init:0/2'),
    ],
    [
      'the second init container running is Init:1/2',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }, { name: 'warm' }],
        initStatuses: [terminated('migrate', 0, 'Completed'), running('warm', false)],
        statuses: [waiting('nginx', 'PodInitializing')],
      },
      narrow('0/1', 'Init:1/2'),
    ],
    [
      'a crash-looping init container counts its restarts',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [restarted(waiting('migrate', 'CrashLoopBackOff', 3), 125)],
        statuses: [waiting('nginx', 'PodInitializing')],
      },
      narrow('0/1', 'Init:CrashLoopBackOff', '3 (2m5s ago)'),
    ],
    [
      'a failed init container shows its reason',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [terminated('migrate', 1, 'Error')],
      },
      narrow('0/1', 'Init:Error'),
    ],
    [
      'a failed init container without a reason shows its exit code',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [terminated('migrate', 2)],
      },
      narrow('0/1', 'Init:ExitCode:2'),
    ],
    [
      'an init container killed by a signal shows the signal',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [terminated('migrate', 137, undefined, { signal: 9 })],
      },
      narrow('0/1', 'Init:Signal:9'),
    ],
    [
      'an init container that cannot pull its image',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [waiting('migrate', 'ImagePullBackOff')],
      },
      narrow('0/1', 'Init:ImagePullBackOff'),
    ],
    [
      'init done, containers starting: PodInitializing',
      {
        phase: 'Pending',
        initContainers: [{ name: 'migrate' }],
        initStatuses: [terminated('migrate', 0, 'Completed')],
        statuses: [waiting('nginx', 'PodInitializing')],
        conditions: [condition('Initialized', 'True')],
      },
      narrow('0/1', 'PodInitializing'),
    ],
    [
      'a crash-looping container counts restarts and when it last finished',
      {
        statuses: [restarted(waiting('nginx', 'CrashLoopBackOff', 5), 300)],
        conditions: [condition('Ready', 'False', 'ContainersNotReady')],
      },
      narrow('0/1', 'CrashLoopBackOff', '5 (5m ago)'),
    ],
    [
      'a container that just exited with an error',
      { statuses: [restarted(terminated('nginx', 1, 'Error', { restartCount: 2 }), 40)] },
      narrow('0/1', 'Error', '2 (40s ago)'),
    ],
    [
      'a finished pod is Completed',
      { phase: 'Succeeded', statuses: [terminated('nginx', 0, 'Completed')] },
      narrow('0/1', 'Completed'),
    ],
    [
      'a failed pod shows the container reason',
      { phase: 'Failed', statuses: [terminated('nginx', 1, 'Error')] },
      narrow('0/1', 'Error'),
    ],
    [
      'an out-of-memory kill',
      { statuses: [terminated('nginx', 137, 'OOMKilled')] },
      narrow('0/1', 'OOMKilled'),
    ],
    [
      'a container terminated without a reason, by signal',
      { statuses: [terminated('nginx', 137, undefined, { signal: 9 })] },
      narrow('0/1', 'Signal:9'),
    ],
    [
      'a container terminated without a reason or signal',
      { statuses: [terminated('nginx', 3)] },
      narrow('0/1', 'ExitCode:3'),
    ],
    [
      'an evicted pod shows the status reason',
      { phase: 'Failed', reason: 'Evicted' },
      narrow('0/1', 'Evicted'),
    ],
    [
      'a pod being deleted is Terminating',
      { deleting: true, statuses: [running('nginx')] },
      narrow('1/1', 'Terminating'),
    ],
    [
      'a pod on a lost node being deleted is Unknown',
      { deleting: true, reason: 'NodeLost', statuses: [running('nginx')] },
      narrow('1/1', 'Unknown'),
    ],
    [
      'a finished pod being deleted stays Completed',
      { phase: 'Succeeded', deleting: true, statuses: [terminated('nginx', 0, 'Completed')] },
      narrow('0/1', 'Completed'),
    ],
    [
      'the first container in spec order wins when several have reasons',
      {
        phase: 'Pending',
        containers: ['app', 'proxy'],
        statuses: [waiting('app', 'ErrImagePull'), waiting('proxy', 'ContainerCreating')],
      },
      narrow('0/2', 'ErrImagePull'),
    ],
    [
      'Completed turns back into Running while another container runs and the pod is ready',
      {
        containers: ['job', 'proxy'],
        statuses: [terminated('job', 0, 'Completed'), running('proxy')],
        conditions: [condition('Ready', 'True')],
      },
      narrow('1/2', 'Running'),
    ],
    [
      'Completed becomes NotReady while another container runs and the pod is not ready',
      {
        containers: ['job', 'proxy'],
        statuses: [terminated('job', 0, 'Completed'), running('proxy')],
        conditions: [condition('Ready', 'False')],
      },
      narrow('1/2', 'NotReady'),
    ],
    [
      'a started sidecar counts toward READY and RESTARTS once initialized',
      {
        initContainers: [{ name: 'istio-proxy', sidecar: true }],
        initStatuses: [restarted(running('istio-proxy', true, 1), 90)],
        statuses: [running('nginx')],
        conditions: [condition('Initialized', 'True'), condition('Ready', 'True')],
      },
      narrow('2/2', 'Running', '1 (90s ago)'),
    ],
    [
      'a sidecar not yet started holds the pod in Init',
      {
        phase: 'Pending',
        initContainers: [{ name: 'istio-proxy', sidecar: true }],
        initStatuses: [waiting('istio-proxy', 'PodInitializing')],
        statuses: [waiting('nginx', 'PodInitializing')],
      },
      narrow('0/2', 'Init:0/1'),
    ],
  ])('%s', (_name, shape, cells) => {
    expect(podPrinter.print(pod(shape), NOW).cells.slice(0, 5)).toEqual(cells);
  });
});

describe('pod wide columns', () => {
  it('prints IP, NODE, NOMINATED NODE and READINESS GATES', () => {
    const base = pod({ nodeName: 'node-1', podIP: '10.244.1.7', statuses: [running('nginx')] });
    const gated: Pod = {
      ...base,
      spec: {
        containers: base.spec?.containers ?? [],
        nodeName: 'node-1',
        readinessGates: [
          { conditionType: 'example.com/feature-1' },
          { conditionType: 'example.com/feature-2' },
        ],
      },
      status: {
        ...base.status,
        nominatedNodeName: 'node-2',
        conditions: [
          condition('example.com/feature-1', 'True'),
          condition('example.com/feature-2', 'False'),
        ],
      },
    };
    expect(podPrinter.print(gated, NOW).cells).toEqual([
      'web',
      '1/1',
      'Running',
      '0',
      '10m',
      '10.244.1.7',
      'node-1',
      'node-2',
      '1/2',
    ]);
  });

  it('prints <none> for what a pending pod does not have yet', () => {
    expect(podPrinter.print(pod({ phase: 'Pending' }), NOW).cells.slice(5)).toEqual([
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('pod row conditions', () => {
  it.each([
    ['Running', undefined],
    [
      'Succeeded',
      [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ],
    ],
    [
      'Failed',
      [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
    ],
  ])('a %s pod carries conditions %j', (phase, conditions) => {
    expect(podPrinter.print(pod({ phase }), NOW).conditions).toEqual(conditions);
  });
});
