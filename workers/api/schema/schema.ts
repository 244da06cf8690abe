// Schema lookup for the served API types: what kube-apiserver knows from its OpenAPI models when it
// decodes, merges (strategic merge patch, k8s.io/apimachinery pkg/util/strategicpatch) and applies
// (structured-merge-diff, schema from k8s.io/kube-openapi pkg/schemaconv/smd.go). Leaves out unions
// and defaults.
//
// Usage:
//   const pod = kindSchema({ group: '', version: 'v1', kind: 'Pod' });   // StructNode | undefined
//   const containers = schemaAt(pod, ['spec', 'containers']);          // ListNode
//   containers.listType === 'map'; containers.listMapKeys → ['name'];
//   containers.patchStrategies → ['merge']; containers.patchMergeKey === 'name';
//   schemaAt(pod, ['spec', 'containers', 0, 'image'])                   // ScalarNode 'string'
//   schemaAt(pod, ['metadata', 'labels', 'app'])                       // a map's value
//   node.kind: 'struct' (field(name), fieldNames, elementRelationship 'atomic' | 'separable')
//            | 'list' (element, listType, listMapKeys) | 'map' (value, mapType)
//            | 'scalar' (scalar: string | integer | number | boolean | int-or-string | quantity)
//            | 'untyped' (any JSON: RawExtension, FieldsV1, apiextensions JSON)
// Nodes are built lazily and cached, so recursive definitions (JSONSchemaProps) are fine.
// `listType` is the effective one schemaconv derives: x-kubernetes-list-type, else `map` keyed by
// the patch merge key (`set` without one) when the patch strategy merges, else `atomic`.

import apiSchemas from '../../generated/api-schemas.js';
import {
  SCHEMA_REF_PREFIX,
  type ApiSchemaData,
  type GroupVersionKind,
  type OpenApiSchema,
} from './types.ts';

export type { GroupVersionKind } from './types.ts';

interface NodeBase {
  /** x-kubernetes-patch-strategy of the field, split at commas: `merge`, `retainKeys`. */
  readonly patchStrategies: readonly string[];
  /** x-kubernetes-patch-merge-key of the field. */
  readonly patchMergeKey: string | undefined;
  /** The named definition the type comes from (`io.k8s.api.core.v1.PodSpec`), if any. */
  readonly definition: string | undefined;
  /** Go's reflect.Type.String() of the field, as decoding errors print it (`v1.PodSpec`). */
  readonly goType: string;
}

export interface StructNode extends NodeBase {
  readonly kind: 'struct';
  readonly fieldNames: readonly string[];
  readonly required: readonly string[];
  /** x-kubernetes-map-type of the struct or of the field: `atomic` replaces it as a whole. */
  readonly elementRelationship: 'atomic' | 'separable';
  field(name: string): SchemaNode | undefined;
}

export interface ListNode extends NodeBase {
  readonly kind: 'list';
  readonly element: SchemaNode;
  readonly listType: 'atomic' | 'set' | 'map';
  readonly listMapKeys: readonly string[];
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly value: SchemaNode;
  readonly mapType: 'atomic' | 'granular';
}

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity';

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly scalar: ScalarType;
  /** OpenAPI format: int32, int64, double, byte (base64), date-time. */
  readonly format: string | undefined;
}

export interface UntypedNode extends NodeBase {
  readonly kind: 'untyped';
}

export type SchemaNode = StructNode | ListNode | MapNode | ScalarNode | UntypedNode;

/** A field position: the field's own schema plus what its Go type is called. */
interface Position {
  schema: OpenApiSchema;
  goType: string | undefined;
}

export class SchemaIndex {
  private readonly nodes = new WeakMap<OpenApiSchema, SchemaNode>();
  private readonly definitions = new Map<string, SchemaNode>();
  private kinds: Map<string, string> | undefined;

  constructor(private readonly data: ApiSchemaData) {}

  /** The schema of a kind, e.g. apps/v1 Deployment; undefined for kinds without one. */
  kind(gvk: GroupVersionKind): StructNode | undefined {
    this.kinds ??= this.indexKinds();
    const id = this.kinds.get(gvkKey(gvk));
    const node = id === undefined ? undefined : this.definition(id);
    return node?.kind === 'struct' ? node : undefined;
  }

  /** The node of a named definition, e.g. `io.k8s.api.core.v1.Container`. */
  definition(id: string): SchemaNode | undefined {
    if (!Object.hasOwn(this.data.definitions, id)) return undefined;
    let node = this.definitions.get(id);
    if (!node) {
      node = this.build({ schema: { $ref: SCHEMA_REF_PREFIX + id }, goType: undefined });
      this.definitions.set(id, node);
    }
    return node;
  }

