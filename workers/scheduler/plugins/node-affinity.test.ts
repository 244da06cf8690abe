import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, SKIP, type Status } from '../framework.ts';
import { makeNode, makePod, nodeInfo } from '../testing.ts';
import {
  ERR_REASON_POD,
  nodeAffinityFilter,
  nodeAffinityPreFilter,
  nodeAffinityScore,
} from './node-affinity.ts';

const REJECTED: Status = {
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_REASON_POD],
  plugin: 'NodeAffinity',
};

function requiring(...terms: NodeSelectorTerm[]): Pod {
  return makePod('p', {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    },
  });
}

const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({
  key,
  operator,
  ...(values ? { values } : {}),
});

function filter(pod: Pod, labels: Record<string, string>, nodeName = 'node1') {
  const state = new CycleState();
  const preFilter = nodeAffinityPreFilter.preFilter(state, pod);
  const status = nodeAffinityFilter.filter(state, pod, nodeInfo(makeNode(nodeName, { labels })));
  return { preFilter, status };
}

// Cases from upstream's TestNodeAffinity (node_affinity_test.go).
describe('NodeAffinity filter', () => {
  it.each<[string, Pod, Record<string, string>, Status | null]>([
    ['missing labels', makePod('p', { nodeSelector: { foo: 'bar' } }), {}, REJECTED],
    ['same labels', makePod('p', { nodeSelector: { foo: 'bar' } }), { foo: 'bar' }, null],
    [
      'node labels are superset',
      makePod('p', { nodeSelector: { foo: 'bar' } }),
      { foo: 'bar', baz: 'blah' },
      null,
    ],
    [
      'node labels are subset',
      makePod('p', { nodeSelector: { foo: 'bar', baz: 'blah' } }),
      { foo: 'bar' },
      REJECTED,
    ],
    [
      'matchExpressions using In operator that matches the existing node',
      requiring({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }),
      { foo: 'bar' },
      null,
    ],
    [
      'matchExpressions using Gt operator that matches the existing node',
      requiring({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] }),
      { 'kernel-version': '0206' },
      null,
    ],
    [
      'matchExpressions using NotIn operator that matches the existing node',
      requiring({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] }),
      { 'mem-type': 'DDR3' },
      null,
    ],
    [
      'matchExpressions using Exists operator that matches the existing node',
      requiring({ matchExpressions: [expr('GPU', 'Exists')] }),
      { GPU: 'NVIDIA-GRID-K1' },
      null,
    ],
    [
      "affinity that doesn't match node's labels won't schedule onto the node",
      requiring({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] }),
      { foo: 'bar' },
      REJECTED,
    ],
    [
      'empty MatchExpressions match no objects',
      requiring({ matchExpressions: [] }),
      { foo: 'bar' },
      REJECTED,
    ],
    [
      'multiple matchExpressions ANDed that match the existing node',
      requiring({
        matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])],
      }),
      { GPU: 'NVIDIA-GRID-K1' },
      null,
    ],
    [
      "multiple matchExpressions ANDed that don't match the existing node",
      requiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', ['AMD', 'INTER'])] }),
      { GPU: 'NVIDIA-GRID-K1' },
      REJECTED,
    ],
    [
      'multiple NodeSelectorTerms ORed, one matching',
      requiring(
        { matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] },
        { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] },
      ),
      { foo: 'bar' },
      null,
    ],
    [
      'affinity and nodeSelector both satisfied',
      makePod('p', {
        nodeSelector: { foo: 'bar' },
        affinity: requiring({ matchExpressions: [expr('foo', 'Exists')] }).spec?.affinity,
      }),
      { foo: 'bar' },
      null,
    ],
    [
      'affinity matches but nodeSelector does not',
      makePod('p', {
        nodeSelector: { foo: 'bar' },
        affinity: requiring({ matchExpressions: [expr('foo', 'Exists')] }).spec?.affinity,
      }),
      { foo: 'barrrrrr' },
      REJECTED,
    ],
    [
      'an invalid value in an affinity term',
      requiring({ matchExpressions: [expr('foo', 'NotIn', ['invalid value: ___@#$%^'])] }),
      { foo: 'bar' },
      REJECTED,
    ],
    [
      'two terms: matchFields does not match, but matchExpressions matches',
      requiring(
        {
          matchFields: [
            expr('metadata.name', 'In', ['node1']),
            expr('metadata.name', 'In', ['node2']),
          ],
        },
        { matchExpressions: [expr('foo', 'In', ['bar'])] },
      ),
      { foo: 'bar' },
      null,
    ],
  ])('%s', (_name, pod, labels, want) => {
    expect(filter(pod, labels).status).toEqual(want);
  });

  it.each([
    ['matches', 'node1', null],
    ['does not match', 'node2', REJECTED],
  ])('matchFields metadata.name In %s', (_name, nodeName, want) => {
    const pod = requiring({ matchFields: [expr('metadata.name', 'In', ['node1'])] });
    expect(filter(pod, {}, nodeName).status).toEqual(want);
  });

  it.each<[string, Pod]>([
    ['no affinity', makePod('p')],
    [
      'affinity with a nil required node selector',
      makePod('p', { affinity: { nodeAffinity: {} } }),
    ],
  ])('skips a pod with %s at PreFilter', (_name, pod) => {
    expect(filter(pod, { foo: 'bar' })).toEqual({ preFilter: SKIP, status: null });
  });
});

