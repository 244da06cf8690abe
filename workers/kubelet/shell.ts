// busybox ash running a pod's `sh -c` script on the virtual clock: expansions, field splitting,
// redirections between stdout, stderr and /dev/null, loops, `set -e`/`-x`, the applets of
// shell-builtins.ts, `sh: x: not found` (127) for anything else. A loop that never sleeps gets
// 100 ms of virtual CPU time per 1000 commands, so it makes progress without stalling the clock.
// Files written by redirections live in the container's file map. As PID 1 without a handler,
// ash ignores SIGTERM (the kernel drops it); `trap … TERM` runs once the current command ends.

import type {
  ContainerNetwork,
  Program,
  ProcessEnvironment,
  ProcessIO,
  ProgramRun,
  Wait,
} from './process.ts';
import { ArithmeticError, evaluateArithmetic } from './shell-arithmetic.ts';
import type { BuiltinContext } from './shell-builtins.ts';
import { commandNamed } from './shell-commands.ts';
import { Jobs } from './shell-jobs.ts';
import {
  parseScript,
  ShellSyntaxError,
  type AndOr,
  type Command,
  type List,
  type Part,
  type Pipeline,
  type Redirect,
  type Word,
} from './shell-parser.ts';

/** POSIX's special builtins: assignments before them outlast the command. */
const SPECIAL_BUILTINS = new Set([
  'break',
  'continue',
  '.',
  ':',
  'eval',
  'exec',
  'exit',
  'export',
  'readonly',
  'return',
  'set',
  'shift',
  'times',
  'trap',
  'unset',
]);
const BUSY_COMMANDS = 1000;
const BUSY_PAUSE_MS = 100;
/** Where applets live; a command named by another path is not found. */
export const BIN_DIRECTORIES = new Set([
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
]);

type Sink = 'stdout' | 'stderr' | 'null' | { captured: string } | { file: string };

type Steps<T> = Generator<Wait, T, void>;

/** `exit`, or an error that ends a non-interactive shell. */
class Exit extends Error {
  constructor(readonly status: number) {
    super(`exit ${String(status)}`);
  }
}

export class Shell implements Program {
  private constructor(
    private readonly script: List,
    private readonly environment: ProcessEnvironment,
    private readonly argv0: string,
    private readonly positional: string[],
  ) {}

  /**
   * `sh -c script [name [args…]]`: a script with a syntax error reports it and exits 2, as ash
   * does; null when the script uses what the simulation lacks.
   */
  static of(
    script: string,
    environment: ProcessEnvironment,
    argv0 = 'sh',
    positional: string[] = [],
  ): Program | null {
    try {
      return new Shell(parseScript(script), environment, argv0, positional);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      return error.unsupported ? null : new SyntaxErrorProgram(`${argv0}: ${error.message}\n`);
    }
  }

  private interpreter: Interpreter | null = null;

  run(io: ProcessIO): ProgramRun {
    this.interpreter = new Interpreter(io, this.environment, this.argv0, this.positional);
    return this.interpreter.main(this.script);
  }

  /** Ignored without a trap (PID 1); with one, the handler runs after the current command. */
  stop(): null {
    this.interpreter?.signal('TERM');
    return null;
  }
}

/** A script ash could not parse: the message, and status 2. */
class SyntaxErrorProgram implements Program {
  constructor(private readonly message: string) {}

  // eslint-disable-next-line require-yield -- it ends before its first wait
  *run(io: ProcessIO): ProgramRun {
    io.stderr(this.message);
    return 2;
  }

  stop(): null {
    return null;
  }
}

/** What a line run in a ShellSession came to: its status, and whether it ran `exit`. */
export interface LineResult {
  status: number;
  exited: boolean;
}

/**
 * A shell that reads its commands a line at a time (`kubectl exec -i … sh`): variables, `$?`
 * and options carry over from line to line; a syntax error is reported and the shell goes on.
 */
export class ShellSession {
  private readonly interpreter: Interpreter;

  /** `interactive`: a terminal's shell, whose error messages name no line. */
  constructor(
    io: ProcessIO,
    environment: ProcessEnvironment,
    argv0 = 'sh',
    positional: string[] = [],
    interactive = false,
  ) {
    this.interpreter = new Interpreter(io, environment, argv0, positional, interactive);
  }

