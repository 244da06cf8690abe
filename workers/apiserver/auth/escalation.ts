// Escalation prevention for RBAC writes (pkg/registry/rbac/escalation_check.go and
// pkg/registry/rbac/validation/rule.go ConfirmNoEscalation): a role may only grant what its
// author already holds, a binding only a role its author holds, unless the author may `escalate`
// (roles) or `bind` (the referenced role), or is in system:masters.

import type { RoleRef } from 'kubernetes-types/rbac/v1';
import { aggregateMessage, goQuote } from '../../api/errors.ts';
import type { UserInfo } from '../../client/protocol.ts';
import { SYSTEM_MASTERS, type Attributes, type Authorizer } from './authorizer.ts';
import {
  compactRules,
  compactString,
  covers,
  goQuoteList,
  type PolicyRule,
} from './policy-rule.ts';
import type { RuleResolver } from './rule-resolver.ts';

/** The rules the authorizers can list for a user (RuleResolver.RulesFor of the union). */
export interface ResolvedRules {
  rules: PolicyRule[];
  errors: string[];
  /** Some authorizer (Node) cannot list what it allows. */
  incomplete: boolean;
}

/** What RBAC's registries and the access reviews need: the authorizer and rule resolution. */
export interface AuthorizationContext {
  authorizer: Authorizer;
  /** Storage-backed resolution for escalation checks (NotFound errors name the plural). */
  rules: RuleResolver;
  /** The authorizers' own rule listing, for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules;
}

/** EscalationAllowed: system:masters may always escalate (the loopback client is one). */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}

function resourceAttributes(
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  name: string,
): Attributes {
  return {
    user,
    isResourceRequest: true,
    path: '',
    verb,
    apiPrefix: 'apis',
    apiGroup: 'rbac.authorization.k8s.io',
    apiVersion: '*',
    namespace,
    resource,
    subresource: '',
    name,
    parts: [],
  };
}

/** RoleEscalationAuthorized: may the user `escalate` this role? */
export function roleEscalationAuthorized(
  authorization: AuthorizationContext,
  user: UserInfo,
  resource: 'roles' | 'clusterroles',
  namespace: string,
  name: string,
): boolean {
  const attributes = resourceAttributes(user, 'escalate', resource, namespace, name);
  return authorization.authorizer.authorize(attributes).decision === 'Allow';
}

/** BindingAuthorized: may the user `bind` the referenced role, in the binding's namespace? */
export function bindingAuthorized(
  authorization: AuthorizationContext,
  user: UserInfo,
  roleRef: RoleRef,
  namespace: string,
): boolean {
  const resource =
    roleRef.kind === 'ClusterRole' ? 'clusterroles' : roleRef.kind === 'Role' ? 'roles' : null;
  if (resource === null) return false;
  const attributes = resourceAttributes(user, 'bind', resource, namespace, roleRef.name);
  attributes.apiGroup = roleRef.apiGroup;
  attributes.apiVersion = '';
  return authorization.authorizer.authorize(attributes).decision === 'Allow';
}

/** ConfirmNoEscalation: null when the user holds every rule, else the Forbidden reason. */
export function confirmNoEscalation(
  authorization: AuthorizationContext,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | null {
  const owned = authorization.rules.rulesFor(user, namespace);
  const { covered, missing } = covers(owned.rules, rules);
  if (covered) return null;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let message = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owned.errors.length > 0)
    message += `; resolution errors: [${aggregateMessage(owned.errors)}]`;
  return message;
}
