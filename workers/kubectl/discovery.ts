// kubectl's RESTMapper over discovery (client-go discovery + restmapper): map a manifest's
// apiVersion and kind to the resource to call, the way `kubectl apply` finds out that a Pod is
// `pods` in the core group. Results are cached per session, as kubectl caches them on disk.

import type { Client } from '../client/client.ts';

export interface Mapping {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

interface APIResource {
  name: string;
  namespaced: boolean;
  kind: string;
}

export class NoKindMatchError extends Error {
  constructor(
    readonly kind: string,
    readonly apiVersion: string,
  ) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
    this.name = 'NoKindMatchError';
  }
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export class Discovery {
  private readonly resources = new Map<string, Promise<APIResource[] | null>>();

  constructor(private readonly client: Client) {}

  private list(group: string, version: string): Promise<APIResource[] | null> {
    const key = `${group}/${version}`;
    let cached = this.resources.get(key);
    if (!cached) {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      cached = this.client.request({ verb: 'GET', path }).then((response) => {
        if (response.code !== 200) return null;
        return (response.body as { resources: APIResource[] }).resources.filter(
          (resource) => !resource.name.includes('/'),
        );
      });
      this.resources.set(key, cached);
    }
    return cached;
  }

  async mapping(apiVersion: string, kind: string): Promise<Mapping> {
    const { group, version } = splitApiVersion(apiVersion);
    const resources = await this.list(group, version);
    const match = resources?.find((resource) => resource.kind === kind);
    if (!match) throw new NoKindMatchError(kind, apiVersion);
    return { group, version, kind, resource: match.name, namespaced: match.namespaced };
  }
}