  *run(line: string): Generator<Wait, LineResult, void> {
    const lines = line.split('\n').length;
    try {
      return yield* this.runLine(line);
    } finally {
      this.interpreter.linesBefore += lines;
    }
  }

  private *runLine(line: string): Generator<Wait, LineResult, void> {
    let script: List;
    try {
      script = parseScript(line);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.interpreter.write(2, `${this.interpreter.argv0}: ${error.message}\n`);
      return { status: 2, exited: false };
    }
    return yield* this.interpreter.line(script);
  }
}

class Interpreter implements BuiltinContext {
  readonly variables = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly hostname: string;
  readonly kernelVersion: string;
  readonly files: Map<string, string>;
  readonly network: ContainerNetwork | undefined;
  private readonly tools: readonly string[];
  readonly traps = new Map<string, string>();
  private pendingSignal: string | null = null;
  private status = 0;
  private fds: Record<1 | 2, Sink> = { 1: 'stdout', 2: 'stderr' };
  private busy = 0;
  private errexit = false;
  private xtrace = false;
  /** Depth of conditions (if, while, && …), where a failure does not end a `set -e` shell. */
  private conditions = 0;
  private substitutionStatus: number | null = null;
  private readonly jobs: Jobs;
  /** The line of the command running, which ash's errors name in a non-interactive shell. */
  private lineNumber = 1;
  /** Lines a ShellSession has already read, which its line numbers count on from. */
  linesBefore = 0;

  constructor(
    private readonly io: ProcessIO,
    private readonly environment: ProcessEnvironment,
    readonly argv0: string,
    private readonly positional: string[],
    private readonly interactive = false,
  ) {
    this.jobs = new Jobs(() => this.io.now());
    this.hostname = environment.hostname;
    this.kernelVersion = environment.kernelVersion;
    this.files = environment.files ?? new Map<string, string>();
    this.network = environment.network;
    this.tools = environment.tools ?? [];
    for (const [name, value] of Object.entries(environment.env)) {
      this.variables.set(name, value);
      this.exported.add(name);
    }
  }

  *main(script: List): Steps<number> {
    try {
      return yield* this.jobs.around(this.list(script));
    } catch (error) {
      if (error instanceof Exit) return error.status;
      throw error;
    }
  }

  *line(script: List): Steps<LineResult> {
    try {
      return { status: yield* this.jobs.around(this.list(script)), exited: false };
    } catch (error) {
      if (error instanceof Exit) return { status: error.status, exited: true };
      throw error;
    }
  }

  now(): number {
    return this.io.now();
  }

  memory(bytes: number): void {
    this.io.memory?.(bytes);
  }

  /** A signal arrived; a trapped one runs its handler before the next command. */
  signal(name: string): void {
    if (this.traps.has(name)) this.pendingSignal = name;
  }

  write(fd: 1 | 2, text: string): void {
    this.writeSink(this.fds[fd], text);
  }

  private writeSink(sink: Sink, text: string): void {
    if (sink === 'stdout') this.io.stdout(text);
    else if (sink === 'stderr') this.io.stderr(text);
    else if (sink === 'null') return;
    else if ('file' in sink) this.files.set(sink.file, (this.files.get(sink.file) ?? '') + text);
    else sink.captured += text;
  }

  /** Runs the handler of a trapped signal that arrived while the last command ran. */
  private *trapped(): Steps<void> {
    const name = this.pendingSignal;
    this.pendingSignal = null;
    const handler = name === null ? undefined : this.traps.get(name);
    if (handler === undefined || handler === '') return;
    let script: List;
    try {
      script = parseScript(handler);
    } catch (error) {
      if (error instanceof ShellSyntaxError) return;
      throw error;
    }
    const status = this.status;
    yield* this.list(script);
    this.status = status;
  }

  private *list(list: List): Steps<number> {
    for (const andOr of list) {
      if (andOr.background) {
        this.jobs.spawn(this.background(andOr));
        this.status = 0;
      } else this.status = yield* this.andOr(andOr);
    }
    return this.status;
  }

