// What the mutating commands share: the objects named on the command line (TYPE NAME… or
// TYPE/NAME…, or -l/--all) or in -f files (the editor's files, or stdin for `-f -`), a status
// error re-worded as kubectl's visitors word it, and `kind.group/name` for their output.

import { StatusError } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import { itemsOf, listObjects, selectResources, type FetchOptions } from './builder.ts';
import { CommandError, type CommandContext } from './command.ts';
import type { Mapping, ResourceType } from './discovery.ts';
import { formatStatusError } from './errors.ts';
import { parseManifests } from './manifest.ts';

export interface Target {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
  /** The object, when it came from a file or a list. */
  object?: KubeObject;
  /** The file it came from. */
  source?: string;
}

/** `deployment.apps/web`. */
export function displayName(type: Pick<Mapping, 'kind' | 'group'>, name: string): string {
  const kind = type.kind.toLowerCase();
  return `${type.group ? `${kind}.${type.group}` : kind}/${name}`;
}

/** `deployments.apps "web"`: how messages name an object's resource. */
export function resourceName(type: Pick<Mapping, 'resource' | 'group'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** A status error with kubectl's context before its message (`error when creating "x.yaml": `). */
export function statusText(error: unknown, prefix: string): string {
  if (error instanceof StatusError)
    return formatStatusError({
      ...error.status,
      message: `${prefix}${error.status.message ?? ''}`,
    });
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/** The manifests of -f: the editor's files by name, `-` for stdin; objects in file order. */
export function readManifests(
  context: CommandContext,
): { source: string; objects: KubeObject[] }[] {
  const result: { source: string; objects: KubeObject[] }[] = [];
  for (const name of context.flags.strings('filename')) {
    const text = name === '-' ? context.io.stdin : context.io.files?.get(name);
    if (text === undefined) throw new CommandError(`error: the path "${name}" does not exist`);
    const parsed = parseManifests(text);
    if ('errors' in parsed) {
      const first = parsed.errors[0];
      throw new CommandError(
        `error: error parsing ${name === '-' ? 'STDIN' : name}: error converting YAML to JSON: yaml: line ${first?.line ?? 1}: ${first?.message ?? ''}`,
      );
    }
    result.push({ source: name === '-' ? 'STDIN' : name, objects: parsed.objects });
  }
  return result;
}

/** Objects from -f, mapped through discovery. */
export async function fileTargets(context: CommandContext): Promise<Target[]> {
  const targets: Target[] = [];
  for (const { source, objects } of readManifests(context)) {
    for (const object of objects) {
      const type = await context.discovery.typeForKind(object.apiVersion ?? '', object.kind ?? '');
      const namespace = type.namespaced
        ? (object.metadata?.namespace ?? context.namespace)
        : undefined;
      targets.push({ type, namespace, name: object.metadata?.name ?? '', object, source });
    }
  }
  return targets;
}

/** Objects named by arguments (or selected with -l / --all), as the builder visits them. */
export async function argumentTargets(
  context: CommandContext,
  args: readonly string[],
  options: { all?: boolean; allNamespaces?: boolean } = {},
): Promise<Target[]> {
  const selections = await selectResources(context.discovery, args);
  const targets: Target[] = [];
  const fetch: FetchOptions = {
    namespace: context.namespace,
    allNamespaces: options.allNamespaces === true,
    labelSelector: context.flags.string('selector'),
    fieldSelector: context.flags.string('field-selector'),
    table: false,
  };
  for (const { type, names } of selections) {
    const namespace = type.namespaced ? context.namespace : undefined;
    if (names.length > 0) {
      for (const name of names) targets.push({ type, namespace, name });
      continue;
    }
    for (const object of itemsOf(type, await listObjects(context.client, type, fetch)))
      targets.push({
        type,
        namespace: type.namespaced ? object.metadata?.namespace : undefined,
        name: object.metadata?.name ?? '',
        object,
      });
  }
  return targets;
}
