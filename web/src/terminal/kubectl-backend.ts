// What the terminal runs: `kubectl …` (or the `k` alias) through the in-browser kubectl engine
// against this tab's cluster, with the editor's files (its tabs) as the files `-f` reads.
// Anything else is answered as a shell would answer a command it does not have.

import { ArgvError, splitArgv } from '../../../workers/kubectl/argv.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import type { Completion as WordCompletion } from '../../../workers/kubectl/completion.ts';
import type { Completion, TerminalBackend } from './TerminalPane.tsx';

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Applies kubectl's candidates for the word at the cursor as bash does: one candidate completes
 * the word and adds a space; several extend it to their common prefix and are listed.
 */
export function completeAt(line: string, cursor: number, completion: WordCompletion): Completion {
  const { from, candidates } = completion;
  const rest = line.slice(cursor);
  if (candidates.length === 0) return { line, cursor, candidates: [] };
  const only = candidates.length === 1 ? candidates[0] : undefined;
  const word = only !== undefined ? `${only} ` : commonPrefix(candidates);
  const typed = line.slice(from, cursor);
  const replacement = word.length >= typed.length ? word : typed;
  const completed = line.slice(0, from) + replacement + rest;
  return {
    line: completed,
    cursor: from + replacement.length,
    candidates: only !== undefined ? [] : candidates,
  };
}

export const EDITOR_FILE = 'editor.yaml';

export interface KubectlRunner {
  kubectl(args: readonly string[], io: KubectlIO): Promise<number>;
  /** kubectl's completion of a `kubectl …` line: where the word starts, and what may follow. */
  complete(line: string): Promise<WordCompletion>;
  /** The editor's files by name, as `kubectl -f <name>` reads them. */
  editorFiles(): ReadonlyMap<string, string>;
}

const HELP = `This terminal runs kubectl against the cluster in this tab.
  kubectl get pods -o wide        kubectl describe pod <name>
  kubectl apply -f ${EDITOR_FILE}    (a file open in the editor, by its tab's name)
  kubectl get events -w           (Ctrl-C stops a watch)
  k is short for kubectl; ↑/↓ walk the history; clear (or Ctrl-L) clears the screen.
`;

export function kubectlBackend(runner: KubectlRunner): TerminalBackend {
  return {
    async complete(line, cursor) {
      const before = line.slice(0, cursor);
      const program = /^\s*(\S*)$/.exec(before)?.[1];
      if (program !== undefined && program !== '' && 'kubectl'.startsWith(program))
        return completeAt(line, cursor, { from: cursor - program.length, candidates: ['kubectl'] });
      // `k` is typed as an alias: kubectl's completion sees the program name it knows.
      const alias = /^\s*k(\s|$)/.test(before);
      const asKubectl = alias ? before.replace(/^(\s*)k/, '$1kubectl') : before;
      if (!/^\s*kubectl(\s|$)/.test(asKubectl) || !/\s/.test(asKubectl.trimStart()))
        return { line, cursor, candidates: [] };
      const shift = asKubectl.length - before.length;
      const found = await runner.complete(asKubectl);
      return completeAt(line, cursor, { ...found, from: found.from - shift });
    },
    banner: `k8s playground: kubectl talks to the cluster in this tab. Type help for examples.\n`,
    async run(line, write, signal) {
      let words: string[];
      try {
        words = splitArgv(line);
      } catch (error) {
        if (!(error instanceof ArgvError)) throw error;
        write(`sh: syntax error: ${error.message}\n`);
        return;
      }
      const [program = '', ...args] = words;
      if (program === 'help') {
        write(HELP);
        return;
      }
      if (program !== 'kubectl' && program !== 'k') {
        write(`sh: ${program}: command not found\n`);
        return;
      }
      await runner.kubectl(args, {
        stdout: write,
        stderr: write,
        files: runner.editorFiles(),
        signal,
      });
    },
  };
}
