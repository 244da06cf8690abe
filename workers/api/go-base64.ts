// Go's encoding/base64 StdEncoding, which decodes every []byte field of a JSON body (Secret data,
// ConfigMap binaryData): padding required, CR and LF ignored, and the exact byte offset of the
// first bad input in `illegal base64 data at input byte N` (decodeQuantum's rules).

import type { ParseError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map(
  Array.from({ length: 64 }, (_, index) => [ALPHABET.charCodeAt(index), index]),
);
const PAD = 0x3d;
const isNewline = (byte: number | undefined): boolean => byte === 0x0a || byte === 0x0d;

function corrupt(offset: number): ParseError {
  return { error: `illegal base64 data at input byte ${String(offset)}` };
}

/** base64.StdEncoding.DecodeString over the UTF-8 bytes of `text`. */
export function decodeBase64(text: string): Uint8Array | ParseError {
  const src = new TextEncoder().encode(text);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const buffer: number[] = [];
    let length = 4;
    let trailing: ParseError | null = null;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        return corrupt(si - j);
      }
      const byte = src[si++] ?? 0;
      const value = DECODE.get(byte);
      if (value !== undefined) {
        buffer.push(value);
        continue;
      }
      if (isNewline(byte)) {
        j--;
        continue;
      }
      if (byte !== PAD) return corrupt(si - 1);
      // Padding: "==" after two characters, "=" after three.
      if (j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailing = corrupt(si);
      length = j;
      break;
    }
    const [a = 0, b = 0, c = 0, d = 0] = buffer;
    const value = (a << 18) | (b << 12) | (c << 6) | d;
    const bytes = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, length - 1));
    if (trailing) return trailing;
  }
  return Uint8Array.from(out);
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const value = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(value >> 18) & 63] ?? '';
    out += ALPHABET[(value >> 12) & 63] ?? '';
    out += b === undefined ? '=' : (ALPHABET[(value >> 6) & 63] ?? '');
    out += c === undefined ? '=' : (ALPHABET[value & 63] ?? '');
  }
  return out;
}
