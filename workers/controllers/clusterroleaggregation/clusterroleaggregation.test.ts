import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import { aggregatedRules } from './clusterroleaggregation.ts';

const role = (name: string, labels: Record<string, string>, verbs: string[]): ClusterRole => ({
  metadata: { name, labels },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs }],
});

const monitoring: ClusterRole = {
  metadata: { name: 'monitoring' },
  aggregationRule: {
    clusterRoleSelectors: [{ matchLabels: { 'example.com/monitoring': 'true' } }],
  },
};

describe('aggregatedRules', () => {
  it('gathers the rules of matching roles by name, without duplicates or itself', () => {
    const all = [
      monitoring,
      role('b-reader', { 'example.com/monitoring': 'true' }, ['get']),
      role('a-lister', { 'example.com/monitoring': 'true' }, ['list']),
      role('copy', { 'example.com/monitoring': 'true' }, ['list']),
      role('other', {}, ['delete']),
    ];
    expect(aggregatedRules(monitoring, all)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]);
  });

  it('gives no rules when nothing matches', () => {
    expect(aggregatedRules(monitoring, [monitoring])).toEqual([]);
  });
});
