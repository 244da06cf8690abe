// The schema components an OpenAPI document carries: every definition its operations refer to,
// followed through $refs, with the descriptions put back.

import descriptionsText from '../../generated/api-descriptions.js';
import apiSchemas from '../../generated/api-schemas.js';
import type { ApiDescriptions, GroupVersionKind, OpenApiSchema } from '../../api/schema/types.ts';
import { SCHEMA_REF_PREFIX } from '../../api/schema/types.ts';

let descriptions: ApiDescriptions | undefined;

/**
 * The documentation, parsed on first use. It is imported statically: a lazy import() would
 * resolve outside the lockstep round that asked for it.
 */
export function loadDescriptions(): ApiDescriptions {
  descriptions ??= JSON.parse(descriptionsText) as ApiDescriptions;
  return descriptions;
}

let kinds: Map<string, string> | undefined;

/** The definition a kind's schema is published under, e.g. `io.k8s.api.core.v1.Pod`. */
export function definitionOf({ group, version, kind }: GroupVersionKind): string | undefined {
  if (!kinds) {
    kinds = new Map();
    for (const [id, schema] of Object.entries(apiSchemas.definitions)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        kinds.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, id);
      }
    }
  }
  return kinds.get(`${group}/${version}/${kind}`);
}

/** The definitions `roots` need, with descriptions, sorted by name. */
export function components(
  roots: Iterable<string>,
  docs: ApiDescriptions,
): Record<string, OpenApiSchema> {
  const needed = new Set<string>();
  const visit = (id: string): void => {
    if (needed.has(id) || !(id in apiSchemas.definitions)) return;
    needed.add(id);
    for (const ref of JSON.stringify(apiSchemas.definitions[id]).matchAll(/"\$ref":"([^"]+)"/g)) {
      visit((ref[1] ?? '').slice(SCHEMA_REF_PREFIX.length));
    }
  };
  for (const root of roots) visit(root);
  return Object.fromEntries(
    [...needed].sort().map((id) => [id, described(id, docs.definitions[id] ?? {})]),
  );
}

function described(id: string, texts: Record<string, string>): OpenApiSchema {
  const schema = structuredClone(apiSchemas.definitions[id] as OpenApiSchema);
  if (texts['']) schema.description = texts[''];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const text = texts[name];
    if (text) property.description = text;
  }
  return schema;
}
