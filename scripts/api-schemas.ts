// Turns the kubernetes-types schemas into what the API server serves and decodes with: OpenAPI v3
// components named as kube-apiserver 1.32 names them (io.k8s.api.core.v1.Pod), with the release's
// fields, x-kubernetes-* extensions, formats, enums and GVKs from scripts/k8s-api-metadata.json
// (see scripts/extract-api-metadata.ts), and descriptions split off so only OpenAPI loads them.
import type { ApiDescriptions, ApiSchemaData, OpenApiSchema } from '../workers/api/schema/types.ts';
import type { ApiMetadata, FieldMetadata } from './extract-api-metadata.ts';
import type { JsonSchema, K8sSchemas } from './generate-schemas.ts';

const REF_PREFIX = '#/components/schemas/';
/** The unions upstream publishes as oneOf of scalars. */
const ONE_OF_DEFINITIONS = new Set([
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
]);

/** Where upstream's OpenAPI puts each kubernetes-types module, when not under io.k8s.api. */
const UPSTREAM_PACKAGES: Record<string, string> = {
  'meta.v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
  'api.resource': 'io.k8s.apimachinery.pkg.api.resource',
  'util.intstr': 'io.k8s.apimachinery.pkg.util.intstr',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  version: 'io.k8s.apimachinery.pkg.version',
  'apiextensions.v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
};

/** `core.v1.Pod` → `io.k8s.api.core.v1.Pod`, the definition name of kube-apiserver's OpenAPI. */
export function upstreamDefinitionId(id: string): string {
  const dot = id.lastIndexOf('.');
  const module = id.slice(0, dot);
  return `${UPSTREAM_PACKAGES[module] ?? `io.k8s.api.${module}`}${id.slice(dot)}`;
}

export interface ApiSchemas {
  data: ApiSchemaData;
  descriptions: ApiDescriptions;
}

export function buildApiSchemas(schemas: K8sSchemas, metadata: ApiMetadata): ApiSchemas {
  const definitions: Record<string, OpenApiSchema> = {};
  for (const [id, schema] of Object.entries(schemas.definitions)) {
    const name = upstreamDefinitionId(id);
    definitions[name] = toOpenApi(schema, ONE_OF_DEFINITIONS.has(name));
  }
  applyChanges(definitions, metadata);
  const goTypes = applyMetadata(definitions, metadata);
  for (const { apiVersion, kind, definition } of schemas.kinds) {
    const schema = definitions[upstreamDefinitionId(definition)];
    if (!schema) continue;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    schema['x-kubernetes-group-version-kind'] = [
      ...(schema['x-kubernetes-group-version-kind'] ?? []),
      { group: group ?? '', kind, version: version ?? '' },
    ];
  }
  const sorted = sortKeys(definitions);
  return {
    data: { definitions: sorted, goTypes: sortKeys(goTypes) },
    descriptions: { definitions: split(sorted), queryParameters: metadata.queryParameters },
  };
}

/** The JSON Schema of the editor as an OpenAPI v3 component schema. */
function toOpenApi(schema: JsonSchema, oneOf = false): OpenApiSchema {
  const result: OpenApiSchema = {};
  if (schema.$ref) {
    result.$ref = REF_PREFIX + upstreamDefinitionId(schema.$ref.replace('#/definitions/', ''));
  }
  if (schema.type) result.type = schema.type;
  if (schema.format) result.format = schema.format;
  if (schema.description) result.description = schema.description;
  if (schema.properties) {
    result.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, toOpenApi(property)]),
    );
  }
  if (schema.required) result.required = schema.required;
  if (schema.items) result.items = toOpenApi(schema.items);
  if (typeof schema.additionalProperties === 'object') {
    result.additionalProperties = toOpenApi(schema.additionalProperties);
  }
  if (schema.anyOf) result[oneOf ? 'oneOf' : 'anyOf'] = schema.anyOf.map((s) => toOpenApi(s));
  // A single-value enum is kubernetes-types' literal kind or apiVersion; upstream has none.
  if (schema.enum && schema.enum.length > 1) result.enum = schema.enum;
  return result;
}

