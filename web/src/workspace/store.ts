// The workspace's own UI state: which view the bottom panel shows (terminal, events, timeline),
// whether the shortcut sheet or the tour is open, and a handle on the bottom panel so a shortcut
// can expand it.

import type { PanelImperativeHandle } from 'react-resizable-panels';
import { create } from 'zustand';

export type BottomView = 'terminal' | 'events' | 'timeline';

interface WorkspaceState {
  bottom: BottomView;
  sheetOpen: boolean;
  /** The tour's step, or null when it is closed. */
  tourStep: number | null;
  show: (bottom: BottomView) => void;
  setSheetOpen: (open: boolean) => void;
  setTourStep: (step: number | null) => void;
}

export const useWorkspace = create<WorkspaceState>((set) => ({
  bottom: 'terminal',
  sheetOpen: false,
  tourStep: null,
  show: (bottom) => {
    set({ bottom });
  },
  setSheetOpen: (sheetOpen) => {
    set({ sheetOpen });
  },
  setTourStep: (tourStep) => {
    set({ tourStep });
  },
}));

export const bottomPanel: { current: PanelImperativeHandle | null } = { current: null };
