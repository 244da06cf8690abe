// Authorization (k8s.io/apiserver pkg/authorization/authorizer and union, and the Forbidden
// answer of pkg/endpoints/handlers/responsewriters/errors.go): an authorizer looks at who asks
// to do what and allows, denies or has no opinion; the chain asks each in turn, as
// `--authorization-mode=Node,RBAC` does, after letting the system:masters group through.

import { forbidden, goQuote, type Status } from '../../api/errors.ts';
import type { UserInfo } from '../../client/protocol.ts';
import type { FieldRequirement } from '../../api/fields.ts';
import type { RequestInfo } from './request-info.ts';

export interface Attributes extends RequestInfo {
  user: UserInfo;
  /** The request's field selector, when it parsed (AuthorizeWithSelectors). */
  fieldSelector?: FieldRequirement[];
}

export type Decision = 'Allow' | 'Deny' | 'NoOpinion';

export interface Authorization {
  decision: Decision;
  /** Why, for the Forbidden message and SubjectAccessReview's status.reason. */
  reason: string;
}

export interface Authorizer {
  authorize(attributes: Attributes): Authorization;
}

export const SYSTEM_MASTERS = 'system:masters';

/** authorizerfactory.NewPrivilegedGroups: members of these groups may do anything. */
export function privilegedGroups(...groups: string[]): Authorizer {
  return {
    authorize: ({ user }) =>
      user.groups.some((group) => groups.includes(group))
        ? { decision: 'Allow', reason: '' }
        : { decision: 'NoOpinion', reason: '' },
  };
}

/** union.New: the first Allow or Deny wins; otherwise the reasons given are joined. */
export function union(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(attributes) {
      const reasons: string[] = [];
      for (const authorizer of authorizers) {
        const result = authorizer.authorize(attributes);
        if (result.reason !== '') reasons.push(result.reason);
        if (result.decision !== 'NoOpinion') return result;
      }
      return { decision: 'NoOpinion', reason: reasons.join('\n') };
    },
  };
}

// responsewriters' sanitizer: nothing in an error should read as HTML.
function sanitize(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function forbiddenMessage(attributes: Attributes): string {
  const username = attributes.user.username;
  if (!attributes.isResourceRequest) {
    return `User ${goQuote(username)} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  }
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const head = `User ${goQuote(username)} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)}`;
  return attributes.namespace
    ? `${head} in the namespace ${goQuote(attributes.namespace)}`
    : `${head} at the cluster scope`;
}

/** ForbiddenStatusError: `pods "x" is forbidden: User "jane" cannot get resource "pods" …`. */
export function forbiddenStatus(attributes: Attributes, reason: string): Status {
  const message = sanitize(forbiddenMessage(attributes));
  return forbidden(
    { group: attributes.apiGroup, resource: attributes.resource },
    attributes.name,
    reason === '' ? message : `${message}: ${reason}`,
  );
}
