// What the inspector shows: the diagram element the user clicked last.

import { create } from 'zustand';

export type Selection =
  { kind: 'pod'; namespace: string; name: string } | { kind: 'node'; name: string };

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
export function selectionKey(selection: Selection): string {
  return selection.kind === 'pod'
    ? `/registry/pods/${selection.namespace}/${selection.name}`
    : `/registry/minions/${selection.name}`;
}

/** What clicking a diagram element selects: a pod chip its pod, a node's zone or parts its node. */
export function selectionOf(diagramNodeId: string): Selection | null {
  const [type = '', rest = ''] = diagramNodeId.split(/:(.*)/s);
  if (type === 'pod') {
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    return { kind: 'pod', namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
  }
  if (['node', 'kubelet', 'kube-proxy', 'runtime'].includes(type) && rest)
    return { kind: 'node', name: rest };
  return null;
}
