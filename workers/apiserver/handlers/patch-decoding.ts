// What the patch handler reads and decodes (apiserver pkg/endpoints/handlers/patch.go): patch
// bodies as kjson reads them (duplicate keys are strict errors), apply bodies as util/yaml does,
// and the patched object decoded into its Go type, where fieldValidation decides whether unknown
// and duplicate fields fail the patch (Strict), become warnings (Warn) or pass (Ignore).

import { badRequest, field, invalid } from '../../api/errors.ts';
import { isJsonObject, type Json } from '../../api/json-merge-patch.ts';
import { GoJsonSyntaxError, jsonNodeOf, jsonValueOf, parseGoJson } from '../../api/json/go-json.ts';
import { decodeTyped, decodeUntyped } from '../../api/schema/decode.ts';
import { kindSchema, type SchemaNode } from '../../api/schema/schema.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { ApiError } from '../registry/generic.ts';
import { warningLines, type FieldValidation } from './decode.ts';
import { yamlToJson } from './yaml-body.ts';

export interface PatchBody {
  value: Json;
  /** Duplicate keys (and unknown fields, for JSON patch operations), as strict errors. */
  strictErrors: string[];
}

/**
 * A JSON body: text from HTTP parsed as kjson does (`syntax` words its errors), objects from
 * components as they are.
 */
export function readJsonBody(body: unknown, syntax: (message: string) => string): PatchBody {
  if (typeof body !== 'string') return { value: (body ?? null) as Json, strictErrors: [] };
  try {
    const { value, strictErrors } = decodeUntyped(parseGoJson(body));
    return { value: value as Json, strictErrors };
  } catch (error) {
    if (error instanceof GoJsonSyntaxError) throw new ApiError(badRequest(syntax(error.message)));
    throw error;
  }
}

/** encoding/json's UnmarshalTypeError for a value of the wrong JSON kind. */
export function typeMismatch(value: Json, goType: string): string {
  let kind: string;
  if (Array.isArray(value)) kind = 'array';
  else if (value === null) kind = 'null';
  else if (typeof value === 'boolean') kind = 'bool';
  else kind = typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
}

export interface ApplyBody {
  config: KubeObject;
  /** YAMLToJSONStrict's error for repeated keys, if any. */
  duplicates?: string;
}

/** The apply body: YAML (JSON included) into a map, as util/yaml.Unmarshal does. */
export function readApplyBody(body: unknown): ApplyBody {
  if (typeof body !== 'string') return { config: body ?? {} };
  const converted = yamlToJson(body);
  if ('error' in converted) {
    throw new ApiError(
      badRequest(`error decoding YAML: error converting YAML to JSON: ${converted.error}`),
    );
  }
  const value = jsonValueOf(parseGoJson(converted.json)) as Json;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    const mismatch = typeMismatch(value, 'map[string]interface {}');
    throw new ApiError(
      badRequest(`error decoding YAML: error unmarshaling JSON: while decoding JSON: ${mismatch}`),
    );
  }
  const config = (value ?? {}) as KubeObject;
  return converted.duplicates === undefined
    ? { config }
    : { config, duplicates: `error converting YAML to JSON: ${converted.duplicates}` };
}

/** addStrictDecodingWarnings: each warning once per request. */
export function addWarnings(warnings: string[] | undefined, errors: readonly string[]): void {
  for (const error of errors) {
    for (const line of warningLines(error)) if (!warnings?.includes(line)) warnings?.push(line);
  }
}

export interface PatchedDecoding {
  kind: GroupVersionKind;
  directive: FieldValidation;
  /** Strict errors of the patch body itself. */
  strictErrors: readonly string[];
  /** The value the Invalid error shows: the patched JSON, or the patch for strategic merge. */
  invalidValue: () => string;
  warnings: string[] | undefined;
  /**
   * A merge-shaped patch: only the fields it names can have changed, so only they need decoding
   * (the rest is the stored object, decoded when it was written).
   */
  touched?: Json;
}

/**
 * DecodeInto (JSON and merge patch) or FromUnstructuredWithValidation (strategic merge patch):
 * the patched object in its kind's Go type, unknown fields dropped.
 */
