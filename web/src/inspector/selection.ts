// What the inspector shows: the diagram element the user clicked last: a pod, a node, a
// cluster component (kube-apiserver, etcd, a kubelet…) or a watch edge between two of them.

import { create } from 'zustand';
import type { ComponentId } from '../../../workers/client/protocol.ts';

export type ObjectSelection =
  { kind: 'pod'; namespace: string; name: string } | { kind: 'node'; name: string };

export type Selection =
  | ObjectSelection
  | { kind: 'component'; id: ComponentId }
  /** The stream of watch events `server` sends `watcher` (an edge of the diagram). */
  | { kind: 'edge'; watcher: ComponentId; server: ComponentId };

interface SelectionState {
  selected: Selection | null;
  select: (selection: Selection | null) => void;
}

export const useSelection = create<SelectionState>((set) => ({
  selected: null,
  select: (selected) => {
    set({ selected });
  },
}));

/** The etcd key of the selected object, as the store keeps it. */
export function selectionKey(selection: ObjectSelection): string {
  return selection.kind === 'pod'
    ? `/registry/pods/${selection.namespace}/${selection.name}`
    : `/registry/minions/${selection.name}`;
}

const COMPONENTS: Record<string, ComponentId> = {
  apiserver: 'kube-apiserver',
  etcd: 'etcd',
  scheduler: 'kube-scheduler',
  'controller-manager': 'kube-controller-manager',
  kubectl: 'kubectl',
};

/** The component a diagram node draws (the inverse of the diagram's diagramNodeOf). */
export function componentOf(diagramNodeId: string): ComponentId | null {
  const named = COMPONENTS[diagramNodeId];
  if (named) return named;
  const [type = '', node = ''] = diagramNodeId.split(/:(.*)/s);
  if ((type === 'kubelet' || type === 'kube-proxy') && node) return `${type}/${node}`;
  return null;
}

/**
 * What clicking a diagram element selects: a pod chip its pod, a component the component, a
 * node's zone (or its container runtime, which is no API client) its node.
 */
export function selectionOf(diagramNodeId: string): Selection | null {
  const component = componentOf(diagramNodeId);
  if (component) return { kind: 'component', id: component };
  const [type = '', rest = ''] = diagramNodeId.split(/:(.*)/s);
  if (type === 'pod') {
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    return { kind: 'pod', namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
  }
  if (['node', 'runtime'].includes(type) && rest) return { kind: 'node', name: rest };
  return null;
}

/** An edge between the API server (or etcd) and a client carries the client's watches. */
export function edgeSelectionOf(source: string, target: string): Selection | null {
  const from = componentOf(source);
  const to = componentOf(target);
  if (!from || !to) return null;
  if (to === 'etcd') return { kind: 'edge', watcher: from, server: to };
  if (from === 'etcd') return { kind: 'edge', watcher: to, server: from };
  if (to === 'kube-apiserver') return { kind: 'edge', watcher: from, server: to };
  if (from === 'kube-apiserver') return { kind: 'edge', watcher: to, server: from };
  return null;
}