  /** `cmd &`: a subshell of its own, writing where the shell wrote when it started. */
  private background(andOr: AndOr): Steps<number> {
    const fds = { ...this.fds };
    const child = new Interpreter(
      {
        now: () => this.now(),
        stdout: (text) => {
          this.writeSink(fds[1], text);
        },
        stderr: (text) => {
          this.writeSink(fds[2], text);
        },
      },
      { ...this.environment, env: {}, files: this.files },
      this.argv0,
      this.positional,
    );
    for (const [name, value] of this.variables) child.variables.set(name, value);
    for (const name of this.exported) child.exported.add(name);
    child.errexit = this.errexit;
    child.xtrace = this.xtrace;
    return child.main([{ ...andOr, background: false }]);
  }

  private *guarded<T>(steps: Steps<T>): Steps<T> {
    this.conditions++;
    try {
      return yield* steps;
    } finally {
      this.conditions--;
    }
  }

  private *andOr(node: AndOr): Steps<number> {
    let status =
      node.rest.length > 0
        ? yield* this.guarded(this.pipeline(node.first))
        : yield* this.pipeline(node.first);
    for (const [index, { op, pipeline }] of node.rest.entries()) {
      if ((op === '&&') !== (status === 0)) continue;
      const last = index === node.rest.length - 1;
      status = last ? yield* this.pipeline(pipeline) : yield* this.guarded(this.pipeline(pipeline));
    }
    this.status = status;
    return status;
  }

  private *pipeline(pipeline: Pipeline): Steps<number> {
    if (!pipeline.negated) return yield* this.command(pipeline.command);
    return Number((yield* this.guarded(this.command(pipeline.command))) === 0);
  }

  private *command(command: Command): Steps<number> {
    switch (command.kind) {
      case 'simple':
        return yield* this.simple(command);
      case 'loop': {
        let status = 0;
        for (;;) {
          const condition = yield* this.guarded(this.list(command.condition));
          if ((condition === 0) === command.until) return status;
          status = yield* this.list(command.body);
        }
      }
      case 'for': {
        const items: string[] = [];
        if (command.items === null) items.push(...this.positional);
        else for (const word of command.items) items.push(...(yield* this.fields(word)));
        let status = 0;
        for (const item of items) {
          this.variables.set(command.name, item);
          status = yield* this.list(command.body);
        }
        return status;
      }
      case 'if': {
        for (const branch of command.branches) {
          if ((yield* this.guarded(this.list(branch.condition))) === 0)
            return yield* this.list(branch.body);
        }
        return command.otherwise ? yield* this.list(command.otherwise) : 0;
      }
      case 'group': {
        if (!command.subshell) return yield* this.list(command.body);
        const status = yield* this.subshell(() => this.list(command.body));
        this.exitOnError(status);
        return status;
      }
    }
  }

  /** Runs `steps` with its own copy of the variables; its `exit` ends only itself. */
  private *subshell(steps: () => Steps<number>): Steps<number> {
    const variables = new Map(this.variables);
    const exported = new Set(this.exported);
    const options = { errexit: this.errexit, xtrace: this.xtrace };
    try {
      return yield* steps();
    } catch (error) {
      if (error instanceof Exit) return error.status;
      throw error;
    } finally {
      this.errexit = options.errexit;
      this.xtrace = options.xtrace;
      this.variables.clear();
      for (const [name, value] of variables) this.variables.set(name, value);
      this.exported.clear();
      for (const name of exported) this.exported.add(name);
    }
  }

  private *simple(command: Extract<Command, { kind: 'simple' }>): Steps<number> {
    if (this.pendingSignal !== null) yield* this.trapped();
    if (++this.busy >= BUSY_COMMANDS) {
      this.busy = 0;
      this.io.cpu?.(BUSY_PAUSE_MS);
      yield BUSY_PAUSE_MS;
    }
    this.lineNumber = this.linesBefore + command.line;
    this.substitutionStatus = null;
    const words: string[] = [];
    for (const word of command.words) words.push(...(yield* this.fields(word)));
    const assigned: [string, string][] = [];
    for (const [name, value] of command.assignments) assigned.push([name, yield* this.text(value)]);
    // Assignments before a regular command are its environment only; alone or before a special
    // builtin they stay.
    const lasting = words.length === 0 || SPECIAL_BUILTINS.has(words[0] ?? '');
    if (lasting) for (const [name, value] of assigned) this.variables.set(name, value);
    if (words.length === 0) {
      const status = this.lastSubstitutionStatus() ?? 0;
      this.exitOnError(status);
      return status;
    }
    const restore = lasting ? null : this.assignFor(assigned);
    const saved = this.fds;
    this.fds = yield* this.redirected(command.redirects);
    let status: number;
    try {
      if (this.xtrace) this.write(2, `+ ${words.join(' ')}\n`);
      status = yield* this.run(words);
    } finally {
      this.fds = saved;
      restore?.();
    }
    this.exitOnError(status);
    return status;
  }

