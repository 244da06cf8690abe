// A protobuf message read into the Go value gogo-protobuf's generated Unmarshal would fill
// (k8s.io/api <group>/<version>/generated.pb.go): absent fields stay absent (Go's zero or nil),
// a repeated occurrence of a message field merges into it, repeated fields append (packed or not),
// map entries set their key, unknown fields are skipped. The well-known types decode as their
// hand-written Unmarshal methods do: metav1.Time keeps whole seconds (time_proto.go), MicroTime
// truncates to microseconds (micro_time_proto.go), Quantity parses its string
// (quantity_proto.go).

import { isParseError } from '../errors.ts';
import { parseQuantity, type Quantity } from '../quantity.ts';
import { messageType, type FieldSpec, type FieldType, type MessageType } from './schema-format.ts';
import { END_GROUP, LENGTH_DELIMITED, ProtobufError, VARINT, WireReader } from './wire.ts';

/** A decoded metav1.Time or MicroTime; null is Go's zero time.Time. */
export type TimeValue = { seconds: number; nanos: number } | null;

export type FieldValue =
  | string
  | number
  | boolean
  | Uint8Array
  | TimeValue
  | Quantity
  | MessageState
  | FieldValue[]
  | Map<string, FieldValue | undefined>;

/** Field values by field number; an absent number is Go's zero value. */
export type MessageState = Map<number, FieldValue>;

const TIMESTAMP = messageType('Timestamp', '1seconds!:l 2nanos!:i');
const QUANTITY = messageType('Quantity', '1string!:s=String');
export const INT_OR_STRING = messageType('IntOrString', '1type!:l 2intVal!:i 3strVal!:s');
/** intstr.String, the Type of an IntOrString holding a string (intstr.Int is 0). */
export const INT_OR_STRING_STRING = 1;
const RAW_EXTENSION = messageType('RawExtension', '1raw!:y');
const FIELDS_V1 = messageType('FieldsV1', '1raw!:y=Raw');

/** The first second of year 1, Go's zero time, in Unix seconds. */
export const ZERO_TIME_SECONDS = -62135596800;
const NANOS_PER_SECOND = 1e9;

export function decodeMessage(
  type: MessageType,
  bytes: Uint8Array,
  state: MessageState = new Map(),
): MessageState {
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const start = reader.position;
    const tag = reader.tag();
    if (tag.wireType === END_GROUP) {
      throw new ProtobufError(`proto: ${type.name}: wiretype end group for non-group`);
    }
    if (tag.fieldNumber <= 0) {
      throw new ProtobufError(
        `proto: ${type.name}: illegal tag ${tag.fieldNumber} (wire type ${tag.wire})`,
      );
    }
    const field = type.byNumber.get(tag.fieldNumber);
    if (field) readField(reader, field, tag.wireType, state);
    else reader.skipField(start);
  }
  return state;
}

function isVarint(type: FieldType): boolean {
  return type === 'int32' || type === 'int64' || type === 'bool';
}

function readField(
  reader: WireReader,
  field: FieldSpec,
  wireType: number,
  state: MessageState,
): void {
  const expectWireType = (expected: number) => {
    if (wireType !== expected) {
      throw new ProtobufError(`proto: wrong wireType = ${wireType} for field ${field.goName}`);
    }
  };
  const wireTypeOfValue = isVarint(field.type) ? VARINT : LENGTH_DELIMITED;
  switch (field.cardinality) {
    case 'map': {
      expectWireType(LENGTH_DELIMITED);
      const entries =
        (state.get(field.number) as Map<string, FieldValue | undefined> | undefined) ?? new Map();
      const [key, value] = readMapEntry(reader.lengthDelimited(), field.type);
      entries.set(key, value);
      state.set(field.number, entries);
      return;
    }
    case 'repeated': {
      const items = (state.get(field.number) as FieldValue[] | undefined) ?? [];
      if (isVarint(field.type) && wireType === LENGTH_DELIMITED) {
        const packed = new WireReader(reader.lengthDelimited());
        while (!packed.done) items.push(readValue(packed, field.type, undefined));
      } else {
        expectWireType(wireTypeOfValue);
        items.push(readValue(reader, field.type, undefined));
      }
      state.set(field.number, items);
      return;
    }
    default:
      expectWireType(wireTypeOfValue);
      state.set(field.number, readValue(reader, field.type, state.get(field.number)));
  }
}

