// managedFields across the scale subresource (apimachinery pkg/util/managedfields/scalehandler.go):
// a Scale shows the managers of its parent's spec.replicas, and a write to the Scale is recorded
// on the parent under the Scale's managers (subresource `scale`), mapped back to spec.replicas.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { groupVersion, type ResourceType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { updateManagedFields } from './field-manager.ts';
import { FieldSet, fieldElement, type Path } from './fieldpath.ts';
import {
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  type VersionedSet,
} from './managed-fields.ts';
import { fieldManagerScope } from './scopes.ts';

const SCALE_GROUP_VERSION = 'autoscaling/v1';
/** spec.replicas, in the Scale and (for every scalable kind served here) in its parent. */
const REPLICAS: Path = [fieldElement('spec'), fieldElement('replicas')];

function entries(managed: Managed): ManagedFieldsEntry[] {
  return encodeManagedFields(managed) ?? [];
}

/** ToSubresource: the parent's managers of spec.replicas, as the Scale's managers. */
export function scaleManagedFields(
  parent: readonly ManagedFieldsEntry[],
  parentApiVersion: string,
): ManagedFieldsEntry[] {
  const managed = decodeManagedFields(parent);
  const scale: Managed = { fields: new Map(), times: new Map() };
  for (const [manager, versioned] of managed.fields) {
    if (versioned.apiVersion !== parentApiVersion || !versioned.set.has(REPLICAS)) continue;
    scale.fields.set(manager, {
      set: FieldSet.of(REPLICAS),
      apiVersion: SCALE_GROUP_VERSION,
      applied: versioned.applied,
    });
    scale.times.set(manager, managed.times.get(manager));
  }
  return entries(scale);
}

/**
 * ToParent: the parent's managers after a Scale write; those who no longer manage the Scale's
 * replicas lose spec.replicas, the Scale's managers (by identifier) own it.
 */
export function parentManagedFields(
  parent: readonly ManagedFieldsEntry[],
  scaleEntries: readonly ManagedFieldsEntry[],
  parentApiVersion: string,
): ManagedFieldsEntry[] {
  const decoded = decodeManagedFields(parent);
  const scaleFields = new Map(decodeManagedFields(scaleEntries).fields);
  const result: Managed = { fields: new Map(), times: new Map() };
  const keep = (manager: string, versioned: VersionedSet): void => {
    result.fields.set(manager, versioned);
    result.times.set(manager, decoded.times.get(manager));
  };
  for (const [manager, versioned] of decoded.fields) {
    if (versioned.apiVersion !== parentApiVersion) continue;
    if (!versioned.set.has(REPLICAS)) {
      keep(manager, versioned);
    } else if (scaleFields.has(manager)) {
      keep(manager, versioned);
      scaleFields.delete(manager);
    } else {
      const set = versioned.set.difference(FieldSet.of(REPLICAS));
      if (!set.empty()) keep(manager, { ...versioned, set });
    }
  }
  for (const [manager, versioned] of scaleFields) {
    if (!versioned.set.has(REPLICAS)) continue;
    result.fields.set(manager, {
      set: FieldSet.of(REPLICAS),
      apiVersion: parentApiVersion,
      applied: versioned.applied,
    });
    result.times.set(manager, decoded.times.get(manager));
  }
  return entries(result);
}

/**
 * A write through the scale subresource (each kind's scaleUpdatedObjectInfo): the Scale the
 * request changes carries its parent's replicas managers; `write` turns it into the new Scale,
 * whose change is recorded under `manager` (an apply records its own), and whose managers go
 * back to the parent. Returns the new Scale and the parent's managedFields.
 */
export function writeThroughScale(
  parentType: ResourceType,
  parent: KubeObject,
  current: KubeObject,
  write: (scale: KubeObject) => KubeObject,
  manager: string | undefined,
  now: number,
): { scale: KubeObject; managedFields: ManagedFieldsEntry[] } {
  const parentEntries = parent.metadata?.managedFields ?? [];
  const parentApiVersion = groupVersion(parentType);
  const before: KubeObject = {
    ...current,
    metadata: {
      ...current.metadata,
      managedFields: scaleManagedFields(parentEntries, parentApiVersion),
    },
  };
  const scale = write(structuredClone(before));
  if (manager !== undefined) {
    updateManagedFields(fieldManagerScope(parentType, 'scale'), before, scale, manager, now);
  }
  const scaleEntries = scale.metadata?.managedFields ?? [];
  return {
    scale,
    managedFields: parentManagedFields(parentEntries, scaleEntries, parentApiVersion),
  };
}
