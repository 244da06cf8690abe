// `kubectl describe` (kubectl pkg/cmd/describe/describe.go): the builder's objects described
// one after another (separated by a blank line), a name that matches nothing falling back to
// the objects whose names start with it, `No resources found…` when there is nothing.

import { resourcePath } from '../api/resources.ts';
import { isNotFound } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Event } from 'kubernetes-types/core/v1';
import {
  itemsOf,
  listObjects,
  namespaceFor,
  selectResources,
  type FetchOptions,
} from './builder.ts';
import {
  CommandError,
  errorText,
  FILENAME_FLAGS,
  SELECTOR_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { DESCRIBERS, type DescribeContext } from './describe/describers.ts';
import { describeGeneric } from './describe/generic.ts';
import type { ResourceType } from './discovery.ts';

async function describeOne(
  context: CommandContext,
  settings: DescribeContext,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<string> {
  const describer = DESCRIBERS[`${type.group}/${type.kind}`];
  if (describer) return describer(settings, namespace, name);
  const object = await context.client
    .resource<KubeObject>(type, type.namespaced ? namespace : undefined)
    .get(name);
  let events: Event[] | null = null;
  if (settings.showEvents) {
    const selector = [
      `involvedObject.name=${name}`,
      ...(type.namespaced ? [`involvedObject.namespace=${namespace}`] : []),
      `involvedObject.kind=${type.kind}`,
      ...(object.metadata?.uid ? [`involvedObject.uid=${object.metadata.uid}`] : []),
    ].join(',');
    const response = await context.client.request({
      verb: 'GET',
      path: resourcePath(
        { group: '', version: 'v1', resource: 'events' },
        type.namespaced ? namespace : undefined,
      ),
      query: { fieldSelector: selector, limit: '500' },
    });
    events = response.code === 200 ? ((response.body as { items?: Event[] }).items ?? []) : [];
  }
  return describeGeneric(
    {
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      kind: type.kind,
      ...object,
    },
    events,
    settings.now,
  );
}

async function run(context: CommandContext, args: string[]): Promise<number> {
  const { flags, io } = context;
  if (args.length === 0)
    throw new CommandError(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  const selections = await selectResources(context.discovery, args);
  const settings: DescribeContext = {
    client: context.client,
    now: context.now(),
    showEvents: flags.bool('show-events', true),
  };
  const options: FetchOptions = {
    namespace: context.namespace,
    allNamespaces: flags.bool('all-namespaces'),
    labelSelector: flags.string('selector'),
    table: false,
  };
  const targets: { type: ResourceType; namespace: string; name: string }[] = [];
  const errors: string[] = [];
  let notFound: Error | null = null;
  for (const { type, names } of selections) {
    if (names.length === 0) {
      for (const item of itemsOf(type, await listObjects(context.client, type, options)))
        targets.push({
          type,
          namespace: item.metadata?.namespace ?? '',
          name: item.metadata?.name ?? '',
        });
      continue;
    }
    for (const name of names) {
      try {
        await context.client.resource<KubeObject>(type, namespaceFor(type, options)).get(name);
        targets.push({ type, namespace: context.namespace, name });
      } catch (error) {
        if (isNotFound(error)) notFound ??= error as Error;
        errors.push(errorText(error));
      }
    }
  }
  const [selection] = selections;
  if (notFound !== null && args.length === 2 && selection) {
    const prefix = args[1] ?? '';
    const items = itemsOf(
      selection.type,
      await listObjects(context.client, selection.type, { ...options, allNamespaces: false }),
    );
    const matching = items.filter((item) => (item.metadata?.name ?? '').startsWith(prefix));
    if (matching.length === 0) throw notFound;
    for (const item of matching)
      io.stdout(
        `${await describeOne(context, settings, selection.type, item.metadata?.namespace ?? context.namespace, item.metadata?.name ?? '')}\n`,
      );
    return 0;
  }
  let first = true;
  for (const target of targets) {
    try {
      const text = await describeOne(context, settings, target.type, target.namespace, target.name);
      io.stdout(first ? text : `\n\n${text}`);
      first = false;
    } catch (error) {
      const message = errorText(error);
      if (!errors.includes(message)) errors.push(message);
    }
  }
  if (targets.length === 0 && errors.length === 0)
    io.stderr(
      flags.bool('all-namespaces')
        ? 'No resources found\n'
        : `No resources found in ${context.namespace} namespace.\n`,
    );
  for (const error of errors) io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

export const describeCommand: Command = {
  name: 'describe',
  flags: [
    SELECTOR_FLAG,
    ...FILENAME_FLAGS,
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'show-events', kind: 'bool' },
    { name: 'chunk-size', kind: 'int' },
  ],
  run,
};
