// RBAC rule resolution (pkg/registry/rbac/validation/rule.go DefaultRuleResolver): the rules a
// user holds come from the ClusterRoleBindings and, in a namespace, the RoleBindings whose
// subjects name the user, one of its groups or its service account. Roles and bindings are read
// from the watch cache, indexed by subject so a request only looks at the bindings that name it.
// Upstream walks the informers' lists in no set order; here bindings are visited by name.

import type {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from 'kubernetes-types/rbac/v1';
import { goQuote } from '../../api/errors.ts';
import type { KubeObject, UserInfo } from '../../client/protocol.ts';
import type { CacheEvent, WatchCache } from '../storage/watch-cache.ts';
import type { PolicyRule } from './policy-rule.ts';

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';

/** serviceaccount.SplitUsername: `system:serviceaccount:ns:name` → [ns, name]. */
export function splitServiceAccountUsername(username: string): [string, string] | null {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return null;
  const parts = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2) return null;
  const [namespace = '', name = ''] = parts;
  if (namespace === '' || name === '') return null;
  return [namespace, name];
}

/** A binding and the subject that made it apply: where an allowed request's rule came from. */
export interface RuleSource {
  binding: ClusterRoleBinding | RoleBinding;
  subject: Subject;
  /** The binding's namespace; empty for ClusterRoleBindings. */
  namespace: string;
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` (rule.go's describers). */
export function describeSource(source: RuleSource): string {
  const { binding, subject, namespace } = source;
  const name =
    namespace === ''
      ? (binding.metadata?.name ?? '')
      : `${binding.metadata?.name ?? ''}/${namespace}`;
  const kind = namespace === '' ? 'ClusterRoleBinding' : 'RoleBinding';
  const describedSubject =
    subject.kind === 'ServiceAccount'
      ? `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || namespace}`)}`
      : `${subject.kind} ${goQuote(subject.name)}`;
  return `${kind} ${goQuote(name)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describedSubject}`;
}

/** Visits one rule (or one resolution error); returns false to stop. */
export type RuleVisitor = (
  source: RuleSource | null,
  rule: PolicyRule | null,
  error: string | null,
) => boolean;

const PREFIXES = {
  clusterRoles: '/registry/clusterroles/',
  roles: '/registry/roles/',
  clusterRoleBindings: '/registry/clusterrolebindings/',
  roleBindings: '/registry/rolebindings/',
} as const;

function subjectKey(subject: Subject, bindingNamespace: string): string | null {
  switch (subject.kind) {
    case 'User':
      return `User:${subject.name}`;
    case 'Group':
      return `Group:${subject.name}`;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace === '' ? null : `ServiceAccount:${namespace}/${subject.name}`;
    }
    default:
      return null;
  }
}

function userKeys(user: UserInfo): string[] {
  const keys = [`User:${user.username}`, ...user.groups.map((group) => `Group:${group}`)];
  const account = splitServiceAccountUsername(user.username);
  if (account) keys.push(`ServiceAccount:${account[0]}/${account[1]}`);
  return keys;
}

const MEMO_LIMIT = 1_000;

/** Bindings of one scope (the cluster, or one namespace), indexed by subject. */
class BindingIndex<T extends ClusterRoleBinding | RoleBinding> {
  readonly byName = new Map<string, T>();
  private readonly bySubject = new Map<string, Set<string>>();
  /** What `matching` found per identity, until the bindings change. */
  private readonly memo = new Map<string, { binding: T; subject: Subject }[]>();

  constructor(private readonly namespace: string) {}

  set(binding: T): void {
    this.remove(binding.metadata?.name ?? '');
    this.memo.clear();
    const name = binding.metadata?.name ?? '';
    this.byName.set(name, binding);
    for (const subject of binding.subjects ?? []) {
      const key = subjectKey(subject, this.namespace);
      if (key === null) continue;
      let names = this.bySubject.get(key);
      if (!names) this.bySubject.set(key, (names = new Set()));
      names.add(name);
    }
  }

  remove(name: string): void {
    const binding = this.byName.get(name);
    if (!binding) return;
    this.memo.clear();
    this.byName.delete(name);
    for (const subject of binding.subjects ?? []) {
      const key = subjectKey(subject, this.namespace);
      if (key !== null) this.bySubject.get(key)?.delete(name);
    }
  }

  /** The bindings naming any of `keys`, by name, with the first subject that applies. */
  matching(user: UserInfo, keys: readonly string[]): { binding: T; subject: Subject }[] {
    const identity = keys.join('\0');
    const known = this.memo.get(identity);
    if (known) return known;
    const names = new Set<string>();
    for (const key of keys) for (const name of this.bySubject.get(key) ?? []) names.add(name);
    const matches: { binding: T; subject: Subject }[] = [];
    for (const name of [...names].sort()) {
      const binding = this.byName.get(name);
      const subject = binding?.subjects?.find((candidate) =>
        appliesTo(user, candidate, this.namespace),
      );
      if (binding && subject) matches.push({ binding, subject });
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(identity, matches);
    return matches;
  }
}

/** appliesToUser. */
export function appliesTo(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const saNamespace = subject.namespace || namespace;
      return (
        saNamespace !== '' &&
        user.username === `${SERVICE_ACCOUNT_USER_PREFIX}${saNamespace}:${subject.name}`
      );
    }
    default:
      return false;
  }
}

/** The RBAC objects of the watch cache, kept current from its changes. */
export class RbacIndex {
  private readonly clusterRoles = new Map<string, ClusterRole>();
  private readonly roles = new Map<string, Role>();
  private clusterBindings = new BindingIndex<ClusterRoleBinding>('');
  private readonly namespaceBindings = new Map<string, BindingIndex<RoleBinding>>();

