// The strategies' GetResetFields (pkg/registry/*/*/strategy.go): fields a write through the main
// resource or a subresource cannot change, which therefore no manager of that write owns. Every
// resource with a status subresource resets status on the main resource and spec on status;
// pods and deployments reset more on status, namespaces' finalize resets status.

import type { ResourceType } from '../../api/resources.ts';
import { FieldSet, fieldElement, type Path } from './fieldpath.ts';

function path(...names: string[]): Path {
  return names.map(fieldElement);
}

const STATUS_OVERRIDES: Record<string, Path[]> = {
  '/pods': [
    path('spec'),
    path('metadata', 'deletionTimestamp'),
    path('metadata', 'ownerReferences'),
  ],
  'apps/deployments': [path('spec'), path('metadata', 'labels')],
};

const cache = new Map<string, FieldSet | null>();

/** The reset fields of a write to `type` (or to its `subresource`), or null for none. */
export function resetFields(type: ResourceType, subresource: string | undefined): FieldSet | null {
  const key = `${type.group}/${type.resource}/${subresource ?? ''}`;
  let fields = cache.get(key);
  if (fields === undefined) {
    fields = computeResetFields(type, subresource);
    cache.set(key, fields);
  }
  return fields;
}

function computeResetFields(type: ResourceType, subresource: string | undefined): FieldSet | null {
  const hasStatus = (type.subresources ?? []).includes('status');
  switch (subresource) {
    case undefined:
      return hasStatus ? FieldSet.of(path('status')) : null;
    case 'status':
      return FieldSet.of(...(STATUS_OVERRIDES[`${type.group}/${type.resource}`] ?? [path('spec')]));
    case 'finalize':
      return FieldSet.of(path('status'));
    default:
      return null;
  }
}
