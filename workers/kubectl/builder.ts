// kubectl's resource builder (cli-runtime pkg/resource/builder.go) for command-line arguments:
// `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`, `all` expanded by category, each type mapped through
// discovery; then the requests it makes: a list (with selectors, in chunks of 500) or a get per
// name, optionally as server-side Tables.

import { StatusError, type Client } from '../client/client.ts';
import { resourcePath } from '../api/resources.ts';
import type { ApiRequest, KubeObject } from '../client/protocol.ts';
import { CommandError } from './command.ts';
import type { Discovery, ResourceType } from './discovery.ts';

export interface ResourceSelection {
  type: ResourceType;
  /** Empty: every object of the type (that the selectors match). */
  names: string[];
}

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

const CHUNK_SIZE = '500';

/** builder.ResourceTypeOrNameArgs. */
export async function selectResources(
  discovery: Discovery,
  args: readonly string[],
): Promise<ResourceSelection[]> {
  const slashed = args.filter((arg) => arg.includes('/')).length;
  if (slashed > 0) {
    if (slashed !== args.length)
      throw new CommandError(
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    const selections: ResourceSelection[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const name = arg.slice(slash + 1);
      if (slash === 0 || name === '')
        throw new CommandError(
          `error: arguments in resource/name form must have a single resource and name`,
        );
      selections.push({ type: await discovery.resourceFor(arg.slice(0, slash)), names: [name] });
    }
    return selections;
  }
  const [typesArg = '', ...names] = args;
  const types: ResourceType[] = [];
  for (const typeArg of typesArg.split(',').filter((part) => part !== '')) {
    if (typeArg.toLowerCase() === 'all') types.push(...(await discovery.category('all')));
    else types.push(await discovery.resourceFor(typeArg));
  }
  if (names.length > 0 && types.length > 1)
    throw new CommandError('error: you must specify only one resource');
  return types.map((type) => ({ type, names }));
}

export interface FetchOptions {
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  table: boolean;
  includeObject?: 'Object';
}

/** The namespace a request for `type` goes to: none for cluster-scoped types and for -A. */
export function namespaceFor(type: ResourceType, options: FetchOptions): string | undefined {
  if (!type.namespaced || options.allNamespaces) return undefined;
  return options.namespace;
}

function query(options: FetchOptions, list: boolean): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  if (list) {
    if (options.labelSelector) result.labelSelector = options.labelSelector;
    if (options.fieldSelector) result.fieldSelector = options.fieldSelector;
    result.limit = CHUNK_SIZE;
  }
  if (options.includeObject) result.includeObject = options.includeObject;
  return Object.keys(result).length > 0 ? result : undefined;
}

async function call(client: Client, request: ApiRequest): Promise<KubeObject> {
  const response = await client.request(request);
  if (response.code >= 200 && response.code < 300) return response.body as KubeObject;
  throw new StatusError(response.body as ConstructorParameters<typeof StatusError>[0]);
}

/** One object (or its Table), by name. */
export function getObject(
  client: Client,
  type: ResourceType,
  name: string,
  options: FetchOptions,
): Promise<KubeObject> {
  return call(client, {
    verb: 'GET',
    path: resourcePath(type, namespaceFor(type, options), name),
    ...(options.table ? { accept: TABLE_ACCEPT } : {}),
    ...(query(options, false) ? { query: query(options, false) } : {}),
  });
}

interface Chunk extends KubeObject {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
  rows?: unknown[];
}

/** Every chunk of a list (or its Tables), following `continue`. */
export async function listObjects(
  client: Client,
  type: ResourceType,
  options: FetchOptions,
): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  let next = '';
  do {
    const base = query(options, true) ?? {};
    const chunk = (await call(client, {
      verb: 'GET',
      path: resourcePath(type, namespaceFor(type, options)),
      query: next ? { ...base, continue: next } : base,
      ...(options.table ? { accept: TABLE_ACCEPT } : {}),
    })) as Chunk;
    chunks.push(chunk);
    next = chunk.metadata?.continue ?? '';
  } while (next);
  return chunks;
}

/** A list's items, each with the apiVersion and kind the list implies, as kubectl decodes them. */
export function itemsOf(type: ResourceType, chunks: readonly Chunk[]): KubeObject[] {
  const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
  return chunks.flatMap((chunk) =>
    (chunk.items ?? []).map((item) => ({ apiVersion, kind: type.kind, ...item })),
  );
}

/** `deployment.apps`: how kubectl names a kind in `kind/name` and messages. */
export function kindName(type: Pick<ResourceType, 'kind' | 'group'>): string {
  const kind = type.kind.toLowerCase();
  return type.group ? `${kind}.${type.group}` : kind;
}
