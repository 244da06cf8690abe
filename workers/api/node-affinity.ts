// Which nodes a pod may run on by its spec alone, as k8s.io/component-helpers
// scheduling/corev1/nodeaffinity (GetRequiredNodeAffinity(pod).Match) and v1helper's taint
// lookups decide it; shared by the controllers that place pods themselves (DaemonSets).

import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodSpec,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1';
import { isParseError } from './errors.ts';
import { matchesRequirement, newRequirement, type Operator } from './labels.ts';

const NODE_SELECTOR_OPERATORS: Partial<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/** NodeSelectorRequirementsAsSelector, applied to a set of labels; a bad requirement fails. */
function requirementsMatch(
  requirements: readonly NodeSelectorRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((requirement) => {
    const operator = NODE_SELECTOR_OPERATORS[requirement.operator];
    if (operator === undefined) return false;
    const parsed = newRequirement(requirement.key, operator, [...(requirement.values ?? [])]);
    return !isParseError(parsed) && matchesRequirement(parsed, labels);
  });
}

/** Match fields support only metadata.name (NodeSelectorRequirementsAsFieldSelector). */
function fieldsMatch(requirements: readonly NodeSelectorRequirement[], node: Node): boolean {
  return requirements.every((requirement) => {
    if (requirement.key !== 'metadata.name') return false;
    const values = requirement.values ?? [];
    const name = node.metadata?.name ?? '';
    if (requirement.operator === 'In') return values.length === 1 && values[0] === name;
    if (requirement.operator === 'NotIn') return values.length === 1 && values[0] !== name;
    return false;
  });
}

/** A term with neither expressions nor fields matches nothing; terms are ORed. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    return requirementsMatch(expressions, node.metadata?.labels ?? {}) && fieldsMatch(fields, node);
  });
}

/** GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector and the required affinity. */
export function requiredNodeAffinityMatches(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const selector = spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required ? nodeSelectorTermsMatch(required.nodeSelectorTerms, node) : true;
}

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(
  toleration: Toleration,
  taint: Pick<Taint, 'key' | 'effect' | 'value'>,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  // An omitted operator and an empty one are both Go's "", which means Equal.
  switch (toleration.operator || 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** v1helper.FindMatchingUntoleratedTaint over the taints `inScope` keeps. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  inScope: (taint: Taint) => boolean,
): Taint | undefined {
  return taints.find(
    (taint) =>
      inScope(taint) && !tolerations.some((toleration) => toleratesTaint(toleration, taint)),
  );
}
