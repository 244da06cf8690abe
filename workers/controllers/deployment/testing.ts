// Test helpers for the Deployment controller's sync functions: deployments and ReplicaSets as
// upstream's tests build them (newDeployment, rs), and a SyncContext over a transport that
// records every write and stores it as sent, like client-go's fake clientset.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { Client } from '../../client/client.ts';
import type { ApiRequest, ApiResponse } from '../../client/protocol.ts';
import type { Transport } from '../../client/transport.ts';
import { formatTime } from '../../api/time.ts';
import { setReplicasAnnotations } from './annotations.ts';
import { DEPLOYMENT_TYPE, type SyncContext } from './context.ts';
import { maxSurge } from './fenceposts.ts';
import { REPLICA_SET_TYPE } from '../../client/client.ts';

export const NOW = Date.UTC(2016, 0, 1, 0, 1, 20);

/** newDeployment of upstream's tests: selector foo=bar, maxSurge and maxUnavailable 0 unless given. */
export function newDeployment(
  name: string,
  replicas: number,
  options: {
    maxSurge?: number | string;
    maxUnavailable?: number | string;
    revisionHistoryLimit?: number;
    image?: string;
  } = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, annotations: {} },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxSurge: options.maxSurge ?? 0,
          maxUnavailable: options.maxUnavailable ?? 0,
        },
      },
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: { containers: [{ name: 'nginx', image: options.image ?? 'nginx' }] },
      },
      ...(options.revisionHistoryLimit !== undefined
        ? { revisionHistoryLimit: options.revisionHistoryLimit }
        : {}),
    },
  };
}

/** rs of upstream's tests: a ReplicaSet of `replicas`, created `ageSeconds` before NOW. */
export function rs(
  name: string,
  replicas: number,
  ageSeconds: number,
  status: ReplicaSet['status'] = { replicas: 0 },
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: formatTime(NOW - ageSeconds * 1000),
    },
    spec: { replicas, selector: { matchLabels: { foo: 'bar' } } },
    status,
  };
}

/** Marks `sets` as sized for `d`, as scaling it last time would have (SetReplicasAnnotations). */
export function sizedFor(d: Deployment, sets: ReplicaSet[]): ReplicaSet[] {
  const desired = d.spec?.replicas ?? 0;
  for (const set of sets) setReplicasAnnotations(set, desired, desired + maxSurge(d));
  return sets;
}

export interface FakeCluster {
  ctx: SyncContext;
  /** `VERB path` of every request, in order. */
  actions: string[];
  /** Bodies of the writes, in order. */
  writes: unknown[];
  events: string[];
}

export function fakeCluster(now = NOW): FakeCluster {
  const actions: string[] = [];
  const writes: unknown[] = [];
  const events: string[] = [];
  let resourceVersion = 100;
  const transport: Transport = {
    request(request: ApiRequest): Promise<ApiResponse> {
      actions.push(`${request.verb} ${request.path}`);
      if (request.verb === 'DELETE') return Promise.resolve({ code: 200, body: {} });
      const body = structuredClone(request.body) as { metadata?: Record<string, unknown> };
      writes.push(body);
      body.metadata = { ...body.metadata, resourceVersion: String(++resourceVersion) };
      return Promise.resolve({ code: request.verb === 'POST' ? 201 : 200, body });
    },
    watch() {
      throw new Error('the fake cluster does not watch');
    },
  };
  const client = new Client(transport);
  const ctx: SyncContext = {
    now: () => now,
    deployments: (namespace) => client.resource<Deployment>(DEPLOYMENT_TYPE, namespace),
    replicaSets: (namespace) => client.resource<ReplicaSet>(REPLICA_SET_TYPE, namespace),
    cachedReplicaSet: () => undefined,
    event: (_d, type, reason, message) => events.push(`${type} ${reason} ${message}`),
    enqueueAfter: (_d, delayMs) => events.push(`requeue after ${String(delayMs)}ms`),
    enqueueRateLimited: () => events.push('requeue rate-limited'),
  };
  return { ctx, actions, writes, events };
}

/** The sizes the writes gave each ReplicaSet, by name. */
export function scaledTo(cluster: FakeCluster): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const write of cluster.writes as ReplicaSet[]) {
    if (write.kind === 'ReplicaSet') sizes[write.metadata?.name ?? ''] = write.spec?.replicas ?? 0;
  }
  return sizes;
}
