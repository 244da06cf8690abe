// Protobuf bytes for tests, written field by field the way gogo-protobuf's Marshal writes them.

type Bytes = readonly number[];

export function varint(value: number | bigint): number[] {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return out;
}

export function tag(fieldNumber: number, wireType: number): number[] {
  return varint((BigInt(fieldNumber) << 3n) | BigInt(wireType));
}

export const field = {
  varint: (fieldNumber: number, value: number | bigint | boolean): number[] => [
    ...tag(fieldNumber, 0),
    ...varint(typeof value === 'boolean' ? Number(value) : value),
  ],
  bytes: (fieldNumber: number, payload: Bytes): number[] => [
    ...tag(fieldNumber, 2),
    ...varint(payload.length),
    ...payload,
  ],
  string: (fieldNumber: number, text: string): number[] =>
    field.bytes(fieldNumber, [...new TextEncoder().encode(text)]),
  message: (fieldNumber: number, ...parts: Bytes[]): number[] =>
    field.bytes(fieldNumber, parts.flat()),
  /** A map entry: key 1, value 2. */
  entry: (fieldNumber: number, key: string, value: Bytes): number[] =>
    field.message(fieldNumber, field.string(1, key), value),
};

export function bytes(...parts: Bytes[]): Uint8Array {
  return new Uint8Array(parts.flat());
}

/** `k8s\0` and a runtime.Unknown carrying the object's message. */
export function envelope(apiVersion: string, kind: string, ...raw: Bytes[]): Uint8Array {
  return bytes(
    [0x6b, 0x38, 0x73, 0x00],
    field.message(1, field.string(1, apiVersion), field.string(2, kind)),
    field.bytes(2, raw.flat()),
    field.string(3, ''),
    field.string(4, ''),
  );
}
