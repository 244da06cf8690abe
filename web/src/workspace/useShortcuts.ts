// Listens for the workspace's shortcuts on the window; Monaco and xterm handle their own keys
// first, and shortcutFor leaves alone what they (or a text field) should receive.

import { useEffect } from 'react';
import { runShortcut } from './actions.ts';
import { shortcutFor, zoneOf } from './shortcuts.ts';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        zone: zoneOf(target),
      });
      if (!action) return;
      event.preventDefault();
      runShortcut(action);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
