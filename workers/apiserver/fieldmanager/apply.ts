// Server-side apply (apimachinery managedfields/internal: fieldmanager.go Apply, versioncheck.go,
// lastappliedupdater.go, lastappliedmanager.go, skipnonapplied.go, structuredmerge.go, conflict.go):
// the configuration is merged into the live object under the applier's ownership; fields other
// managers own are conflicts (409) unless forced. kubectl's own applies also keep its
// last-applied annotation and forgive conflicts on fields it applied client-side before.

import { applyConflict, badRequest, unknownError, type StatusCause } from '../../api/errors.ts';
import { isJsonObject, type Json, type JsonObject } from '../../api/json-merge-patch.ts';
import { goSortedJson, LAST_APPLIED } from '../../api/last-applied.ts';
import { formatTime } from '../../api/time.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { ApiError } from '../registry/generic.ts';
import {
  managedOf,
  recordUpdate,
  stripFields,
  withoutManagedFields,
  BEFORE_FIRST_APPLY,
  type FieldManagerScope,
} from './field-manager.ts';
import { FieldSet, pathString } from './fieldpath.ts';
import {
  encodeManagedFields,
  managerIdentifier,
  printManager,
  type Managed,
} from './managed-fields.ts';
import { validate } from './merge.ts';
import { compare, toFieldSet } from './typed.ts';
import { Conflicts, type Conflict } from './updater.ts';

/** The manager `kubectl apply --server-side` uses unless told otherwise. */
const KUBECTL = 'kubectl';

/** GroupVersionKind.String(): `/v1, Kind=Pod`, `apps/v1, Kind=Deployment`. */
function gvkString(object: KubeObject): string {
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${object.kind ?? ''}`;
}

/** objectGVKNN: `<namespace>/<name>; <gvk>`. */
function describe(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}; ${gvkString(object)}`;
}

/** NewConflictError: 409 with one cause per field and upstream's grouped message. */
function conflictError(conflicts: readonly Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((conflict) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(conflict.manager)}`,
    field: pathString(conflict.path),
  }));
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return new ApiError(
      applyConflict(
        causes,
        `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathString(only.path)}`,
      ),
    );
  }
  const byManager = new Map<string, string[]>();
  for (const conflict of conflicts) {
    const paths = byManager.get(conflict.manager) ?? [];
    paths.push(pathString(conflict.path));
    byManager.set(conflict.manager, paths);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return new ApiError(
    applyConflict(causes, `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`),
  );
}

/** Drops null fields, which a typed object cannot hold (TypedToObject then defaulting). */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
  return out;
}

interface Applied {
  object: KubeObject;
  managed: Managed;
}

/** skipNonApplied + buildManagerInfo + managedFieldsUpdater + stripMeta + structuredMerge. */
function applyOnce(
  scope: FieldManagerScope,
  live: KubeObject,
  config: KubeObject,
  managed: Managed,
  manager: string,
  force: boolean,
  now: number,
): Applied {
  const current: Managed = { fields: new Map(managed.fields), times: new Map(managed.times) };
  if (current.fields.size === 0)
    recordUpdate(scope, scope.zero, live, current, BEFORE_FIRST_APPLY, now);
  if (Array.isArray(config.metadata?.managedFields)) {
    throw new ApiError(badRequest('metadata.managedFields must be nil'));
  }
  const invalid = validate(config as Json, scope.updater.type);
  if (invalid !== null) {
    throw new ApiError(
      unknownError(`failed to create typed patch object (${describe(config)}): ${invalid}`),
    );
  }
  const identifier = managerIdentifier({
    manager,
    operation: 'Apply',
    apiVersion: scope.apiVersion,
    ...(scope.subresource ? { subresource: scope.subresource } : {}),
  });
  const fields = new Map(current.fields);
  const result = scope.updater.apply(
    withoutManagedFields(live) as Json,
    config as Json,
    scope.apiVersion,
    fields,
    identifier,
    force,
  );
  current.fields = fields;
  stripFields(current, identifier);
  // Unchanged: the live object, whose managedFields the caller sets in place.
  if (result === null) return { object: structuredClone(live), managed: current };
  current.times.set(identifier, formatTime(now));
  return { object: withoutNulls(result) as KubeObject, managed: current };
}

/**
 * lastAppliedManager: when kubectl moves from client-side to server-side apply, conflicts on
 * fields its last-applied annotation holds, unchanged since, are not conflicts.
 */
function allowedConflicts(scope: FieldManagerScope, live: KubeObject): FieldSet | null {
  const annotation = live.metadata?.annotations?.[LAST_APPLIED];
  if (!annotation) return null;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return null;
  }
  if (!isJsonObject(lastApplied) || lastApplied.apiVersion !== scope.apiVersion) return null;
  const type = scope.updater.type;
  const comparison = compare(lastApplied, live as Json, type);
  return toFieldSet(lastApplied, type)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
}

/** buildLastApplied: the configuration without the annotation, as sorted JSON and a newline. */
function lastAppliedOf(config: KubeObject): string {
  const copy = structuredClone(config) as JsonObject;
  const metadata = copy.metadata;
  if (isJsonObject(metadata) && isJsonObject(metadata.annotations))
    delete metadata.annotations[LAST_APPLIED];
  return `${goSortedJson(copy)}\n`;
}

/**
 * FieldManager.Apply: the object after applying `config` as `manager`, with its managedFields.
 * `live` is the kind's empty object when the apply creates.
 */
export function applyConfiguration(
  scope: FieldManagerScope,
  live: KubeObject,
  config: KubeObject,
  manager: string,
  force: boolean,
  now: number,
): KubeObject {
  const managed = managedOf(live);
  if (gvkString(config) !== gvkString(scope.zero)) {
    throw new ApiError(badRequest(`invalid object type: ${gvkString(config)}`));
  }
  let applied: Applied;
  try {
    applied = applyOnce(scope, live, config, managed, manager, force, now);
  } catch (error) {
    if (!(error instanceof Conflicts)) throw error;
    const allowed = manager === KUBECTL ? allowedConflicts(scope, live) : null;
    const remaining = error.conflicts.filter((conflict) => !allowed?.has(conflict.path));
    if (remaining.length > 0) throw conflictError(remaining);
    applied = applyOnce(scope, live, config, managed, manager, true, now);
  }
  const object = applied.object;
  const meta = (object.metadata ??= {});
  if (manager === KUBECTL && meta.annotations?.[LAST_APPLIED]) {
    meta.annotations = { ...meta.annotations, [LAST_APPLIED]: lastAppliedOf(config) };
  }
  const entries = encodeManagedFields(applied.managed);
  if (entries) meta.managedFields = entries;
  else delete meta.managedFields;
  return object;
}
