// kube-apiserver's own system namespaces controller (pkg/controlplane/controller/systemnamespaces):
// default, kube-system, kube-public and kube-node-lease exist from the start and come back within a
// minute if deleted (only kube-node-lease can be).

import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1';
import { resourcePath } from '../api/resources.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { ApiServer } from './apiserver.ts';
import {
  clusterRoleBindings,
  clusterRoles,
  kubeadmClusterRoleBindings,
} from './auth/bootstrap-policy.ts';
import { controllerRoles } from './auth/controller-policy.ts';
import { namespaceRoleBindings, namespaceRoles } from './auth/namespace-policy.ts';
import { reconcileBinding, reconcileRole } from './auth/reconciliation.ts';
import { PRIORITY_CLASS_TYPE, SYSTEM_PRIORITY_CLASSES } from './registry/priorityclasses.ts';

export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
const RESYNC_MS = 60_000;
/** The identity the API server's own requests carry. */
export const LOOPBACK_USER = {
  username: 'system:apiserver',
  groups: ['system:authenticated', 'system:masters'],
};

export async function ensureSystemNamespaces(apiserver: ApiServer, clock: Clock): Promise<void> {
  const ensure = async (): Promise<void> => {
    for (const name of SYSTEM_NAMESPACES) {
      if (apiserver.cache.get(`/registry/namespaces/${name}`)) continue;
      await apiserver.handle(
        {
          verb: 'POST',
          path: '/api/v1/namespaces',
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          user: LOOPBACK_USER,
        },
        'kube-apiserver#system-namespaces',
      );
    }
  };
  const loop = (): void => {
    clock.setTimeout(() => {
      void ensure().then(loop);
    }, RESYNC_MS);
  };
  await ensure();
  loop();
}

const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1' };

/** Every default RBAC object, with the resource it is stored as. */
function bootstrapPolicy(): [string, KubeObject][] {
  const controllers = controllerRoles();
  return [
    ...clusterRoles().map((role): [string, KubeObject] => ['clusterroles', role]),
    ...controllers.roles.map((role): [string, KubeObject] => ['clusterroles', role]),
    ...clusterRoleBindings().map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...controllers.bindings.map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...kubeadmClusterRoleBindings().map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...namespaceRoles().map((role): [string, KubeObject] => ['roles', role]),
    ...namespaceRoleBindings().map((binding): [string, KubeObject] => ['rolebindings', binding]),
  ];
}

function keyOf(resource: string, object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return namespace ? `/registry/${resource}/${namespace}/${name}` : `/registry/${resource}/${name}`;
}

/** The write that brings the stored object to the policy, or null when none is needed. */
function reconcile(resource: string, expected: KubeObject, existing: KubeObject | undefined) {
  const path = resourcePath({ ...RBAC, resource }, expected.metadata?.namespace);
  if (!existing) return { verb: 'POST' as const, path, body: expected };
  const updated = resource.endsWith('bindings')
    ? reconcileBinding(existing as ClusterRoleBinding, expected as ClusterRoleBinding)
    : reconcileRole(existing as ClusterRole, expected as ClusterRole);
  if (!updated) return null;
  return { verb: 'PUT' as const, path: `${path}/${existing.metadata?.name ?? ''}`, body: updated };
}

/**
 * The rbac/bootstrap-roles post-start hook (pkg/registry/rbac/rest/storage_rbac.go): missing
 * default roles and bindings are created, existing ones reconciled with the policy.
 */
export async function ensureBootstrapPolicy(apiserver: ApiServer): Promise<void> {
  const writes = bootstrapPolicy()
    .map(([resource, object]) =>
      reconcile(resource, object, apiserver.cache.get(keyOf(resource, object))),
    )
    .filter((write) => write !== null);
  // All at once, so the writes share one trip to etcd.
  const responses = await Promise.all(
    writes.map((write) =>
      apiserver.handle({ ...write, user: LOOPBACK_USER }, 'kube-apiserver#rbac-bootstrap-roles'),
    ),
  );
  const written = responses.map((response) =>
    Number((response.body as KubeObject | undefined)?.metadata?.resourceVersion ?? 0),
  );
  // Authorization reads the watch cache: the policy is in force once the cache has it.
  await apiserver.cacheCaughtUp(Math.max(0, ...written));
}

/**
 * The scheduling/bootstrap-system-priority-classes post-start hook
 * (pkg/registry/scheduling/rest/storage_scheduling.go): the system classes are created when missing.
 */
export async function ensureSystemPriorityClasses(apiserver: ApiServer): Promise<void> {
  const path = resourcePath(PRIORITY_CLASS_TYPE, undefined);
  await Promise.all(
    SYSTEM_PRIORITY_CLASSES.filter(
      (priorityClass) => !apiserver.cache.get(keyOf('priorityclasses', priorityClass)),
    ).map((priorityClass) =>
      apiserver.handle(
        { verb: 'POST', path, body: priorityClass, user: LOOPBACK_USER },
        'kube-apiserver#bootstrap-system-priority-classes',
      ),
    ),
  );
}
