// A decoded message as the JSON Go's encoding/json writes for the same Go value (encode.go):
// fields in struct order, embedded inline structs flattened in place, omitempty dropping "", 0,
// false, nil pointers and empty slices and maps (never structs), nil slices, maps and pointers
// otherwise written as null, map keys sorted, []byte as base64. The well-known types write
// themselves: metav1.Time as RFC 3339 seconds and MicroTime with microseconds (null when zero),
// Quantity as its canonical string, IntOrString as a number or a string, RawExtension and
// FieldsV1 as their raw JSON.
// Leaves out: an IntOrString type other than 0 and 1 (Go fails to encode it; here it is a
// number), and raw bytes that are not JSON: Go keeps them and fails each time it encodes the
// object; here decoding fails, with the JavaScript parser's account of the syntax error.

import { quantityString, type Quantity } from '../quantity.ts';
import {
  INT_OR_STRING_STRING,
  ZERO_TIME_SECONDS,
  type FieldValue,
  type MessageState,
  type TimeValue,
} from './decode.ts';
import {
  isScalar,
  type FieldSpec,
  type FieldType,
  type MessageType,
  type Scalar,
} from './schema-format.ts';
import { ProtobufError } from './wire.ts';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function renderMessage(
  type: MessageType,
  state: MessageState | undefined,
  out: JsonObject = {},
): JsonObject {
  for (const field of type.fields) {
    const value = state?.get(field.number);
    if (field.jsonName === '') {
      renderMessage(field.type as MessageType, value as MessageState | undefined, out);
      continue;
    }
    const json = renderField(field, value);
    if (json !== undefined) out[field.jsonName] = json;
  }
  return out;
}

/** A field's JSON, or undefined when omitempty leaves it out. */
function renderField(field: FieldSpec, value: FieldValue | undefined): Json | undefined {
  const absent = field.omitEmpty ? undefined : null;
  switch (field.cardinality) {
    case 'repeated': {
      const items = value as FieldValue[] | undefined;
      if (!items?.length) return absent;
      return items.map((item) => renderValue(field.type, item));
    }
    case 'map': {
      const entries = value as Map<string, FieldValue | undefined> | undefined;
      if (!entries?.size) return absent;
      const out: JsonObject = {};
      for (const key of [...entries.keys()].sort(compareUtf8)) {
        setKey(out, key, renderValue(field.type, entries.get(key)));
      }
      return out;
    }
    case 'pointer':
      return value === undefined ? absent : renderValue(field.type, value);
    case 'single':
      if (field.omitEmpty && isScalar(field.type) && isEmptyScalar(value)) return undefined;
      return renderValue(field.type, value);
  }
}

/** Sets a map entry as JSON.parse would: `__proto__` is a key like any other. */
function setKey(out: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    out[key] = value;
  }
}

function isEmptyScalar(value: FieldValue | undefined): boolean {
  if (value instanceof Uint8Array) return value.length === 0;
  return value === undefined || value === '' || value === 0 || value === false;
}

/** A value of the type; undefined is the type's zero value. */
function renderValue(type: FieldType, value: FieldValue | undefined): Json {
  switch (type) {
    case 'time':
      return formatTime(value as TimeValue | undefined, false);
    case 'microTime':
      return formatTime(value as TimeValue | undefined, true);
    case 'quantity':
      return value === undefined ? '0' : quantityString(value as Quantity);
    case 'intOrString':
      return intOrString(value as MessageState | undefined);
    case 'rawExtension':
      return rawJson(value as MessageState | undefined, 'runtime.RawExtension');
    case 'fieldsV1':
      return rawJson(value as MessageState | undefined, '*v1.FieldsV1');
    default:
      if (isScalar(type)) return renderScalar(type, value);
      if (type.listOf !== undefined)
        return renderList(type.listOf, value as MessageState | undefined);
      return renderMessage(type, value as MessageState | undefined);
  }
}

function renderScalar(type: Scalar, value: FieldValue | undefined): Json {
  switch (type) {
    case 'string':
      return (value as string | undefined) ?? '';
    case 'int32':
    case 'int64':
      return (value as number | undefined) ?? 0;
    case 'bool':
      return (value as boolean | undefined) ?? false;
    case 'bytes':
      return value === undefined ? null : base64(value as Uint8Array);
  }
}

/** A named slice type (ExtraValue): its items, or null when it has none (a nil slice). */
function renderList(type: Scalar, state: MessageState | undefined): Json {
  const items = state?.get(1) as FieldValue[] | undefined;
  return items?.length ? items.map((item) => renderScalar(type, item)) : null;
}

/** IntOrString.MarshalJSON: Type 1 is a string, anything else the integer. */
function intOrString(state: MessageState | undefined): Json {
  if (state?.get(1) === INT_OR_STRING_STRING) return (state.get(3) as string | undefined) ?? '';
  return (state?.get(2) as number | undefined) ?? 0;
}

/** RawExtension.MarshalJSON / FieldsV1.MarshalJSON: nil is null, anything else verbatim. */
function rawJson(state: MessageState | undefined, goType: string): Json {
  const raw = state?.get(1) as Uint8Array | undefined;
  if (raw === undefined) return null;
  const text = utf8.decode(raw);
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtobufError(`json: error calling MarshalJSON for type ${goType}: ${reason}`);
  }
}

const utf8 = new TextDecoder();

/** metav1.Time.MarshalJSON (RFC 3339) and MicroTime.MarshalJSON (RFC 3339 with 6 digits). */
function formatTime(value: TimeValue | undefined, micro: boolean): Json {
  if (!value || (value.seconds === ZERO_TIME_SECONDS && value.nanos === 0)) return null;
  const days = Math.floor(value.seconds / 86400);
  const secondOfDay = value.seconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month)}-${pad(day)}`;
  const clock = `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}`;
  const fraction = micro ? `.${pad(Math.floor(value.nanos / 1000), 6)}` : '';
  return `${date}T${clock}${fraction}Z`;
}

/** Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/** encoding/base64 StdEncoding, as encoding/json writes []byte. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Go orders map keys by their UTF-8 bytes, which is code point order; UTF-16 code units differ
 * from it only where a surrogate pair meets U+E000–U+FFFF.
 */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}
