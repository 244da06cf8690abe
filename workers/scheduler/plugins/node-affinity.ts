// Models pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go with
// k8s.io/component-helpers/scheduling/corev1/nodeaffinity: a node must carry the pod's
// nodeSelector labels and match one required node selector term; preferred terms add their
// weights to the score, normalized by the best node. Left out: addedAffinity (plugin args) and the
// PreFilterResult that narrows the nodes for matchFields metadata.name terms.

import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
} from 'kubernetes-types/core/v1';
import {
  matchesRequirement,
  newRequirement,
  type Operator,
  type Requirement,
} from '../../api/labels.ts';
import {
  defaultNormalizeScore,
  SKIP,
  unresolvable,
  type FilterPlugin,
  type PreFilterPlugin,
  type ScorePlugin,
  type StateData,
  stateKey,
} from '../framework.ts';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const REJECTED = unresolvable(NODE_AFFINITY, ERR_REASON_POD);

const OPERATORS: Partial<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/** A node selector term parsed; an invalid term (bad key, value or operator) matches nothing. */
interface ParsedTerm {
  labels: Requirement[];
  /** Values metadata.name must be in (In) or out of (NotIn). */
  fields: { operator: 'In' | 'NotIn'; values: string[] }[];
}

function parseRequirement(r: NodeSelectorRequirement): Requirement | null {
  const operator = OPERATORS[r.operator];
  if (!operator) return null;
  const parsed = newRequirement(r.key, operator, [...(r.values ?? [])]);
  return 'error' in parsed ? null : parsed;
}

function parseTerm(term: NodeSelectorTerm): ParsedTerm | null {
  const labels: Requirement[] = [];
  for (const expression of term.matchExpressions ?? []) {
    const parsed = parseRequirement(expression);
    if (!parsed) return null;
    labels.push(parsed);
  }
  const fields: ParsedTerm['fields'] = [];
  for (const field of term.matchFields ?? []) {
    // Only metadata.name is a valid field, with In or NotIn and exactly one value.
    const values = field.values ?? [];
    if (field.key !== 'metadata.name' || values.length !== 1) return null;
    if (field.operator !== 'In' && field.operator !== 'NotIn') return null;
    fields.push({ operator: field.operator, values });
  }
  return { labels, fields };
}

function termMatches(term: ParsedTerm, node: Node): boolean {
  // An empty term matches no objects.
  if (term.labels.length === 0 && term.fields.length === 0) return false;
  const labels = node.metadata?.labels;
  for (const requirement of term.labels) if (!matchesRequirement(requirement, labels)) return false;
  const name = node.metadata?.name ?? '';
  for (const field of term.fields) {
    if (field.values.includes(name) !== (field.operator === 'In')) return false;
  }
  return true;
}

/** nodeaffinity.RequiredNodeAffinity: the nodeSelector and the required terms (ORed). */
export class RequiredNodeAffinity {
  private readonly selector: [string, string][];
  private readonly terms: (ParsedTerm | null)[] | null;

  constructor(pod: Pod) {
    this.selector = Object.entries(pod.spec?.nodeSelector ?? {});
    const required =
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = required ? required.nodeSelectorTerms.map(parseTerm) : null;
  }

  get isEmpty(): boolean {
    return this.selector.length === 0 && this.terms === null;
  }

  match(node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    for (const [key, value] of this.selector) if (labels[key] !== value) return false;
    if (this.terms === null) return true;
    return this.terms.some((term) => term !== null && termMatches(term, node));
  }
}

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

interface PreferredTerm {
  weight: number;
  term: ParsedTerm;
}

class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredTerm[]) {}
  clone(): StateData {
    return this;
  }
}

const PRE_FILTER_KEY = stateKey<PreFilterState>('PreFilterNodeAffinity');
const PRE_SCORE_KEY = stateKey<PreScoreState>('PreScoreNodeAffinity');

export const nodeAffinityPreFilter: PreFilterPlugin = {
  name: NODE_AFFINITY,
  preFilter(state, pod) {
    const required = new RequiredNodeAffinity(pod);
    if (required.isEmpty) return SKIP;
    state.write(PRE_FILTER_KEY, new PreFilterState(required));
    return null;
  },
};

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  filter(state, _pod, node) {
    const required = state.read(PRE_FILTER_KEY)?.required;
    if (!required) return null;
    return required.match(node.node) ? null : REJECTED;
  },
};

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: 2,
  preScore(state, pod) {
    const preferred =
      pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return SKIP;
    const terms: PreferredTerm[] = [];
    for (const { weight, preference } of preferred) {
      // Terms of weight 0 and invalid terms never count.
      const term = weight === 0 ? null : parseTerm(preference);
      if (term) terms.push({ weight, term });
    }
    state.write(PRE_SCORE_KEY, new PreScoreState(terms));
    return null;
  },
  score(state, _pod, node) {
    let count = 0;
    for (const { weight, term } of state.read(PRE_SCORE_KEY)?.preferred ?? []) {
      if (termMatches(term, node.node)) count += weight;
    }
    return count;
  },
  normalize(_state, scores) {
    defaultNormalizeScore(scores, false);
  },
};
