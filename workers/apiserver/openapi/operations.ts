// The REST operations of the served resources, as kube-apiserver's installer registers them
// (k8s.io/apiserver pkg/endpoints/installer.go): per resource the collection, item and
// all-namespaces paths and the subresources, with operation ids, actions, GVKs, query parameters,
// request bodies and responses. OpenAPI v2 and v3 render the same list. Leaves out the deprecated
// /watch/ paths.

import { groupVersion } from '../../api/resources.ts';
import type { ApiDescriptions, GroupVersionKind } from '../../api/schema/types.ts';
import type { Strategy } from '../registry/strategy.ts';
import { resourceVerbs, subresourceInfo } from '../subresources.ts';

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** A parameter: a field of a meta/v1 options struct (`options`), or one documented by `text`. */
export interface Parameter {
  name: string;
  in: 'path' | 'query';
  options?: string;
  text?: string;
  required?: boolean;
}

export interface Operation {
  method: Method;
  id: string;
  description: string;
  /** x-kubernetes-action; empty for the group-version's resource list. */
  action: string;
  gvk: GroupVersionKind;
  tag: string;
  parameters: Parameter[];
  /** Definition name of the request body and the media types it may come in. */
  body?: { definition: string; types: string[] };
  responses: { code: string; description: string; definition?: string }[];
  /** Served as a watch stream too. */
  streams?: boolean;
}

export interface PathItem {
  path: string;
  parameters: Parameter[];
  operations: Operation[];
}

/** The definition a kind is published under, from the schemas' GVK extensions. */
export type DefinitionOf = (gvk: GroupVersionKind) => string | undefined;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
const PRETTY: Parameter = {
  name: 'pretty',
  in: 'query',
  text: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
};
const NAMESPACE: Parameter = {
  name: 'namespace',
  in: 'path',
  required: true,
  text: 'object name and auth scope, such as for teams and projects',
};

const options = (struct: string, names: string[]): Parameter[] =>
  names.map((name) => ({ name, in: 'query', options: struct }));

const LIST_OPTIONS = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
const LIST = options('ListOptions', LIST_OPTIONS);
const DELETE = options('DeleteOptions', [
  'dryRun',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'orphanDependents',
  'propagationPolicy',
]);
const WRITE = ['dryRun', 'fieldManager', 'fieldValidation'];

/** An operation on one object (or its subresource), by the verb discovery lists. */
interface ItemVerb {
  method: Method;
  action: string;
  idVerb: string;
  describe(what: string, kind: string): string;
  parameters: Parameter[];
  body?: 'object' | 'patch';
  codes: string[];
}

const ITEM_VERBS: Record<string, ItemVerb> = {
  get: {
    method: 'get',
    action: 'get',
    idVerb: 'read',
    describe: (what) => `read ${what}`,
    parameters: [],
    codes: ['200'],
  },
  create: {
    method: 'post',
    action: 'post',
    idVerb: 'create',
    describe: (what, kind) => `create ${what.replace(/ the specified \S+$/, '')} a ${kind}`,
    parameters: options('CreateOptions', WRITE),
    body: 'object',
    codes: ['200', '201', '202'],
  },
  update: {
    method: 'put',
    action: 'put',
    idVerb: 'replace',
    describe: (what) => `replace ${what}`,
    parameters: options('UpdateOptions', WRITE),
    body: 'object',
    codes: ['200', '201'],
  },
  patch: {
    method: 'patch',
    action: 'patch',
    idVerb: 'patch',
    describe: (what) => `partially update ${what}`,
    parameters: options('PatchOptions', [...WRITE, 'force']),
    body: 'patch',
    codes: ['200', '201'],
  },
};

const CODE_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

function responses(definition: string, codes: string[]): Operation['responses'] {
  return [
    ...codes.map((code) => ({ code, description: CODE_TEXT[code] ?? '', definition })),
    { code: '401', description: 'Unauthorized' },
  ];
}

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map(capitalize)
    .join('');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The description and type of a parameter, from the options structs' docs. */
export function parameterDoc(
  parameter: Parameter,
  docs: ApiDescriptions,
): { description: string; type: string } {
  const documented = parameter.options
    ? docs.queryParameters[parameter.options]?.[parameter.name]
    : undefined;
  return {
    description: documented?.description ?? parameter.text ?? '',
    type: documented?.type ?? 'string',
  };
}

