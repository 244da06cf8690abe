// Bringing existing default roles and bindings up to the bootstrap policy
// (pkg/registry/rbac/reconciliation): unless annotated `autoupdate: "false"`, a role gains the
// rules it lacks and a binding the subjects it lacks; labels and annotations are merged, the
// stored values winning. Extra permissions are never removed. Left out: a binding whose roleRef
// changed (upstream deletes and recreates it).

import type { ClusterRole, ClusterRoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { AUTOUPDATE_ANNOTATION } from './policy-builders.ts';
import { covers } from './policy-rule.ts';

function mergedMetadata(existing: KubeObject, expected: KubeObject): KubeObject['metadata'] {
  const meta = { ...existing.metadata };
  const labels = { ...expected.metadata?.labels, ...meta.labels };
  const annotations = { ...expected.metadata?.annotations, ...meta.annotations };
  if (Object.keys(labels).length > 0) meta.labels = labels;
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  return meta;
}

/** The reconciled role, or null when nothing needs to change (or it is protected). */
export function reconcileRole(existing: ClusterRole, expected: ClusterRole): ClusterRole | null {
  if (existing.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return null;
  const { missing } = covers(existing.rules ?? [], expected.rules ?? []);
  const result: ClusterRole = { ...existing, metadata: mergedMetadata(existing, expected) };
  if (missing.length > 0) result.rules = [...(existing.rules ?? []), ...missing];
  const selectors = existing.aggregationRule?.clusterRoleSelectors ?? [];
  const wanted = expected.aggregationRule?.clusterRoleSelectors ?? [];
  const lacking = wanted.filter((selector) => !selectors.some((have) => jsonEqual(have, selector)));
  if (lacking.length > 0)
    result.aggregationRule = { clusterRoleSelectors: [...selectors, ...lacking] };
  return jsonEqual(result, existing) ? null : result;
}

const sameSubject = (a: Subject, b: Subject): boolean =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

/** The reconciled binding, or null when nothing needs to change (or it is protected). */
export function reconcileBinding(
  existing: ClusterRoleBinding,
  expected: ClusterRoleBinding,
): ClusterRoleBinding | null {
  if (existing.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return null;
  if (!jsonEqual(existing.roleRef, expected.roleRef)) return null;
  const subjects = existing.subjects ?? [];
  const lacking = (expected.subjects ?? []).filter(
    (subject) => !subjects.some((have) => sameSubject(have, subject)),
  );
  const result: ClusterRoleBinding = { ...existing, metadata: mergedMetadata(existing, expected) };
  if (lacking.length > 0) result.subjects = [...subjects, ...lacking];
  return jsonEqual(result, existing) ? null : result;
}
