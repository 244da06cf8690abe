import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.ts';
import { renderMessage } from './render.ts';
import { messageType, protobufSchema, type MessageType } from './schema-format.ts';
import { bytes, field } from './testing.ts';

const INNER = messageType('Inner', '1a:s');
const SHAPES = messageType(
  'Shapes',
  '1s:s 2si!:s 3i:i 4ii!:i 5b:b 6bb!:b 7p:*s 8pp!:*s 9l:[]s 10ll!:[]s 11m:{}s 12mm!:{}s 13y:y 14yy!:y 15st:Inner 16sp:*Inner 17spp!:*Inner 18:Inner',
  () => INNER,
);

function json(type: MessageType, ...parts: number[][]) {
  return renderMessage(type, decodeMessage(type, bytes(...parts)));
}

function schemaMessage(qualified: string): MessageType {
  return protobufSchema().message(qualified);
}

describe('renderMessage', () => {
  it('writes absent fields as encoding/json writes zero values, omitempty or not', () => {
    // Struct fields are never empty to omitempty; the inlined struct's own fields join the parent.
    expect(JSON.stringify(json(SHAPES))).toBe(
      JSON.stringify({
        si: '',
        ii: 0,
        bb: false,
        pp: null,
        ll: null,
        mm: null,
        yy: null,
        st: {},
        spp: null,
      }),
    );
  });

  it('writes present zero values of pointers, and empty bytes, unlike absent ones', () => {
    const present = [
      field.string(7, ''),
      field.bytes(13, []),
      field.bytes(14, []),
      field.message(16),
      field.message(17),
    ];
    expect(json(SHAPES, ...present)).toMatchObject({ p: '', yy: '', sp: {}, spp: {} });
    expect(json(SHAPES, ...present)).not.toHaveProperty('y');
  });

  it('flattens an inlined struct in place, as a Volume carries its VolumeSource', () => {
    const volume = [field.string(1, 'cache'), field.message(2, field.message(2))];
    expect(JSON.stringify(json(schemaMessage('core.Volume'), ...volume))).toBe(
      JSON.stringify({ name: 'cache', emptyDir: {} }),
    );
  });

  it('sorts map keys by their UTF-8 bytes', () => {
    const keys = ['b', 'a', 'B', '\u{1F600}', '\uFFFD', 'ab'];
    const entries = keys.map((key) => field.entry(11, key, field.string(2, key)));
    expect(Object.keys(json(SHAPES, ...entries).m ?? {})).toEqual([
      'B',
      'a',
      'ab',
      'b',
      '\uFFFD',
      '\u{1F600}',
    ]);
  });

  it('keeps a map key named __proto__ as a key, as JSON.parse does', () => {
    const data = json(
      schemaMessage('core.ConfigMap'),
      field.entry(2, '__proto__', field.string(2, 'x')),
    );
    expect(JSON.stringify(data)).toBe(
      '{"metadata":{"creationTimestamp":null},"data":{"__proto__":"x"}}',
    );
  });

  it('writes bytes as standard base64 with padding', () => {
    const secret = [field.entry(2, 'k', field.bytes(2, [0xfb, 0xff, 0x00, 0x61]))];
    expect(json(schemaMessage('core.Secret'), ...secret)).toMatchObject({
      data: { k: '+/8AYQ==' },
    });
  });

  it.each([
    ['the Unix epoch', 0, '1970-01-01T00:00:00Z'],
    ['a leap day', 951782400, '2000-02-29T00:00:00Z'],
    ['the last second of 1999', 946684799, '1999-12-31T23:59:59Z'],
    ['a year before 1970', -86400 * 366, '1968-12-31T00:00:00Z'],
    ['year 1, one second past the zero time', -62135596799, '0001-01-01T00:00:01Z'],
    ['year 10000', 253402300800, '10000-01-01T00:00:00Z'],
    ['the zero time', -62135596800, null],
  ])('writes a metav1.Time at %s', (_, seconds, expected) => {
    const condition = [field.message(4, field.varint(1, seconds))];
    expect(json(schemaMessage('meta.Condition'), ...condition)).toMatchObject({
      lastTransitionTime: expected,
    });
  });

  it.each([
    ['an integer', [field.varint(1, 0), field.varint(2, 8080)], 8080],
    ['a string', [field.varint(1, 1), field.string(3, 'http')], 'http'],
    ['nothing (the zero value is the integer 0)', [], 0],
  ])('writes an IntOrString holding %s', (_, parts, expected) => {
    const port = [field.varint(3, 80), field.message(4, ...parts)];
    expect(json(schemaMessage('core.ServicePort'), ...port)).toMatchObject({
      targetPort: expected,
    });
  });

  it.each([
    ['JSON verbatim', [field.string(1, '{"spec":{"replicas":2}}')], { spec: { replicas: 2 } }],
    ['null without raw bytes', [], null],
  ])('writes a RawExtension as %s', (_, raw, expected) => {
    const revision = [field.message(2, ...raw), field.varint(3, 1)];
    expect(json(schemaMessage('apps.ControllerRevision'), ...revision)).toMatchObject({
      data: expected,
      revision: 1,
    });
  });

  it('fails on a RawExtension that is not JSON, which Go could not encode', () => {
    const revision = [field.message(2, field.bytes(1, [0x6b, 0x38, 0x73, 0x00]))];
    expect(() => json(schemaMessage('apps.ControllerRevision'), ...revision)).toThrow(
      'json: error calling MarshalJSON for type runtime.RawExtension: ',
    );
  });

  it('writes a named slice (ExtraValue) as its list, or null when it has no items', () => {
    const extra = [
      field.entry(4, 'scopes', field.message(2, field.string(1, 'a'), field.string(1, 'b'))),
      field.entry(4, 'empty', field.message(2)),
    ];
    expect(json(schemaMessage('authentication.UserInfo'), ...extra)).toMatchObject({
      extra: { empty: null, scopes: ['a', 'b'] },
    });
  });

  it('writes an empty Pod as kube-apiserver writes one', () => {
    expect(JSON.stringify(json(schemaMessage('core.Pod'), field.message(1)))).toBe(
      JSON.stringify({
        metadata: { creationTimestamp: null },
        spec: { containers: null },
        status: {},
      }),
    );
  });
});
