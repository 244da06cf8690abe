// One field manager scope per served resource and subresource (the FieldManager each
// RequestScope holds in kube-apiserver): the kind's schema for structured merge, the strategy's
// reset fields, and the kind's empty object, which creates are compared with.

import type { Json } from '../../api/json-merge-patch.ts';
import type { StructInfo, TypeInfo } from '../../api/patch/type-info.ts';
import { groupVersion, type ResourceType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { FieldManagerScope } from './field-manager.ts';
import { resetFields } from './reset-fields.ts';
import { DEDUCED } from './typed.ts';
import { Updater } from './updater.ts';

/** The schema the field manager merges a kind with; kinds without one are deduced from values. */
export type SchemaLookup = (type: ResourceType) => TypeInfo | undefined;

let lookup: SchemaLookup = () => undefined;
const scopes = new Map<string, FieldManagerScope>();

/** Installs a schema lookup and returns the one it replaces; scopes are rebuilt. */
export function useSchemas(schemas: SchemaLookup): SchemaLookup {
  const previous = lookup;
  lookup = schemas;
  scopes.clear();
  return previous;
}

/** The zero value of a required field, as Go serializes an empty struct's fields. */
function zeroOf(type: TypeInfo): Json {
  switch (type.kind) {
    case 'scalar':
      if (type.scalar === 'boolean') return false;
      return type.scalar === 'integer' || type.scalar === 'number' ? 0 : '';
    case 'struct':
      return zeroStruct(type);
    default:
      return null;
  }
}

function zeroStruct(type: StructInfo): Json {
  const zero: Record<string, Json> = {};
  for (const name of type.required ?? []) {
    const field = type.field(name);
    if (field) zero[name] = zeroOf(field);
  }
  return zero;
}

/**
 * What the kind's Go type serializes to when empty: metadata with a null creationTimestamp and,
 * for kinds with a status, empty spec and status structs (with their required fields).
 */
function zeroObject(type: ResourceType, schema: TypeInfo | undefined): KubeObject {
  const zero: Record<string, Json> = {
    apiVersion: groupVersion(type),
    kind: type.kind,
    metadata: { creationTimestamp: null },
  };
  if ((type.subresources ?? []).includes('status')) {
    for (const name of ['spec', 'status']) {
      const field = schema?.kind === 'struct' ? schema.field(name) : undefined;
      zero[name] = field?.kind === 'struct' ? zeroStruct(field) : {};
    }
  }
  return zero;
}

/** The scale subresource writes autoscaling/v1 Scales, whatever the parent's kind. */
function writtenType(type: ResourceType, subresource: string | undefined): ResourceType {
  if (subresource !== 'scale') return type;
  return { ...type, group: 'autoscaling', version: 'v1', kind: 'Scale', subresources: [] };
}

export function fieldManagerScope(
  parent: ResourceType,
  subresource: string | undefined,
): FieldManagerScope {
  const key = `${groupVersion(parent)}/${parent.resource}/${subresource ?? ''}`;
  let scope = scopes.get(key);
  if (!scope) {
    const type = writtenType(parent, subresource);
    const schema = lookup(type);
    scope = {
      apiVersion: groupVersion(type),
      subresource,
      updater: new Updater(schema ?? DEDUCED, resetFields(type, subresource) ?? undefined),
      zero: zeroObject(type, schema),
    };
    scopes.set(key, scope);
  }
  return scope;
}