/** Every path of the group-version, sorted, the group-version's resource list included. */
export function groupVersionPaths(
  strategies: readonly Strategy[],
  group: string,
  version: string,
  definitionOf: DefinitionOf,
): PathItem[] {
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const groupName = groupWord(group);
  const word = `${groupName}${capitalize(version)}`;
  const tag = `${groupName.charAt(0).toLowerCase()}${groupName.slice(1)}_${version}`;
  const items: PathItem[] = [
    {
      path: `${prefix}/`,
      parameters: [],
      operations: [
        {
          method: 'get',
          id: `get${word}APIResources`,
          description: 'get available resources',
          action: '',
          gvk: { group: '', version: '', kind: '' },
          tag,
          parameters: [],
          responses: [
            { code: '200', description: 'OK', definition: `${META}.APIResourceList` },
            { code: '401', description: 'Unauthorized' },
          ],
        },
      ],
    },
  ];
  for (const strategy of strategies) {
    const { type } = strategy;
    const definition = definitionOf(type);
    if (type.group !== group || type.version !== version || !definition) continue;
    items.push(...resourcePaths(strategy, { prefix, word, tag, definition, definitionOf }));
  }
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface Context {
  prefix: string;
  /** `CoreV1`, `AppsV1`: the middle of operation ids. */
  word: string;
  tag: string;
  definition: string;
  definitionOf: DefinitionOf;
}

function resourcePaths(strategy: Strategy, context: Context): PathItem[] {
  const { type } = strategy;
  const { prefix, word, tag, definition } = context;
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const scope = type.namespaced ? 'Namespaced' : '';
  const base = type.namespaced
    ? `${prefix}/namespaces/{namespace}/${type.resource}`
    : `${prefix}/${type.resource}`;
  const scoped = type.namespaced ? [NAMESPACE] : [];
  const name: Parameter = {
    name: 'name',
    in: 'path',
    required: true,
    text: `name of the ${type.kind}`,
  };
  const verbs = new Set(resourceVerbs(type));
  const list: Operation = {
    method: 'get',
    id: `list${word}${scope}${type.kind}`,
    description: `list or watch objects of kind ${type.kind}`,
    action: 'list',
    gvk,
    tag,
    parameters: LIST,
    responses: responses(`${definition}List`, ['200']),
    streams: true,
  };
  const collection: Operation[] = [];
  if (verbs.has('list')) collection.push(list);
  if (verbs.has('create')) {
    collection.push({
      ...itemOperation('create', type.kind, context, gvk, definition),
      id: `create${word}${scope}${type.kind}`,
      description: `create a ${type.kind}`,
    });
  }
  if (verbs.has('deletecollection')) {
    collection.push({
      method: 'delete',
      id: `delete${word}Collection${scope}${type.kind}`,
      description: `delete collection of ${type.kind}`,
      action: 'deletecollection',
      gvk,
      tag,
      parameters: [
        ...DELETE,
        ...LIST.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'),
      ],
      body: { definition: `${META}.DeleteOptions`, types: ['*/*'] },
      responses: responses(`${META}.Status`, ['200']),
    });
  }
  const what = `the specified ${type.kind}`;
  const item = (['get', 'update', 'patch'] as const)
    .filter((verb) => verbs.has(verb))
    .map((verb) => ({
      ...itemOperation(verb, `${scope}${type.kind}`, context, gvk, definition),
      description: ITEM_VERBS[verb]?.describe(what, type.kind) ?? '',
    }));
  if (verbs.has('delete')) {
    item.push({
      method: 'delete',
      id: `delete${word}${scope}${type.kind}`,
      description: `delete a ${type.kind}`,
      action: 'delete',
      gvk,
      tag,
      parameters: DELETE,
      body: { definition: `${META}.DeleteOptions`, types: ['*/*'] },
      responses: responses(strategy.returnDeletedObject ? definition : `${META}.Status`, [
        '200',
        '202',
      ]),
    });
  }
  // Create-only kinds (access reviews) have no object path.
  const paths: PathItem[] = [
    { path: base, parameters: [...scoped, PRETTY], operations: collection },
    { path: `${base}/{name}`, parameters: [name, ...scoped, PRETTY], operations: item },
  ].filter((path) => path.operations.length > 0);
  if (type.namespaced && verbs.has('list')) {
    paths.push({
      path: `${prefix}/${type.resource}`,
      parameters: [...LIST, PRETTY],
      operations: [{ ...list, id: `list${word}${type.kind}ForAllNamespaces`, parameters: [] }],
    });
  }
  for (const subresource of type.subresources ?? []) {
    const info = subresourceInfo(type, subresource);
    const subDefinition = context.definitionOf(info.kind);
    if (!subDefinition) continue;
    const subWhat = `${subresource} of the specified ${type.kind}`;
    const operations = (['get', 'create', 'update', 'patch'] as const)
      .filter((verb) => info.verbs.includes(verb))
      .map((verb) => ({
        ...itemOperation(
          verb,
          `${scope}${type.kind}${capitalize(subresource)}`,
          context,
          info.kind,
          subDefinition,
        ),
        description: ITEM_VERBS[verb]?.describe(subWhat, type.kind) ?? '',
      }));
    paths.push({
      path: `${base}/{name}/${subresource}`,
      parameters: [name, ...scoped, PRETTY],
      operations,
    });
  }
  return paths;
}

/** get, create, update or patch of `definition`; `target` ends the operation id. */
function itemOperation(
  verb: 'get' | 'create' | 'update' | 'patch',
  target: string,
  context: Context,
  gvk: GroupVersionKind,
  definition: string,
): Operation {
  const template = ITEM_VERBS[verb] as ItemVerb;
  const body =
    template.body === 'object'
      ? { definition, types: ['*/*'] }
      : template.body === 'patch'
        ? { definition: `${META}.Patch`, types: PATCH_TYPES }
        : undefined;
  return {
    method: template.method,
    id: `${template.idVerb}${context.word}${target}`,
    description: '',
    action: template.action,
    gvk,
    tag: context.tag,
    parameters: template.parameters,
    ...(body ? { body } : {}),
    responses: responses(definition, template.codes),
  };
}

/** The group-versions with served resources, as `api/v1` and `apis/<group>/<version>`. */
export function servedGroupVersions(
  strategies: readonly Strategy[],
): { group: string; version: string; path: string }[] {
  const seen = new Map<string, { group: string; version: string; path: string }>();
  for (const { type } of strategies) {
    const path = type.group === '' ? `api/${type.version}` : `apis/${groupVersion(type)}`;
    seen.set(path, { group: type.group, version: type.version, path });
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
