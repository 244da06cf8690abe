// What strategic merge patch's errors say about the Go type behind a schema node
// (reflect.Kind and reflect.Type.Name, as apimachinery strategicpatch/meta.go and
// third_party/forked/golang/json/fields.go print them).

import type { ScalarNode, SchemaNode } from '../schema/schema.ts';

/** reflect.Kind of the Go type behind a node. */
export function goKindOf(type: SchemaNode): string {
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

function scalarKind(type: ScalarNode): string {
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
export function goStructName(type: SchemaNode): string {
  return type.goType.slice(type.goType.lastIndexOf('.') + 1);
}
