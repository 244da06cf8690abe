// What a request asks to do, in the terms authorization speaks (k8s.io/apiserver
// pkg/endpoints/request/requestinfo.go): verb, API group and version, namespace, resource,
// subresource and name for resource requests; verb and path for everything else.

import type { ApiRequest } from '../../client/protocol.ts';

export interface RequestInfo {
  isResourceRequest: boolean;
  /** The URL path without the query. */
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection; lower-case method otherwise. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments from the resource on: resource/name/subresource/… */
  parts: string[];
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_PREFIXES = new Set(['api']);
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** `watch=false` and `watch=0` are the only ways to say no. */
function wantsWatch(query: Record<string, string>): boolean {
  const value = query.watch;
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  return lower !== 'false' && lower !== '0';
}

/** fields.Selector.RequiresExactMatch("metadata.name") for the simple forms clients send. */
function exactName(fieldSelector: string | undefined): string | undefined {
  if (!fieldSelector) return undefined;
  const terms = fieldSelector.split(',');
  if (terms.length !== 1) return undefined;
  const match = /^metadata\.name(?:==?)(.*)$/.exec(terms[0] ?? '');
  return match?.[1];
}

/** path.IsValidPathSegmentName: what can stand in a URL segment as a name. */
function validPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

export function requestInfo(request: Pick<ApiRequest, 'verb' | 'path' | 'query'>): RequestInfo {
  const path = request.path.split('?')[0] ?? '';
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: request.verb.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = splitPath(path);
  if (parts.length < 3 || !API_PREFIXES.has(parts[0] ?? '')) return info;
  const apiPrefix = parts[0] ?? '';
  parts = parts.slice(1);
  let apiGroup = '';
  if (!GROUPLESS_PREFIXES.has(apiPrefix)) {
    if (parts.length < 3) return info;
    apiGroup = parts[0] ?? '';
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiPrefix = apiPrefix;
  info.apiGroup = apiGroup;
  info.apiVersion = parts[0] ?? '';
  parts = parts.slice(1);

  if (SPECIAL_VERBS.has(parts[0] ?? '') && parts.length >= 2) {
    info.verb = parts[0] ?? '';
    parts = parts.slice(1);
  } else {
    info.verb = METHOD_VERBS[request.verb] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1] ?? '';
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb))
    info.subresource = parts[2] ?? '';
  if (parts.length >= 2) info.name = parts[1] ?? '';
  if (parts.length >= 1) info.resource = parts[0] ?? '';

  const query = request.query ?? {};
  if (info.name === '' && info.verb === 'get') {
    info.verb = wantsWatch(query) ? 'watch' : 'list';
    const name = exactName(query.fieldSelector);
    if (name !== undefined && validPathSegmentName(name)) info.name = name;
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}
