// Commands about the cluster rather than one object (kubectl pkg/cmd/apiresources,
// pkg/cmd/version, pkg/cmd/clusterinfo, pkg/cmd/auth/cani.go, pkg/cmd/events): api-resources,
// api-versions, version, cluster-info, auth can-i, events (-w until aborted).

import type { Event } from 'kubernetes-types/core/v1';
import { humanDuration } from '../api/duration.ts';
import { GIT_VERSION } from '../api/version.ts';
import { resourcePath } from '../api/resources.ts';
import type { KubeObject, WatchEvent } from '../client/protocol.ts';
import { CommandError, OUTPUT_FLAG, type Command, type CommandContext } from './command.ts';
import { NoResourceTypeError, type ResourceType } from './discovery.ts';
import { toJson } from './json.ts';
import { alignColumns, TabWriter } from './tabwriter.ts';
import { toYaml } from './yaml.ts';

const KUSTOMIZE_VERSION = 'v5.5.0';

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  flags: [
    OUTPUT_FLAG,
    { name: 'namespaced', kind: 'bool' },
    { name: 'api-group', kind: 'string' },
    { name: 'verbs', kind: 'stringSlice' },
    { name: 'categories', kind: 'stringSlice' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'sort-by', kind: 'string' },
    { name: 'cached', kind: 'bool' },
  ],
  async run(context) {
    const { flags } = context;
    const output = flags.string('output');
    if (output !== '' && output !== 'wide' && output !== 'name')
      throw new CommandError(`error: --output ${output} is not available`);
    let types = await context.discovery.resourceTypes();
    if (flags.has('namespaced'))
      types = types.filter((type) => type.namespaced === flags.bool('namespaced'));
    if (flags.has('api-group'))
      types = types.filter((type) => type.group === flags.string('api-group'));
    for (const verb of flags.strings('verbs'))
      types = types.filter((type) => type.verbs.includes(verb));
    for (const category of flags.strings('categories'))
      types = types.filter((type) => type.categories.includes(category));
    const sortBy = flags.string('sort-by');
    const key = (type: ResourceType): string[] =>
      sortBy === 'name'
        ? [type.resource]
        : sortBy === 'kind'
          ? [type.kind]
          : [type.group, type.resource];
    types = [...types].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let index = 0; index < x.length; index++)
        if (x[index] !== y[index]) return (x[index] ?? '') < (y[index] ?? '') ? -1 : 1;
      return 0;
    });
    if (output === 'name') {
      context.io.stdout(
        types
          .map((type) => `${type.group ? `${type.resource}.${type.group}` : type.resource}\n`)
          .join(''),
      );
      return 0;
    }
    const wide = output === 'wide';
    let text = flags.bool('no-headers')
      ? ''
      : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${wide ? '\tVERBS\tCATEGORIES' : ''}\n`;
    for (const type of types) {
      const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
      text += `${type.resource}\t${type.shortNames.join(',')}\t${apiVersion}\t${type.namespaced}\t${type.kind}`;
      if (wide) text += `\t${type.verbs.join(',')}\t${type.categories.join(',')}`;
      text += '\n';
    }
    context.io.stdout(alignColumns(text));
    return 0;
  },
};

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  flags: [],
  async run(context) {
    const versions = [...(await context.discovery.groupVersions())].sort();
    context.io.stdout(versions.map((version) => `${version}\n`).join(''));
    return 0;
  },
};

interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
}

export const versionCommand: Command = {
  name: 'version',
  flags: [OUTPUT_FLAG, { name: 'client', kind: 'bool' }, { name: 'short', kind: 'bool' }],
  async run(context) {
    const { flags } = context;
    const output = flags.string('output');
    if (output !== '' && output !== 'json' && output !== 'yaml')
      throw new CommandError("error: --output must be 'yaml' or 'json'");
    const clientVersion = { major: '1', minor: '32', gitVersion: GIT_VERSION, platform: 'js/wasm' };
    let server: VersionInfo | null = null;
    if (!flags.bool('client')) {
      const response = await context.client.request({ verb: 'GET', path: '/version' });
      server = response.code === 200 ? (response.body as VersionInfo) : null;
    }
    if (output === '') {
      let text = `Client Version: ${GIT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
      if (server) text += `Server Version: ${server.gitVersion ?? ''}\n`;
      context.io.stdout(text);
      return 0;
    }
    const document = {
      clientVersion,
      kustomizeVersion: KUSTOMIZE_VERSION,
      ...(server ? { serverVersion: server } : {}),
    };
    context.io.stdout(
      output === 'json'
        ? toJson(document).replace(/^( +)/gm, (spaces) => spaces.slice(0, spaces.length / 2))
        : toYaml(document),
    );
    return 0;
  },
};

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  flags: [],
  async run(context) {
    let text = `Kubernetes control plane is running at ${context.server}\n`;
    const services = await context.client
      .resource<KubeObject & { spec?: { ports?: { name?: string; port: number }[] } }>(
        { group: '', version: 'v1', resource: 'services' },
        'kube-system',
      )
      .list({ labelSelector: 'kubernetes.io/cluster-service=true' });
    for (const service of services.items) {
      const name = service.metadata?.labels?.['kubernetes.io/name'] ?? service.metadata?.name ?? '';
      const port = service.spec?.ports?.[0];
      const portPart = port?.name ? `:${port.name}` : '';
      text += `${name} is running at ${context.server}/api/v1/namespaces/kube-system/services/${service.metadata?.name ?? ''}${portPart}/proxy\n`;
    }
    context.io.stdout(
      `${text}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
    );
    return 0;
  },
};

const KNOWN_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
]);

const canI: Command = {
  name: 'can-i',
  flags: [
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'subresource', kind: 'string' },
    { name: 'quiet', short: 'q', kind: 'bool' },
    { name: 'list', kind: 'bool' },
    { name: 'no-headers', kind: 'bool' },
  ],
  async run(context, args) {
    const { flags, io } = context;
    if (args.length !== 2)
      throw new CommandError(
        "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
      );
    const [verb = '', target = ''] = args;
    let spec: Record<string, unknown>;
    if (target.startsWith('/')) spec = { nonResourceAttributes: { verb, path: target } };
    else {
      const slash = target.indexOf('/');
      const resourceArg = slash === -1 ? target : target.slice(0, slash);
      const name = slash === -1 ? '' : target.slice(slash + 1);
      let group = '';
      let resource = resourceArg;
      try {
        const type = await context.discovery.resourceFor(resourceArg);
        group = type.group;
        resource = type.resource;
      } catch (error) {
        if (!(error instanceof NoResourceTypeError)) throw error;
        if (!flags.bool('quiet'))
          io.stderr(`Warning: the server doesn't have a resource type '${resourceArg}'\n\n`);
      }
      if (!KNOWN_VERBS.has(verb) && !flags.bool('quiet'))
        io.stderr(`Warning: verb '${verb}' is not a known verb\n\n`);
      spec = {
        resourceAttributes: {
          namespace: flags.bool('all-namespaces') ? '' : context.namespace,
          verb,
          group,
          resource,
          ...(flags.string('subresource') ? { subresource: flags.string('subresource') } : {}),
          ...(name ? { name } : {}),
        },
      };
    }
    const review = (await context.client
      .resource<KubeObject>({
        group: 'authorization.k8s.io',
        version: 'v1',
        resource: 'selfsubjectaccessreviews',
      })
      .create({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec,
      } as KubeObject)) as KubeObject & {
      status?: { allowed?: boolean; reason?: string; evaluationError?: string };
    };
    const allowed = review.status?.allowed === true;
    if (!flags.bool('quiet')) {
      let text = allowed ? 'yes' : 'no';
      if (!allowed && review.status?.reason) text += ` - ${review.status.reason}`;
      if (!allowed && review.status?.evaluationError) text += ` - ${review.status.evaluationError}`;
      io.stdout(`${text}\n`);
    }
    return allowed ? 0 : 1;
  },
};

