// Impersonation (k8s.io/apiserver pkg/endpoints/filters/impersonation.go): the Impersonate-User,
// -Group, -Uid and -Extra-<key> headers make a request act as someone else, once the caller is
// allowed to `impersonate` each of them. A group, extra or uid without a user is a plain-text 500,
// as upstream answers it.

import { goQuote } from '../../api/errors.ts';
import type { ApiRequest, ApiResponse, UserInfo } from '../../client/protocol.ts';
import { statusResponse } from '../responses.ts';
import { forbiddenStatus, type Attributes, type Authorizer } from './authorizer.ts';
import { splitServiceAccountUsername } from './rule-resolver.ts';

const USER_HEADER = 'impersonate-user';
const GROUP_HEADER = 'impersonate-group';
const UID_HEADER = 'impersonate-uid';
const EXTRA_PREFIX = 'impersonate-extra-';

const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const ANONYMOUS = 'system:anonymous';

/** One thing to impersonate, as upstream's ObjectReference (its %v shows in the 500 answer). */
interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  fieldPath: string;
}

function reference(
  kind: ImpersonationRequest['kind'],
  name: string,
  more: Partial<ImpersonationRequest> = {},
): ImpersonationRequest {
  return { kind, namespace: '', name, apiVersion: '', fieldPath: '', ...more };
}

/** fmt's %v of a v1.ObjectReference value: every field, space-separated. */
function goReference(request: ImpersonationRequest): string {
  const { kind, namespace, name, apiVersion, fieldPath } = request;
  return `{${[kind, namespace, name, '', apiVersion, '', fieldPath].join(' ')}}`;
}

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function buildRequests(
  headers: Record<string, string[]>,
): ImpersonationRequest[] | { error: string } {
  const requests: ImpersonationRequest[] = [];
  const requestedUser = headers[USER_HEADER]?.[0] ?? '';
  if (requestedUser !== '') {
    const account = splitServiceAccountUsername(requestedUser);
    requests.push(
      account
        ? reference('ServiceAccount', account[1], { namespace: account[0] })
        : reference('User', requestedUser),
    );
  }
  const groups = headers[GROUP_HEADER] ?? [];
  for (const group of groups) requests.push(reference('Group', group));
  let hasExtra = false;
  for (const header of Object.keys(headers).sort()) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(EXTRA_PREFIX.length).toLowerCase());
    for (const value of headers[header] ?? []) {
      requests.push(
        reference('UserExtra', value, { apiVersion: 'authentication.k8s.io/v1', fieldPath: key }),
      );
    }
  }
  const uid = headers[UID_HEADER]?.[0] ?? '';
  if (uid !== '') requests.push(reference('UID', uid, { apiVersion: 'authentication.k8s.io/v1' }));
  if ((groups.length > 0 || hasExtra || uid !== '') && requestedUser === '') {
    return {
      error: `requested [${requests.map(goReference).join(' ')}] without impersonating a user`,
    };
  }
  return requests;
}

function attributesOf(requestor: UserInfo, request: ImpersonationRequest): Attributes {
  const group =
    request.kind === 'UserExtra' || request.kind === 'UID' ? 'authentication.k8s.io' : '';
  const resources: Record<ImpersonationRequest['kind'], string> = {
    User: 'users',
    ServiceAccount: 'serviceaccounts',
    Group: 'groups',
    UserExtra: 'userextras',
    UID: 'uids',
  };
  return {
    user: requestor,
    isResourceRequest: true,
    path: '',
    verb: 'impersonate',
    apiPrefix: '',
    apiGroup: group,
    apiVersion: 'v1',
    namespace: request.namespace,
    resource: resources[request.kind],
    subresource: request.kind === 'UserExtra' ? request.fieldPath : '',
    name: request.name,
    parts: [],
  };
}

/** The URI upstream quotes in its 500 answer: the path and the query as sent. */
function requestURI(request: ApiRequest): string {
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query === '' ? request.path : `${request.path}?${query}`;
}

function sanitize(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * WithImpersonation: the identity the request acts as, or the answer that refuses it. Requests
 * without impersonation headers keep their caller.
 */
export function impersonate(
  request: ApiRequest,
  requestor: UserInfo,
  authorizer: Authorizer,
): { user: UserInfo } | { response: ApiResponse } {
  const headers = request.headers ?? {};
  const requests = buildRequests(headers);
  if ('error' in requests) {
    const message = `Internal Server Error: ${goQuote(requestURI(request))}: ${requests.error}`;
    return {
      response: {
        code: 500,
        body: `${sanitize(message)}\n`,
        contentType: 'text/plain; charset=utf-8',
      },
    };
  }
  if (requests.length === 0) return { user: requestor };

  const groupsSpecified = (headers[GROUP_HEADER] ?? []).length > 0;
  let username = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  let uid = '';
  for (const impersonation of requests) {
    switch (impersonation.kind) {
      case 'ServiceAccount':
        username = `system:serviceaccount:${impersonation.namespace}:${impersonation.name}`;
        if (!groupsSpecified)
          groups = ['system:serviceaccounts', `system:serviceaccounts:${impersonation.namespace}`];
        break;
      case 'User':
        username = impersonation.name;
        break;
      case 'Group':
        groups.push(impersonation.name);
        break;
      case 'UserExtra':
        (extra[impersonation.fieldPath] ??= []).push(impersonation.name);
        break;
      case 'UID':
        uid = impersonation.name;
        break;
    }
    const attributes = attributesOf(requestor, impersonation);
    const result = authorizer.authorize(attributes);
    if (result.decision !== 'Allow') {
      return { response: statusResponse(forbiddenStatus(attributes, result.reason)) };
    }
  }

  if (username !== ANONYMOUS) {
    if (!groups.some((group) => group === AUTHENTICATED || group === UNAUTHENTICATED))
      groups.push(AUTHENTICATED);
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups.push(UNAUTHENTICATED);
  }
  const user: UserInfo = { username, groups };
  if (uid !== '') user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return { user };
}
