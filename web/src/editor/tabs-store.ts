// The editor's tabs in the UI: the active tab's text is the session's editor text (what Apply
// sends, what scenarios set), the others wait in the tabs. Saved through loadTabs/saveTabs, a
// localStorage seam that IndexedDB persistence can take over; a scenario's files are not saved
// over the learner's own.

import { create } from 'zustand';
import { useSession } from '../cluster/session.ts';
import { useScenario } from '../scenarios/store.ts';
import {
  activeFile,
  closeFile,
  DEFAULT_FILE,
  freshName,
  openFile,
  parseTabs,
  renameFile,
  selectFile,
  setContent,
  type EditorTabs,
} from './tabs.ts';

export const TABS_STORAGE_KEY = 'k8s-playground.editor-tabs';

export function loadTabs(): EditorTabs | null {
  try {
    return parseTabs(localStorage.getItem(TABS_STORAGE_KEY));
  } catch {
    return null;
  }
}

export function saveTabs(tabs: EditorTabs): void {
  try {
    localStorage.setItem(TABS_STORAGE_KEY, JSON.stringify(tabs));
  } catch {
    // Storage full or disabled: the tabs live until the page closes.
  }
}

interface TabsState {
  tabs: EditorTabs;
  newFile: () => void;
  select: (name: string) => void;
  rename: (from: string, to: string) => void;
  close: (name: string) => void;
}

function initialTabs(): EditorTabs {
  const saved = loadTabs();
  if (saved) return saved;
  return {
    files: [{ name: DEFAULT_FILE, content: useSession.getState().editorText }],
    active: DEFAULT_FILE,
  };
}

/** Shows the active file in the editor. */
function show(tabs: EditorTabs): EditorTabs {
  useSession.getState().setEditorText(activeFile(tabs).content);
  return tabs;
}

export const useEditorTabs = create<TabsState>((set, get) => ({
  tabs: show(initialTabs()),
  newFile: () => {
    const { tabs } = get();
    set({ tabs: show(openFile(tabs, { name: freshName(tabs), content: '' })) });
  },
  select: (name) => {
    set({ tabs: show(selectFile(get().tabs, name)) });
  },
  rename: (from, to) => {
    set({ tabs: renameFile(get().tabs, from, to) });
  },
  close: (name) => {
    set({ tabs: show(closeFile(get().tabs, name)) });
  },
}));

// The editor's typing (and a scenario's text) lands in the active tab.
useSession.subscribe((state, previous) => {
  if (state.editorText === previous.editorText) return;
  const { tabs } = useEditorTabs.getState();
  const active = activeFile(tabs);
  if (active.content === state.editorText) return;
  useEditorTabs.setState({ tabs: setContent(tabs, active.name, state.editorText) });
});

useEditorTabs.subscribe((state, previous) => {
  if (state.tabs !== previous.tabs && !useScenario.getState().scenario) saveTabs(state.tabs);
});
