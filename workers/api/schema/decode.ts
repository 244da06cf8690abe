// Decoding JSON into a typed object, as kube-apiserver's strict JSON serializer does with
// sigs.k8s.io/json UnmarshalStrict (a fork of encoding/json, internal/golang/encoding/json
// decode.go + kubernetes_patch.go): case-sensitive field names, unknown and duplicate fields
// collected as strict errors (`unknown field "spec.containers[0].imagee"`), type mismatches as
// Go's UnmarshalTypeError (`json: cannot unmarshal string into Go struct field
// DeploymentSpec.spec.replicas of type int32`), and the custom unmarshalers of Quantity,
// IntOrString, Time and MicroTime, whose results are re-encoded the way Go marshals them.
// Leaves out Go's merging of a repeated struct field into the earlier value (the last one wins).

import { isParseError } from '../errors.ts';
import { decodeBase64, encodeBase64 } from '../go-base64.ts';
import { jsonValueOf, type JsonNode } from '../json/go-json.ts';
import { formatGoTime, parseGoTime, RFC3339, RFC3339_MICRO } from '../json/go-values.ts';
import { parseQuantity, quantityString } from '../quantity.ts';
import type { SchemaNode, StructNode } from './schema.ts';

export interface DecodeResult {
  /** The decoded value, unknown fields dropped, quantities and times in canonical form. */
  value: unknown;
  /** Strict decoding errors in document order: `unknown field "x"`, `duplicate field "y"`. */
  strictErrors: string[];
  /** The decoding error that fails the request, if any; strict errors then do not count. */
  error?: string;
}

/** kubernetes_patch.go keeps at most this many strict errors. */
const MAX_STRICT_ERRORS = 100;

const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
const INT32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** Where the decoder is: the innermost struct and the field names leading to it, for errors. */
interface Context {
  struct: string;
  fields: readonly string[];
  /** The strict error path: field names, map keys and `[i]` indexes. */
  path: string;
}

/** An error a custom unmarshaler returns: it stops decoding at once. */
class UnmarshalerError extends Error {}

/** Decodes `node` as a value of `schema` (the kind's root struct, usually). */
export function decodeTyped(node: JsonNode, schema: SchemaNode): DecodeResult {
  const decoder = new TypedDecoder();
  try {
    const value = decoder.value(node, schema, { struct: '', fields: [], path: '' });
    if (decoder.savedError !== undefined) {
      return { value, strictErrors: [], error: decoder.savedError };
    }
    return { value, strictErrors: decoder.strictErrors };
  } catch (error) {
    if (!(error instanceof UnmarshalerError)) throw error;
    return { value: null, strictErrors: [], error: error.message };
  }
}

/**
 * kjson.UnmarshalStrict into map[string]interface{}, as the patch handler reads JSON and strategic
 * merge patches: the value, and a `duplicate field` error per repeated key.
 */
export function decodeUntyped(node: JsonNode): DecodeResult {
  const decoder = new TypedDecoder();
  const value = decoder.untyped(node, { struct: '', fields: [], path: '' });
  return { value, strictErrors: decoder.strictErrors };
}

function jsonKind(node: JsonNode): string {
  return node.type === 'bool' ? 'bool' : node.type;
}

class TypedDecoder {
  savedError: string | undefined;
  readonly strictErrors: string[] = [];
  private readonly seen = new Set<string>();

  /** decode.go addErrorContext: which struct field the bad value was for. */
  private typeError(value: string, goType: string, context: Context): string {
    if (context.struct === '' && context.fields.length === 0) {
      return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
    }
    const field = `${context.struct}.${context.fields.join('.')}`;
    return `json: cannot unmarshal ${value} into Go struct field ${field} of type ${goType}`;
  }

  /** Keeps the first error; the value it was about decodes to nothing (null). */
  private saveError(message: string): null {
    this.savedError ??= message;
    return null;
  }

  private strict(kind: 'unknown field' | 'duplicate field', context: Context, name: string): void {
    const path = context.path === '' ? name : `${context.path}.${name}`;
    const error = `${kind} ${JSON.stringify(path)}`;
    if (this.strictErrors.length >= MAX_STRICT_ERRORS || this.seen.has(error)) return;
    this.seen.add(error);
    this.strictErrors.push(error);
  }

  value(node: JsonNode, schema: SchemaNode, context: Context): unknown {
    if (node.type === 'null') return null;
    switch (schema.kind) {
      case 'struct':
        return this.struct(node, schema, context);
      case 'list':
        if (node.type !== 'array') {
          return this.saveError(this.typeError(jsonKind(node), schema.goType, context));
        }
        return node.items.map((item, index) =>
          this.value(item, schema.element, { ...context, path: `${context.path}[${index}]` }),
        );
      case 'map':
        return this.map(node, schema, context);
      case 'scalar':
        return this.scalar(node, schema, context);
      case 'untyped':
        return this.untyped(node, context);
    }
  }

