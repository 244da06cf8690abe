// Which objects a list or watch returns: namespace scope, labelSelector and fieldSelector
// (apiserver storage.SelectionPredicate). Field selectors accept only the fields a resource
// publishes, refused with the resource's own wording (K8S.md §1.7).

import { badRequest, isParseError } from '../api/errors.ts';
import {
  matchesFields,
  parseFieldSelector,
  requirements,
  type FieldSelector,
} from '../api/fields.ts';
import { matchesLabels, parseLabelSelector, type Selector } from '../api/labels.ts';
import type { KubeObject } from '../client/protocol.ts';
import { ApiError } from './registry/generic.ts';
import type { Strategy } from './registry/strategy.ts';

export interface Selection {
  namespace?: string;
  labels: Selector;
  fields: FieldSelector;
  strategy: Strategy;
}

/** metadata.name and metadata.namespace, which every resource accepts (DefaultClusterScopedAttr). */
function defaultFields(object: KubeObject): Record<string, string> {
  const meta = object.metadata ?? {};
  const fields: Record<string, string> = { 'metadata.name': meta.name ?? '' };
  if (meta.namespace !== undefined) fields['metadata.namespace'] = meta.namespace;
  return fields;
}

/** Field sets per strategy and object: cached objects never change, and many watchers ask. */
const fieldSets = new WeakMap<Strategy, WeakMap<KubeObject, Record<string, string>>>();

export function fieldsOf(strategy: Strategy, object: KubeObject): Record<string, string> {
  let byObject = fieldSets.get(strategy);
  if (!byObject) fieldSets.set(strategy, (byObject = new WeakMap()));
  let fields = byObject.get(object);
  if (!fields) {
    fields = strategy.selectableFields ? strategy.selectableFields(object) : defaultFields(object);
    byObject.set(object, fields);
  }
  return fields;
}

function checkFieldNames(strategy: Strategy, selector: FieldSelector): void {
  const known = new Set(Object.keys(fieldsOf(strategy, { metadata: { name: '', namespace: '' } })));
  if (!strategy.type.namespaced) known.delete('metadata.namespace');
  for (const requirement of requirements(selector)) {
    if (known.has(requirement.field)) continue;
    const message =
      strategy.unknownFieldLabel?.(requirement.field) ??
      (strategy.selectableFields
        ? `field label not supported: ${requirement.field}`
        : `"${requirement.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    throw new ApiError(badRequest(message));
  }
}

export function parseSelection(
  strategy: Strategy,
  namespace: string | undefined,
  query: Record<string, string>,
): Selection {
  const labels = parseLabelSelector(query.labelSelector ?? '');
  // labels.Parse's own error, which the list handler turns into a BadRequest as it is.
  if (isParseError(labels)) throw new ApiError(badRequest(labels.error));
  const fields = parseFieldSelector(query.fieldSelector ?? '');
  if (isParseError(fields)) throw new ApiError(badRequest(fields.error));
  checkFieldNames(strategy, fields);
  return { namespace, labels, fields, strategy };
}

export function selects(selection: Selection, object: KubeObject): boolean {
  const meta = object.metadata ?? {};
  if (selection.namespace !== undefined && meta.namespace !== selection.namespace) return false;
  if (!matchesLabels(selection.labels, meta.labels)) return false;
  return (
    selection.fields.terms.length === 0 ||
    matchesFields(selection.fields, fieldsOf(selection.strategy, object))
  );
}
