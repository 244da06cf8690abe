import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { generatePodStatus, podPhase, type ContainerRecord, type PodRecord } from './pod-status.ts';

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);
const T0_TEXT = '2025-01-01T10:00:00Z';

type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

function pod(
  containers: string[],
  restartPolicy?: RestartPolicy,
  conditions?: PodCondition[],
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'uid-p' },
    spec: {
      containers: containers.map((name) => ({ name, image: 'nginx' })),
      ...(restartPolicy ? { restartPolicy } : {}),
    },
    status: { qosClass: 'BestEffort', ...(conditions ? { conditions } : {}) },
  };
}

const exited = (exitCode: number) => ({
  exitCode,
  reason: exitCode === 0 ? 'Completed' : 'Error',
  startedAt: T0,
  finishedAt: T0 + 1_000,
  containerID: 'containerd://old',
});

/** Container states by shorthand: the phase table reads best this way. */
const STATES = {
  creating: { state: { kind: 'waiting', reason: 'ContainerCreating' } },
  running: { state: { kind: 'running', startedAt: T0 }, containerID: 'containerd://abc' },
  succeeded: { state: { kind: 'terminated', ...exited(0) }, containerID: 'containerd://abc' },
  failed: { state: { kind: 'terminated', ...exited(1) }, containerID: 'containerd://abc' },
  crashLooping: {
    state: {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: 'back-off 10s restarting failed container=c pod=p_default(uid-p)',
    },
    lastTerminated: exited(1),
    restartCount: 2,
  },
} satisfies Record<string, Partial<ContainerRecord>>;

type StateName = keyof typeof STATES;

function container(name: string, state: StateName): ContainerRecord {
  return {
    name,
    image: 'nginx',
    imageID: '',
    restartCount: 0,
    ...STATES[state],
  };
}

function record(states: Record<string, StateName>, extra: Partial<PodRecord> = {}): PodRecord {
  return {
    sandboxReady: true,
    podIP: '10.244.1.2',
    hostIP: '172.18.0.3',
    startTime: T0,
    containers: Object.entries(states).map(([name, state]) => container(name, state)),
    terminal: false,
    ...extra,
  };
}

describe('podPhase (getPhase without init containers)', () => {
  it.each<[string, StateName[], RestartPolicy | undefined, boolean, string]>([
    [
      'pending while every container is being created',
      ['creating', 'creating'],
      'Always',
      false,
      'Pending',
    ],
    [
      'pending while one container has not started yet',
      ['running', 'creating'],
      'Always',
      false,
      'Pending',
    ],
    ['running once every container runs', ['running', 'running'], 'Always', false, 'Running'],
    [
      'running with one running and one finished',
      ['running', 'succeeded'],
      'Never',
      false,
      'Running',
    ],
    [
      'running while a crash-looping container waits to restart',
      ['crashLooping'],
      'Always',
      false,
      'Running',
    ],
    [
      'running with one running and one crash-looping',
      ['running', 'crashLooping'],
      'Always',
      false,
      'Running',
    ],
    [
      'running when all exited but restartPolicy Always restarts them',
      ['succeeded', 'failed'],
      'Always',
      false,
      'Running',
    ],
    [
      'running by default (restartPolicy Always) when all exited',
      ['succeeded'],
      undefined,
      false,
      'Running',
    ],
    [
      'succeeded when all exited 0 and OnFailure',
      ['succeeded', 'succeeded'],
      'OnFailure',
      false,
      'Succeeded',
    ],
    ['succeeded when all exited 0 and Never', ['succeeded'], 'Never', false, 'Succeeded'],
    [
      'failed when one exited non-zero and Never',
      ['succeeded', 'failed'],
      'Never',
      false,
      'Failed',
    ],
    [
      'running when one exited non-zero and OnFailure restarts it',
      ['succeeded', 'failed'],
      'OnFailure',
      false,
      'Running',
    ],
    [
      'succeeded for a terminated pod whose containers all exited 0',
      ['succeeded'],
      'Always',
      true,
      'Succeeded',
    ],
    [
      'failed for a terminated pod with a non-zero exit',
      ['succeeded', 'failed'],
      'Always',
      true,
      'Failed',
    ],
    [
      'failed for a terminated pod that was crash-looping',
      ['crashLooping'],
      'Always',
      true,
      'Failed',
    ],
    [
      'pending for a terminated pod with a container that never started',
      ['succeeded', 'creating'],
      'Always',
      true,
      'Pending',
    ],
    ['pending with no containers at all', [], 'Always', false, 'Pending'],
  ])('is %s', (_name, states, restartPolicy, terminal, phase) => {
    const names = states.map((_state, i) => `c${i}`);
    const stateMap = Object.fromEntries(names.map((name, i) => [name, states[i] ?? 'creating']));
    expect(podPhase(pod(names, restartPolicy), record(stateMap, { terminal }))).toBe(phase);
  });
});

