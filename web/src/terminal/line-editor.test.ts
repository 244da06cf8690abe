import { describe, expect, it } from 'vitest';
import { LineEditor } from './line-editor.ts';

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';

function typed(editor: LineEditor, ...keys: string[]) {
  return keys.map((key) => editor.key(key));
}

describe('LineEditor', () => {
  it.each([
    { name: 'typing appends at the cursor', keys: ['get', ' pods'], line: 'get pods', cursor: 8 },
    { name: 'backspace removes before the cursor', keys: ['pods', '\x7f'], line: 'pod', cursor: 3 },
    {
      name: 'left arrow then typing inserts mid-line',
      keys: ['gt', LEFT, 'e'],
      line: 'get',
      cursor: 2,
    },
    { name: 'right arrow stops at the end', keys: ['ab', RIGHT, RIGHT], line: 'ab', cursor: 2 },
    { name: 'Ctrl-A goes home', keys: ['pods', '\x01', 'k '], line: 'k pods', cursor: 2 },
    { name: 'Ctrl-E goes to the end', keys: ['ab', '\x01', '\x05', 'c'], line: 'abc', cursor: 3 },
    { name: 'Ctrl-U kills to the start', keys: ['get pods', LEFT, '\x15'], line: 's', cursor: 0 },
    { name: 'Ctrl-K kills to the end', keys: ['get pods', '\x01', '\x0b'], line: '', cursor: 0 },
    {
      name: 'Ctrl-W kills a word',
      keys: ['kubectl get pods', '\x17'],
      line: 'kubectl get ',
      cursor: 12,
    },
    {
      name: 'Delete removes under the cursor',
      keys: ['abc', '\x01', '\x1b[3~'],
      line: 'bc',
      cursor: 0,
    },
    {
      name: 'escape sequences it does not know are dropped',
      keys: ['a', '\x1b[1;5C', 'b'],
      line: 'ab',
      cursor: 2,
    },
  ])('$name', ({ keys, line, cursor }) => {
    const editor = new LineEditor('$ ');
    typed(editor, ...keys);
    expect({ line: editor.line, cursor: editor.cursor }).toEqual({ line, cursor });
  });

  it('redraws the prompt and line with the cursor moved back', () => {
    const editor = new LineEditor('$ ');
    const [, back] = typed(editor, 'get', LEFT);
    expect(back?.write).toBe('\r\x1b[K$ get\x1b[1D');
  });

  it('submits the line and clears it', () => {
    const editor = new LineEditor('$ ');
    const [, enter] = typed(editor, 'kubectl get pods', '\r');
    expect(enter).toEqual({ write: '\r\n', action: { kind: 'submit', line: 'kubectl get pods' } });
    expect(editor.line).toBe('');
  });

  it('walks the history with ↑ and ↓ and gives back the draft', () => {
    const editor = new LineEditor('$ ');
    typed(editor, 'first', '\r', 'second', '\r', 'draft', UP);
    expect(editor.line).toBe('second');
    typed(editor, UP, UP);
    expect(editor.line).toBe('first');
    typed(editor, DOWN, DOWN);
    expect(editor.line).toBe('draft');
    expect(editor.key(DOWN).action).toEqual({ kind: 'none' });
  });

  it('keeps blank lines and repeats out of the history', () => {
    const editor = new LineEditor('$ ');
    typed(editor, 'a', '\r', '  ', '\r', 'a', '\r', 'b', '\r');
    expect(editor.previousCommands()).toEqual(['a', 'b']);
  });

  it('Ctrl-C abandons the line', () => {
    const editor = new LineEditor('$ ');
    const [, interrupt] = typed(editor, 'kubectl', '\x03');
    expect(interrupt).toEqual({ write: '^C\r\n', action: { kind: 'interrupt' } });
    expect(editor.line).toBe('');
  });

  it('Tab asks for a completion of the line at the cursor, and replace applies it', () => {
    const editor = new LineEditor('$ ');
    const [, tab] = typed(editor, 'kubectl get po', '\t');
    expect(tab?.action).toEqual({ kind: 'complete', line: 'kubectl get po', cursor: 14 });
    editor.replace('kubectl get pods ');
    expect(editor.cursor).toBe(17);
  });

  it('a pasted block runs line by line and keeps an unfinished last line typed', () => {
    const editor = new LineEditor('$ ');
    const paste = editor.key('kubectl get pods\nkubectl get nodes\nkubectl ');
    expect(paste.action).toEqual({
      kind: 'submit',
      line: 'kubectl get pods',
      queued: ['kubectl get nodes'],
    });
    expect(editor.line).toBe('kubectl ');
    expect(editor.previousCommands()).toEqual(['kubectl get pods', 'kubectl get nodes']);
  });

  it('Ctrl-D on an empty line ends the input, and deletes forward otherwise', () => {
    const editor = new LineEditor('$ ');
    expect(editor.key('\x04').action).toEqual({ kind: 'end-of-input' });
    typed(editor, 'ab', '\x01', '\x04');
    expect(editor.line).toBe('b');
  });
});
