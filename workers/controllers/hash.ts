// controller.ComputeHash (pkg/controller/controller_utils.go): the short hash of a pod template
// and collision count that names ControllerRevisions and fills the controller-revision-hash
// label. Upstream feeds FNV-32a with spew's dump of the Go struct, which has no JSON counterpart;
// here FNV-32a reads the template's canonical JSON (sorted keys), so hashes are stable and
// collision-safe the same way but differ in value from a real cluster's.

import type { PodTemplateSpec } from 'kubernetes-types/core/v1';

/** rand.SafeEncodeString's alphabet: no vowels, no look-alike digits. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** JSON with object keys sorted at every depth, like json.Marshal of a Go map. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(bytes: Iterable<number>, seed = FNV_OFFSET): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  return hash;
}

/** rand.SafeEncodeString. */
export function safeEncodeString(text: string): string {
  let encoded = '';
  for (let i = 0; i < text.length; i++)
    encoded += SAFE_ALPHANUMS[text.charCodeAt(i) % SAFE_ALPHANUMS.length] ?? '';
  return encoded;
}

/** FNV-32a of `text` then of the collision count's four little-endian bytes, safely encoded. */
export function hashText(text: string, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(text));
  if (collisionCount !== undefined) {
    const count = collisionCount >>> 0;
    hash = fnv32a([count & 0xff, (count >>> 8) & 0xff, (count >>> 16) & 0xff, count >>> 24], hash);
  }
  return safeEncodeString(String(hash));
}

export function computeHash(
  template: PodTemplateSpec | undefined,
  collisionCount?: number,
): string {
  return hashText(canonicalJson(template ?? {}), collisionCount);
}
