import { describe, expect, it } from 'vitest';
import { bytes, field, tag, varint } from './testing.ts';
import { WireReader } from './wire.ts';

const reader = (...parts: number[][]) => new WireReader(bytes(...parts));

describe('WireReader', () => {
  it.each([
    ['one byte', [0x01], 1],
    ['two bytes', [0xac, 0x02], 300],
    ['int32 -1 as ten bytes', varint(-1), -1],
    ['int32 keeping the low 32 bits', varint(2n ** 32n + 5n), 5],
    ['int32 minimum', varint(-(2 ** 31)), -(2 ** 31)],
  ])('reads an int32 varint: %s', (_, encoded, value) => {
    expect(reader(encoded).int32()).toBe(value);
  });

  it.each([
    ['a large int64', varint(2 ** 40 + 3), 2 ** 40 + 3],
    ['a negative int64', varint(-1234567890123), -1234567890123],
  ])('reads an int64 varint: %s', (_, encoded, value) => {
    expect(reader(encoded).int64()).toBe(value);
  });

  it.each([
    ['0', [0x00], false],
    ['1', [0x01], true],
    ['any non-zero value', [0x80, 0x01], true],
  ])('reads a bool from %s', (_, encoded, value) => {
    expect(reader(encoded).bool()).toBe(value);
  });

  it.each([
    [
      'a varint longer than 64 bits',
      [...Array<number>(10).fill(0x80), 0x01],
      'proto: integer overflow',
    ],
    ['a varint cut short', [0x80, 0x80], 'unexpected EOF'],
    ['nothing at all', [], 'unexpected EOF'],
  ])('rejects %s', (_, encoded, message) => {
    expect(() => reader(encoded).varint()).toThrow(message);
  });

  it('reads a tag as gogo does, a field number past int32 turning negative', () => {
    expect(reader(tag(5, 2)).tag()).toEqual({ fieldNumber: 5, wireType: 2, wire: 42n });
    expect(reader(varint(2n ** 34n + 2n)).tag().fieldNumber).toBe(-(2 ** 31));
  });

  it.each([
    ['a length past the end', [0x05, 0x61], 'unexpected EOF'],
    ['a negative length', varint(-1), 'proto: negative length found during unmarshaling'],
    [
      'a length overflowing int64',
      varint(2n ** 63n - 1n),
      'proto: negative length found during unmarshaling',
    ],
  ])('rejects a length-delimited field with %s', (_, encoded, message) => {
    expect(() => reader(encoded).lengthDelimited()).toThrow(message);
  });

  it('reads strings as UTF-8, invalid bytes as U+FFFD', () => {
    expect(reader([0x03, 0xe2, 0x82, 0xac]).string()).toBe('€');
    expect(reader([0x01, 0xff]).string()).toBe('\ufffd');
  });

  it.each([
    ['a varint', field.varint(9, 300)],
    ['a length-delimited field', field.string(9, 'skipped')],
    ['a fixed64', [...tag(9, 1), 1, 2, 3, 4, 5, 6, 7, 8]],
    ['a fixed32', [...tag(9, 5), 1, 2, 3, 4]],
    [
      'a group with fields and a nested group',
      [...tag(9, 3), ...field.varint(1, 1), ...tag(2, 3), ...tag(2, 4), ...tag(9, 4)],
    ],
  ])('skips %s', (_, skipped) => {
    const wire = reader(skipped, field.varint(1, 7));
    wire.skipField(0);
    expect(wire.tag().fieldNumber).toBe(1);
    expect(wire.int32()).toBe(7);
  });

  it.each([
    ['a fixed64 cut short', [...tag(9, 1), 1, 2], 'unexpected EOF'],
    ['a length past the end', [...tag(9, 2), 0x05, 0x61], 'unexpected EOF'],
    ['an unterminated group', [...tag(9, 3), ...field.varint(1, 1)], 'unexpected EOF'],
    ['a stray end of group', tag(9, 4), 'proto: unexpected end of group'],
    ['wire type 6', tag(9, 6), 'proto: illegal wireType 6'],
    ['wire type 7', tag(9, 7), 'proto: illegal wireType 7'],
  ])('skipping %s fails as skipGenerated does', (_, skipped, message) => {
    expect(() => {
      reader(skipped).skipField(0);
    }).toThrow(message);
  });
});
