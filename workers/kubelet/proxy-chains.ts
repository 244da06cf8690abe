// The names kube-proxy gives its per-service chains (pkg/proxy/iptables/proxier.go
// servicePortChainName, servicePortEndpointChainName, portProtoHash) and the probability text of
// its load-balancing rules (computeProbability).

import { sha256 } from '../api/sha.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31] ?? '';
  return out;
}

/** portProtoHash: the first 16 base32 characters of sha256(servicePortName + protocol). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256(new TextEncoder().encode(servicePortName + protocol))).slice(0, 16);
}

export function servicePortChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

export function servicePortEndpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${portProtoHash(servicePortName, protocol + endpoint)}`;
}

/** computeProbability: Go's `%0.10f` of 1/n. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}
