// The handler chain's access filters, in kube-apiserver's order after authentication
// (pkg/server/config.go DefaultBuildHandlerChain): impersonation (WithImpersonation), then
// authorization (WithAuthorization), which answers Forbidden as responsewriters.Forbidden does.

import { parseFieldSelector } from '../../api/fields.ts';
import type { ApiRequest, ApiResponse, UserInfo } from '../../client/protocol.ts';
import { statusResponse } from '../responses.ts';
import { forbiddenStatus, type Attributes, type Authorizer } from './authorizer.ts';
import { impersonate } from './impersonation.ts';
import { requestInfo } from './request-info.ts';

/** The request's authorizer attributes, with its field selector when it parses. */
export function requestAttributes(request: ApiRequest, user: UserInfo): Attributes {
  const attributes: Attributes = { ...requestInfo(request), user };
  const selector = request.query?.fieldSelector;
  if (selector !== undefined) {
    const parsed = parseFieldSelector(selector);
    if (!('error' in parsed)) attributes.fieldSelector = parsed.terms;
  }
  return attributes;
}

/** Who the request acts as once it may go on, or the answer that stops it. */
export function admitRequest(
  request: ApiRequest,
  user: UserInfo,
  authorizer: Authorizer,
): { user: UserInfo } | { response: ApiResponse } {
  const impersonated = impersonate(request, user, authorizer);
  if ('response' in impersonated) return impersonated;
  const attributes = requestAttributes(request, impersonated.user);
  const result = authorizer.authorize(attributes);
  if (result.decision === 'Allow') return impersonated;
  return { response: statusResponse(forbiddenStatus(attributes, result.reason)) };
}
