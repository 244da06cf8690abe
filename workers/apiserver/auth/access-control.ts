// kube-apiserver's authorization set-up for `--authorization-mode=Node,RBAC`
// (pkg/kubeapiserver/authorizer/config.go): system:masters first, then the Node authorizer, then
// RBAC, all reading the watch cache; and the storage-side resolver RBAC's registries use.

import type { ApiRequest, ApiResponse, UserInfo } from '../../client/protocol.ts';
import type { WatchCache } from '../storage/watch-cache.ts';
import { privilegedGroups, SYSTEM_MASTERS, union, type Authorizer } from './authorizer.ts';
import { nodeRules } from './component-policy.ts';
import type { AuthorizationContext, ResolvedRules } from './escalation.ts';
import { admitRequest } from './filters.ts';
import { NodeAuthorizer, nodeIdentity } from './node-authorizer.ts';
import { NodeGraph } from './node-graph.ts';
import { rbacAuthorizer } from './rbac-authorizer.ts';
import { RbacIndex, RuleResolver } from './rule-resolver.ts';

export class AccessControl {
  private readonly index: RbacIndex;
  private readonly graph: NodeGraph;
  readonly authorizer: Authorizer;
  /** The rules a user holds, as the authorizer sees them (SelfSubjectRulesReview). */
  readonly rules: RuleResolver;
  /** What RBAC's registries check writes with. */
  readonly registryContext: AuthorizationContext;

  constructor(cache: WatchCache) {
    this.index = new RbacIndex(cache);
    this.graph = new NodeGraph(cache);
    this.rules = new RuleResolver(this.index);
    this.authorizer = union([
      privilegedGroups(SYSTEM_MASTERS),
      new NodeAuthorizer(this.graph, nodeRules()),
      rbacAuthorizer(this.rules),
    ]);
    this.registryContext = {
      authorizer: this.authorizer,
      rules: new RuleResolver(this.index, 'registry'),
      rulesFor: (user, namespace) => this.rulesFor(user, namespace),
    };
  }

  /** Re-reads roles, bindings and pods after the cache was loaded from etcd. */
  reload(): void {
    this.index.reload();
    this.graph.reload();
  }

  /** The union's RulesFor: the Node authorizer cannot list a kubelet's rules; RBAC can. */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules {
    const rbac = this.rules.rulesFor(user, namespace);
    if (nodeIdentity(user) === null) return { ...rbac, incomplete: false };
    return {
      rules: rbac.rules,
      errors: ['node authorizer does not support user rule resolution', ...rbac.errors],
      incomplete: true,
    };
  }

  /** Impersonation, then authorization. */
  admit(request: ApiRequest, user: UserInfo): { user: UserInfo } | { response: ApiResponse } {
    return admitRequest(request, user, this.authorizer);
  }
}
