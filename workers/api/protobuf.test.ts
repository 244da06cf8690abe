import { describe, expect, it } from 'vitest';
import { decodeProtobuf } from './protobuf.ts';

// A minimal protobuf writer for the tests: fields are [number, value] pairs, where a value is a
// string, bytes, a varint (bigint), or a nested list of fields.
type Field = [number, string | Uint8Array | bigint | Field[]];

function varint(value: bigint): number[] {
  let rest = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest > 0n ? byte | 0x80 : byte);
  } while (rest > 0n);
  return out;
}

function encode(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [number, value] of fields) {
    if (typeof value === 'bigint') {
      out.push(...varint(BigInt(number << 3)), ...varint(value));
      continue;
    }
    const bytes =
      typeof value === 'string'
        ? new TextEncoder().encode(value)
        : value instanceof Uint8Array
          ? value
          : encode(value);
    out.push(...varint(BigInt((number << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes);
  }
  return Uint8Array.from(out);
}

function envelope(apiVersion: string, kind: string, object: Field[]): Uint8Array {
  const unknown = encode([
    [
      1,
      [
        [1, apiVersion],
        [2, kind],
      ],
    ],
    [2, encode(object)],
    [3, ''],
    [4, ''],
  ]);
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

const metadata = (name: string): Field => [
  1,
  [
    [1, name],
    [2, ''],
    [3, ''],
    [8, new Uint8Array()],
  ],
];

describe('decodeProtobuf', () => {
  it('reads a Service as kubectl create service sends it', () => {
    const body = envelope('v1', 'Service', [
      metadata('web'),
      [
        2,
        [
          [
            1,
            [
              [1, '80-8080'],
              [2, 'TCP'],
              [3, 80n],
              [
                4,
                [
                  [1, 0n],
                  [2, 8080n],
                  [3, ''],
                ],
              ],
              [5, 0n],
            ],
          ],
          [
            2,
            [
              [1, 'app'],
              [2, 'web'],
            ],
          ],
          [3, ''],
          [4, 'ClusterIP'],
          [12, 0n],
          [13, 0n],
          [20, 0n],
        ],
      ],
      [3, [[1, []]]],
    ]);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 'web' },
        type: 'ClusterIP',
        allocateLoadBalancerNodePorts: false,
      },
    });
  });

  it('reads named target ports, negative numbers and times', () => {
    const body = envelope('v1', 'Service', [
      [
        1,
        [
          [1, 'web'],
          [10, -1n],
          [9, [[1, 1735689600n]]],
        ],
      ],
      [
        2,
        [
          [
            1,
            [
              [3, 0n],
              [
                4,
                [
                  [1, 1n],
                  [3, 'http'],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
    expect(decodeProtobuf(body)).toMatchObject({
      metadata: {
        name: 'web',
        deletionGracePeriodSeconds: -1,
        deletionTimestamp: '2025-01-01T00:00:00Z',
      },
      spec: { ports: [{ port: 0, targetPort: 'http' }] },
    });
  });

  it('writes Secret data as base64, as JSON carries bytes', () => {
    const body = envelope('v1', 'Secret', [
      metadata('s'),
      [
        2,
        [
          [1, 'key'],
          [2, new Uint8Array([0, 255, 104, 105])],
        ],
      ],
      [3, ''],
    ]);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { key: 'AP9oaQ==' },
    });
  });

  it('reads an Eviction with its delete options', () => {
    const body = envelope('policy/v1', 'Eviction', [
      metadata('web-1'),
      [
        2,
        [
          [1, 0n],
          [2, [[1, 'uid-1']]],
        ],
      ],
    ]);
    expect(decodeProtobuf(body)).toMatchObject({
      metadata: { name: 'web-1' },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' } },
    });
  });

  it.each([
    [
      new Uint8Array([1, 2, 3, 4]),
      {
        error:
          'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      },
    ],
    [
      envelope('apps/v1', 'Deployment', []),
      { error: 'no protobuf message known for apps/v1, Kind=Deployment', unknownKind: true },
    ],
    [Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x12, 0x05, 0x01]), { error: 'unexpected EOF' }],
  ])('refuses what it cannot read (%#)', (bytes, expected) => {
    expect(decodeProtobuf(bytes)).toEqual(expected);
  });
});