  /** A failure outside a condition ends a `set -e` shell. */
  private exitOnError(status: number): void {
    if (status !== 0 && this.errexit && this.conditions === 0) throw new Exit(status);
  }

  /** Sets and exports `assigned` for one command; returns what puts the old values back. */
  private assignFor(assigned: [string, string][]): () => void {
    const before = assigned.map(
      ([name]) => [name, this.variables.get(name), this.exported.has(name)] as const,
    );
    for (const [name, value] of assigned) {
      this.variables.set(name, value);
      this.exported.add(name);
    }
    return () => {
      for (const [name, value, exported] of before) {
        if (value === undefined) this.variables.delete(name);
        else this.variables.set(name, value);
        if (!exported) this.exported.delete(name);
      }
    };
  }

  /** ash's error from a builtin: `sh: exit: line 1: Illegal number: abc` (no line on a tty). */
  private builtinError(command: string, message: string): void {
    const line = this.interactive ? '' : `line ${String(this.lineNumber)}: `;
    this.write(2, `${this.argv0}: ${command}: ${line}${message}\n`);
  }

  /** The status of the last command substitution in the words just expanded, if any. */
  private lastSubstitutionStatus(): number | null {
    return this.substitutionStatus;
  }

  private *redirected(redirects: Redirect[]): Steps<Record<1 | 2, Sink>> {
    const fds = { ...this.fds };
    for (const { fd, target } of redirects) {
      if (fd !== 1 && fd !== 2) continue;
      if ('fd' in target) {
        if (target.fd === 1 || target.fd === 2) fds[fd] = fds[target.fd];
      } else {
        const file = yield* this.text(target.file);
        const sink: Sink = file === '/dev/null' ? 'null' : { file };
        if (file !== '/dev/null' && !target.append) this.files.set(file, '');
        fds[fd] = sink;
        if (target.both) fds[2] = sink;
      }
    }
    return fds;
  }

  private *run(words: string[]): Steps<number> {
    const [name = '', ...args] = words;
    switch (name) {
      case 'exit': {
        const [code] = args;
        if (code === undefined) throw new Exit(this.status);
        if (!/^\d+$/.test(code)) {
          this.builtinError('exit', `Illegal number: ${code}`);
          throw new Exit(2);
        }
        throw new Exit(Number(code) & 255);
      }
      case 'wait': {
        const done = this.jobs.allDone();
        if (done) yield { until: done };
        return 0;
      }
      case 'set':
        this.setOptions(args);
        return 0;
      case 'exec': {
        if (args.length === 0) return 0;
        throw new Exit(yield* this.run(args));
      }
      case 'sh':
      case 'ash':
        return yield* this.nestedShell(args);
    }
    const slash = name.lastIndexOf('/');
    const applet = slash < 0 ? name : name.slice(slash + 1);
    const builtin =
      slash < 0 || BIN_DIRECTORIES.has(name.slice(0, slash))
        ? commandNamed(applet, this.tools)
        : undefined;
    if (!builtin) {
      this.write(2, `sh: ${name}: not found\n`);
      return 127;
    }
    const result = builtin(this, args);
    if (typeof result === 'number') return result;
    this.busy = 0;
    if ('steps' in result) return yield* result.steps;
    yield result.wait;
    return 0;
  }

