import { describe, expect, it } from 'vitest';
import { edgeSelectionOf, selectionKey, selectionOf } from './selection.ts';

describe('selectionOf', () => {
  it.each([
    ['pod:default/nginx', { kind: 'pod', namespace: 'default', name: 'nginx' }],
    [
      'pod:kube-system/coredns-7db6d8ff4d-x2x9v',
      { kind: 'pod', namespace: 'kube-system', name: 'coredns-7db6d8ff4d-x2x9v' },
    ],
    ['node:node-2', { kind: 'node', name: 'node-2' }],
    ['kubelet:node-1', { kind: 'component', id: 'kubelet/node-1' }],
    ['kube-proxy:node-3', { kind: 'component', id: 'kube-proxy/node-3' }],
    ['runtime:node-1', { kind: 'node', name: 'node-1' }],
    ['apiserver', { kind: 'component', id: 'kube-apiserver' }],
    ['etcd', { kind: 'component', id: 'etcd' }],
    ['scheduler', { kind: 'component', id: 'kube-scheduler' }],
    ['controller-manager', { kind: 'component', id: 'kube-controller-manager' }],
    ['pending', null],
    ['pod:nonamespace', null],
  ])('%s', (id, selection) => {
    expect(selectionOf(id)).toEqual(selection);
  });

  it.each([
    [
      'scheduler',
      'apiserver',
      { kind: 'edge', watcher: 'kube-scheduler', server: 'kube-apiserver' },
    ],
    [
      'apiserver',
      'kubelet:node-1',
      { kind: 'edge', watcher: 'kubelet/node-1', server: 'kube-apiserver' },
    ],
    ['apiserver', 'etcd', { kind: 'edge', watcher: 'kube-apiserver', server: 'etcd' }],
    ['kubelet:node-1', 'runtime:node-1', null],
  ])('the edge %s → %s', (source, target, selection) => {
    expect(edgeSelectionOf(source, target)).toEqual(selection);
  });

  it('keys a selection as the store does', () => {
    expect(selectionKey({ kind: 'pod', namespace: 'default', name: 'web' })).toBe(
      '/registry/pods/default/web',
    );
    expect(selectionKey({ kind: 'node', name: 'node-1' })).toBe('/registry/minions/node-1');
  });
});
