// The content hashes discovery and OpenAPI answer with: SHA-512 in upper-case hex as ETag
// (k8s.io/apiserver pkg/endpoints/discovery/aggregated/etag.go, kube-openapi handler3), and the
// storage version hash of discovery (apiserver pkg/endpoints/discovery/storageversionhash.go).

import type { ApiRequest, ApiResponse } from '../client/protocol.ts';

export async function sha512Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** base64 of the first 8 bytes of SHA-256 over `<group>/<version>/<kind>`. */
export async function storageVersionHash(
  group: string,
  version: string,
  kind: string,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${group}/${version}/${kind}`),
  );
  return btoa(String.fromCharCode(...new Uint8Array(digest).subarray(0, 8)));
}

/** The request's header value (lower-cased names), as http.Header.Get reads the first one. */
export function header(request: ApiRequest, name: string): string | undefined {
  return request.headers?.[name.toLowerCase()]?.[0];
}

/** 304 when the client's If-None-Match names the current ETag (`"<hash>"`). */
export function notModified(request: ApiRequest, etag: string): ApiResponse | undefined {
  if (header(request, 'if-none-match') !== etag) return undefined;
  return { code: 304, body: '', headers: { ETag: etag } };
}
