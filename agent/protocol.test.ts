import { describe, expect, it } from 'vitest';
import {
  bodyFromWire,
  pairingUrl,
  parsePairingFragment,
  parseTabMessage,
  requestFromWire,
  requestToWire,
  wireBody,
} from './protocol.ts';

describe('pairing fragment', () => {
  it('round-trips the socket URL and token through the app URL', () => {
    const url = pairingUrl('http://localhost:4173/', {
      url: 'ws://127.0.0.1:7681',
      token: 'a+b/c=',
    });
    expect(url).toBe('http://localhost:4173/#agent=ws%3A%2F%2F127.0.0.1%3A7681&token=a%2Bb%2Fc%3D');
    expect(parsePairingFragment(new URL(url).hash)).toEqual({
      url: 'ws://127.0.0.1:7681',
      token: 'a+b/c=',
    });
  });

  it.each([
    ['no pairing', '#scenario=abc'],
    ['a token without a socket', '#token=t'],
    ['a socket that is not a WebSocket', '#agent=http%3A%2F%2F127.0.0.1%3A1&token=t'],
  ])('reads %s as no pairing', (_, hash) => {
    expect(parsePairingFragment(hash)).toBeNull();
  });

  it('keeps other fragment keys readable beside it', () => {
    const hash = `#scenario=xyz&agent=${encodeURIComponent('ws://127.0.0.1:1')}&token=t`;
    expect(parsePairingFragment(hash)).toEqual({ url: 'ws://127.0.0.1:1', token: 't' });
    expect(new URLSearchParams(hash.slice(1)).get('scenario')).toBe('xyz');
  });
});

describe('relay bodies', () => {
  it('carries protobuf bytes as base64 and back', () => {
    const bytes = new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0xff]);
    const wire = requestToWire({ verb: 'POST', path: '/api/v1/pods', body: bytes });
    expect(wire.body).toEqual({ base64: 'azhzAP8=' });
    expect(JSON.parse(JSON.stringify(wire))).toEqual(wire);
    expect(requestFromWire(wire).body).toEqual(bytes);
  });

  it.each([
    ['text', '{"kind":"Pod"}'],
    ['an object', { kind: 'Status', code: 404 }],
    ['an object with more than base64', { base64: 'x', other: 1 }],
  ])('leaves %s as it is', (_, body) => {
    expect(bodyFromWire(wireBody(body))).toEqual(body);
  });
});

describe('parseTabMessage', () => {
  it.each([['not json'], ['[1]'], ['{"id":1}'], ['null']])('refuses %s', (text) => {
    expect(parseTabMessage(text)).toBeNull();
  });

  it('reads a typed message', () => {
    expect(parseTabMessage('{"type":"cancel","id":3}')).toEqual({ type: 'cancel', id: 3 });
  });
});
