// The protobuf wire format as gogo-protobuf's generated Unmarshal methods read it (k8s.io/api
// <group>/<version>/generated.pb.go): base-128 varints of at most 64 bits, length-delimited fields
// bounded by their enclosing message, unknown fields skipped by skipGenerated, and errors with
// gogo's texts. Fixed-width numbers are only ever skipped: no Kubernetes type has one.

/** A decoding failure; the message is the Go error's text. */
export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

export const UNEXPECTED_EOF = 'unexpected EOF';
export const INTEGER_OVERFLOW = 'proto: integer overflow';
export const NEGATIVE_LENGTH = 'proto: negative length found during unmarshaling';
export const UNEXPECTED_END_OF_GROUP = 'proto: unexpected end of group';

export const VARINT = 0;
export const LENGTH_DELIMITED = 2;
const FIXED64 = 1;
const START_GROUP = 3;
export const END_GROUP = 4;
const FIXED32 = 5;

const INT64_LIMIT = 2n ** 63n;

export interface Tag {
  /** int32(wire >> 3), as gogo computes it: huge tags turn negative. */
  fieldNumber: number;
  wireType: number;
  /** The whole tag varint, which the "illegal tag" error prints. */
  wire: bigint;
}

export class WireReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  get position(): number {
    return this.pos;
  }

  /** A varint as the uint64 gogo accumulates (bits past the 64th fall away). */
  varint(): bigint {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 64n) throw new ProtobufError(INTEGER_OVERFLOW);
      const byte = this.bytes[this.pos];
      if (byte === undefined) throw new ProtobufError(UNEXPECTED_EOF);
      this.pos++;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
  }

  tag(): Tag {
    const wire = this.varint();
    return {
      fieldNumber: Number(BigInt.asIntN(32, wire >> 3n)),
      wireType: Number(wire & 7n),
      wire,
    };
  }

  int32(): number {
    return Number(BigInt.asIntN(32, this.varint()));
  }

  /** int64 fields; exact up to 2^53, as any JSON number JavaScript holds. */
  int64(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  bool(): boolean {
    return this.varint() !== 0n;
  }

  /** The bytes of a length-delimited field (a view, not a copy). */
  lengthDelimited(): Uint8Array {
    const length = BigInt.asIntN(64, this.varint());
    if (length < 0n || BigInt(this.pos) + length >= INT64_LIMIT) {
      throw new ProtobufError(NEGATIVE_LENGTH);
    }
    const end = this.pos + Number(length);
    if (end > this.bytes.length) throw new ProtobufError(UNEXPECTED_EOF);
    const field = this.bytes.subarray(this.pos, end);
    this.pos = end;
    return field;
  }

  string(): string {
    return utf8.decode(this.lengthDelimited());
  }

  /** skipGenerated: steps over the field whose tag starts at `from`, groups included. */
  skipField(from: number): void {
    this.pos = from;
    let depth = 0;
    do {
      if (this.done) throw new ProtobufError(UNEXPECTED_EOF);
      const { wireType } = this.tag();
      switch (wireType) {
        case VARINT:
          this.varint();
          break;
        case FIXED64:
          this.pos += 8;
          break;
        case LENGTH_DELIMITED:
          this.skipLength();
          break;
        case START_GROUP:
          depth++;
          break;
        case END_GROUP:
          if (depth === 0) throw new ProtobufError(UNEXPECTED_END_OF_GROUP);
          depth--;
          break;
        case FIXED32:
          this.pos += 4;
          break;
        default:
          throw new ProtobufError(`proto: illegal wireType ${wireType}`);
      }
    } while (depth > 0);
    if (this.pos > this.bytes.length) throw new ProtobufError(UNEXPECTED_EOF);
  }

  // Unlike a field read, a skip checks the end only once it is done.
  private skipLength(): void {
    const length = BigInt.asIntN(64, this.varint());
    if (length < 0n || BigInt(this.pos) + length >= INT64_LIMIT) {
      throw new ProtobufError(NEGATIVE_LENGTH);
    }
    this.pos = Math.min(this.pos + Number(length), this.bytes.length + 1);
  }
}

/** Go's string(bytes) as encoding/json writes it: invalid UTF-8 becomes U+FFFD. */
const utf8 = new TextDecoder();
