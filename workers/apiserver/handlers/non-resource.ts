// Paths that are not resources: /version, the health checks and the discovery documents.

import type { ResourcePath } from '../../api/paths.ts';
import type { ApiResponse } from '../../client/protocol.ts';
import { apiGroupList, apiResourceList, apiVersions } from '../discovery.ts';
import type { Strategy } from '../registry/strategy.ts';
import { NOT_FOUND_RESOURCE, ok, statusResponse } from '../responses.ts';

export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4' };

export function serveNonResource(path: ResourcePath, served: readonly Strategy[]): ApiResponse {
  const [prefix, second, third] = path.parts;
  if (path.parts.length === 1 && prefix === 'version') {
    return ok({
      ...KUBERNETES_VERSION,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-01-01T00:00:00Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }
  if (
    path.parts.length === 1 &&
    (prefix === 'healthz' || prefix === 'livez' || prefix === 'readyz')
  ) {
    return { code: 200, body: 'ok', contentType: 'text/plain' };
  }
  if (prefix === 'api' && path.parts.length === 1) return ok(apiVersions('127.0.0.1:6443'));
  if (prefix === 'apis' && path.parts.length === 1) return ok(apiGroupList(served));
  const list =
    prefix === 'api' && path.parts.length === 2
      ? apiResourceList(served, '', second ?? '')
      : prefix === 'apis' && path.parts.length === 3
        ? apiResourceList(served, second ?? '', third ?? '')
        : null;
  return list ? ok(list) : statusResponse(NOT_FOUND_RESOURCE);
}
