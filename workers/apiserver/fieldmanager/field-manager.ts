// The apiserver's field manager (apimachinery pkg/util/managedfields/internal: fieldmanager.go
// and the managers NewDefaultFieldManager chains: versioncheck, lastappliedupdater,
// lastappliedmanager, skipnonapplied, capmanagers, buildmanagerinfo, managedfieldsupdater,
// stripmeta, structuredmerge). Every write records who set which fields; an apply merges a
// configuration and fails on fields other managers own unless forced.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import type { Json } from '../../api/json-merge-patch.ts';
import { formatTime } from '../../api/time.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { FieldSet, fieldElement, type Path } from './fieldpath.ts';
import {
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  managerIdentifier,
  type Managed,
  type Operation,
} from './managed-fields.ts';
import type { ManagedSets, Updater } from './updater.ts';

/** The manager name updates are recorded under while they are computed (managedFieldsUpdater). */
const CURRENT_OPERATION = 'current-operation';
export const BEFORE_FIRST_APPLY = 'before-first-apply';
const ANCIENT_CHANGES = 'ancient-changes';
const MAX_UPDATE_MANAGERS = 10;

/** What the field manager knows of the resource a write goes to. */
export interface FieldManagerScope {
  /** group/version of the request, e.g. `apps/v1`. */
  readonly apiVersion: string;
  readonly subresource: string | undefined;
  readonly updater: Updater;
  /** The object the kind's Go type is when empty (what a create is compared with). */
  readonly zero: KubeObject;
}

/** stripMetaManager's fields: identity and system fields nobody owns. */
const STRIPPED = FieldSet.of(
  ...[
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'selfLink'],
    ['metadata', 'uid'],
    ['metadata', 'clusterName'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
    ['metadata', 'resourceVersion'],
  ].map((names): Path => names.map(fieldElement)),
);

/** stripMetaManager: the manager's set loses identity and system fields. */
export function stripFields(managed: Managed, identifier: string): void {
  const versioned = managed.fields.get(identifier);
  if (!versioned) return;
  const set = versioned.set.difference(STRIPPED);
  if (set.empty()) managed.fields.delete(identifier);
  else managed.fields.set(identifier, { ...versioned, set });
}

/** The object as the field manager compares it: without its managedFields. */
export function withoutManagedFields(object: KubeObject): KubeObject {
  if (object.metadata?.managedFields === undefined) return object;
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  return { ...object, metadata };
}

function isReset(entries: readonly ManagedFieldsEntry[] | undefined): boolean {
  if (entries === undefined) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && Object.keys(entries[0] ?? {}).length === 0;
}

function decodeOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  try {
    return decodeManagedFields(entries ?? []);
  } catch {
    return emptyManaged();
  }
}

/** decodeLiveOrNew: a request may set managedFields itself (or reset them with `[]`). */
function decodeLiveOrNew(live: KubeObject, object: KubeObject, subresource: boolean): Managed {
  const liveEntries = live.metadata?.managedFields;
  if (subresource) return decodeOrEmpty(liveEntries);
  const requested = object.metadata?.managedFields;
  if (isReset(requested)) return emptyManaged();
  const managed = decodeOrEmpty(requested);
  return managed.fields.size > 0 ? managed : decodeOrEmpty(liveEntries);
}

function identifierFor(scope: FieldManagerScope, manager: string, operation: Operation): string {
  return managerIdentifier({
    manager: manager || 'unknown',
    operation,
    apiVersion: scope.apiVersion,
    ...(scope.subresource ? { subresource: scope.subresource } : {}),
  });
}

/**
 * The inner Update chain: capManagers, buildManagerInfo, managedFieldsUpdater, stripMeta and
 * the structured merge, recording what changed from `live` to `object` under `manager`.
 */
export function recordUpdate(
  scope: FieldManagerScope,
  live: KubeObject,
  object: KubeObject,
  managed: Managed,
  manager: string,
  now: number,
): void {
  const identifier = identifierFor(scope, manager, 'Update');
  const fields: ManagedSets = new Map(managed.fields);
  scope.updater.updateManagers(
    withoutManagedFields(live) as Json,
    withoutManagedFields(object) as Json,
    scope.apiVersion,
    fields,
    CURRENT_OPERATION,
  );
  managed.fields = fields;
  stripFields(managed, CURRENT_OPERATION);
  const current = managed.fields.get(CURRENT_OPERATION);
  if (current) {
    managed.fields.delete(CURRENT_OPERATION);
    const previous = managed.fields.get(identifier);
    managed.fields.set(identifier, {
      ...current,
      set: previous ? current.set.union(previous.set) : current.set,
    });
    managed.times.set(identifier, formatTime(now));
  }
  capUpdateManagers(managed);
}

/** capManagersManager: the oldest update managers beyond ten merge into `ancient-changes`. */
function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, versioned]) => !versioned.applied);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (identifier: string): number => {
    const time = managed.times.get(identifier);
    return time === undefined ? 0 : Math.floor(Date.parse(time) / 1000);
  };
  updaters.sort(([a], [b]) => seconds(a) - seconds(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [manager, versioned] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const version = versioned.apiVersion;
    const bucket = managerIdentifier({
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: version,
    });
    const first = firstByVersion.get(version);
    if (first === undefined) {
      firstByVersion.set(version, manager);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const firstSet = managed.fields.get(first);
      managed.fields.delete(first);
      if (firstSet) managed.fields.set(bucket, firstSet);
    }
    const bucketSet = managed.fields.get(bucket)?.set ?? new FieldSet();
    managed.fields.set(bucket, { ...versioned, set: versioned.set.union(bucketSet) });
    managed.fields.delete(manager);
    managed.times.set(bucket, managed.times.get(manager));
    length--;
  }
}

/**
 * FieldManager.UpdateNoErrors: sets `object`'s managedFields after a create, update or patch by
 * `manager` (the fieldManager parameter, else the user agent's product). `live` is null for a
 * create.
 */
export function updateManagedFields(
  scope: FieldManagerScope,
  live: KubeObject | null,
  object: KubeObject,
  manager: string,
  now: number,
): void {
  const meta = (object.metadata ??= {});
  try {
    const liveObject = live ?? scope.zero;
    const managed = decodeLiveOrNew(liveObject, object, scope.subresource !== undefined);
    // skipNonAppliedManager: objects that never had managed fields stay that way until applied.
    if (managed.fields.size > 0 || !liveObject.metadata?.uid) {
      recordUpdate(scope, liveObject, object, managed, manager, now);
    }
    // Set in place: where the key sits decides whether an unchanged object stores the same bytes.
    const entries = encodeManagedFields(managed);
    if (entries) meta.managedFields = entries;
    else delete meta.managedFields;
  } catch {
    delete meta.managedFields;
  }
}

/** An object's managedFields, decoded; a live object's are always well formed. */
export function managedOf(object: KubeObject): Managed {
  return decodeManagedFields(object.metadata?.managedFields ?? []);
}
