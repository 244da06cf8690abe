// The root schema of the YAML editor (monaco-yaml): any Kubernetes document, routed to its kind's
// definition by apiVersion and kind, with the definitions those kinds reach and the first
// paragraph of each description for hovers.
import type { JsonSchema, K8sSchemas } from './generate-schemas.ts';

/**
 * One schema for any Kubernetes YAML document: apiVersion and kind are required strings, and a
 * document whose pair names a known kind must match that kind's definition.
 */
export function buildEditorSchema({ definitions, kinds }: K8sSchemas): JsonSchema {
  const unique = (values: string[]) => [...new Set(values)].sort(compare);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: mapSchemas(
      reachableDefinitions(
        definitions,
        kinds.map((entry) => entry.definition),
      ),
      // The first paragraph is enough for a hover.
      (schema) =>
        schema.description === undefined
          ? schema
          : { ...schema, description: firstParagraph(schema.description) },
    ),
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      // examples feed the editor's value completion; they do not restrict the value.
      apiVersion: { type: 'string', examples: unique(kinds.map((entry) => entry.apiVersion)) },
      kind: { type: 'string', examples: unique(kinds.map((entry) => entry.kind)) },
    },
    allOf: kinds.map(({ apiVersion, kind, definition }) => ({
      if: {
        properties: { kind: { const: kind }, apiVersion: { const: apiVersion } },
        required: ['kind', 'apiVersion'],
      },
      then: { $ref: `#/definitions/${definition}` },
    })),
  };
}

/** The definitions that `roots` refer to, directly or through other definitions. */
function reachableDefinitions(
  definitions: Record<string, JsonSchema>,
  roots: string[],
): Record<string, JsonSchema> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    const schema = definitions[id];
    if (schema === undefined) throw new Error(`dangling $ref to ${id}`);
    seen.add(id);
    for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) {
      visit(ref[1] ?? '');
    }
  };
  roots.forEach(visit);
  return Object.fromEntries(Object.entries(definitions).filter(([id]) => seen.has(id)));
}

export function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]?.trim() ?? '';
}

/** Applies `transform` to every schema in `definitions`, innermost first. */
export function mapSchemas(
  definitions: Record<string, JsonSchema>,
  transform: (schema: JsonSchema) => JsonSchema,
): Record<string, JsonSchema> {
  const visit = (schema: JsonSchema): JsonSchema => {
    const copy: JsonSchema = { ...schema };
    if (copy.properties) {
      copy.properties = Object.fromEntries(
        Object.entries(copy.properties).map(([name, property]) => [name, visit(property)]),
      );
    }
    if (copy.items) copy.items = visit(copy.items);
    if (typeof copy.additionalProperties === 'object') {
      copy.additionalProperties = visit(copy.additionalProperties);
    }
    if (copy.anyOf) copy.anyOf = copy.anyOf.map(visit);
    return transform(copy);
  };
  return Object.fromEntries(Object.entries(definitions).map(([id, schema]) => [id, visit(schema)]));
}

/** Code-point order, so the output does not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
