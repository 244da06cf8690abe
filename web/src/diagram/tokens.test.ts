import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import type { DiagramEdge } from './layout.ts';
import { tokensByEdge } from './tokens.ts';

function hop(seq: number, from: string, to: string, label: string): TraceRecord {
  return { seq, round: 1, time: 0, from, to, kind: 'watch', label };
}

const edges: DiagramEdge[] = [
  {
    id: 'apiserver~node:node-7',
    source: 'apiserver',
    target: 'node:node-7',
    sourceHandle: 'bottom',
    targetHandle: 'top',
  },
];

describe('tokensByEdge', () => {
  it.each([
    ['to a folded kubelet', 'kube-apiserver', 'kubelet/node-7', false],
    ['from a folded kube-proxy', 'kube-proxy/node-7', 'kube-apiserver', true],
  ])('rides the card’s edge for a hop %s', (_case, from, to, reverse) => {
    const aliases = new Map([
      ['kubelet:node-7', 'node:node-7'],
      ['kube-proxy:node-7', 'node:node-7'],
    ]);
    expect(tokensByEdge([hop(3, from, to, 'watch ADDED')], edges, aliases)).toEqual(
      new Map([
        [
          'apiserver~node:node-7',
          [{ key: '3', label: 'watch ADDED', reverse, kind: 'watch', lane: 0 }],
        ],
      ]),
    );
  });

  it('draws nothing for a hop whose ends have no edge and no alias', () => {
    expect(tokensByEdge([hop(1, 'kube-apiserver', 'kubelet/node-7', 'x')], edges).size).toBe(0);
  });
});
