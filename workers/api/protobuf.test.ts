import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './protobuf.ts';

// A minimal protobuf writer for the test: fields are [number, value] with strings, numbers,
// nested field lists or raw bytes (the last three length-delimited).
type Field = [number, string | number | Field[] | Uint8Array];

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function encode(fields: Field[]): number[] {
  return fields.flatMap(([number, value]) => {
    if (typeof value === 'number') return [...varint(number * 8), ...varint(value)];
    const body =
      typeof value === 'string'
        ? [...new TextEncoder().encode(value)]
        : value instanceof Uint8Array
          ? [...value]
          : encode(value);
    return [...varint(number * 8 + 2), ...varint(body.length), ...body];
  });
}

function envelope(apiVersion: string, kind: string, object: Field[]): Uint8Array {
  return new Uint8Array([
    0x6b,
    0x38,
    0x73,
    0x00,
    ...encode([
      [
        1,
        [
          [1, apiVersion],
          [2, kind],
        ],
      ],
      [
        2,
        encode(object)
          .map((byte) => String.fromCharCode(byte))
          .join(''),
      ],
    ]),
  ]);
}

describe('decodeProtobufObject', () => {
  it('reads a RoleBinding as kubectl create rolebinding sends it', () => {
    const bytes = envelope('rbac.authorization.k8s.io/v1', 'RoleBinding', [
      [
        1,
        [
          [1, 'jane-view'],
          [
            11,
            [
              [1, 'team'],
              [2, 'a'],
            ],
          ],
        ],
      ],
      [
        2,
        [
          [1, 'User'],
          [2, 'rbac.authorization.k8s.io'],
          [3, 'jane'],
        ],
      ],
      [
        3,
        [
          [1, 'rbac.authorization.k8s.io'],
          [2, 'ClusterRole'],
          [3, 'view'],
        ],
      ],
    ]);
    expect(decodeProtobufObject(bytes)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'jane-view', labels: { team: 'a' } },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
  });

  it('reads the attributes of a SelfSubjectAccessReview and the extra of a SubjectAccessReview', () => {
    expect(
      decodeProtobufObject(
        envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', [
          [
            2,
            [
              [
                1,
                [
                  [1, 'default'],
                  [2, 'list'],
                  [5, 'pods'],
                ],
              ],
            ],
          ],
        ]),
      ),
    ).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
    });
    expect(
      decodeProtobufObject(
        envelope('authorization.k8s.io/v1', 'SubjectAccessReview', [
          [
            2,
            [
              [3, 'jane'],
              [4, 'devs'],
              [
                5,
                [
                  [1, 'scopes'],
                  [
                    2,
                    [
                      [1, 'a'],
                      [1, 'b'],
                    ],
                  ],
                ],
              ],
            ],
          ],
        ]),
      ),
    ).toMatchObject({ spec: { user: 'jane', groups: ['devs'], extra: { scopes: ['a', 'b'] } } });
  });

  it('gives up on kinds it has no schema for and on bodies without the magic', () => {
    expect(decodeProtobufObject(envelope('v1', 'Pod', [[1, [[1, 'nginx']]]]))).toBeNull();
    expect(decodeProtobufObject(new TextEncoder().encode('{}'))).toBeNull();
  });
});
