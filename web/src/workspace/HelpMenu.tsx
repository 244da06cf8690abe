// The top bar's Help menu: the tour again, and the shortcut sheet.

import { useEffect, useRef, useState } from 'react';
import { useWorkspace } from './store.ts';

export function HelpMenu() {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const { setTourStep, setSheetOpen } = useWorkspace.getState();

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && menu.current?.contains(event.target as Node)) return;
      setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="help-menu" ref={menu}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="help"
        onClick={() => {
          setOpen(!open);
        }}
      >
        Help
      </button>
      {open ? (
        <div className="menu" role="menu">
          <button
            type="button"
            role="menuitem"
            data-testid="help-tour"
            onClick={() => {
              setOpen(false);
              setTourStep(0);
            }}
          >
            Take the tour
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setSheetOpen(true);
            }}
          >
            Keyboard shortcuts <kbd>?</kbd>
          </button>
        </div>
      ) : null}
    </div>
  );
}
