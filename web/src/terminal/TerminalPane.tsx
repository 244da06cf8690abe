// The terminal panel: xterm.js draws, the LineEditor edits the prompt line, and a backend runs
// each submitted line (kubectl through the cluster's API). Ctrl-C stops a running command,
// e.g. `kubectl get pods -w`; typing while a command runs is ignored, as a shell buffers it.

import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { LineEditor } from './line-editor.ts';

export interface Completion {
  line: string;
  cursor: number;
  /** Shown under the prompt when the completion is ambiguous. */
  candidates: string[];
}

export interface TerminalBackend {
  /** Runs one command line; `write` takes text with `\n` line ends. */
  run(line: string, write: (text: string) => void, signal: AbortSignal): Promise<void>;
  /** Tab completion; without it, Tab does nothing. */
  complete?(line: string, cursor: number): Promise<Completion>;
  /** Shown once when the terminal opens. */
  banner: string;
  /** Where ↑/↓'s history survives a reload: read once at open, written after each command. */
  history?: {
    load(): Promise<readonly string[]>;
    save(lines: readonly string[]): void;
  };
}

const PROMPT = '\x1b[32m$\x1b[0m ';

const THEMES: Record<'dark' | 'light', ITheme> = {
  dark: {
    background: '#0b1016',
    foreground: '#e2e8f0',
    cursor: '#4c9aff',
    selectionBackground: '#2b3f5c',
  },
  light: {
    background: '#f6f8fa',
    foreground: '#1b2430',
    cursor: '#1f6feb',
    selectionBackground: '#c8dcf7',
  },
};

function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function TerminalPane({
  backend,
  theme,
}: {
  backend: TerminalBackend;
  theme: 'dark' | 'light';
}) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({
      fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace",
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: THEMES[theme],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    terminal.current = term;
    const resize = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    });
    resize.observe(element);

    const editor = new LineEditor(PROMPT);
    void backend.history?.load().then((lines) => {
      editor.restoreHistory(lines);
    });
    let running: AbortController | null = null;
    const write = (text: string) => {
      term.write(toTerminal(text));
    };

    const runLines = async (lines: string[]) => {
      for (const line of lines) {
        if (lines.length > 1) term.write(`${PROMPT}${line}\r\n`);
        if (line.trim() === '') continue;
        if (line.trim() === 'clear') {
          term.clear();
          continue;
        }
        running = new AbortController();
        try {
          await backend.run(line, write, running.signal);
        } catch (error) {
          write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        const interrupted = running.signal.aborted;
        running = null;
        if (interrupted) break;
      }
      term.write(editor.render());
    };

    const complete = async (line: string, cursor: number) => {
      if (!backend.complete) return;
      const completion = await backend.complete(line, cursor);
      if (completion.candidates.length > 1) {
        term.write(`\r\n${completion.candidates.join('  ')}\r\n`);
        editor.replace(completion.line, completion.cursor);
        term.write(editor.render());
      } else {
        term.write(editor.replace(completion.line, completion.cursor).write);
      }
    };

    const input = term.onData((data) => {
      if (running) {
        if (data === '\x03') {
          term.write('^C\r\n');
          running.abort();
        }
        return;
      }
      const { write: echo, action } = editor.key(data);
      term.write(echo);
      if (action.kind === 'submit') {
        backend.history?.save(editor.previousCommands());
        void runLines([action.line, ...(action.queued ?? [])]);
      } else if (action.kind === 'interrupt') term.write(editor.render());
      else if (action.kind === 'clear-screen') {
        term.clear();
        term.write(`\r\x1b[K${editor.render()}`);
      } else if (action.kind === 'complete') void complete(action.line, action.cursor);
    });

    term.write(toTerminal(backend.banner));
    term.write(editor.render());
    return () => {
      input.dispose();
      resize.disconnect();
      running?.abort();
      term.dispose();
      terminal.current = null;
    };
    // The terminal lives as long as the panel; the theme is applied below without a remount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend]);

  useEffect(() => {
    if (terminal.current) terminal.current.options.theme = THEMES[theme];
  }, [theme]);

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}
