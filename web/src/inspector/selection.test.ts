import { describe, expect, it } from 'vitest';
import { selectionKey, selectionOf } from './selection.ts';

describe('selectionOf', () => {
  it.each([
    ['pod:default/nginx', { kind: 'pod', namespace: 'default', name: 'nginx' }],
    [
      'pod:kube-system/coredns-7db6d8ff4d-x2x9v',
      { kind: 'pod', namespace: 'kube-system', name: 'coredns-7db6d8ff4d-x2x9v' },
    ],
    ['node:node-2', { kind: 'node', name: 'node-2' }],
    ['kubelet:node-1', { kind: 'node', name: 'node-1' }],
    ['kube-proxy:node-3', { kind: 'node', name: 'node-3' }],
    ['runtime:node-1', { kind: 'node', name: 'node-1' }],
    ['apiserver', null],
    ['pending', null],
    ['pod:nonamespace', null],
  ])('%s', (id, selection) => {
    expect(selectionOf(id)).toEqual(selection);
  });

  it('keys a selection as the store does', () => {
    expect(selectionKey({ kind: 'pod', namespace: 'default', name: 'web' })).toBe(
      '/registry/pods/default/web',
    );
    expect(selectionKey({ kind: 'node', name: 'node-1' })).toBe('/registry/minions/node-1');
  });
});