  /** `sh -c 'script'` inside the script: a child shell with the exported variables. */
  private *nestedShell(args: string[]): Steps<number> {
    if (args[0] !== '-c' || args[1] === undefined) return 0;
    let script: List;
    try {
      script = parseScript(args[1]);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      this.write(2, `sh: ${error.message}\n`);
      return 2;
    }
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const value = this.variables.get(name);
      if (value !== undefined) env[name] = value;
    }
    const child = new Interpreter(
      {
        now: () => this.now(),
        stdout: (text) => {
          this.write(1, text);
        },
        stderr: (text) => {
          this.write(2, text);
        },
      },
      {
        hostname: this.hostname,
        ip: '',
        env,
        cpus: 1,
        kernelVersion: this.kernelVersion,
        files: this.files,
        tools: this.tools,
        ...(this.network ? { network: this.network } : {}),
      },
      args[2] ?? 'sh',
      args.slice(3),
    );
    return yield* child.main(script);
  }

  private setOptions(args: string[]): void {
    for (const arg of args) {
      const on = arg.startsWith('-');
      if (!/^[-+][a-z]+$/.test(arg)) continue;
      for (const flag of arg.slice(1)) {
        if (flag === 'e') this.errexit = on;
        if (flag === 'x') this.xtrace = on;
      }
    }
  }

  /** A word's fields after expansion and splitting on blanks (unquoted expansions only). */
  private *fields(word: Word): Steps<string[]> {
    const fields: string[] = [];
    let current = '';
    let started = false;
    for (const part of word) {
      if (part.kind === 'literal') {
        current += part.text;
        started ||= part.quoted || part.text !== '';
        continue;
      }
      const value = yield* this.expand(part);
      if (part.quoted) {
        current += value;
        started = true;
        continue;
      }
      for (const c of value) {
        if (c === ' ' || c === '\t' || c === '\n') {
          if (started) fields.push(current);
          current = '';
          started = false;
        } else {
          current += c;
          started = true;
        }
      }
    }
    if (started) fields.push(current);
    return fields;
  }

  /** A word expanded without splitting: assignment values, redirect targets. */
  private *text(word: Word): Steps<string> {
    let text = '';
    for (const part of word) text += part.kind === 'literal' ? part.text : yield* this.expand(part);
    return text;
  }

  private *expand(part: Exclude<Part, { kind: 'literal' }>): Steps<string> {
    switch (part.kind) {
      case 'parameter':
        return yield* this.parameterValue(part);
      case 'command': {
        const capture = { captured: '' };
        const saved = this.fds;
        this.fds = { 1: capture, 2: saved[2] };
        try {
          this.substitutionStatus = yield* this.subshell(() => this.list(part.script));
        } finally {
          this.fds = saved;
        }
        this.status = this.substitutionStatus;
        return capture.captured.replace(/\n+$/, '');
      }
      case 'arithmetic': {
        const expression = yield* this.text(part.expression);
        try {
          return String(evaluateArithmetic(expression, this.variables));
        } catch (error) {
          if (!(error instanceof ArithmeticError)) throw error;
          this.write(2, `sh: ${error.message}\n`);
          throw new Exit(2);
        }
      }
    }
  }

  private *parameterValue(part: Extract<Part, { kind: 'parameter' }>): Steps<string> {
    const value = this.parameter(part.name);
    const operator = part.operator;
    if (!operator) return value ?? '';
    const unset = value === undefined || (operator.colon && value === '');
    switch (operator.op) {
      case '-':
        return unset ? yield* this.text(operator.word) : value;
      case '=': {
        if (!unset) return value;
        const assigned = yield* this.text(operator.word);
        this.variables.set(part.name, assigned);
        return assigned;
      }
      case '+':
        return unset ? '' : yield* this.text(operator.word);
      case '?': {
        if (!unset) return value;
        const message = (yield* this.text(operator.word)) || 'parameter not set';
        this.write(2, `sh: ${part.name}: ${message}\n`);
        throw new Exit(1);
      }
    }
  }

  private parameter(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return '1';
      case '#':
        return String(this.positional.length);
      case '0':
        return this.argv0;
      case '@':
      case '*':
        return this.positional.join(' ');
      case '-':
        return (this.errexit ? 'e' : '') + (this.xtrace ? 'x' : '');
      case '!':
        return undefined;
    }
    if (/^\d$/.test(name)) return this.positional[Number(name) - 1];
    return this.variables.get(name);
  }
}
