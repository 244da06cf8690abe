// What the user opened on the diagram: node summaries, node cards and pools expand on click.

import { create } from 'zustand';

interface DiagramView {
  expanded: ReadonlySet<string>;
  toggle: (id: string) => void;
}

export const useDiagramView = create<DiagramView>((set) => ({
  expanded: new Set(),
  toggle: (id) => {
    set((state) => {
      const expanded = new Set(state.expanded);
      if (expanded.has(id)) expanded.delete(id);
      else expanded.add(id);
      return { expanded };
    });
  },
}));
