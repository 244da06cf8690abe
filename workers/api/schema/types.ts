// The shape of the generated API schemas (workers/generated/, written by
// scripts/generate-schemas.ts): OpenAPI v3 schema objects as kube-apiserver 1.32 publishes them in
// components.schemas, without descriptions, which live in a module of their own.

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  $ref?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema;
  /** Quantity and IntOrString. */
  oneOf?: OpenApiSchema[];
  /** Other unions (JSONSchemaPropsOrArray...): any JSON value, as far as decoding goes. */
  anyOf?: OpenApiSchema[];
  enum?: string[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

export interface ApiSchemaData {
  /** By upstream definition name, e.g. `io.k8s.api.core.v1.Pod`. */
  definitions: Record<string, OpenApiSchema>;
  /**
   * reflect.Type.String() of fields whose Go type the schema does not tell (named types such as
   * `v1.RestartPolicy`), by `<definition>.<field>`; decoding errors print it.
   */
  goTypes: Record<string, string>;
}

/** The documentation OpenAPI serves, kept apart from the schemas so only OpenAPI loads it. */
export interface ApiDescriptions {
  /** By definition, then by property; `''` is the definition's own. */
  definitions: Record<string, Record<string, string>>;
  /** The query parameters of each meta/v1 options struct (ListOptions, PatchOptions...). */
  queryParameters: Record<string, Record<string, QueryParameter>>;
}

export interface QueryParameter {
  type: 'string' | 'integer' | 'boolean';
  description: string;
}

export const SCHEMA_REF_PREFIX = '#/components/schemas/';
