// What controllers learn from discovery: the garbage collector's GetDeletableResources over
// ServerPreferredResources and the RESTMapper that turns an owner's apiVersion and kind into a
// resource (pkg/controller/garbagecollector), and the namespace controller's
// ServerPreferredNamespacedResources. Left out: re-running discovery every 30 s to follow resources
// added later; the playground's served set is fixed when the API server starts.

import type { Client } from '../client/client.ts';

export interface MappedResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
}

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
}

interface GroupVersionRef {
  groupVersion: string;
  version: string;
}

/** Resources the collector never watches (DefaultIgnoredResources). */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

/** The verbs a resource needs for the collector to track and delete it. */
const DELETABLE_VERBS = ['delete', 'list', 'watch'];

export class RestMapper {
  private readonly byKind = new Map<string, MappedResource>();
  /** The preferred version of each deletable resource: what the collector monitors. */
  readonly deletable: MappedResource[] = [];
  /** The preferred version of every resource (ServerPreferredResources). */
  readonly preferred: MappedResource[] = [];

  /** The resource for `apiVersion` and `kind`, or undefined when the server does not serve it. */
  mapping(apiVersion: string, kind: string): MappedResource | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  private add(group: string, version: string, resources: ApiResource[], preferred: boolean): void {
    for (const resource of resources) {
      if (resource.name.includes('/')) continue;
      const mapped: MappedResource = {
        group,
        version,
        resource: resource.name,
        kind: resource.kind,
        namespaced: resource.namespaced,
        verbs: resource.verbs,
      };
      const apiVersion = group === '' ? version : `${group}/${version}`;
      this.byKind.set(`${apiVersion}/${resource.kind}`, mapped);
      if (preferred) this.preferred.push(mapped);
      if (
        preferred &&
        DELETABLE_VERBS.every((verb) => resource.verbs.includes(verb)) &&
        !IGNORED.has(`${group}/${resource.name}`)
      ) {
        this.deletable.push(mapped);
      }
    }
  }

  /** Reads /api, /apis and every group-version's resource list. */
  static async discover(client: Client): Promise<RestMapper> {
    const mapper = new RestMapper();
    const get = async <T>(path: string): Promise<T> => {
      const response = await client.request({ verb: 'GET', path });
      if (response.code !== 200) throw new Error(`discovery of ${path}: HTTP ${response.code}`);
      return response.body as T;
    };
    const core = await get<{ versions: string[] }>('/api');
    const groups = await get<{
      groups: { name: string; versions: GroupVersionRef[]; preferredVersion: GroupVersionRef }[];
    }>('/apis');
    const lists = [
      ...core.versions.map((version, index) => ({
        group: '',
        version,
        path: `/api/${version}`,
        preferred: index === 0,
      })),
      ...groups.groups.flatMap((group) =>
        group.versions.map((version) => ({
          group: group.name,
          version: version.version,
          path: `/apis/${version.groupVersion}`,
          preferred: version.version === group.preferredVersion.version,
        })),
      ),
    ];
    const resources = await Promise.all(
      lists.map((list) => get<{ resources: ApiResource[] }>(list.path)),
    );
    lists.forEach((list, index) => {
      mapper.add(list.group, list.version, resources[index]?.resources ?? [], list.preferred);
    });
    return mapper;
  }
}