describe('NodeAffinity score', () => {
  const preferring = (...terms: [number, NodeSelectorRequirement[]][]): Pod =>
    makePod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: terms.map(
            ([weight, matchExpressions]) => ({
              weight,
              preference: { matchExpressions },
            }),
          ),
        },
      },
    });

  // Upstream's TestNodeAffinityPriority: three weighted terms over three nodes.
  const affinity = preferring(
    [2, [expr('foo', 'In', ['bar'])]],
    [4, [expr('key', 'In', ['value'])]],
    [5, [expr('foo', 'In', ['bar']), expr('key', 'In', ['value']), expr('az', 'In', ['az1'])]],
  );

  it.each<[string, Pod, Record<string, string>[], number[], number[]]>([
    [
      'all nodes score 0 without preferences matching',
      preferring([2, [expr('foo', 'In', ['bar'])]]),
      [{ foo: 'x' }, { key: 'value' }, { az: 'az1' }],
      [0, 0, 0],
      [0, 0, 0],
    ],
    [
      'only the matching node scores',
      preferring([2, [expr('foo', 'In', ['bar'])]]),
      [{ foo: 'bar' }, { key: 'value' }, { az: 'az1' }],
      [2, 0, 0],
      [100, 0, 0],
    ],
    [
      'the weights of all matching terms add up, normalized by the best',
      affinity,
      [{ foo: 'bar' }, { foo: 'bar', key: 'value', az: 'az1' }, { foo: 'bar', key: 'value' }],
      [2, 11, 6],
      [18, 100, 54],
    ],
  ])('%s', (_name, pod, labels, raw, normalized) => {
    const state = new CycleState();
    const nodes = labels.map((l, i) => nodeInfo(makeNode(`node${String(i + 1)}`, { labels: l })));
    expect(nodeAffinityScore.preScore?.(state, pod, nodes)).toBeNull();
    const scores = Float64Array.from(
      nodes.map((node) => nodeAffinityScore.score(state, pod, node)),
    );
    expect([...scores]).toEqual(raw);
    nodeAffinityScore.normalize?.(state, scores, nodes);
    expect([...scores]).toEqual(normalized);
  });

  it('skips a pod without preferred terms, and weighs 2', () => {
    expect(nodeAffinityScore.preScore?.(new CycleState(), makePod('p'), [])).toBe(SKIP);
    expect(nodeAffinityScore.weight).toBe(2);
  });
});