/** `type status reason "message"` per condition, in order. */
function conditionLines(conditions: PodCondition[] | undefined): string[] {
  return (conditions ?? []).map((condition) =>
    [
      condition.type,
      condition.status,
      condition.reason ?? '-',
      condition.message ? JSON.stringify(condition.message) : '-',
    ].join(' '),
  );
}

describe('generatePodStatus conditions', () => {
  it.each<
    [string, string[], Record<string, StateName>, RestartPolicy, Partial<PodRecord>, string[]]
  >([
    [
      'all True once every container runs',
      ['web'],
      { web: 'running' },
      'Always',
      {},
      [
        'PodReadyToStartContainers True - -',
        'Initialized True - -',
        'Ready True - -',
        'ContainersReady True - -',
        'PodScheduled True - -',
      ],
    ],
    [
      'names the unready containers in spec order',
      ['b', 'a'],
      { a: 'creating', b: 'creating' },
      'Always',
      {},
      [
        'PodReadyToStartContainers True - -',
        'Initialized True - -',
        'Ready False ContainersNotReady "containers with unready status: [b a]"',
        'ContainersReady False ContainersNotReady "containers with unready status: [b a]"',
        'PodScheduled True - -',
      ],
    ],
    [
      'names only the unready ones',
      ['a', 'b', 'c'],
      { a: 'running', b: 'crashLooping', c: 'creating' },
      'Always',
      {},
      [
        'PodReadyToStartContainers True - -',
        'Initialized True - -',
        'Ready False ContainersNotReady "containers with unready status: [b c]"',
        'ContainersReady False ContainersNotReady "containers with unready status: [b c]"',
        'PodScheduled True - -',
      ],
    ],
    [
      'PodReadyToStartContainers False, without reason, before the sandbox is up',
      ['web'],
      { web: 'creating' },
      'Always',
      { sandboxReady: false },
      [
        'PodReadyToStartContainers False - -',
        'Initialized True - -',
        'Ready False ContainersNotReady "containers with unready status: [web]"',
        'ContainersReady False ContainersNotReady "containers with unready status: [web]"',
        'PodScheduled True - -',
      ],
    ],
    [
      'PodCompleted, also on Initialized, once the pod succeeded',
      ['job'],
      { job: 'succeeded' },
      'Never',
      {},
      [
        'PodReadyToStartContainers True - -',
        'Initialized True PodCompleted -',
        'Ready False PodCompleted -',
        'ContainersReady False PodCompleted -',
        'PodScheduled True - -',
      ],
    ],
    [
      'PodFailed once the pod failed',
      ['job'],
      { job: 'failed' },
      'Never',
      { sandboxReady: false },
      [
        'PodReadyToStartContainers False - -',
        'Initialized True - -',
        'Ready False PodFailed -',
        'ContainersReady False PodFailed -',
        'PodScheduled True - -',
      ],
    ],
  ])('%s', (_name, specNames, states, restartPolicy, extra, expected) => {
    const status = generatePodStatus(pod(specNames, restartPolicy), record(states, extra), T0);
    expect(conditionLines(status.conditions)).toEqual(expected);
    for (const condition of status.conditions ?? []) expect(condition.lastProbeTime).toBeNull();
  });

  it('keeps conditions the kubelet does not own first, in their order', () => {
    const foreign: PodCondition[] = [
      { type: 'example.com/gate', status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z' },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-12-31T00:00:01Z' },
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        lastTransitionTime: '2024-12-31T00:00:02Z',
      },
    ];
    const status = generatePodStatus(
      pod(['web'], 'Always', foreign),
      record({ web: 'running' }),
      T0,
    );
    expect(status.conditions?.map((condition) => condition.type)).toEqual([
      'example.com/gate',
      'DisruptionTarget',
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
    expect(status.conditions?.[0]).toEqual(foreign[0]);
  });

  it.each<[string, string, string]>([
    ['keeps lastTransitionTime when the status is unchanged', 'True', '2024-12-31T23:59:00Z'],
    ['sets lastTransitionTime to now when the status changed', 'False', T0_TEXT],
  ])('%s', (_name, previousStatus, expected) => {
    const previous: PodCondition[] = [
      { type: 'Ready', status: previousStatus, lastTransitionTime: '2024-12-31T23:59:00Z' },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-12-31T23:58:00Z' },
    ];
    const status = generatePodStatus(
      pod(['web'], 'Always', previous),
      record({ web: 'running' }),
      T0,
    );
    const byType = Object.fromEntries(
      (status.conditions ?? []).map((condition) => [condition.type, condition.lastTransitionTime]),
    );
    expect(byType.Ready).toBe(expected);
    expect(byType.PodScheduled).toBe('2024-12-31T23:58:00Z');
    expect(byType.Initialized).toBe(T0_TEXT);
  });
});

describe('generatePodStatus container statuses and fields', () => {
  it('sorts container statuses by name, not spec order', () => {
    const status = generatePodStatus(
      pod(['zeta', 'alpha', 'mid']),
      record({ zeta: 'running', alpha: 'running', mid: 'running' }),
      T0,
    );
    expect(status.containerStatuses?.map((container) => container.name)).toEqual([
      'alpha',
      'mid',
      'zeta',
    ]);
  });

  it('shows a container not created yet as ContainerCreating with the spec image', () => {
    const status = generatePodStatus(pod(['web']), record({ web: 'creating' }), T0);
    expect(status.containerStatuses).toEqual([
      {
        image: 'nginx',
        imageID: '',
        lastState: {},
        name: 'web',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ]);
  });

  it('shows a running container as started and ready', () => {
    const web: ContainerRecord = {
      ...container('web', 'running'),
      image: 'docker.io/library/nginx:latest',
      imageID: 'docker.io/library/nginx@sha256:1234',
    };
    const status = generatePodStatus(pod(['web']), { ...record({}), containers: [web] }, T0);
    expect(status.containerStatuses?.[0]).toEqual({
      containerID: 'containerd://abc',
      image: 'docker.io/library/nginx:latest',
      imageID: 'docker.io/library/nginx@sha256:1234',
      lastState: {},
      name: 'web',
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: T0_TEXT } },
    });
  });

  it('shows a crash-looping container waiting, with its last termination', () => {
    const status = generatePodStatus(pod(['c']), record({ c: 'crashLooping' }), T0);
    expect(status.containerStatuses?.[0]).toMatchObject({
      ready: false,
      started: false,
      restartCount: 2,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 10s restarting failed container=c pod=p_default(uid-p)',
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: T0_TEXT,
          finishedAt: '2025-01-01T10:00:01Z',
          containerID: 'containerd://old',
        },
      },
    });
  });

  it('shows a terminated container with its exit', () => {
    const status = generatePodStatus(pod(['job'], 'Never'), record({ job: 'succeeded' }), T0);
    expect(status.containerStatuses?.[0]?.state).toEqual({
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: T0_TEXT,
        finishedAt: '2025-01-01T10:00:01Z',
        containerID: 'containerd://old',
      },
    });
  });

  it('lists volume mounts, read-only ones with recursiveReadOnly Disabled', () => {
    const withMounts: Pod = {
      ...pod(['web']),
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            volumeMounts: [
              {
                name: 'kube-api-access-abcde',
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
                readOnly: true,
              },
              { name: 'data', mountPath: '/data' },
            ],
          },
        ],
      },
    };
    const status = generatePodStatus(withMounts, record({ web: 'running' }), T0);
    expect((status.containerStatuses?.[0] as { volumeMounts?: unknown }).volumeMounts).toEqual([
      {
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        name: 'kube-api-access-abcde',
        readOnly: true,
        recursiveReadOnly: 'Disabled',
      },
      { mountPath: '/data', name: 'data' },
    ]);
  });

  it('reports host and pod IPs, start time, phase and the QoS class', () => {
    const status = generatePodStatus(pod(['web']), record({ web: 'running' }), T0 + 5_000);
    expect(status).toMatchObject({
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      phase: 'Running',
      qosClass: 'BestEffort',
      startTime: T0_TEXT,
    });
  });

  it('leaves the pod IP out until the sandbox has one', () => {
    const status = generatePodStatus(
      pod(['web']),
      record({ web: 'creating' }, { podIP: undefined, sandboxReady: false }),
      T0,
    );
    expect(status).not.toHaveProperty('podIP');
    expect(status).not.toHaveProperty('podIPs');
  });
});

