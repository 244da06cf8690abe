import { describe, expect, it } from 'vitest';
import {
  decodeProtobufDeleteOptions,
  decodeProtobufObject,
  ProtobufDecodeError,
  type GroupVersionKind,
} from './envelope.ts';
import { KUBECTL_FIXTURES } from './kubectl-fixtures.ts';
import { bytes, envelope, field } from './testing.ts';

const CONFIG_MAP: GroupVersionKind = { group: '', version: 'v1', kind: 'ConfigMap' };
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function decodeError(decodeStep: () => unknown): ProtobufDecodeError {
  try {
    decodeStep();
  } catch (error) {
    if (error instanceof ProtobufDecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeProtobufObject', () => {
  it.each(KUBECTL_FIXTURES)('decodes what `$command` sends as Go would ($request)', (fixture) => {
    const decode = fixture.request.startsWith('DELETE')
      ? decodeProtobufDeleteOptions
      : decodeProtobufObject;
    const { object } = decode(base64Bytes(fixture.body));
    // Key order too: the JSON text is the one Go writes.
    expect(JSON.stringify(object)).toBe(JSON.stringify(fixture.json));
  });

  it('reports the kind it decoded', () => {
    const body = envelope('apps/v1', 'Deployment', field.message(1, field.string(1, 'web')));
    expect(decodeProtobufObject(body).gvk).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
  });

  it('decodes an Eviction to the JSON `kubectl drain --grace-period=10` sends', () => {
    const eviction = envelope(
      'policy/v1',
      'Eviction',
      field.message(1, field.string(1, 'p1'), field.string(3, 'default'), field.message(8)),
      field.message(2, field.varint(1, 10)),
    );
    // kubectl 1.32 drain posts its Eviction as JSON: this is that body.
    expect(`${JSON.stringify(decodeProtobufObject(eviction).object)}\n`).toBe(
      '{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"p1","namespace":"default","creationTimestamp":null},"deleteOptions":{"gracePeriodSeconds":10}}\n',
    );
  });

  it.each([
    ['no bytes', bytes(), 'empty data', undefined],
    [
      'JSON',
      new TextEncoder().encode('{}'),
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      undefined,
    ],
    [
      'a prefix cut short',
      bytes([0x6b, 0x38]),
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      undefined,
    ],
    ['only the prefix', bytes(MAGIC), 'empty body', undefined],
    ['an envelope cut short', bytes(MAGIC, [0x0a, 0x10, 0x0a]), 'unexpected EOF', undefined],
    [
      'an envelope with a bad field',
      bytes(MAGIC, field.varint(2, 1)),
      'proto: wrong wireType = 0 for field Raw',
      undefined,
    ],
    [
      'an unknown kind',
      envelope('v1', 'Widget'),
      'no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
      { group: '', version: 'v1', kind: 'Widget' },
    ],
    [
      'a kind of another version',
      envelope('apps/v1beta1', 'Deployment'),
      'no kind "Deployment" is registered for version "apps/v1beta1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
      { group: 'apps', version: 'v1beta1', kind: 'Deployment' },
    ],
    [
      'an object cut short',
      envelope('v1', 'ConfigMap', [0x0a, 0x05]),
      'unexpected EOF',
      CONFIG_MAP,
    ],
    [
      'an object with a bad field',
      envelope('v1', 'ConfigMap', field.varint(2, 1)),
      'proto: wrong wireType = 0 for field Data',
      CONFIG_MAP,
    ],
  ])('rejects %s with the serializer’s error', (_, body, message, gvk) => {
    const error = decodeError(() => decodeProtobufObject(body, CONFIG_MAP));
    expect(error.message).toBe(message);
    expect(error.gvk).toEqual(gvk);
  });

  it.each([
    ['kind', envelope('v1', ''), CONFIG_MAP],
    ['apiVersion', envelope('', 'Secret'), { group: '', version: 'v1', kind: 'Secret' }],
    ['both', envelope('', ''), CONFIG_MAP],
    ['an apiVersion that does not parse', envelope('a/b/c', 'ConfigMap'), CONFIG_MAP],
  ])('takes the endpoint’s kind where the envelope has no %s', (_, body, gvk) => {
    const { object } = decodeProtobufObject(body, CONFIG_MAP);
    expect(object).toMatchObject({ kind: gvk.kind, apiVersion: gvk.version });
  });

  it.each([
    [
      'kind',
      envelope('v1', ''),
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    ],
    [
      'apiVersion',
      envelope('', 'Pod'),
      `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"Pod"}'`,
    ],
  ])('without an endpoint kind, rejects an envelope without %s', (_, body, message) => {
    expect(decodeError(() => decodeProtobufObject(body)).message).toBe(message);
  });
});

describe('decodeProtobufDeleteOptions', () => {
  it.each(['v1', 'meta.k8s.io/v1', 'apps/v1'])('decodes DeleteOptions sent as %s', (apiVersion) => {
    const body = envelope(
      apiVersion,
      'DeleteOptions',
      field.varint(1, 30),
      field.message(2, field.string(1, 'uid-1')),
      field.string(4, 'Foreground'),
      field.string(5, 'All'),
    );
    expect(JSON.stringify(decodeProtobufDeleteOptions(body).object)).toBe(
      JSON.stringify({
        kind: 'DeleteOptions',
        apiVersion,
        gracePeriodSeconds: 30,
        preconditions: { uid: 'uid-1' },
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      }),
    );
  });

  it('rejects another kind, which the meta scheme does not know', () => {
    expect(decodeError(() => decodeProtobufDeleteOptions(envelope('v1', 'Pod'))).message).toBe(
      'no kind "Pod" is registered for version "v1" in scheme "pkg/apis/meta/internalversion/scheme/register.go:27"',
    );
  });
});