  private indexKinds(): Map<string, string> {
    const kinds = new Map<string, string>();
    for (const [id, schema] of Object.entries(this.data.definitions)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) kinds.set(gvkKey(gvk), id);
    }
    return kinds;
  }

  private node(schema: OpenApiSchema, goType?: string): SchemaNode {
    // Field schemas are distinct objects, so a field's node is built once; the Go type only
    // differs per field, never per visit.
    const cached = this.nodes.get(schema);
    if (cached) return cached;
    const node = this.build({ schema, goType });
    this.nodes.set(schema, node);
    return node;
  }

  private build({ schema, goType }: Position): SchemaNode {
    const base = {
      patchStrategies: schema['x-kubernetes-patch-strategy']?.split(',') ?? [],
      patchMergeKey: schema['x-kubernetes-patch-merge-key'],
    };
    if (schema.$ref !== undefined) {
      const id = schema.$ref.slice(SCHEMA_REF_PREFIX.length);
      const target = this.data.definitions[id];
      if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
      const name = goType ?? definitionGoType(id);
      return this.typeNode(target, { ...base, definition: id, goType: name }, schema);
    }
    return this.typeNode(schema, { ...base, definition: undefined, goType: goType ?? '' }, schema);
  }

  /** The node for `type`, with field-level extensions read from `field`. */
  private typeNode(type: OpenApiSchema, base: NodeBase, field: OpenApiSchema): SchemaNode {
    const goType = base.goType || structuralGoType(type, this.data);
    if (type.oneOf) {
      const scalar = base.definition?.endsWith('.IntOrString') ? 'int-or-string' : 'quantity';
      return { ...base, goType, kind: 'scalar', scalar, format: type.format };
    }
    if (type.items) {
      const [listType, listMapKeys] = effectiveListType(field, base);
      const element = this.node(type.items, elementGoType(base.goType, '[]'));
      return { ...base, goType, kind: 'list', element, listType, listMapKeys };
    }
    if (type.additionalProperties) {
      const value = this.node(type.additionalProperties, elementGoType(base.goType, 'map['));
      const mapType = field['x-kubernetes-map-type'] ?? 'granular';
      return { ...base, goType, kind: 'map', value, mapType };
    }
    if (type.properties) return this.structNode(type, base.definition, { ...base, goType }, field);
    if (type.type && type.type !== 'object' && type.type !== 'array') {
      return { ...base, goType, kind: 'scalar', scalar: type.type, format: type.format };
    }
    return { ...base, goType: goType || 'interface {}', kind: 'untyped' };
  }

  private structNode(
    type: OpenApiSchema,
    definition: string | undefined,
    base: NodeBase,
    field: OpenApiSchema,
  ): StructNode {
    const properties = type.properties ?? {};
    const relationship = field['x-kubernetes-map-type'] ?? type['x-kubernetes-map-type'];
    const lookup = (name: string): SchemaNode | undefined => {
      const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (!property) return undefined;
      return this.node(property, definition && this.data.goTypes[`${definition}.${name}`]);
    };
    return {
      ...base,
      kind: 'struct',
      fieldNames: Object.keys(properties),
      required: type.required ?? [],
      elementRelationship: relationship === 'atomic' ? 'atomic' : 'separable',
      field: lookup,
    };
  }
}

/** schemaconv's getListElementRelationship. */
function effectiveListType(
  field: OpenApiSchema,
  base: Pick<NodeBase, 'patchStrategies' | 'patchMergeKey'>,
): ['atomic' | 'set' | 'map', string[]] {
  const explicit = field['x-kubernetes-list-type'];
  if (explicit === 'map') return ['map', field['x-kubernetes-list-map-keys'] ?? []];
  if (explicit) return [explicit, []];
  if (base.patchStrategies.includes('merge')) {
    return base.patchMergeKey ? ['map', [base.patchMergeKey]] : ['set', []];
  }
  return ['atomic', []];
}

/** `io.k8s.api.core.v1.PodSpec` → `v1.PodSpec`: the package name and the type name. */
function definitionGoType(id: string): string {
  return id.split('.').slice(-2).join('.');
}

/** The Go type a schema implies when no named type says otherwise. */
function structuralGoType(schema: OpenApiSchema, data: ApiSchemaData): string {
  if (schema.$ref) return definitionGoType(schema.$ref.slice(SCHEMA_REF_PREFIX.length));
  if (schema.items) return `[]${structuralGoType(schema.items, data)}`;
  if (schema.additionalProperties) {
    return `map[string]${structuralGoType(schema.additionalProperties, data)}`;
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return '';
  }
}

/** The element type of a named slice (`[]v1.Capability`) or map type, when the name says it. */
function elementGoType(goType: string, prefix: '[]' | 'map['): string | undefined {
  if (!goType.startsWith(prefix)) return undefined;
  return prefix === '[]' ? goType.slice(2) : goType.slice(goType.indexOf(']') + 1);
}

function gvkKey({ group, version, kind }: GroupVersionKind): string {
  return `${group}/${version}/${kind}`;
}

/** Follows a path of field names, map keys (strings) and list indexes (numbers). */
export function schemaAt(
  node: SchemaNode | undefined,
  path: readonly (string | number)[],
): SchemaNode | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') {
      current = current.kind === 'list' ? current.element : undefined;
    } else if (current.kind === 'struct') {
      current = current.field(step);
    } else {
      current = current.kind === 'map' ? current.value : undefined;
    }
  }
  return current;
}

/** The API server's schemas: every kind of kubernetes-types plus the 1.32 additions. */
export const API_SCHEMAS = new SchemaIndex(apiSchemas);

/** The schema of a served kind; undefined for kinds the schemas do not know (custom resources). */
export function kindSchema(gvk: GroupVersionKind): StructNode | undefined {
  return API_SCHEMAS.kind(gvk);
}
