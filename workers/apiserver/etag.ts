// The content hashes discovery and OpenAPI answer with: SHA-512 in upper-case hex as ETag
// (k8s.io/apiserver pkg/endpoints/discovery/aggregated/etag.go, kube-openapi handler3), and the
// storage version hash of discovery (apiserver pkg/endpoints/discovery/storageversionhash.go).

import { hexUpper, sha256, sha512 } from '../api/sha.ts';
import type { ApiRequest, ApiResponse } from '../client/protocol.ts';

export function sha512Hex(text: string): string {
  return hexUpper(sha512(new TextEncoder().encode(text)));
}

/** base64 of the first 8 bytes of SHA-256 over `<group>/<version>/<kind>`. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  const digest = sha256(new TextEncoder().encode(`${group}/${version}/${kind}`));
  return btoa(String.fromCharCode(...digest.subarray(0, 8)));
}

/** The request's header value (lower-cased names), as http.Header.Get reads the first one. */
export function header(request: ApiRequest, name: string): string | undefined {
  return request.headers?.[name.toLowerCase()]?.[0];
}

/**
 * 304 when the client's If-None-Match names the current ETag (`"<hash>"`). It keeps the content
 * type of the full answer: HTTP caches merge a 304's headers into the stored response, and
 * client-go's discovery reads the Content-Type to tell aggregated from legacy documents.
 */
export function notModified(
  request: ApiRequest,
  etag: string,
  contentType: string,
  headers: Record<string, string> = {},
): ApiResponse | undefined {
  if (header(request, 'if-none-match') !== etag) return undefined;
  return { code: 304, body: '', contentType, headers: { ...headers, ETag: etag } };
}
