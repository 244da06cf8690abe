import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.ts';
import { renderMessage } from './render.ts';
import { messageType, protobufSchema, type MessageType } from './schema-format.ts';
import { bytes, field, tag, varint } from './testing.ts';

const ITEM = messageType('Item', '1name!:s 2value:*s');
const SAMPLE = messageType(
  'Sample',
  '1name:s 2count:i 3items:[]Item 4child:Item 5numbers:[]i=Numbers 6labels:{}s 7data:{}y 8size:*q 9limits:{}q 10since:*t 11renewed:*m',
  () => ITEM,
);

function json(type: MessageType, ...parts: number[][]) {
  return renderMessage(type, decodeMessage(type, bytes(...parts)));
}

describe('decodeMessage', () => {
  it('keeps the last value of a scalar field that occurs twice', () => {
    expect(json(SAMPLE, field.string(1, 'a'), field.string(1, 'b'))).toMatchObject({ name: 'b' });
  });

  it('merges a message field that occurs twice, as gogo Unmarshal into the same struct', () => {
    const first = field.message(4, field.string(1, 'kept'), field.string(2, 'old'));
    const second = field.message(4, field.string(2, 'new'));
    expect(json(SAMPLE, first, second)).toMatchObject({ child: { name: 'kept', value: 'new' } });
  });

  it('appends repeated fields, packed or not', () => {
    const packed = field.bytes(5, [...varint(3), ...varint(-1)]);
    const items = [field.message(3, field.string(1, 'x')), field.message(3, field.string(1, 'y'))];
    expect(json(SAMPLE, field.varint(5, 1), packed, field.varint(5, 4), ...items)).toMatchObject({
      numbers: [1, 3, -1, 4],
      items: [{ name: 'x' }, { name: 'y' }],
    });
  });

  it('sets map entries by key, a missing key or value being the zero value', () => {
    const entries = [
      field.entry(6, 'a', field.string(2, '1')),
      field.entry(6, 'a', field.string(2, '2')),
      field.message(6, field.string(2, 'no key')),
      field.entry(6, 'no-value', []),
      field.entry(7, 'empty', []),
    ];
    expect(json(SAMPLE, ...entries)).toMatchObject({
      labels: { '': 'no key', a: '2', 'no-value': '' },
      data: { empty: '' },
    });
  });

  it('skips unknown fields of every wire type', () => {
    const unknown = [
      field.varint(99, 1),
      field.string(98, 'x'),
      [...tag(97, 1), 1, 2, 3, 4, 5, 6, 7, 8],
      [...tag(96, 5), 1, 2, 3, 4],
      [...tag(95, 3), ...field.varint(1, 1), ...tag(95, 4)],
    ];
    expect(json(SAMPLE, ...unknown, field.string(1, 'n'))).toEqual({
      name: 'n',
      child: { name: '' },
    });
  });

  it.each([
    [
      'a string field sent as a varint',
      field.varint(1, 5),
      'proto: wrong wireType = 0 for field Name',
    ],
    [
      'an int32 field sent as bytes',
      field.string(2, 'x'),
      'proto: wrong wireType = 2 for field Count',
    ],
    [
      'a repeated int32 sent as fixed32',
      [...tag(5, 5), 0, 0, 0, 0],
      'proto: wrong wireType = 5 for field Numbers',
    ],
    ['a map sent as a varint', field.varint(6, 1), 'proto: wrong wireType = 0 for field Labels'],
    ['an end-group tag', tag(1, 4), 'proto: Sample: wiretype end group for non-group'],
    ['field number 0', tag(0, 2), 'proto: Sample: illegal tag 0 (wire type 2)'],
    ['a nested message cut short', field.message(4, [...tag(1, 2), 0x05]), 'unexpected EOF'],
    [
      'a nested message with a bad tag',
      field.message(4, tag(0, 0)),
      'proto: Item: illegal tag 0 (wire type 0)',
    ],
    [
      'an invalid quantity',
      field.message(8, field.string(1, '1.2.3')),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      'a quantity with an unknown suffix',
      field.message(8, field.string(1, '1ki')),
      "unable to parse quantity's suffix",
    ],
    [
      'a timestamp with a bad field',
      field.message(10, field.string(1, 'x')),
      'proto: wrong wireType = 2 for field Seconds',
    ],
  ])('rejects %s with gogo-protobuf error text', (_, encoded, message) => {
    expect(() => json(SAMPLE, encoded)).toThrow(message);
  });

  it.each([
    [
      'keeps whole seconds of a Time, dropping nanos',
      field.message(10, field.varint(1, 1700000000), field.varint(2, 999)),
      { since: '2023-11-14T22:13:20Z' },
    ],
    ['reads an empty Time as the zero time', field.message(10), { since: null }],
    [
      'reads a Time without seconds as the Unix epoch',
      field.message(10, field.varint(9, 1)),
      { since: '1970-01-01T00:00:00Z' },
    ],
    [
      'truncates a MicroTime to microseconds',
      field.message(11, field.varint(1, 1700000000), field.varint(2, 123456789)),
      { renewed: '2023-11-14T22:13:20.123456Z' },
    ],
    [
      'carries negative nanos of a MicroTime into the seconds',
      field.message(11, field.varint(1, 1700000000), field.varint(2, -1500)),
      { renewed: '2023-11-14T22:13:19.999999Z' },
    ],
    ['canonicalises a Quantity', field.message(8, field.string(1, '1000m')), { size: '1' }],
    ['reads a Quantity without its string as zero', field.message(8), { size: '0' }],
    [
      'keeps a Quantity when a later occurrence has no string',
      [...field.message(8, field.string(1, '2Gi')), ...field.message(8)],
      { size: '2Gi' },
    ],
    [
      'reads a Quantity map entry without a value as zero',
      field.entry(9, 'cpu', []),
      { limits: { cpu: '0' } },
    ],
  ])('%s', (_, encoded, expected) => {
    expect(json(SAMPLE, encoded)).toMatchObject(expected);
  });

  it('decodes a Pod from the generated table, unknown fields and all', () => {
    const pod = protobufSchema().kind({ group: '', version: 'v1', kind: 'Pod' });
    if (!pod) throw new Error('no Pod in the table');
    const container = field.message(
      2,
      field.string(1, 'web'),
      field.string(2, 'nginx'),
      field.message(6, field.string(1, 'http'), field.varint(3, 80), field.string(4, 'TCP')),
      field.message(8, field.entry(2, 'cpu', field.message(2, field.string(1, '0.5')))),
    );
    const encoded = [
      field.message(1, field.string(1, 'p'), field.message(8), field.varint(999, 1)),
      field.message(2, container, field.string(3, 'Always')),
    ];
    expect(JSON.stringify(json(pod, ...encoded))).toBe(
      JSON.stringify({
        metadata: { name: 'p', creationTimestamp: null },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx',
              ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
              resources: { requests: { cpu: '500m' } },
            },
          ],
          restartPolicy: 'Always',
        },
        status: {},
      }),
    );
  });
});
