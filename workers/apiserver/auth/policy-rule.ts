// RBAC policy rules: the rule builder, matching a request against a rule, and comparing rule sets
// (pkg/apis/rbac/v1/helpers.go and evaluation_helpers.go, plugin/pkg/auth/authorizer/rbac
// RuleAllows, pkg/registry/rbac/validation/policy_comparator.go and rule.go's CompactRules).

import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import { goQuote } from '../../api/errors.ts';
import type { Attributes } from './authorizer.ts';

export type { PolicyRule } from 'kubernetes-types/rbac/v1';

export const VERB_ALL = '*';
export const API_GROUP_ALL = '*';
export const RESOURCE_ALL = '*';
export const NON_RESOURCE_ALL = '*';

const sorted = (values: readonly string[]): string[] => [...values].sort();

/** PolicyRuleBuilder: `rule('get', 'list').groups('').resources('pods').build()`; every list sorted. */
export class RuleBuilder {
  private apiGroups: string[] = [];
  private resourceList: string[] = [];
  private names: string[] = [];
  private urls: string[] = [];

  constructor(private readonly verbs: readonly string[]) {}

  groups(...groups: string[]): this {
    this.apiGroups.push(...groups);
    return this;
  }

  resources(...resources: string[]): this {
    this.resourceList.push(...resources);
    return this;
  }

  resourceNames(...names: string[]): this {
    this.names.push(...names);
    return this;
  }

  urlPaths(...urls: string[]): this {
    this.urls.push(...urls);
    return this;
  }

  build(): PolicyRule {
    const rule: PolicyRule = { verbs: sorted(this.verbs) };
    if (this.apiGroups.length > 0) rule.apiGroups = sorted(this.apiGroups);
    if (this.resourceList.length > 0) rule.resources = sorted(this.resourceList);
    if (this.names.length > 0) rule.resourceNames = sorted(this.names);
    if (this.urls.length > 0) rule.nonResourceURLs = sorted(this.urls);
    return rule;
  }
}

export function rule(...verbs: string[]): RuleBuilder {
  return new RuleBuilder(verbs);
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((candidate) => candidate === VERB_ALL || candidate === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some(
    (candidate) => candidate === API_GROUP_ALL || candidate === group,
  );
}

/** `pods/log` matches `pods/log`, `*` and `*∕log`. */
export function resourceMatches(
  rule: PolicyRule,
  combinedResource: string,
  subresource: string,
): boolean {
  for (const candidate of rule.resources ?? []) {
    if (candidate === RESOURCE_ALL || candidate === combinedResource) return true;
    if (subresource === '') continue;
    if (
      candidate.length === subresource.length + 2 &&
      candidate.startsWith('*/') &&
      candidate.endsWith(subresource)
    ) {
      return true;
    }
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** A trailing `*` matches any path with that prefix. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (candidate) =>
      candidate === NON_RESOURCE_ALL ||
      candidate === path ||
      (candidate.endsWith('*') && path.startsWith(candidate.replace(/\*+$/, ''))),
  );
}

/** rbac.RuleAllows. */
export function ruleAllows(attributes: Attributes, rule: PolicyRule): boolean {
  if (attributes.isResourceRequest) {
    const combined = attributes.subresource
      ? `${attributes.resource}/${attributes.subresource}`
      : attributes.resource;
    return (
      verbMatches(rule, attributes.verb) &&
      apiGroupMatches(rule, attributes.apiGroup) &&
      resourceMatches(rule, combined, attributes.subresource) &&
      resourceNameMatches(rule, attributes.name)
    );
  }
  return verbMatches(rule, attributes.verb) && nonResourceURLMatches(rule, attributes.path);
}

export function rulesAllow(attributes: Attributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((candidate) => ruleAllows(attributes, candidate));
}

// --- comparing rule sets (escalation checks) -----------------------------------------------

/** BreakdownRule: one rule per group × resource × verb (× name), and per URL × verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const subrules: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) {
          for (const name of names) {
            subrules.push({
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
          }
        } else {
          subrules.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) subrules.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return subrules;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((value) => set.includes(value));
}

function resourceCoversAll(set: readonly string[], wanted: readonly string[]): boolean {
  if (set.includes(RESOURCE_ALL) || hasAll(set, wanted)) return true;
  return wanted.every((path) => {
    if (set.includes(path)) return true;
    const slash = path.indexOf('/');
    if (slash === -1) return false;
    return set.includes(`*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLCovers(owner: string, path: string): boolean {
  return owner === path || (owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, '')));
}

function ruleCovers(owner: PolicyRule, subrule: PolicyRule): boolean {
  const verbs = owner.verbs.includes(VERB_ALL) || hasAll(owner.verbs, subrule.verbs);
  const ownerGroups = owner.apiGroups ?? [];
  const groups =
    ownerGroups.includes(API_GROUP_ALL) || hasAll(ownerGroups, subrule.apiGroups ?? []);
  const resources = resourceCoversAll(owner.resources ?? [], subrule.resources ?? []);
  const urls = (subrule.nonResourceURLs ?? []).every((path) =>
    (owner.nonResourceURLs ?? []).some((candidate) => nonResourceURLCovers(candidate, path)),
  );
  const ownerNames = owner.resourceNames ?? [];
  const subNames = subrule.resourceNames ?? [];
  const names =
    subNames.length === 0
      ? ownerNames.length === 0
      : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

/** Covers: whether `owner` holds every permission of `servant`, and the atomic rules it lacks. */
export function covers(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): { covered: boolean; missing: PolicyRule[] } {
  const missing = servant
    .flatMap(breakdownRule)
    .filter((subrule) => !owner.some((candidate) => ruleCovers(candidate, subrule)));
  return { covered: missing.length === 0, missing };
}

/** CompactRules: atomic rules on one group and resource (and at most one name) merge their verbs. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const candidate of rules) {
    const key = simpleResourceKey(candidate);
    if (key === null) {
      compacted.push(candidate);
      continue;
    }
    const existing = simple.get(key);
    if (!existing) {
      simple.set(key, structuredClone(candidate));
      continue;
    }
    for (const verb of candidate.verbs) {
      if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
    }
  }
  return [...compacted, ...simple.values()];
}

function simpleResourceKey(candidate: PolicyRule): string | null {
  const names = candidate.resourceNames ?? [];
  if (names.length > 1 || (candidate.nonResourceURLs ?? []).length > 0) return null;
  const groups = candidate.apiGroups ?? [];
  const resources = candidate.resources ?? [];
  if (groups.length !== 1 || resources.length !== 1) return null;
  return JSON.stringify([groups[0], resources[0], names[0] ?? null]);
}

/** Go's %q of a []string: `["get" "list"]`. */
export function goQuoteList(values: readonly string[]): string {
  return `[${values.map((value) => goQuote(value)).join(' ')}]`;
}

/** CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`. */
export function compactString(candidate: PolicyRule): string {
  const parts: string[] = [];
  const add = (label: string, values: readonly string[] | undefined): void => {
    if (values && values.length > 0) parts.push(`${label}:${goQuoteList(values)}`);
  };
  add('APIGroups', candidate.apiGroups);
  add('Resources', candidate.resources);
  add('NonResourceURLs', candidate.nonResourceURLs);
  add('ResourceNames', candidate.resourceNames);
  add('Verbs', candidate.verbs);
  return `{${parts.join(', ')}}`;
}