/** Adds what the release has and kubernetes-types lacks, and drops what the release removed. */
function applyChanges(definitions: Record<string, OpenApiSchema>, metadata: ApiMetadata): void {
  for (const [id, added] of Object.entries(metadata.added)) {
    const schema = added as OpenApiSchema;
    const existing = definitions[id];
    if (existing) {
      existing.properties = { ...existing.properties, ...schema.properties };
    } else {
      definitions[id] = structuredClone(schema);
    }
  }
  for (const removed of metadata.removed) {
    if (removed in definitions) {
      delete definitions[removed];
      continue;
    }
    const dot = removed.lastIndexOf('.');
    const schema = definitions[removed.slice(0, dot)];
    const name = removed.slice(dot + 1);
    delete schema?.properties?.[name];
    if (schema?.required) schema.required = schema.required.filter((field) => field !== name);
  }
}

/** Merges extensions, formats and enums into the definitions; returns the Go type names. */
function applyMetadata(
  definitions: Record<string, OpenApiSchema>,
  metadata: ApiMetadata,
): Record<string, string> {
  const goTypes: Record<string, string> = {};
  for (const [id, entry] of Object.entries(metadata.definitions)) {
    const schema = definitions[id];
    if (!schema) throw new Error(`metadata for unknown definition ${id}`);
    if (entry.mapType) schema['x-kubernetes-map-type'] = mapType(entry.mapType);
    for (const [name, field] of Object.entries(entry.fields ?? {})) {
      const property = schema.properties?.[name];
      if (!property) throw new Error(`metadata for unknown field ${id}.${name}`);
      applyField(property, field, metadata);
      if (field.goType) goTypes[`${id}.${name}`] = field.goType;
    }
  }
  return goTypes;
}

function applyField(property: OpenApiSchema, field: FieldMetadata, metadata: ApiMetadata): void {
  if (field.patchStrategy) property['x-kubernetes-patch-strategy'] = field.patchStrategy;
  if (field.patchMergeKey) property['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
  if (field.listType) property['x-kubernetes-list-type'] = listType(field.listType);
  if (field.listMapKeys) property['x-kubernetes-list-map-keys'] = field.listMapKeys;
  if (field.mapType) property['x-kubernetes-map-type'] = mapType(field.mapType);
  // Formats and enums belong to the scalar: the field itself, its items or its values.
  const scalar = property.items ?? property.additionalProperties ?? property;
  if (field.format && !scalar.$ref) {
    if (field.format === 'double') scalar.type = 'number';
    else if (field.format === 'int32' || field.format === 'int64') scalar.type = 'integer';
    scalar.format = field.format;
  }
  const values = field.enum && metadata.enums[field.enum];
  if (values) {
    scalar.enum = values.values;
    property.description = [property.description, values.description]
      .filter((text) => text)
      .join('\n\n');
  }
}

function listType(value: string): 'atomic' | 'set' | 'map' {
  if (value === 'atomic' || value === 'set' || value === 'map') return value;
  throw new Error(`unknown list type ${value}`);
}

function mapType(value: string): 'atomic' | 'granular' {
  if (value === 'atomic' || value === 'granular') return value;
  throw new Error(`unknown map type ${value}`);
}

/** Moves every description into the descriptions table. */
function split(definitions: Record<string, OpenApiSchema>): ApiDescriptions['definitions'] {
  const descriptions: ApiDescriptions['definitions'] = {};
  for (const [id, schema] of Object.entries(definitions)) {
    const texts: Record<string, string> = {};
    if (schema.description) texts[''] = schema.description;
    delete schema.description;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.description) texts[name] = property.description;
      stripDescriptions(property);
    }
    if (Object.keys(texts).length > 0) descriptions[id] = texts;
  }
  return descriptions;
}

function stripDescriptions(schema: OpenApiSchema): void {
  delete schema.description;
  if (schema.items) stripDescriptions(schema.items);
  if (schema.additionalProperties) stripDescriptions(schema.additionalProperties);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