export const authCommand: Command = { name: 'auth', flags: [], subcommands: [canI] };

function since(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

/** getInterval. */
function interval(event: Event, now: number): string {
  const first = event.eventTime ? since(event.eventTime, now) : since(event.firstTimestamp, now);
  if (event.series)
    return `${since(event.series.lastObservedTime, now)} (x${event.series.count ?? 0} over ${first})`;
  if ((event.count ?? 0) > 1)
    return `${since(event.lastTimestamp, now)} (x${event.count ?? 0} over ${first})`;
  return first;
}

function eventTime(event: Event): number {
  const time = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime;
  return time ? Date.parse(time) : 0;
}

export const eventsCommand: Command = {
  name: 'events',
  flags: [
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'watch', short: 'w', kind: 'bool' },
    { name: 'for', kind: 'string' },
    { name: 'types', kind: 'stringSlice' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'chunk-size', kind: 'int' },
    OUTPUT_FLAG,
  ],
  async run(context: CommandContext) {
    const { flags, io } = context;
    const all = flags.bool('all-namespaces');
    const types = flags.strings('types');
    for (const type of types)
      if (!['normal', 'warning'].includes(type.toLowerCase()))
        throw new CommandError('error: valid --types are Normal or Warning');
    let fieldSelector = '';
    const forArg = flags.string('for');
    if (forArg) {
      const slash = forArg.indexOf('/');
      if (slash === -1) throw new CommandError('error: --for must be in resource/name form');
      const type = await context.discovery.resourceFor(forArg.slice(0, slash));
      fieldSelector = `involvedObject.kind=${type.kind},involvedObject.name=${forArg.slice(slash + 1)}`;
    }
    const namespace = all ? undefined : context.namespace;
    const wanted = (event: Event): boolean =>
      types.length === 0 ||
      types.some((type) => type.toLowerCase() === (event.type ?? '').toLowerCase());
    const row = (event: Event): string =>
      `${all ? `${event.metadata.namespace ?? ''}\t` : ''}${interval(event, context.now())}\t${event.type ?? ''}\t${event.reason ?? ''}\t${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}\t${(event.message ?? '').trim()}\n`;
    const heading = flags.bool('no-headers')
      ? ''
      : `${all ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
    const path = resourcePath({ group: '', version: 'v1', resource: 'events' }, namespace);
    const writer = new TabWriter(io.stdout);
    if (flags.bool('watch')) {
      let headed = false;
      await new Promise<void>((resolve) => {
        const stream = context.client.transport.watch(
          {
            verb: 'GET',
            path,
            query: { watch: 'true', ...(fieldSelector ? { fieldSelector } : {}) },
          },
          {
            onEvents(events: WatchEvent[]) {
              for (const { type, object } of events) {
                if (type === 'DELETED' || type === 'BOOKMARK' || !wanted(object as Event)) continue;
                if (!headed) writer.write(heading);
                headed = true;
                writer.write(row(object as Event));
                writer.flush();
              }
            },
            onEnd: () => {
              resolve();
            },
          },
        );
        io.signal?.addEventListener(
          'abort',
          () => {
            stream.stop();
            resolve();
          },
          { once: true },
        );
      });
      return 0;
    }
    const list = await context.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events' }, namespace)
      .list(fieldSelector ? { fieldSelector } : {});
    const events = list.items.filter(wanted).sort((a, b) => eventTime(a) - eventTime(b));
    if (events.length === 0) {
      io.stderr(
        all ? 'No events found.\n' : `No events found in ${context.namespace} namespace.\n`,
      );
      return 0;
    }
    writer.write(heading + events.map(row).join(''));
    writer.flush();
    return 0;
  },
};
