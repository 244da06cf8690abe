// The REST operations of the served resources, as kube-apiserver's installer registers them
// (k8s.io/apiserver pkg/endpoints/installer.go): per resource the collection, item, all-namespaces
// and deprecated watch paths, and the subresources, with operation ids, actions, GVKs, query
// parameters, request bodies and responses. OpenAPI v2 and v3 render the same list.

import { groupVersion, type ResourceType } from '../../api/resources.ts';
import type { GroupVersionKind } from '../../api/schema/types.ts';
import type { Strategy } from '../registry/strategy.ts';
import { subresourceInfo } from '../subresources.ts';

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  /** Options struct (ListOptions...) whose field documents it, or the text itself. */
  doc: { options: string } | { text: string };
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
}

export interface Operation {
  method: Method;
  id: string;
  description: string;
  action: string;
  gvk: GroupVersionKind;
  tag: string;
  parameters: Parameter[];
  /** Definition name of the request body and the media types it may come in. */
  body?: { definition: string; types: string[] };
  responses: { code: string; description: string; definition?: string }[];
  /** Served in streams (watch) as well. */
  streams?: boolean;
}

export interface PathItem {
  path: string;
  parameters: Parameter[];
  operations: Operation[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
const PRETTY: Parameter = {
  name: 'pretty',
  in: 'query',
  type: 'string',
  doc: {
    text: "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
  },
};
const NAMESPACE: Parameter = {
  name: 'namespace',
  in: 'path',
  type: 'string',
  required: true,
  doc: { text: 'object name and auth scope, such as for teams and projects' },
};

function query(options: string, names: string[], types: Record<string, Parameter['type']>) {
  return names.map((name): Parameter => ({
    name,
    in: 'query',
    type: types[name] ?? 'string',
    doc: { options },
  }));
}

const INTEGER = {
  limit: 'integer',
  timeoutSeconds: 'integer',
  gracePeriodSeconds: 'integer',
} as const;
const BOOLEAN = {
  watch: 'boolean',
  allowWatchBookmarks: 'boolean',
  sendInitialEvents: 'boolean',
  force: 'boolean',
  orphanDependents: 'boolean',
  ignoreStoreReadErrorWithClusterBreakingPotential: 'boolean',
} as const;
const TYPES = { ...INTEGER, ...BOOLEAN };

const LIST_PARAMS = query(
  'ListOptions',
  [
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
  ],
  TYPES,
);
const WRITE_PARAMS = (options: string) =>
  query(options, ['dryRun', 'fieldManager', 'fieldValidation'], TYPES);
const PATCH_PARAMS = query(
  'PatchOptions',
  ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
  TYPES,
);
const DELETE_PARAMS = query(
  'DeleteOptions',
  [
    'dryRun',
    'gracePeriodSeconds',
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'orphanDependents',
    'propagationPolicy',
  ],
  TYPES,
);

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The definition of a kind: from its GVK extension in the schemas. */
export type DefinitionOf = (gvk: GroupVersionKind) => string | undefined;

/** Every path of the group-version, the group-version's resource list first. */
export function groupVersionPaths(
  strategies: readonly Strategy[],
  group: string,
  version: string,
  definitionOf: DefinitionOf,
): PathItem[] {
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const tag = `${groupWord(group).charAt(0).toLowerCase()}${groupWord(group).slice(1)}_${version}`;
  const items: PathItem[] = [
    {
      path: `${prefix}/`,
      parameters: [],
      operations: [
        {
          method: 'get',
          id: `get${groupWord(group)}${capitalize(version)}APIResources`,
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
    if (type.group !== group || type.version !== version) continue;
    const definition = definitionOf(type);
    if (!definition) continue;
    items.push(...resourcePaths(strategy, prefix, tag, definition, definitionOf));
  }
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function resourcePaths(
  { type, returnDeletedObject }: Strategy,
  prefix: string,
  tag: string,
  definition: string,
  definitionOf: DefinitionOf,
): PathItem[] {
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const scope = type.namespaced ? 'Namespaced' : '';
  const word = `${groupWord(type.group)}${capitalize(type.version)}`;
  const base = type.namespaced
    ? `${prefix}/namespaces/{namespace}/${type.resource}`
    : `${prefix}/${type.resource}`;
  const scoped = type.namespaced ? [NAMESPACE] : [];
  const name: Parameter = {
    name: 'name',
    in: 'path',
    type: 'string',
    required: true,
    doc: { text: `name of the ${type.kind}` },
  };
  const op = (
    operation: Omit<Operation, 'gvk' | 'tag'> & { gvk?: GroupVersionKind },
  ): Operation => ({
    gvk,
    tag,
    ...operation,
  });
  const ok = (ref: string, codes = ['200']) => [
    ...codes.map((code) => ({
      code,
      description: code === '200' ? 'OK' : code === '201' ? 'Created' : 'Accepted',
      definition: ref,
    })),
    { code: '401', description: 'Unauthorized' },
  ];
  const list = `${definition}List`;
  const verbs = new Set(
    type.verbs ?? [
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ],
  );
  const collection: Operation[] = [];
  if (verbs.has('list')) {
    collection.push(
      op({
        method: 'get',
        id: `list${word}${scope}${type.kind}`,
        description: `list or watch objects of kind ${type.kind}`,
        action: 'list',
        parameters: LIST_PARAMS,
        responses: ok(list),
        streams: true,
      }),
    );
  }
  if (verbs.has('create')) {
    collection.push(
      op({
        method: 'post',
        id: `create${word}${scope}${type.kind}`,
        description: `create a ${type.kind}`,
        action: 'post',
        parameters: WRITE_PARAMS('CreateOptions'),
        body: { definition, types: ['*/*'] },
        responses: ok(definition, ['200', '201', '202']),
      }),
    );
  }
  if (verbs.has('deletecollection')) {
    collection.push(
      op({
        method: 'delete',
        id: `delete${word}Collection${scope}${type.kind}`,
        description: `delete collection of ${type.kind}`,
        action: 'deletecollection',
        parameters: [
          ...DELETE_PARAMS,
          ...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks'),
        ],
        body: { definition: `${META}.DeleteOptions`, types: ['*/*'] },
        responses: ok(`${META}.Status`),
      }),
    );
  }
  const item: Operation[] = [
    op({
      method: 'get',
      id: `read${word}${scope}${type.kind}`,
      description: `read the specified ${type.kind}`,
      action: 'get',
      parameters: [],
      responses: ok(definition),
    }),
    op({
      method: 'put',
      id: `replace${word}${scope}${type.kind}`,
      description: `replace the specified ${type.kind}`,
      action: 'put',
      parameters: WRITE_PARAMS('UpdateOptions'),
      body: { definition, types: ['*/*'] },
      responses: ok(definition, ['200', '201']),
    }),
    op({
      method: 'patch',
      id: `patch${word}${scope}${type.kind}`,
      description: `partially update the specified ${type.kind}`,
      action: 'patch',
      parameters: PATCH_PARAMS,
      body: { definition: `${META}.Patch`, types: PATCH_TYPES },
      responses: ok(definition, ['200', '201']),
    }),
    op({
      method: 'delete',
      id: `delete${word}${scope}${type.kind}`,
      description: `delete a ${type.kind}`,
      action: 'delete',
      parameters: DELETE_PARAMS,
      body: { definition: `${META}.DeleteOptions`, types: ['*/*'] },
      responses: ok(returnDeletedObject ? definition : `${META}.Status`, ['200', '202']),
    }),
  ];
  const paths: PathItem[] = [
    { path: base, parameters: [...scoped, PRETTY], operations: collection },
    { path: `${base}/{name}`, parameters: [name, ...scoped, PRETTY], operations: item },
  ];
  if (type.namespaced && verbs.has('list')) {
    paths.push({
      path: `${prefix}/${type.resource}`,
      parameters: [...LIST_PARAMS, PRETTY],
      operations: [
        op({
          method: 'get',
          id: `list${word}${type.kind}ForAllNamespaces`,
          description: `list or watch objects of kind ${type.kind}`,
          action: 'list',
          parameters: [],
          responses: ok(list),
          streams: true,
        }),
      ],
    });
  }
  for (const subresource of type.subresources ?? []) {
    const info = subresourceInfo(type, subresource);
    const subDefinition = definitionOf(info.kind);
    if (!subDefinition) continue;
    paths.push(
      subresourcePath(type, `${base}/{name}/${subresource}`, subresource, info, subDefinition, {
        word,
        scope,
        tag,
        scoped,
        name,
      }),
    );
  }
  return paths;
}

function subresourcePath(
  type: ResourceType,
  path: string,
  subresource: string,
  info: { kind: GroupVersionKind; verbs: string[] },
  definition: string,
  context: { word: string; scope: string; tag: string; scoped: Parameter[]; name: Parameter },
): PathItem {
  const suffix = `${type.kind}${capitalize(subresource)}`;
  const id = (verb: string) => `${verb}${context.word}${context.scope}${suffix}`;
  const what = `${subresource} of the specified ${type.kind}`;
  const responses = (codes: string[]) => [
    ...codes.map((code) => ({
      code,
      description: code === '200' ? 'OK' : code === '201' ? 'Created' : 'Accepted',
      definition,
    })),
    { code: '401', description: 'Unauthorized' },
  ];
  const base = { gvk: info.kind, tag: context.tag };
  const operations: Operation[] = [];
  if (info.verbs.includes('get')) {
    operations.push({
      ...base,
      method: 'get',
      id: id('read'),
      description: `read ${what}`,
      action: 'get',
      parameters: [],
      responses: responses(['200']),
    });
  }
  if (info.verbs.includes('create')) {
    operations.push({
      ...base,
      method: 'post',
      id: id('create'),
      description: `create ${subresource} of a ${type.kind}`,
      action: 'post',
      parameters: WRITE_PARAMS('CreateOptions'),
      body: { definition, types: ['*/*'] },
      responses: responses(['200', '201', '202']),
    });
  }
  if (info.verbs.includes('update')) {
    operations.push({
      ...base,
      method: 'put',
      id: id('replace'),
      description: `replace ${what}`,
      action: 'put',
      parameters: WRITE_PARAMS('UpdateOptions'),
      body: { definition, types: ['*/*'] },
      responses: responses(['200', '201']),
    });
  }
  if (info.verbs.includes('patch')) {
    operations.push({
      ...base,
      method: 'patch',
      id: id('patch'),
      description: `partially update ${what}`,
      action: 'patch',
      parameters: PATCH_PARAMS,
      body: { definition: `${META}.Patch`, types: PATCH_TYPES },
      responses: responses(['200', '201']),
    });
  }
  return { path, parameters: [context.name, ...context.scoped, PRETTY], operations };
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
