// The terminal's input line, as readline edits it: keystrokes arrive as the bytes xterm.js sends
// (printable text, DEL, CSI arrow sequences, control characters) and each edit answers with the
// escape sequences that redraw the line. Pure, so the editing rules are tested without a DOM.

export type LineAction =
  | { kind: 'none' }
  /** `queued` holds the further lines of a paste, to run after this one. */
  | { kind: 'submit'; line: string; queued?: string[] }
  | { kind: 'interrupt' }
  | { kind: 'clear-screen' }
  | { kind: 'complete'; line: string; cursor: number }
  | { kind: 'end-of-input' };

export interface KeyResult {
  /** Escape sequences to write to the terminal. */
  write: string;
  action: LineAction;
}

const NONE: LineAction = { kind: 'none' };
const ERASE_TO_END = '\x1b[K';
const HISTORY_LIMIT = 500;

const KEYS: Record<string, (editor: LineEditor) => KeyResult> = {
  '\r': (editor) => editor.submit(),
  '\x7f': (editor) => editor.backspace(),
  '\b': (editor) => editor.backspace(),
  '\x1b[3~': (editor) => editor.deleteForward(),
  '\x1b[A': (editor) => editor.recall(-1),
  '\x1b[B': (editor) => editor.recall(1),
  '\x1b[C': (editor) => editor.moveTo(editor.cursor + 1),
  '\x1b[D': (editor) => editor.moveTo(editor.cursor - 1),
  '\x1b[H': (editor) => editor.moveTo(0),
  '\x1bOH': (editor) => editor.moveTo(0),
  '\x01': (editor) => editor.moveTo(0),
  '\x1b[F': (editor) => editor.moveTo(editor.line.length),
  '\x1bOF': (editor) => editor.moveTo(editor.line.length),
  '\x05': (editor) => editor.moveTo(editor.line.length),
  '\x03': (editor) => editor.interrupt(),
  '\x04': (editor) => editor.endOfInput(),
  '\x0c': () => ({ write: '', action: { kind: 'clear-screen' } }),
  '\x15': (editor) => editor.killToStart(),
  '\x0b': (editor) => editor.killToEnd(),
  '\x17': (editor) => editor.killWordBack(),
  '\t': (editor) => ({
    write: '',
    action: { kind: 'complete', line: editor.line, cursor: editor.cursor },
  }),
};

export class LineEditor {
  line = '';
  cursor = 0;
  private readonly history: string[] = [];
  /** Where ↑/↓ are in the history; `history.length` is the line being typed. */
  private recallIndex = 0;
  /** The line being typed before ↑ replaced it, given back by ↓. */
  private draft = '';

  constructor(private readonly prompt: string) {}

  /** Handles one chunk of input from xterm (a key, or pasted text). */
  key(data: string): KeyResult {
    const special = KEYS[data];
    if (special) return special(this);
    const text = printable(data);
    if (text.includes('\r') || text.includes('\n')) return this.paste(text);
    if (text === '') return { write: '', action: NONE };
    return this.insert(text);
  }

  insert(text: string): KeyResult {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    return this.redraw();
  }

  /** Replaces the line, e.g. with a completion. */
  replace(line: string, cursor = line.length): KeyResult {
    this.line = line;
    this.cursor = Math.max(0, Math.min(cursor, line.length));
    return this.redraw();
  }

  submit(): KeyResult {
    const line = this.line;
    this.remember(line);
    this.line = '';
    this.cursor = 0;
    return { write: '\r\n', action: { kind: 'submit', line } };
  }

  backspace(): KeyResult {
    if (this.cursor === 0) return { write: '', action: NONE };
    this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
    this.cursor--;
    return this.redraw();
  }

  deleteForward(): KeyResult {
    if (this.cursor >= this.line.length) return { write: '', action: NONE };
    this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
    return this.redraw();
  }

  moveTo(position: number): KeyResult {
    const bounded = Math.max(0, Math.min(position, this.line.length));
    if (bounded === this.cursor) return { write: '', action: NONE };
    this.cursor = bounded;
    return this.redraw();
  }

  recall(step: -1 | 1): KeyResult {
    const next = this.recallIndex + step;
    if (next < 0 || next > this.history.length) return { write: '', action: NONE };
    if (this.recallIndex === this.history.length) this.draft = this.line;
    this.recallIndex = next;
    return this.replace(next === this.history.length ? this.draft : (this.history[next] ?? ''));
  }

  interrupt(): KeyResult {
    this.line = '';
    this.cursor = 0;
    this.recallIndex = this.history.length;
    return { write: '^C\r\n', action: { kind: 'interrupt' } };
  }

  endOfInput(): KeyResult {
    if (this.line !== '') return this.deleteForward();
    return { write: '', action: { kind: 'end-of-input' } };
  }

  killToStart(): KeyResult {
    this.line = this.line.slice(this.cursor);
    this.cursor = 0;
    return this.redraw();
  }

  killToEnd(): KeyResult {
    this.line = this.line.slice(0, this.cursor);
    return this.redraw();
  }

  killWordBack(): KeyResult {
    const before = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '');
    this.line = before + this.line.slice(this.cursor);
    this.cursor = before.length;
    return this.redraw();
  }

  /** The prompt and the line, cursor in place; written after output or a cleared screen. */
  render(): string {
    const back = this.line.length - this.cursor;
    return `${this.prompt}${this.line}${back > 0 ? `\x1b[${back}D` : ''}`;
  }

  previousCommands(): readonly string[] {
    return this.history;
  }

  /** Puts saved lines before what was typed since the terminal opened. */
  restoreHistory(lines: readonly string[]): void {
    this.history.unshift(...lines);
    this.history.splice(0, Math.max(0, this.history.length - HISTORY_LIMIT));
    this.recallIndex = this.history.length;
  }

  private redraw(): KeyResult {
    return { write: `\r${ERASE_TO_END}${this.render()}`, action: NONE };
  }

  /** Pasted lines run one after another, as a shell reads them; a last line without a break stays typed. */
  private paste(text: string): KeyResult {
    const lines = text.split(/\r\n|\r|\n/);
    const unfinished = lines.pop() ?? '';
    const [first = '', ...queued] = lines;
    const typed = this.insert(first);
    const line = this.line;
    this.remember(line);
    for (const next of queued) this.remember(next);
    this.line = unfinished;
    this.cursor = unfinished.length;
    return { write: `${typed.write}\r\n`, action: { kind: 'submit', line, queued } };
  }

  private remember(line: string): void {
    if (line.trim() !== '' && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY_LIMIT) this.history.shift();
    }
    this.recallIndex = this.history.length;
    this.draft = '';
  }
}

/** Drops escape sequences and control characters other than line breaks and tabs. */
function printable(data: string): string {
  let text = '';
  for (let index = 0; index < data.length; index++) {
    const char = data[index] ?? '';
    if (char === '\x1b') {
      index = endOfEscape(data, index);
      continue;
    }
    const code = char.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f) text += char;
    else if (char === '\r' || char === '\n' || char === '\t') text += char;
  }
  return text;
}

/** The index of the last character of the escape sequence starting at `start` (CSI or SS3). */
function endOfEscape(data: string, start: number): number {
  const introducer = data[start + 1];
  if (introducer === 'O') return start + 2;
  if (introducer !== '[') return start;
  let index = start + 2;
  while (index < data.length && /[0-9;]/.test(data[index] ?? '')) index++;
  return index;
}
