// How Go's fmt prints decoded JSON (map[string]interface{}, []interface{}, int64, float64),
// which the patch packages put into their error texts (apimachinery pkg/util/mergepatch/errors.go,
// pkg/util/strategicpatch/patch.go). JSON numbers are integers when they have no fraction, as
// the apiserver decodes with UnmarshalCaseSensitivePreserveInts.

import { goNumber } from '../errors.ts';
import type { Json } from '../json-merge-patch.ts';

/** fmt %v (and %+v, the same for maps): `map[a:1 b:[x y]]`, keys sorted, strings bare. */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  const map = value as Record<string, unknown>;
  const entries = Object.keys(map)
    .sort()
    .map((key) => `${key}:${goPrint(map[key])}`);
  return `map[${entries.join(' ')}]`;
}

/** reflect.TypeOf(v).String() for a decoded JSON value, as ErrBadArgType prints it. */
export function goTypeName(value: Json | undefined): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** reflect.Kind of a decoded JSON value, as the element-type checks name it. */
export function goKind(value: Json | undefined): string {
  if (value === null || value === undefined) return 'invalid';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'slice';
  return 'map';
}