  private struct(node: JsonNode, schema: StructNode, context: Context): unknown {
    if (node.type !== 'object') {
      return this.saveError(this.typeError(jsonKind(node), schema.goType, context));
    }
    const struct = schema.definition?.split('.').at(-1) ?? '';
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [key, child] of node.entries) {
      const field = schema.field(key);
      if (!field) {
        this.strict('unknown field', context, key);
        continue;
      }
      if (seen.has(key)) this.strict('duplicate field', context, key);
      seen.add(key);
      const value = this.value(child, field, {
        struct,
        fields: [...context.fields, key],
        path: context.path === '' ? key : `${context.path}.${key}`,
      });
      if (value === null || value === undefined) delete result[key];
      else result[key] = value;
    }
    return result;
  }

  private map(node: JsonNode, schema: SchemaNode & { kind: 'map' }, context: Context): unknown {
    if (node.type !== 'object') {
      return this.saveError(this.typeError(jsonKind(node), schema.goType, context));
    }
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [key, child] of node.entries) {
      if (seen.has(key)) this.strict('duplicate field', context, key);
      seen.add(key);
      const path = context.path === '' ? key : `${context.path}.${key}`;
      const value = this.value(child, schema.value, { ...context, path });
      result[key] = value ?? zeroValue(schema.value);
    }
    return result;
  }

  /** Any JSON: decode.go objectInterface still reports duplicate keys. */
  untyped(node: JsonNode, context: Context): unknown {
    if (node.type === 'array') {
      node.items.forEach((item, index) => {
        this.untyped(item, { ...context, path: `${context.path}[${index}]` });
      });
    } else if (node.type === 'object') {
      const seen = new Set<string>();
      for (const [key, child] of node.entries) {
        if (seen.has(key)) this.strict('duplicate field', context, key);
        seen.add(key);
        this.untyped(child, {
          ...context,
          path: context.path === '' ? key : `${context.path}.${key}`,
        });
      }
    }
    return jsonValueOf(node);
  }

  private scalar(
    node: JsonNode,
    schema: SchemaNode & { kind: 'scalar' },
    context: Context,
  ): unknown {
    const mismatch = (value = jsonKind(node)): null =>
      this.saveError(this.typeError(value, schema.goType, context));
    switch (schema.scalar) {
      case 'int-or-string':
        return this.intOrString(node, context);
      case 'quantity':
        return quantity(node);
      case 'boolean':
        return node.type === 'bool' ? node.value : mismatch();
      case 'integer': {
        if (node.type !== 'number') return mismatch();
        const range = schema.format === 'int64' ? INT64 : INT32;
        if (!/^-?[0-9]+$/.test(node.text)) return mismatch(`number ${node.text}`);
        const value = BigInt(node.text);
        if (value < range.min || value > range.max) return mismatch(`number ${node.text}`);
        return Number(node.text);
      }
      case 'number': {
        if (node.type !== 'number') return mismatch();
        const value = Number(node.text);
        return Number.isFinite(value) ? value : mismatch(`number ${node.text}`);
      }
      case 'string':
        if (schema.format === 'date-time') return this.time(node, schema, context);
        if (schema.format === 'byte') return this.bytes(node, schema, context);
        return node.type === 'string' ? node.value : mismatch();
    }
  }

  /** intstr.go UnmarshalJSON: a string, or json.Unmarshal into an int32. */
  private intOrString(node: JsonNode, context: Context): unknown {
    if (node.type === 'string') return node.value;
    const int = node.type === 'number' && /^-?[0-9]+$/.test(node.text) ? BigInt(node.text) : null;
    if (int !== null && int >= INT32.min && int <= INT32.max) return Number(int);
    const value = node.type === 'number' ? `number ${node.text}` : jsonKind(node);
    throw new UnmarshalerError(this.typeError(value, 'int32', context));
  }

  /** time.go / micro_time.go UnmarshalJSON: json.Unmarshal into a string, then time.Parse. */
  private time(node: JsonNode, schema: SchemaNode, context: Context): string {
    if (node.type !== 'string') {
      throw new UnmarshalerError(this.typeError(jsonKind(node), 'string', context));
    }
    const layout = schema.definition === MICRO_TIME ? RFC3339_MICRO : RFC3339;
    const parsed = parseGoTime(node.value, layout);
    if ('error' in parsed) throw new UnmarshalerError(parsed.error);
    return formatGoTime(parsed, layout);
  }

  /** []byte: base64 text, or (as Go also takes) an array of byte values. */
  private bytes(node: JsonNode, schema: SchemaNode, context: Context): unknown {
    if (node.type === 'string') {
      const decoded = decodeBase64(node.value);
      return isParseError(decoded) ? this.saveError(decoded.error) : node.value;
    }
    if (node.type !== 'array')
      return this.saveError(this.typeError(jsonKind(node), schema.goType, context));
    const bytes: number[] = [];
    node.items.forEach((item, index) => {
      const at = { ...context, path: `${context.path}[${index}]` };
      const byte = item.type === 'number' && /^[0-9]+$/.test(item.text) ? Number(item.text) : NaN;
      if (item.type === 'null') bytes.push(0);
      else if (byte >= 0 && byte <= 255) bytes.push(byte);
      else if (item.type === 'number')
        this.saveError(this.typeError(`number ${item.text}`, 'uint8', at));
      else this.saveError(this.typeError(jsonKind(item), 'uint8', at));
    });
    return encodeBase64(Uint8Array.from(bytes));
  }
}

/** quantity.go UnmarshalJSON: the text (quotes removed) through ParseQuantity, kept canonical. */
function quantity(node: JsonNode): string {
  const text =
    node.type === 'string'
      ? node.value
      : node.type === 'number'
        ? node.text
        : node.type === 'bool'
          ? String(node.value)
          : node.type === 'object'
            ? '{'
            : '[';
  const parsed = parseQuantity(text.trim());
  if (isParseError(parsed)) throw new UnmarshalerError(parsed.error);
  return quantityString(parsed);
}

/** What a map holds for a `null` value: the Go zero value of its element type. */
function zeroValue(schema: SchemaNode): unknown {
  if (schema.kind === 'struct') return {};
  if (schema.kind !== 'scalar') return null;
  switch (schema.scalar) {
    case 'string':
      return schema.format === 'date-time' || schema.format === 'byte' ? null : '';
    case 'boolean':
      return false;
    case 'quantity':
      return '0';
    default:
      return 0;
  }
}
