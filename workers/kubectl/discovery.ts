// kubectl's RESTMapper over discovery (client-go discovery + restmapper, kubectl's shortcut
// expander): map a manifest's apiVersion and kind, or a typed resource argument (`po`, `pods`,
// `Pod`, `deployments.apps`, `deploy.v1.apps`), to the resource to call, and expand categories
// (`all`). Results are cached per session, as kubectl caches them on disk. Preferred versions
// only; the core group wins ambiguous names, then groups in discovery order (`events`).

import type { Client } from '../client/client.ts';

export interface Mapping {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

/** A served resource as discovery lists it, with its group and version. */
export interface ResourceType extends Mapping {
  singularName: string;
  shortNames: string[];
  verbs: string[];
  categories: string[];
}

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface APIGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion?: { groupVersion: string; version: string };
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

/** `error: the server doesn't have a resource type "foo"`. */
export class NoResourceTypeError extends Error {
  constructor(readonly argument: string) {
    super(`the server doesn't have a resource type "${argument}"`);
    this.name = 'NoResourceTypeError';
  }
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `pods` and its aliases: plural, singular, lower-cased kind, short names. */
function namesOf(type: ResourceType): string[] {
  return [type.resource, type.singularName, type.kind.toLowerCase(), ...type.shortNames];
}

export class Discovery {
  private readonly resources = new Map<string, Promise<APIResource[] | null>>();
  private served: Promise<ResourceType[]> | null = null;

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

  /** The served resource of a manifest's apiVersion and kind. */
  async typeForKind(apiVersion: string, kind: string): Promise<ResourceType> {
    const mapping = await this.mapping(apiVersion, kind);
    const types = await this.resourceTypes();
    const served = types.find(
      (type) => type.group === mapping.group && type.resource === mapping.resource,
    );
    return served
      ? { ...served, version: mapping.version }
      : { ...mapping, singularName: kind.toLowerCase(), shortNames: [], verbs: [], categories: [] };
  }

  /** Every top-level resource of every group's preferred version, in discovery order. */
  resourceTypes(): Promise<ResourceType[]> {
    this.served ??= this.loadResourceTypes();
    return this.served;
  }

  /** Discovery's group versions (`kubectl api-versions`), every version of every group. */
  async groupVersions(): Promise<string[]> {
    const [core, groups] = await Promise.all([this.apiVersions(), this.apiGroups()]);
    return [...core, ...groups.flatMap((group) => group.versions.map((v) => v.groupVersion))];
  }

  private async apiVersions(): Promise<string[]> {
    const response = await this.client.request({ verb: 'GET', path: '/api' });
    return response.code === 200 ? (response.body as { versions: string[] }).versions : [];
  }

  private async apiGroups(): Promise<APIGroup[]> {
    const response = await this.client.request({ verb: 'GET', path: '/apis' });
    return response.code === 200 ? (response.body as { groups: APIGroup[] }).groups : [];
  }

  private async loadResourceTypes(): Promise<ResourceType[]> {
    const [core, groups] = await Promise.all([this.apiVersions(), this.apiGroups()]);
    const versions: { group: string; version: string }[] = [
      ...core.slice(0, 1).map((version) => ({ group: '', version })),
      ...groups.map((group) => ({
        group: group.name,
        version: group.preferredVersion?.version ?? group.versions[0]?.version ?? '',
      })),
    ];
    const lists = await Promise.all(
      versions.map(({ group, version }) => this.list(group, version)),
    );
    return versions.flatMap(({ group, version }, index) =>
      (lists[index] ?? []).map((resource) => ({
        group,
        version,
        kind: resource.kind,
        resource: resource.name,
        namespaced: resource.namespaced,
        singularName: resource.singularName || resource.kind.toLowerCase(),
        shortNames: resource.shortNames ?? [],
        verbs: resource.verbs ?? [],
        categories: resource.categories ?? [],
      })),
    );
  }

  /**
   * The resource a command-line argument names: `pods`, `pod`, `po`, `Pod`, `deployments.apps`,
   * `deployments.v1.apps`; NoResourceTypeError when none does.
   */
  async resourceFor(argument: string): Promise<ResourceType> {
    const types = await this.resourceTypes();
    const wanted = argument.toLowerCase();
    const matches = (type: ResourceType, name: string): boolean => namesOf(type).includes(name);
    const plain = types.find((type) => matches(type, wanted));
    if (plain) return plain;
    const parts = wanted.split('.');
    if (parts.length >= 3) {
      const [name = '', version = '', ...group] = parts;
      const full = types.find(
        (type) => type.version === version && type.group === group.join('.') && matches(type, name),
      );
      if (full) return full;
    }
    if (parts.length >= 2) {
      const [name = '', ...group] = parts;
      const grouped = types.find((type) => type.group === group.join('.') && matches(type, name));
      if (grouped) return grouped;
    }
    throw new NoResourceTypeError(argument);
  }

  /** The resources of a category (`all`), as kubectl's CategoryExpander lists them. */
  async category(name: string): Promise<ResourceType[]> {
    const types = await this.resourceTypes();
    return types.filter((type) => type.categories.includes(name));
  }
}
