// Paths that are not resources: /version, the health checks, discovery (legacy and aggregated,
// chosen by the Accept header as k8s.io/apiserver discovery/aggregated/wrapper.go does) and
// OpenAPI v2 and v3 (k8s.io/kube-openapi pkg/handler, pkg/handler3). Answers carry upstream's
// ETag, Vary and Cache-Control headers; If-None-Match gets a 304.

import type { ResourcePath } from '../../api/paths.ts';
import { GIT_COMMIT, GIT_VERSION } from '../../api/version.ts';
import type { ApiRequest, ApiResponse } from '../../client/protocol.ts';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  aggregatedVersionFor,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from '../discovery.ts';
import { notModified, sha512Hex } from '../etag.ts';
import { openApiV2 } from '../openapi/v2.ts';
import { OpenApiV3 } from '../openapi/v3.ts';
import type { Strategy } from '../registry/strategy.ts';
import { NOT_FOUND_RESOURCE, ok, statusResponse } from '../responses.ts';

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: GIT_VERSION };

/** The OpenAPI media types kube-openapi serves, by Accept clause type/subtype. */
const OPENAPI_V2_JSON = 'application/json';
const OPENAPI_V3_PATH = /^openapi\/v3\/(.+)$/;

export class NonResourceHandler {
  private readonly v3: OpenApiV3;
  private v2: { json: string; hash: string } | undefined;

  constructor(private readonly served: readonly Strategy[]) {
    this.v3 = new OpenApiV3(served, KUBERNETES_VERSION.gitVersion);
  }

  serve(path: ResourcePath, request: ApiRequest): ApiResponse {
    const joined = path.parts.join('/');
    const [prefix, second, third] = path.parts;
    if (joined === 'version') return ok(versionInfo());
    if (joined === 'healthz' || joined === 'livez' || joined === 'readyz') {
      return { code: 200, body: 'ok', contentType: 'text/plain' };
    }
    if (joined === 'api' || joined === 'apis') return this.discovery(joined, request);
    if (prefix === 'api' && path.parts.length === 2) {
      return found(apiResourceList(this.served, '', second ?? ''));
    }
    if (prefix === 'apis' && path.parts.length === 2)
      return found(apiGroup(this.served, second ?? ''));
    if (prefix === 'apis' && path.parts.length === 3) {
      return found(apiResourceList(this.served, second ?? '', third ?? ''));
    }
    if (joined === 'openapi/v2') return this.openApiV2(request);
    if (joined === 'openapi/v3') return this.withETag(request, JSON.stringify(this.v3.index()));
    const v3Path = OPENAPI_V3_PATH.exec(joined)?.[1];
    if (v3Path !== undefined) return this.openApiV3(v3Path, request);
    return statusResponse(NOT_FOUND_RESOURCE);
  }

  private discovery(prefix: 'api' | 'apis', request: ApiRequest): ApiResponse {
    const version = aggregatedVersionFor(request.accept);
    if (version === undefined) {
      return ok(prefix === 'api' ? apiVersions('127.0.0.1:6443') : apiGroupList(this.served));
    }
    const document = aggregatedDiscovery(this.served, prefix, version);
    const etag = JSON.stringify(sha512Hex(JSON.stringify(document)));
    const contentType = aggregatedContentType(version);
    const headers = { ETag: etag, Vary: 'Accept', 'Cache-Control': 'public' };
    return (
      notModified(request, etag, contentType, headers) ?? {
        code: 200,
        body: document,
        contentType,
        headers,
      }
    );
  }

  private openApiV2(request: ApiRequest): ApiResponse {
    if (!acceptsJson(request.accept)) return notAcceptable();
    if (!this.v2) {
      const json = openApiV2(this.served, KUBERNETES_VERSION.gitVersion);
      this.v2 = { json, hash: sha512Hex(json) };
    }
    const { json, hash } = this.v2;
    return this.withETag(request, json, hash, OPENAPI_V2_JSON);
  }

  private openApiV3(path: string, request: ApiRequest): ApiResponse {
    if (!acceptsJson(request.accept)) return notAcceptable();
    const document = this.v3.document(path);
    if (!document) return statusResponse(NOT_FOUND_RESOURCE);
    const hash = request.query?.hash;
    if (hash !== undefined && hash !== '' && hash !== document.hash) {
      const location = `/openapi/v3/${path}?hash=${document.hash}`;
      return {
        code: 301,
        body: `<a href="${location}">Moved Permanently</a>.\n\n`,
        contentType: 'text/html; charset=utf-8',
        headers: { Location: location, Vary: 'Accept' },
      };
    }
    const response = this.withETag(request, document.json, document.hash);
    // A hashed URL never changes its content.
    if (hash) response.headers = { ...response.headers, 'Cache-Control': 'public, immutable' };
    return response;
  }

  private withETag(
    request: ApiRequest,
    json: string,
    hash?: string,
    contentType = 'application/json',
  ): ApiResponse {
    const etag = JSON.stringify(hash ?? sha512Hex(json));
    return (
      notModified(request, etag, contentType, { Vary: 'Accept' }) ?? {
        code: 200,
        body: json,
        contentType,
        headers: { ETag: etag, Vary: 'Accept' },
      }
    );
  }
}

function versionInfo(): Record<string, string> {
  return {
    ...KUBERNETES_VERSION,
    gitCommit: GIT_COMMIT,
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function found(body: unknown): ApiResponse {
  return body ? ok(body) : statusResponse(NOT_FOUND_RESOURCE);
}

/**
 * Whether an Accept header takes JSON (kube-openapi negotiates with goautoneg: an empty header
 * is `*\/*`); protobuf alone is refused, as the protobuf forms are not served.
 */
function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((clause) => {
    const [type = '', ...parameters] = clause.split(';').map((part) => part.trim());
    const refused = parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
    return !refused && ['application/json', 'application/*', '*/*'].includes(type);
  });
}

/** kube-openapi writes a bare 406 when no offered type is acceptable. */
function notAcceptable(): ApiResponse {
  return { code: 406, body: '', contentType: 'text/plain' };
}
