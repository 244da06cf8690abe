// What the keyboard shortcuts do: apply the editor's manifest, drive the clock, open the terminal.

import { applyManifest, driver, useSession } from '../cluster/session.ts';
import { useCluster } from '../cluster/store.ts';
import type { ShortcutAction } from './shortcuts.ts';
import { bottomPanel, useWorkspace } from './store.ts';

function applyEditor(): void {
  const { applying, editorText } = useSession.getState();
  if (useCluster.getState().boot !== 'ready' || applying) return;
  void applyManifest(editorText);
}

function openTerminal(): void {
  useWorkspace.getState().show('terminal');
  if (bottomPanel.current?.isCollapsed()) bottomPanel.current.expand();
  requestAnimationFrame(() => {
    document.querySelector<HTMLTextAreaElement>('[data-testid="terminal"] textarea')?.focus();
  });
}

export function runShortcut(action: ShortcutAction): void {
  const clock = driver();
  switch (action) {
    case 'apply':
      applyEditor();
      return;
    case 'toggle-play':
      if (!clock) return;
      if (clock.state.playing) clock.pause();
      else clock.play();
      return;
    case 'step':
      clock?.step();
      return;
    case 'open-terminal':
      openTerminal();
      return;
    case 'show-shortcuts':
      useWorkspace.getState().setSheetOpen(true);
      return;
  }
}
