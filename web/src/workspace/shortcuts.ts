// The workspace's keyboard shortcuts as data, and the one function that decides which a key
// press means. Keys typed into Monaco, the terminal or a form field stay theirs: only
// Ctrl/Cmd+S and Ctrl+` (which neither Monaco nor xterm binds) reach the workspace from an
// editor, and a single key (Space, →, `.`, `?`) only when nothing takes text input.

export type ShortcutAction = 'apply' | 'toggle-play' | 'step' | 'open-terminal' | 'show-shortcuts';

/** Where the key press happened, as far as shortcuts care. */
export type FocusZone = 'editor' | 'terminal' | 'text-field' | 'button' | 'page';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  zone: FocusZone;
}

export interface Shortcut {
  keys: string[];
  action: ShortcutAction;
  description: string;
}

/** What the shortcut sheet lists. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: ['Ctrl/⌘ + Enter', 'Ctrl/⌘ + S'],
    action: 'apply',
    description: "Apply the editor's manifest",
  },
  { keys: ['Space'], action: 'toggle-play', description: 'Play or pause the cluster clock' },
  { keys: ['→', '.'], action: 'step', description: 'Step one round (while paused)' },
  { keys: ['Ctrl + `'], action: 'open-terminal', description: 'Open and focus the terminal' },
  { keys: ['?'], action: 'show-shortcuts', description: 'Show these shortcuts' },
];

/** The zone an element belongs to: Monaco, xterm, a text field, a button, or the page. */
export function zoneOf(target: Element | null): FocusZone {
  if (!target) return 'page';
  if (target.closest('.monaco-editor')) return 'editor';
  if (target.closest('.xterm')) return 'terminal';
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return 'text-field';
  if (target.closest('button, a[href], [role="tab"], [role="button"], summary')) return 'button';
  return 'page';
}

export function shortcutFor(press: KeyPress): ShortcutAction | null {
  const command = press.ctrlKey || press.metaKey;
  if (command && !press.altKey) {
    if (press.key === '`' && press.ctrlKey && press.zone !== 'terminal') return 'open-terminal';
    // Monaco binds Ctrl/Cmd+Enter itself; the terminal keeps Ctrl+S (XOFF) to itself.
    if ((press.key === 's' || press.key === 'S') && press.zone !== 'terminal') return 'apply';
    if (press.key === 'Enter' && (press.zone === 'page' || press.zone === 'button')) return 'apply';
    return null;
  }
  if (command || press.altKey) return null;
  if (press.zone !== 'page' && !(press.zone === 'button' && press.key !== ' ')) return null;
  switch (press.key) {
    case ' ':
      return 'toggle-play';
    case 'ArrowRight':
    case '.':
      return 'step';
    case '?':
      return 'show-shortcuts';
    default:
      return null;
  }
}
