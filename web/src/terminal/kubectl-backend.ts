// What the terminal runs: `kubectl …` (or the `k` alias) through the in-browser kubectl engine
// against this tab's cluster, with the editor's text as the file `editor.yaml`. Anything else is
// answered as a shell would answer a command it does not have.

import { ArgvError, splitArgv } from '../../../workers/kubectl/argv.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import type { TerminalBackend } from './TerminalPane.tsx';

export const EDITOR_FILE = 'editor.yaml';

export interface KubectlRunner {
  kubectl(args: readonly string[], io: KubectlIO): Promise<number>;
  /** The editor's current text. */
  editorText(): string;
}

const HELP = `This terminal runs kubectl against the cluster in this tab.
  kubectl get pods -o wide        kubectl describe pod <name>
  kubectl apply -f ${EDITOR_FILE}    (the editor's text)
  kubectl get events -w           (Ctrl-C stops a watch)
  k is short for kubectl; ↑/↓ walk the history; clear (or Ctrl-L) clears the screen.
`;

export function kubectlBackend(runner: KubectlRunner): TerminalBackend {
  return {
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
        files: new Map([[EDITOR_FILE, runner.editorText()]]),
        signal,
      });
    },
  };
}
