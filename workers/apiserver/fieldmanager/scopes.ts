// One field manager scope per served resource and subresource (the FieldManager each
// RequestScope holds in kube-apiserver): the kind's schema for structured merge, the strategy's
// reset fields, and the kind's empty object, which creates are compared with.

import type { Json } from '../../api/json-merge-patch.ts';
import type { SchemaNode, StructNode } from '../../api/schema/schema.ts';
import { groupVersion, type ResourceType } from '../../api/resources.ts';
import { kindSchema } from '../../api/schema/schema.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { subresourceInfo } from '../subresources.ts';
import type { FieldManagerScope } from './field-manager.ts';
import { resetFields } from './reset-fields.ts';
import { DEDUCED } from './typed.ts';
import { Updater } from './updater.ts';

const scopes = new Map<string, FieldManagerScope>();

function apiVersionOf(kind: GroupVersionKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** The zero value of a required field, as Go serializes an empty struct's fields. */
function zeroOf(type: SchemaNode): Json {
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

function zeroStruct(type: StructNode): Json {
  const zero: Record<string, Json> = {};
  for (const name of type.required) {
    const field = type.field(name);
    if (field) zero[name] = zeroOf(field);
  }
  return zero;
}

/**
 * What the kind's Go type serializes to when empty: metadata with a null creationTimestamp and,
 * for kinds with a status, empty spec and status structs (with their required fields).
 */
function zeroObject(
  kind: GroupVersionKind,
  hasStatus: boolean,
  schema: SchemaNode | undefined,
): KubeObject {
  const zero: Record<string, Json> = {
    apiVersion: apiVersionOf(kind),
    kind: kind.kind,
    metadata: { creationTimestamp: null },
  };
  if (hasStatus) {
    for (const name of ['spec', 'status']) {
      const field = schema?.kind === 'struct' ? schema.field(name) : undefined;
      zero[name] = field?.kind === 'struct' ? zeroStruct(field) : {};
    }
  }
  return zero;
}

export function fieldManagerScope(
  parent: ResourceType,
  subresource: string | undefined,
): FieldManagerScope {
  const key = `${groupVersion(parent)}/${parent.resource}/${subresource ?? ''}`;
  let scope = scopes.get(key);
  if (!scope) {
    const { group, version } = parent;
    const kind = subresource
      ? subresourceInfo(parent, subresource).kind
      : { group, version, kind: parent.kind };
    // Kinds without a schema (custom resources) are deduced from their values.
    const schema = kindSchema(kind);
    const hasStatus = kind.kind === parent.kind && (parent.subresources ?? []).includes('status');
    scope = {
      apiVersion: apiVersionOf(kind),
      subresource,
      updater: new Updater(schema ?? DEDUCED, resetFields(parent, subresource) ?? undefined),
      zero: zeroObject(kind, hasStatus, schema),
    };
    scopes.set(key, scope);
  }
  return scope;
}