  constructor(private readonly cache: WatchCache) {
    cache.addTap((events) => {
      for (const event of events) this.apply(event);
    });
  }

  /** Re-reads everything from the cache, after it was loaded from etcd. */
  reload(): void {
    this.clusterRoles.clear();
    this.roles.clear();
    this.clusterBindings = new BindingIndex('');
    this.namespaceBindings.clear();
    for (const prefix of Object.values(PREFIXES)) {
      for (const object of this.cache.list(prefix)) this.put(prefix, object);
    }
  }

  private apply(event: CacheEvent): void {
    const prefix = Object.values(PREFIXES).find((candidate) => event.key.startsWith(candidate));
    if (!prefix) return;
    if (event.type === 'DELETED') this.drop(prefix, event.object);
    else this.put(prefix, event.object);
  }

  private put(prefix: string, object: KubeObject): void {
    const name = object.metadata?.name ?? '';
    const namespace = object.metadata?.namespace ?? '';
    switch (prefix) {
      case PREFIXES.clusterRoles:
        this.clusterRoles.set(name, object as ClusterRole);
        break;
      case PREFIXES.roles:
        this.roles.set(`${namespace}/${name}`, object as Role);
        break;
      case PREFIXES.clusterRoleBindings:
        this.clusterBindings.set(object as ClusterRoleBinding);
        break;
      case PREFIXES.roleBindings:
        this.bindingsIn(namespace).set(object as RoleBinding);
        break;
    }
  }

  private drop(prefix: string, object: KubeObject): void {
    const name = object.metadata?.name ?? '';
    const namespace = object.metadata?.namespace ?? '';
    switch (prefix) {
      case PREFIXES.clusterRoles:
        this.clusterRoles.delete(name);
        break;
      case PREFIXES.roles:
        this.roles.delete(`${namespace}/${name}`);
        break;
      case PREFIXES.clusterRoleBindings:
        this.clusterBindings.remove(name);
        break;
      case PREFIXES.roleBindings:
        this.bindingsIn(namespace).remove(name);
        break;
    }
  }

  private bindingsIn(namespace: string): BindingIndex<RoleBinding> {
    let index = this.namespaceBindings.get(namespace);
    if (!index) this.namespaceBindings.set(namespace, (index = new BindingIndex(namespace)));
    return index;
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.get(name);
  }

  allClusterRoles(): ClusterRole[] {
    return [...this.clusterRoles.values()];
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  clusterBindingsFor(user: UserInfo): { binding: ClusterRoleBinding; subject: Subject }[] {
    return this.clusterBindings.matching(user, userKeys(user));
  }

  roleBindingsFor(user: UserInfo, namespace: string): { binding: RoleBinding; subject: Subject }[] {
    return this.namespaceBindings.get(namespace)?.matching(user, userKeys(user)) ?? [];
  }
}

/**
 * Where a resolver finds roles. The authorizer reads the informer cache, whose NotFound errors
 * name the singular resource (`clusterrole.rbac.authorization.k8s.io "x" not found`); the
 * registries' escalation checks read storage, whose errors name the plural.
 */
export type NotFoundStyle = 'lister' | 'registry';

export class RuleResolver {
  constructor(
    private readonly index: RbacIndex,
    private readonly notFoundStyle: NotFoundStyle = 'lister',
  ) {}

  private notFound(resource: 'role' | 'clusterrole', name: string): string {
    const plural = this.notFoundStyle === 'registry' ? 's' : '';
    return `${resource}${plural}.rbac.authorization.k8s.io ${goQuote(name)} not found`;
  }

  /** GetRoleReferenceRules: the rules of a binding's role, or the error of finding it. */
  roleReferenceRules(roleRef: RoleRef, namespace: string): PolicyRule[] | { error: string } {
    switch (roleRef.kind) {
      case 'Role': {
        const role = this.index.role(namespace, roleRef.name);
        return role ? (role.rules ?? []) : { error: this.notFound('role', roleRef.name) };
      }
      case 'ClusterRole': {
        const role = this.index.clusterRole(roleRef.name);
        return role ? (role.rules ?? []) : { error: this.notFound('clusterrole', roleRef.name) };
      }
      default:
        return { error: `unsupported role reference kind: ${goQuote(roleRef.kind)}` };
    }
  }

  /** VisitRulesFor: cluster-wide bindings first, then the namespace's. */
  visitRulesFor(user: UserInfo, namespace: string, visitor: RuleVisitor): void {
    const scopes: [string, { binding: ClusterRoleBinding | RoleBinding; subject: Subject }[]][] = [
      ['', this.index.clusterBindingsFor(user)],
    ];
    if (namespace !== '') scopes.push([namespace, this.index.roleBindingsFor(user, namespace)]);
    for (const [scope, bindings] of scopes) {
      for (const { binding, subject } of bindings) {
        const rules = this.roleReferenceRules(binding.roleRef, scope);
        if ('error' in rules) {
          if (!visitor(null, null, rules.error)) return;
          continue;
        }
        const source: RuleSource = { binding, subject, namespace: scope };
        for (const candidate of rules) if (!visitor(source, candidate, null)) return;
      }
    }
  }

  /** RulesFor: every rule the user holds in `namespace`, and the errors met on the way. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, candidate, error) => {
      if (candidate) rules.push(candidate);
      if (error !== null) errors.push(error);
      return true;
    });
    return { rules, errors };
  }
}
