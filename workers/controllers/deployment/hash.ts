// The pod-template-hash (pkg/controller/controller_utils.go ComputeHash, apimachinery
// util/rand.SafeEncodeString): FNV-32a over the template plus the collision count, printed in
// decimal and re-spelled in a vowel-free alphabet. Upstream hashes a spew dump of the Go struct,
// which TypeScript cannot reproduce byte for byte; here the template is rendered as JSON with
// sorted keys, so hashes are deterministic and stable but differ from a real cluster's.

import type { PodTemplateSpec } from 'kubernetes-types/core/v1';

// rand.alphanums: no vowels (no bad words) and no 0, 1, 3 (no look-alikes of them).
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** rand.SafeEncodeString: each byte becomes alphanums[byte % 27]. */
export function safeEncodeString(text: string): string {
  let encoded = '';
  for (const byte of new TextEncoder().encode(text)) {
    encoded += SAFE_ALPHANUMS[byte % SAFE_ALPHANUMS.length] ?? '';
  }
  return encoded;
}

export function fnv32a(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV32_PRIME) >>> 0;
  return hash >>> 0;
}

/** JSON with object keys sorted, as spew's SortKeys orders map keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** ComputeHash: the collision count is appended as 8 little-endian bytes (a uint32 and padding). */
export function computeHash(
  template: PodTemplateSpec | undefined,
  collisionCount?: number,
): string {
  let hash = fnv32a(new TextEncoder().encode(canonical(template ?? {})));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