export function decodePatched(patched: Json, decoding: PatchedDecoding): KubeObject {
  const schema = kindSchema(decoding.kind);
  if (!schema) return patched as KubeObject;
  const part = decoding.touched === undefined ? patched : touchedPart(patched, decoding.touched);
  const decoded = decodeTyped(jsonNodeOf(part), schema);
  const fail = (detail: string): never => {
    throw new ApiError(
      invalid({ group: '', kind: '' }, '', [
        field.invalid('patch', decoding.invalidValue(), detail),
      ]),
    );
  };
  if (decoded.error !== undefined) fail(decoded.error);
  const errors =
    decoding.directive === 'Ignore' ? [] : [...decoding.strictErrors, ...decoded.strictErrors];
  if (errors.length > 0 && decoding.directive === 'Strict') {
    fail(`strict decoding error: ${errors.join(', ')}`);
  }
  if (decoding.directive === 'Warn') addWarnings(decoding.warnings, errors);
  const value = decoded.value as Json;
  if (decoding.touched === undefined) return omitEmpty(value, schema) as KubeObject;
  return omitEmpty(graft(patched, part, value), schema, decoding.touched) as KubeObject;
}

/** The field a patch key changes: `$setElementOrder/containers` changes `containers`. */
function changedField(key: string): string | null {
  if (key === '$patch' || key === '$retainKeys') return null;
  const slash = key.indexOf('/');
  return key.startsWith('$') && slash > 0 ? key.slice(slash + 1) : key;
}

/** The parts of `patched` that `patch` names; a directive-bearing map is taken whole. */
function touchedPart(patched: Json, patch: Json): Json {
  if (!isJsonObject(patched) || !isJsonObject(patch) || '$patch' in patch) return patched;
  const part: Record<string, Json> = {};
  for (const key of Object.keys(patch)) {
    const name = changedField(key);
    if (name === null || !(name in patched) || name in part) continue;
    part[name] = touchedPart(patched[name] ?? null, patch[key] ?? null);
  }
  return part;
}

/** `patched` with the decoded `value` of its `part` in place (fields decoding dropped go). */
function graft(patched: Json, part: Json, value: Json): Json {
  if (!isJsonObject(patched) || !isJsonObject(part) || part === patched) return value;
  if (!isJsonObject(value)) return value;
  for (const key of Object.keys(part)) {
    if (key in value)
      patched[key] = graft(patched[key] ?? null, part[key] ?? null, value[key] ?? null);
    else delete patched[key];
  }
  return patched;
}

/**
 * The fields of a level that a merge-shaped patch changes, each with the patch below it (none
 * when several keys name the field, as `$setElementOrder/x` and `x` do: it is walked whole).
 */
function guideOf(touched: Json | undefined): Map<string, Json | undefined> | undefined {
  if (!isJsonObject(touched) || '$patch' in touched) return undefined;
  const guide = new Map<string, Json | undefined>();
  for (const [name, below] of Object.entries(touched)) {
    const key = changedField(name);
    if (key !== null) guide.set(key, guide.has(key) || name !== key ? undefined : below);
  }
  return guide;
}

/**
 * What the typed object marshals back to: omitempty maps and slices that are empty disappear
 * (`labels: {}` after the last label was patched away). Required fields have no omitempty.
 * With `touched`, only the fields a merge-shaped patch names are looked at.
 */
function omitEmpty(value: Json, schema: SchemaNode, touched?: Json): Json {
  if (Array.isArray(value)) {
    return schema.kind === 'list' ? value.map((item) => omitEmpty(item, schema.element)) : value;
  }
  if (!isJsonObject(value) || (schema.kind !== 'map' && schema.kind !== 'struct')) return value;
  const guide = guideOf(touched);
  for (const key of guide ? guide.keys() : Object.keys(value)) {
    if (!(key in value)) continue;
    const item = value[key] ?? null;
    const below = guide?.get(key);
    if (schema.kind === 'map') {
      value[key] = omitEmpty(item, schema.value, below);
      continue;
    }
    const field = schema.field(key);
    if (!field) continue;
    const empty = Array.isArray(item) ? item.length === 0 : isEmptyObject(item);
    if (
      empty &&
      (field.kind === 'map' || field.kind === 'list') &&
      !schema.required.includes(key)
    ) {
      delete value[key];
    } else {
      value[key] = omitEmpty(item, field, below);
    }
  }
  return value;
}

function isEmptyObject(value: Json): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
