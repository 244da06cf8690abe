// The process `kubectl exec` starts in a running container (CRI Exec: containerd's exec process,
// runc's `exec`): argv found as a container's command is (shells, the busybox applets), run in the
// container's environment on the virtual clock. Standard input feeds `cat` and a shell without
// `-c`, which reads and runs one line at a time. With a tty, stderr joins stdout, output lines
// end in \r\n, and input is echoed and edited as a terminal's line discipline does (backspace,
// ^C, ^D), after ash's `/ # ` prompt. Leaves out files, pipes and job control.

import type { Clock, TimerHandle } from '../host/clock.ts';
import { scheduleWait, type ProcessEnvironment, type ProcessIO } from './process.ts';
import { BIN_DIRECTORIES, ShellSession, type LineResult } from './shell.ts';
import { commandNamed } from './shell-commands.ts';

const SHELLS = new Set(['sh', 'ash', 'bash']);
/** ash's PS1 for root. */
const PROMPT = '/ # ';

export interface ExecOptions {
  argv: string[];
  tty: boolean;
  /** The exec process's id in the runtime, which its errors name. */
  execId: string;
  environment: ProcessEnvironment;
}

export interface ExecOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** How the process ended: its exit status, or the runtime's error when it could not start. */
export type ExecEnd = { exitCode: number } | { error: string };

type Mode =
  | { kind: 'script'; script: string; argv0: string; positional: string[] }
  | { kind: 'cat' }
  | { kind: 'shell'; argv0: string };

/** POSIX single quoting, so an argv runs as a one-command script. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** runc's LookPath failure for a command the image does not have. */
function notFound(name: string): string {
  return name.includes('/')
    ? `exec: "${name}": stat ${name}: no such file or directory`
    : `exec: "${name}": executable file not found in $PATH`;
}

function resolve(argv: string[], tools: readonly string[] = []): Mode | { missing: string } {
  const [name = '', ...args] = argv;
  const slash = name.lastIndexOf('/');
  const base = slash < 0 ? name : name.slice(slash + 1);
  const onPath = slash < 0 || BIN_DIRECTORIES.has(name.slice(0, slash));
  if (onPath && SHELLS.has(base)) {
    if (args[0] !== '-c') return { kind: 'shell', argv0: name };
    return {
      kind: 'script',
      script: args[1] ?? '',
      argv0: args[2] ?? name,
      positional: args.slice(3),
    };
  }
  if (!onPath || !commandNamed(base, tools)) return { missing: name };
  if (base === 'cat' && args.every((arg) => arg === '-')) return { kind: 'cat' };
  return { kind: 'script', script: argv.map(quote).join(' '), argv0: 'sh', positional: [] };
}

export class ExecProcess {
  private timer: TimerHandle | null = null;
  private ended = false;
  /** Complete lines a shell has yet to run, and the one being typed. */
  private readonly lines: string[] = [];
  private typing = '';
  private inputEnded = false;
  private running = false;
  private session: ShellSession | null = null;
  private status = 0;

  constructor(
    private readonly options: ExecOptions,
    private readonly clock: Clock,
    private readonly output: ExecOutput,
    private readonly onEnd: (end: ExecEnd) => void,
  ) {}

  start(): void {
    const mode = resolve(this.options.argv, this.options.environment.tools);
    if ('missing' in mode) {
      this.end({
        error: `failed to exec in container: failed to start exec "${this.options.execId}": OCI runtime exec failed: exec failed: unable to start container process: ${notFound(mode.missing)}: unknown`,
      });
      return;
    }
    if (mode.kind === 'cat') return;
    this.session = new ShellSession(
      this.io(),
      this.options.environment,
      mode.argv0,
      mode.kind === 'script' ? mode.positional : [],
      this.options.tty && mode.kind === 'shell',
    );
    if (mode.kind === 'script') {
      this.runLine(mode.script, (result) => {
        this.end({ exitCode: result.status });
      });
      return;
    }
    this.prompt();
  }

  /** Data on the process's stdin. */
  input(text: string): void {
    if (this.ended || this.inputEnded) return;
    if (!this.session) {
      this.write('stdout', text);
      return;
    }
    for (const c of text) this.key(c);
    this.next();
  }

  /** The client closed stdin: `cat` ends, a shell ends after the lines it has. */
  endInput(): void {
    if (this.ended || this.inputEnded) return;
    this.inputEnded = true;
    if (this.typing !== '') this.lines.push(this.typing);
    this.typing = '';
    if (!this.session) this.end({ exitCode: 0 });
    else this.next();
  }

  /** The client left: the process is killed and reports nothing more. */
  kill(): void {
    this.ended = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private io(): ProcessIO {
    return {
      now: () => this.clock.now(),
      stdout: (text) => {
        this.write('stdout', text);
      },
      stderr: (text) => {
        this.write('stderr', text);
      },
    };
  }

  private write(stream: 'stdout' | 'stderr', text: string): void {
    if (this.ended || text === '') return;
    if (this.options.tty) this.output.stdout(text.replaceAll('\n', '\r\n'));
    else this.output[stream](text);
  }

  /** One character typed (tty) or read (pipe). */
  private key(c: string): void {
    if (!this.options.tty) {
      if (c === '\n') {
        this.lines.push(this.typing);
        this.typing = '';
      } else this.typing += c;
      return;
    }
    switch (c) {
      case '\r':
      case '\n':
        this.output.stdout('\r\n');
        this.lines.push(this.typing);
        this.typing = '';
        return;
      case '\x7f':
      case '\b':
        if (this.typing === '') return;
        this.typing = this.typing.slice(0, -1);
        this.output.stdout('\b \b');
        return;
      case '\x03':
        this.typing = '';
        this.output.stdout('^C\r\n');
        if (!this.running) this.output.stdout(PROMPT);
        return;
      case '\x04':
        if (this.typing === '') this.endInput();
        return;
      default:
        this.typing += c;
        this.output.stdout(c);
    }
  }

  /** Runs the next line a shell has, or ends it once its input has. */
  private next(): void {
    if (this.ended || this.running || !this.session) return;
    const line = this.lines.shift();
    if (line === undefined) {
      if (this.inputEnded) this.end({ exitCode: this.status });
      return;
    }
    this.runLine(line, (result) => {
      this.status = result.status;
      if (result.exited) {
        this.end({ exitCode: result.status });
        return;
      }
      if (this.lines.length === 0 && !this.inputEnded) this.prompt();
      this.next();
    });
  }

  private prompt(): void {
    if (this.options.tty) this.output.stdout(PROMPT);
  }

  /** Steps the line's commands on the clock, waiting where they wait. */
  private runLine(line: string, done: (result: LineResult) => void): void {
    const session = this.session;
    if (!session) return;
    this.running = true;
    const steps = session.run(line);
    const step = (): void => {
      this.timer = null;
      if (this.ended) return;
      const next = steps.next();
      if (next.done) {
        this.running = false;
        done(next.value);
      } else this.timer = scheduleWait(this.clock, next.value, step);
    };
    step();
  }

  private end(end: ExecEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(end);
  }
}
