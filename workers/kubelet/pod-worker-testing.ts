// Test support for the pod worker: a worker on a simulated runtime and virtual clock, with its
// events, CRI calls and status snapshots written down, and an API server holding a few
// ConfigMaps and Secrets. Not used by the running cluster.

import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { StatusError } from '../client/client.ts';
import { VirtualClock } from '../host/clock.ts';
import { SeededRng } from '../host/rng.ts';
import { finish } from '../host/testing.ts';
import { generatePodStatus, type ContainerRecord } from './pod-status.ts';
import { PodWorker } from './pod-worker.ts';
import { SimulatedRuntime } from './simulated-runtime.ts';

export const T0 = Date.UTC(2025, 0, 1);
export const NGINX_PULL_MS = 300 + Math.ceil(72_938_476 / 40_000);
export const PULL_ERROR = (reference: string): string =>
  `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;

export function makePod(
  name: string,
  containers: Container[],
  restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always',
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers, restartPolicy, nodeName: 'node-1' },
    status: { qosClass: 'BestEffort' },
  };
}

export interface Snapshot {
  at: number;
  phase: string;
  state: string;
}

/** What the API server would answer for a missing object. */
function notFound(kind: string, name: string): StatusError {
  return new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: `${kind} "${name}" not found`,
    reason: 'NotFound',
    code: 404,
  });
}

/** ConfigMaps and Secrets (data as given, Secret values base64) the harness's API server holds. */
export interface Objects {
  configMaps?: Record<string, Record<string, string>>;
  secrets?: Record<string, Record<string, string>>;
}

/** A pod worker on a simulated runtime, with everything it reports written down. */
export function harness(
  pod: Pod,
  prepare: (runtime: SimulatedRuntime) => Promise<unknown> = () => Promise.resolve(),
  objects: Objects = {},
) {
  const clock = new VirtualClock(T0);
  const runtime = new SimulatedRuntime(clock, new SeededRng(1, 'containerd/node-1'));
  runtime.podCIDR = '10.244.1.0/24';
  const events: string[] = [];
  const calls: string[] = [];
  const snapshots: Snapshot[] = [];
  let finished = 0;
  const worker = new PodWorker(pod, {
    runtime,
    clock,
    hostIP: '172.18.0.3',
    envSources: {
      configMap: (_namespace, name) => {
        const data = objects.configMaps?.[name];
        return data
          ? Promise.resolve<ConfigMap>({ metadata: { name }, data })
          : Promise.reject(notFound('configmaps', name));
      },
      secret: (_namespace, name) => {
        const data = objects.secrets?.[name];
        return data
          ? Promise.resolve<Secret>({ metadata: { name }, data })
          : Promise.reject(notFound('secrets', name));
      },
      services: () => [],
    },
    recorder: {
      event(_object, type, reason, message, fieldPath) {
        events.push(`${type} ${reason} ${message}${fieldPath ? ` [${fieldPath}]` : ''}`);
      },
    },
    traceRuntime(_pod, call, detail) {
      calls.push(detail ? `${call} ${detail}` : call);
    },
    statusChanged(changed) {
      const status = generatePodStatus(changed.pod, changed.record, clock.now());
      snapshots.push({
        at: clock.now() - T0,
        phase: status.phase ?? '',
        state: JSON.stringify(status.containerStatuses?.map((container) => container.state)),
      });
    },
    finished() {
      finished++;
    },
  });
  runtime.onContainerExit((id) => {
    worker.containerExited(id);
  });
  const container = (name: string): ContainerRecord => {
    const found = [...(worker.record.initContainers ?? []), ...worker.record.containers].find(
      (record) => record.name === name,
    );
    if (!found) throw new Error(`no container ${name}`);
    return found;
  };
  const phase = (): string => generatePodStatus(worker.pod, worker.record, clock.now()).phase ?? '';
  return {
    clock,
    runtime,
    worker,
    events,
    calls,
    snapshots,
    container,
    phase,
    finishedCount: () => finished,
    async start(): Promise<void> {
      await finish(clock, prepare(runtime));
      await finish(clock, worker.start());
    },
  };
}

/** Events with the field path dropped, for tables that only care about reason and message. */
export function plain(events: string[]): string[] {
  return events.map((event) => event.replace(/ \[spec\.(init)?[cC]ontainers\{[^}]+\}\]$/, ''));
}
