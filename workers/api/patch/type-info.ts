// What the patch algorithms need to know about a kind's types: the Go struct tags strategic
// merge patch reads (patchStrategy, patchMergeKey; apimachinery strategicpatch/meta.go) and the
// list/map semantics structured-merge-diff reads (x-kubernetes-list-type, -list-map-keys,
// -map-type; kube-openapi pkg/schemaconv/smd.go). Adapters build it from the schema lookup.

import type { Json } from '../json-merge-patch.ts';

/** reflect.Kind of the Go type behind a node, as strategic merge patch's errors name it. */
export type GoKind = 'struct' | 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool';

export type TypeInfo = StructInfo | MapInfo | ListInfo | ScalarInfo | UntypedInfo;

export interface StructInfo {
  readonly kind: 'struct';
  /** The Go type name (`PodSpec`), which lookup errors print. */
  readonly name: string;
  /** x-kubernetes-map-type: atomic makes the struct one field for apply. */
  readonly atomic?: boolean;
  field(name: string): FieldInfo | undefined;
}

export interface MapInfo {
  readonly kind: 'map';
  readonly atomic?: boolean;
  readonly values: TypeInfo;
}

export interface ListInfo {
  readonly kind: 'list';
  readonly items: TypeInfo;
  /** x-kubernetes-list-type; `map` lists are keyed by `keys`. */
  readonly listType: 'atomic' | 'set' | 'map';
  readonly keys?: readonly string[];
}

export interface ScalarInfo {
  readonly kind: 'scalar';
  readonly goKind: 'string' | 'int64' | 'float64' | 'bool';
}

/**
 * A value without a schema (RawExtension, JSON, IntOrString, Quantity, Time): scalars are
 * leaves, lists atomic, maps granular unless `atomic`. `goKind` is what Go holds it as.
 */
export interface UntypedInfo {
  readonly kind: 'untyped';
  readonly goKind: GoKind;
  readonly atomic?: boolean;
}

export interface FieldInfo {
  readonly type: TypeInfo;
  /** The `patchStrategy` tag: `merge`, `retainKeys`, `merge,retainKeys`, `replace`. */
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  /** The schema default, which a list-map key omitted from an applied item takes. */
  readonly default?: Json;
}

export function goKindOf(type: TypeInfo): GoKind {
  switch (type.kind) {
    case 'struct':
      return 'struct';
    case 'map':
      return 'map';
    case 'list':
      return 'slice';
    default:
      return type.goKind;
  }
}
