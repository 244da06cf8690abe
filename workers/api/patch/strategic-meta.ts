// Strategic merge patch's view of a schema (apimachinery strategicpatch/meta.go,
// PatchMetaFromStruct over third_party/forked/golang/json LookupPatchMetadataForStruct) and its
// errors (pkg/util/mergepatch/errors.go), over the SchemaNode the schema lookup provides.

import type { Json } from '../json-merge-patch.ts';
import { goPrint, goTypeName } from './go-format.ts';
import type { SchemaNode } from '../schema/schema.ts';
import { goKindOf, goStructName } from './go-types.ts';

/**
 * A strategic merge patch failure. `kind` is how the apiserver answers it
 * (interpretStrategicMergePatchError): 400, 422, or a 500 carrying the bare message.
 */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad-request' | 'invalid' | 'internal' = 'internal',
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

export const errNoListOfLists = (): StrategicMergePatchError =>
  new StrategicMergePatchError('lists of lists are not supported', 'invalid');
export const errBadPatchFormatForPrimitiveList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of primitive list', 'bad-request');
export const errBadPatchFormatForRetainKeys = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 'bad-request');
export const errBadPatchFormatForSetElementOrderList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 'bad-request');

export const errNoMergeKey = (map: Json, key: string): StrategicMergePatchError =>
  new StrategicMergePatchError(`map: ${goPrint(map)} does not contain declared merge key: ${key}`);

/** ErrBadArgType(expected, actual): `expected a map[string]interface {}, but received a string`. */
export const errBadArgType = (
  expected: 'map' | 'slice',
  actual: Json | undefined,
): StrategicMergePatchError =>
  new StrategicMergePatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );

/** fmt %s of a decoded JSON value: strings bare, anything else flagged as Go does. */
function goString(value: Json): string {
  if (typeof value === 'string') return value;
  if (value === null) return '%!s(<nil>)';
  return `%!s(${goTypeName(value)}=${goPrint(value)})`;
}

export const errBadPatchType = (directive: Json, map: Json): StrategicMergePatchError =>
  new StrategicMergePatchError(
    `unknown patch type: ${goString(directive)} in map: ${goPrint(map)}`,
  );

export interface PatchMeta {
  /** The patchStrategy tag split on commas. */
  strategies: readonly string[];
  mergeKey: string;
}

const UNTAGGED: PatchMeta = { strategies: [], mergeKey: '' };

/** LookupPatchMeta over a SchemaNode node (PatchMetaFromStruct). */
export class PatchMetaSchema {
  constructor(readonly type: SchemaNode) {}

  /** LookupPatchMetadataForStruct: the field `key` of this struct, and its tags. */
  lookupStruct(key: string): [PatchMetaSchema, PatchMeta] {
    const type = this.type;
    // A value of unknown type (no schema): everything below it is unknown too, without tags.
    if (type.kind === 'untyped' && type.goType === 'interface {}') return [this, UNTAGGED];
    if (type.kind !== 'struct') {
      throw new StrategicMergePatchError(
        `merging an object in json but data type is not struct, instead is: ${goKindOf(type)}`,
      );
    }
    const field = type.field(key);
    if (!field) {
      throw new StrategicMergePatchError(
        `unable to find api field in struct ${goStructName(type)} for the json field ${JSON.stringify(key)}`,
      );
    }
    return [
      new PatchMetaSchema(field),
      { strategies: field.patchStrategies, mergeKey: field.patchMergeKey ?? '' },
    ];
  }

  /** LookupPatchMetadataForSlice: the element type of the list field `key`. */
  lookupSlice(key: string): [PatchMetaSchema, PatchMeta] {
    const [field, meta] = this.lookupStruct(key);
    if (field === this) return [this, meta];
    if (field.type.kind !== 'list') {
      throw new StrategicMergePatchError(
        `expected slice or array type, but got: ${goKindOf(this.type)}`,
      );
    }
    if (field.type.element.kind === 'list') {
      throw new StrategicMergePatchError('unexpected slice of slice');
    }
    return [new PatchMetaSchema(field.type.element), meta];
  }

  /** Name(): the Go kind of this node. */
  name(): string {
    return goKindOf(this.type);
  }
}

/** extractRetainKeysPatchStrategy: whether retainKeys is set, and the other strategy. */
export function extractRetainKeysPatchStrategy(strategies: readonly string[]): [boolean, string] {
  const [first = '', second = ''] = strategies;
  switch (strategies.length) {
    case 0:
      return [false, ''];
    case 1:
      return first === 'retainKeys' ? [true, ''] : [false, first];
    case 2:
      if (first === 'retainKeys') return [true, second];
      if (second === 'retainKeys') return [true, first];
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
