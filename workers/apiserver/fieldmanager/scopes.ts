// One field manager scope per served resource and subresource (the FieldManager each
// RequestScope holds in kube-apiserver): the kind's schema for structured merge, the strategy's
// reset fields, and the kind's empty object, which creates are compared with.

import { groupVersion, type ResourceType } from '../../api/resources.ts';
import { kindSchema } from '../../api/schema/schema.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import { subresourceInfo } from '../subresources.ts';
import type { FieldManagerScope } from './field-manager.ts';
import { resetFields } from './reset-fields.ts';
import { DEDUCED } from './typed.ts';
import { Updater } from './updater.ts';
import { zeroObject } from './zero-objects.ts';

const scopes = new Map<string, FieldManagerScope>();

function apiVersionOf(kind: GroupVersionKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
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
    scope = {
      apiVersion: apiVersionOf(kind),
      subresource,
      updater: new Updater(schema ?? DEDUCED, resetFields(parent, subresource) ?? undefined),
      zero: zeroObject(kind),
    };
    scopes.set(key, scope);
  }
  return scope;
}
