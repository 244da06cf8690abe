// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go): allows a request when any rule
// the user holds allows it, naming the binding that did; otherwise it has no opinion, and its
// reason lists the roles it could not find (`RBAC: clusterrole.rbac.authorization.k8s.io "x" not
// found`). It never denies outright.

import { aggregateMessage } from '../../api/errors.ts';
import type { Attributes, Authorization, Authorizer } from './authorizer.ts';
import { ruleAllows } from './policy-rule.ts';
import { describeSource, type RuleResolver } from './rule-resolver.ts';

export function rbacAuthorizer(resolver: RuleResolver): Authorizer {
  return {
    authorize(attributes: Attributes): Authorization {
      let allowedBy: string | null = null;
      const errors: string[] = [];
      resolver.visitRulesFor(attributes.user, attributes.namespace, (source, rule, error) => {
        if (source && rule && ruleAllows(attributes, rule)) {
          allowedBy = `RBAC: allowed by ${describeSource(source)}`;
          return false;
        }
        if (error !== null) errors.push(error);
        return true;
      });
      if (allowedBy !== null) return { decision: 'Allow', reason: allowedBy };
      return {
        decision: 'NoOpinion',
        reason: errors.length > 0 ? `RBAC: ${aggregateMessage(errors)}` : '',
      };
    },
  };
}
