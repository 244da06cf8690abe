// What the patch algorithms need to know about a kind's types: the struct tags strategic merge
// patch reads (patchStrategy, patchMergeKey; apimachinery strategicpatch/meta.go) and the list/map
// semantics structured-merge-diff reads (x-kubernetes-list-type, -list-map-keys, -map-type as
// kube-openapi pkg/schemaconv/smd.go derives them). A structural subset of the schema lookup's
// nodes (workers/api/schema), so its nodes serve as they are and tests can build small ones.

export interface NodeBase {
  /** x-kubernetes-patch-strategy of the field, split at commas: `merge`, `retainKeys`. */
  readonly patchStrategies: readonly string[];
  readonly patchMergeKey: string | undefined;
  /** Go's reflect.Type.String() of the field (`v1.PodSpec`, `[]string`). */
  readonly goType: string;
}

export interface StructInfo extends NodeBase {
  readonly kind: 'struct';
  /** x-kubernetes-map-type: atomic makes the struct one field for apply. */
  readonly elementRelationship: 'atomic' | 'separable';
  /** Fields without omitempty, which Go writes even when empty. */
  readonly required?: readonly string[];
  field(name: string): TypeInfo | undefined;
}

export interface ListInfo extends NodeBase {
  readonly kind: 'list';
  readonly element: TypeInfo;
  readonly listType: 'atomic' | 'set' | 'map';
  readonly listMapKeys: readonly string[];
}

export interface MapInfo extends NodeBase {
  readonly kind: 'map';
  readonly value: TypeInfo;
  readonly mapType: 'atomic' | 'granular';
}

export interface ScalarInfo extends NodeBase {
  readonly kind: 'scalar';
  readonly scalar: 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity';
  readonly format: string | undefined;
}

/** Any JSON (RawExtension, FieldsV1, apiextensions JSON): scalars leaves, maps granular. */
export interface UntypedInfo extends NodeBase {
  readonly kind: 'untyped';
}

export type TypeInfo = StructInfo | ListInfo | MapInfo | ScalarInfo | UntypedInfo;

/** reflect.Kind of the Go type behind a node, as strategic merge patch's errors name it. */
export function goKindOf(type: TypeInfo): string {
  switch (type.kind) {
    case 'struct':
    case 'untyped':
      // RawExtension, FieldsV1 and JSON are structs too.
      return type.goType === 'interface {}' ? 'interface' : 'struct';
    case 'list':
      return 'slice';
    case 'map':
      return 'map';
    case 'scalar':
      return scalarKind(type);
  }
}

function scalarKind(type: ScalarInfo): string {
  switch (type.scalar) {
    case 'int-or-string':
    case 'quantity':
      return 'struct';
    case 'string':
      if (type.format === 'date-time') return 'struct';
      return type.format === 'byte' ? 'slice' : 'string';
    case 'integer':
      return type.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
}

/** reflect.Type.Name(): `v1.PodSpec` → `PodSpec`. */
export function goStructName(type: TypeInfo): string {
  return type.goType.slice(type.goType.lastIndexOf('.') + 1);
}
