// Reads application/vnd.kubernetes.protobuf bodies (k8s.io/apimachinery runtime/serializer/protobuf):
// the `k8s\0` magic, a runtime.Unknown envelope naming apiVersion and kind, and the object's
// message, turned into the JSON shape the rest of the API server works on. Only the kinds in
// protobuf-messages.ts are known; unknown fields are skipped, as proto decoders do.

import type { ParseError } from './errors.ts';
import { encodeBase64 } from './go-base64.ts';
import { formatTime } from './time.ts';
import { KINDS, MESSAGES, type FieldSpec } from './protobuf-messages.ts';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

class Reader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new Error('unexpected EOF');
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
    throw new Error('proto: integer overflow');
  }

  take(length: number): Uint8Array {
    if (this.at + length > this.bytes.length) throw new Error('unexpected EOF');
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }

  /** Skips a field of an unknown number by its wire type. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.take(8);
    else if (wireType === 2) this.take(Number(this.varint()));
    else if (wireType === 5) this.take(4);
    else throw new Error(`proto: illegal wireType ${String(wireType)}`);
  }
}

type Json = string | number | boolean | null | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

function fields(
  bytes: Uint8Array,
  visit: (field: number, wireType: number, reader: Reader) => void,
): void {
  const reader = new Reader(bytes);
  while (!reader.done) {
    const tag = Number(reader.varint());
    visit(tag >> 3, tag & 7, reader);
  }
}

function scalar(type: string, reader: Reader): Json {
  switch (type) {
    case 'string':
      return new TextDecoder().decode(reader.take(Number(reader.varint())));
    case 'bytes':
      return encodeBase64(reader.take(Number(reader.varint())));
    case 'bool':
      return reader.varint() !== 0n;
    default:
      // int32 and int64: two's complement in a 64-bit varint.
      return Number(BigInt.asIntN(64, reader.varint()));
  }
}

/** metav1.Time: seconds since the epoch; empty means the zero time, which JSON writes as null. */
function time(bytes: Uint8Array): Json {
  let seconds = 0;
  fields(bytes, (field, wireType, reader) => {
    if (field === 1) seconds = Number(BigInt.asIntN(64, reader.varint()));
    else reader.skip(wireType);
  });
  return bytes.length === 0 ? null : formatTime(seconds * 1000);
}

function intOrString(bytes: Uint8Array): Json {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  fields(bytes, (field, wireType, reader) => {
    if (field === 1) type = Number(reader.varint());
    else if (field === 2) intVal = Number(BigInt.asIntN(64, reader.varint()));
    else if (field === 3) strVal = scalar('string', reader) as string;
    else reader.skip(wireType);
  });
  return type === 1 ? strVal : intVal;
}

function value(spec: FieldSpec, reader: Reader): Json {
  if (spec.type in MESSAGES || spec.type === 'Time' || spec.type === 'IntOrString') {
    const bytes = reader.take(Number(reader.varint()));
    if (spec.type === 'Time') return time(bytes);
    if (spec.type === 'IntOrString') return intOrString(bytes);
    return message(spec.type, bytes);
  }
  return scalar(spec.type, reader);
}

function mapEntry(spec: FieldSpec, bytes: Uint8Array): [string, Json] {
  let key = '';
  let entry: Json = spec.type === 'bytes' || spec.type === 'string' ? '' : null;
  fields(bytes, (field, wireType, reader) => {
    if (field === 1) key = scalar('string', reader) as string;
    else if (field === 2) entry = value(spec, reader);
    else reader.skip(wireType);
  });
  return [key, entry];
}

function isZero(json: Json): boolean {
  if (json === null || json === '' || json === 0 || json === false) return true;
  return typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0;
}

function message(name: string, bytes: Uint8Array): Record<string, Json> {
  const specs = MESSAGES[name] ?? {};
  const out: Record<string, Json> = {};
  fields(bytes, (field, wireType, reader) => {
    const spec = specs[field];
    if (!spec) {
      reader.skip(wireType);
      return;
    }
    if (spec.map) {
      const [key, entry] = mapEntry(spec, reader.take(Number(reader.varint())));
      const map = (out[spec.name] ??= {}) as Record<string, Json>;
      map[key] = entry;
    } else if (spec.repeated) {
      ((out[spec.name] ??= []) as Json[]).push(value(spec, reader));
    } else {
      const decoded = value(spec, reader);
      if (spec.keep || spec.emit || !isZero(decoded)) out[spec.name] = decoded;
      else delete out[spec.name];
    }
  });
  return out;
}

/** A body of a kind without a message table here: answered as if protobuf were not accepted. */
export interface UnknownKind extends ParseError {
  unknownKind: true;
}

/** The object a protobuf body holds, with apiVersion and kind from its envelope. */
export function decodeProtobuf(
  bytes: Uint8Array,
): Record<string, unknown> | ParseError | UnknownKind {
  if (!MAGIC.every((byte, index) => bytes[index] === byte))
    return {
      error:
        'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    };
  try {
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array = new Uint8Array();
    fields(bytes.subarray(MAGIC.length), (field, wireType, reader) => {
      if (field === 1) {
        fields(reader.take(Number(reader.varint())), (inner, innerType, typeReader) => {
          if (inner === 1) apiVersion = scalar('string', typeReader) as string;
          else if (inner === 2) kind = scalar('string', typeReader) as string;
          else typeReader.skip(innerType);
        });
      } else if (field === 2) {
        raw = reader.take(Number(reader.varint()));
      } else {
        reader.skip(wireType);
      }
    });
    const name = KINDS[`${apiVersion}/${kind}`];
    if (!name) {
      return {
        error: `no protobuf message known for ${apiVersion}, Kind=${kind}`,
        unknownKind: true,
      };
    }
    return { apiVersion, kind, ...message(name, raw) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