describe('podPhase and conditions with init containers (getPhase, GeneratePodInitializedCondition)', () => {
  const waitingInit = { state: { kind: 'waiting', reason: 'PodInitializing' } } as const;
  const initRecord = (name: string, state: Partial<ContainerRecord>): ContainerRecord => ({
    name,
    image: 'busybox',
    imageID: '',
    restartCount: 0,
    state: { kind: 'waiting', reason: 'PodInitializing' },
    ...state,
  });
  const sidecar = (started: boolean): ContainerRecord =>
    initRecord('proxy', { ...STATES.running, restartable: true, started });

  it.each<[string, ContainerRecord[], StateName, RestartPolicy, string, string]>([
    [
      'pending while the first init container runs',
      [initRecord('a', STATES.running), initRecord('b', waitingInit)],
      'creating',
      'Always',
      'Pending',
      'False containers with incomplete status: [a b]',
    ],
    [
      'pending while a failed init container backs off',
      [initRecord('a', STATES.crashLooping)],
      'creating',
      'OnFailure',
      'Pending',
      'False containers with incomplete status: [a]',
    ],
    [
      'failed once an init container failed with restartPolicy Never',
      [initRecord('a', STATES.failed)],
      'creating',
      'Never',
      'Failed',
      'False containers with incomplete status: [a]',
    ],
    [
      'running once init containers completed and the app runs',
      [initRecord('a', STATES.succeeded)],
      'running',
      'Always',
      'Running',
      'True',
    ],
    [
      'pending while a sidecar has not passed its startup probe',
      [sidecar(false)],
      'creating',
      'Always',
      'Pending',
      'False containers with incomplete status: [proxy]',
    ],
    [
      'running with a started sidecar beside the app',
      [sidecar(true)],
      'running',
      'Always',
      'Running',
      'True',
    ],
    [
      'running while the sidecar still runs after the app completed',
      [sidecar(true)],
      'succeeded',
      'Never',
      'Running',
      'True',
    ],
    [
      'succeeded once the sidecar was stopped after the app completed, its exit aside',
      [initRecord('proxy', { ...STATES.failed, restartable: true })],
      'succeeded',
      'Never',
      'Succeeded',
      'True PodCompleted',
    ],
  ])('%s', (_name, inits, app, restartPolicy, phase, initialized) => {
    const spec = pod(['app'], restartPolicy);
    spec.spec = {
      ...spec.spec,
      containers: spec.spec?.containers ?? [],
      initContainers: inits.map((init) => ({
        name: init.name,
        image: 'busybox',
        ...(init.restartable ? { restartPolicy: 'Always' } : {}),
      })),
    };
    const podRecord = record({ app }, { initContainers: inits });
    expect(podPhase(spec, podRecord)).toBe(phase);
    const condition = generatePodStatus(spec, podRecord, T0).conditions?.find(
      (c) => c.type === 'Initialized',
    );
    expect(
      [condition?.status, condition?.reason, condition?.message].filter(Boolean).join(' '),
    ).toBe(initialized.replace(' containers', ' ContainersNotInitialized containers'));
  });
});