/**
 * One entry of a map field: key 1, value 2, each read by the map's types whatever the entry's
 * wire types say (as gogo does); a missing key or value is the zero value.
 */
function readMapEntry(bytes: Uint8Array, type: FieldType): [string, FieldValue | undefined] {
  const reader = new WireReader(bytes);
  let key = '';
  // Go's map values start as []byte{} and "": present, unlike an absent field.
  let value: FieldValue | undefined =
    type === 'bytes' ? new Uint8Array(0) : type === 'string' ? '' : undefined;
  while (!reader.done) {
    const start = reader.position;
    const { fieldNumber } = reader.tag();
    if (fieldNumber === 1) key = reader.string();
    else if (fieldNumber === 2) value = readValue(reader, type, undefined);
    else reader.skipField(start);
  }
  return [key, value];
}

function readValue(
  reader: WireReader,
  type: FieldType,
  previous: FieldValue | undefined,
): FieldValue {
  switch (type) {
    case 'string':
      return reader.string();
    case 'int32':
      return reader.int32();
    case 'int64':
      return reader.int64();
    case 'bool':
      return reader.bool();
    case 'bytes':
      return reader.lengthDelimited().slice();
    case 'time':
      return decodeTime(reader.lengthDelimited(), false);
    case 'microTime':
      return decodeTime(reader.lengthDelimited(), true);
    case 'quantity':
      return decodeQuantity(reader.lengthDelimited(), previous as Quantity | undefined);
    case 'intOrString':
      return decodeMessage(
        INT_OR_STRING,
        reader.lengthDelimited(),
        previous as MessageState | undefined,
      );
    case 'rawExtension':
      return decodeMessage(
        RAW_EXTENSION,
        reader.lengthDelimited(),
        previous as MessageState | undefined,
      );
    case 'fieldsV1':
      return decodeMessage(
        FIELDS_V1,
        reader.lengthDelimited(),
        previous as MessageState | undefined,
      );
    default:
      return decodeMessage(type, reader.lengthDelimited(), previous as MessageState | undefined);
  }
}

/** Time.Unmarshal / MicroTime.Unmarshal: an empty message is the zero time. */
function decodeTime(bytes: Uint8Array, micro: boolean): TimeValue {
  if (bytes.length === 0) return null;
  const timestamp = decodeMessage(TIMESTAMP, bytes);
  const seconds = (timestamp.get(1) as number | undefined) ?? 0;
  if (!micro) return { seconds, nanos: 0 };
  const nanos = (timestamp.get(2) as number | undefined) ?? 0;
  return unixTime(seconds, nanos - (nanos % 1000));
}

/** time.Unix: nanoseconds outside [0, 1e9) carry into the seconds. */
function unixTime(seconds: number, nanos: number): { seconds: number; nanos: number } {
  if (nanos >= 0 && nanos < NANOS_PER_SECOND) return { seconds, nanos };
  const carry = Math.trunc(nanos / NANOS_PER_SECOND);
  let sec = seconds + carry;
  let nsec = nanos - carry * NANOS_PER_SECOND;
  if (nsec < 0) {
    nsec += NANOS_PER_SECOND;
    sec--;
  }
  return { seconds: sec, nanos: nsec };
}

/** Quantity.Unmarshal: the string is parsed (and so canonicalised); without one, nothing changes. */
function decodeQuantity(bytes: Uint8Array, previous: Quantity | undefined): Quantity {
  const text = decodeMessage(QUANTITY, bytes).get(1) as string | undefined;
  if (text === undefined) return previous ?? { milliValue: 0, format: 'DecimalSI' };
  const quantity = parseQuantity(text);
  if (isParseError(quantity)) throw new ProtobufError(quantity.error);
  return quantity;
}
