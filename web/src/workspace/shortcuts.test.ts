import { describe, expect, it } from 'vitest';
import { shortcutFor, type FocusZone, type ShortcutAction } from './shortcuts.ts';

function press(
  key: string,
  zone: FocusZone,
  modifiers: { ctrl?: boolean; meta?: boolean; alt?: boolean } = {},
) {
  return shortcutFor({
    key,
    zone,
    ctrlKey: modifiers.ctrl ?? false,
    metaKey: modifiers.meta ?? false,
    altKey: modifiers.alt ?? false,
  });
}

describe('shortcutFor', () => {
  it.each<
    [
      string,
      string,
      FocusZone,
      { ctrl?: boolean; meta?: boolean; alt?: boolean },
      ShortcutAction | null,
    ]
  >([
    ['Space on the page toggles play', ' ', 'page', {}, 'toggle-play'],
    ['→ on the page steps', 'ArrowRight', 'page', {}, 'step'],
    ['. on the page steps', '.', 'page', {}, 'step'],
    ['? on the page shows the sheet', '?', 'page', {}, 'show-shortcuts'],
    ['Ctrl+S applies from the page', 's', 'page', { ctrl: true }, 'apply'],
    ['Cmd+S applies from Monaco', 's', 'editor', { meta: true }, 'apply'],
    ['Ctrl+Enter applies from the page', 'Enter', 'page', { ctrl: true }, 'apply'],
    ['Ctrl+Enter in Monaco is left to Monaco', 'Enter', 'editor', { ctrl: true }, null],
    ['Ctrl+` opens the terminal from Monaco', '`', 'editor', { ctrl: true }, 'open-terminal'],
    ['Ctrl+` in the terminal is the terminal’s', '`', 'terminal', { ctrl: true }, null],
    ['Ctrl+S in the terminal is the terminal’s', 's', 'terminal', { ctrl: true }, null],
    ['Space in Monaco types a space', ' ', 'editor', {}, null],
    ['Space in the terminal types a space', ' ', 'terminal', {}, null],
    ['. in a text field types a dot', '.', 'text-field', {}, null],
    ['? in the terminal types a ?', '?', 'terminal', {}, null],
    ['Space on a button presses the button', ' ', 'button', {}, null],
    ['→ on a button still steps', 'ArrowRight', 'button', {}, 'step'],
    ['Alt+. is nobody’s', '.', 'page', { alt: true }, null],
    ['Ctrl+Alt+S is nobody’s', 's', 'page', { ctrl: true, alt: true }, null],
    ['a plain letter is nobody’s', 'a', 'page', {}, null],
  ])('%s', (_name, key, zone, modifiers, action) => {
    expect(press(key, zone, modifiers)).toBe(action);
  });
});
