// The shortcut sheet (`?`): every keyboard shortcut of the workspace, from the same table the
// key handler uses.

import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts.ts';
import { useWorkspace } from './store.ts';

export function ShortcutSheet() {
  const open = useWorkspace((state) => state.sheetOpen);
  const setOpen = useWorkspace((state) => state.setSheetOpen);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [open, setOpen]);

  if (!open) return null;
  return (
    <div
      className="sheet-backdrop"
      onClick={(event) => {
        if (event.target === event.currentTarget) setOpen(false);
      }}
    >
      <div
        className="shortcut-sheet"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        data-testid="shortcut-sheet"
      >
        <header>
          <h2>Keyboard shortcuts</h2>
          <button
            ref={close}
            type="button"
            aria-label="Close"
            onClick={() => {
              setOpen(false);
            }}
          >
            ✕
          </button>
        </header>
        <table>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.action}>
                <td>
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 ? ' or ' : ''}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </td>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Single keys work when no editor, terminal or text field has the focus; the editor and the
          terminal keep their own keys.
        </p>
      </div>
    </div>
  );
}
