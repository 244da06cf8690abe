// What the Deployment controller's sync functions need from the controller (the Go methods'
// receiver): the clock, clients acting as deployment-controller, the ReplicaSet cache, events
// and the work queue; and the one way they write a deployment's status.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { ResourceClient } from '../../client/client.ts';
import type { EventType } from '../../client/events.ts';

export const DEPLOYMENT_TYPE = { group: 'apps', version: 'v1', resource: 'deployments' } as const;

export interface SyncContext {
  now(): number;
  deployments(namespace: string | undefined): ResourceClient<Deployment>;
  replicaSets(namespace: string | undefined): ResourceClient<ReplicaSet>;
  /** The informer's copy of a ReplicaSet (dc.rsLister). */
  cachedReplicaSet(namespace: string | undefined, name: string): ReplicaSet | undefined;
  event(deployment: Deployment, type: EventType, reason: string, message: string): void;
  enqueueAfter(deployment: Deployment, delayMs: number): void;
  enqueueRateLimited(deployment: Deployment): void;
}

/** Writes the deployment's status (and annotations), keeping our copy's resourceVersion current. */
export async function updateDeploymentStatus(ctx: SyncContext, d: Deployment): Promise<void> {
  // A request body is frozen once sent, and `d` is still being worked on: send a copy.
  const updated = await ctx.deployments(d.metadata?.namespace).updateStatus(structuredClone(d));
  d.metadata = { ...d.metadata, resourceVersion: updated.metadata?.resourceVersion };
}
