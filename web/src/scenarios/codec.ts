// Scenarios travel in the URL fragment (never sent to a server): JSON, deflated with fflate and
// written as base64url, behind `#scenario=`. Decoding stops at 64 KB of inflated text, so a
// small link cannot expand into a huge one, and every failure is a message, never an exception.

import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { LimitedBytes } from '../../../workers/api/limited-bytes.ts';
import { readScenario, ScenarioError, type Scenario } from './format.ts';

export const FRAGMENT_KEY = 'scenario';
export const MAX_DECODED_BYTES = 64 * 1024;
/** Base64 of the deflated limit with room to spare; longer fragments are refused unread. */
const MAX_ENCODED_CHARS = 128 * 1024;

export type DecodeResult = { scenario: Scenario } | { error: string } | { none: true };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Inflates, refusing output past `limit` bytes as soon as it is produced. */
function inflateLimited(bytes: Uint8Array, limit: number): Uint8Array {
  const output = new LimitedBytes(limit);
  const inflate = new Inflate((chunk) => {
    if (!output.add(chunk))
      throw new ScenarioError(`the scenario is larger than ${limit / 1024} KB`);
  });
  inflate.push(bytes, true);
  return output.bytes();
}

export function encodeScenario(scenario: Scenario): string {
  return `${FRAGMENT_KEY}=${toBase64Url(deflateSync(strToU8(JSON.stringify(scenario)), { level: 9 }))}`;
}

/** Reads `location.hash`; a hash without a scenario is `{ none: true }`. */
export function decodeFragment(hash: string): DecodeResult {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get(FRAGMENT_KEY);
  if (encoded === null) return { none: true };
  if (encoded.length > MAX_ENCODED_CHARS)
    return { error: `The scenario link is too long (over ${MAX_ENCODED_CHARS / 1024} KB).` };
  const bytes = fromBase64Url(encoded);
  if (!bytes || bytes.length === 0)
    return { error: 'The scenario link is damaged: it is not valid base64url.' };
  let json: string;
  try {
    json = strFromU8(inflateLimited(bytes, MAX_DECODED_BYTES));
  } catch (error) {
    if (error instanceof ScenarioError)
      return { error: `The scenario link is refused: ${error.message}.` };
    return { error: 'The scenario link is damaged: it does not decompress.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { error: 'The scenario link is damaged: it is not JSON.' };
  }
  try {
    return { scenario: readScenario(value) };
  } catch (error) {
    if (error instanceof ScenarioError)
      return { error: `The scenario link is refused: ${error.message}.` };
    throw error;
  }
}
