// What runs in a simulated container: its main process, as a program that writes to stdout and
// stderr, waits on the virtual clock and ends with an exit status. Programs are generators, so
// they run synchronously between waits and the runtime resumes them from its timers. A program
// also says how much memory it holds (the runtime OOM-kills it over the container's limit) and
// which ports it listens on (what probes and hooks reach).

import type { Clock, TimerHandle } from '../host/clock.ts';

/** What answers on a port: an HTTP server (status code per path), a bare TCP one, or gRPC health. */
export type Listener =
  | { protocol: 'http'; status(path: string, now: number): number }
  | { protocol: 'tcp' }
  | { protocol: 'grpc'; serving: boolean };

/** What a program sees of its container. */
export interface ProcessIO {
  now(): number;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The process's resident memory is now `bytes`. */
  memory?(bytes: number): void;
  /** The process keeps a CPU busy for the next `ms` (a loop that never waits). */
  cpu?(ms: number): void;
  /** The process accepts connections on `port` from now on. */
  listen?(port: number, listener: Listener): void;
}

/** Yields how long it waits in ms (null: until a signal ends it); returns its exit status. */
export type ProgramRun = Generator<number | null, number, void>;

export interface Program {
  run(io: ProcessIO): ProgramRun;
  /**
   * The container's stop signal arrived: what the process prints, and the status it ends with at
   * once, or null when it carries on (PID 1 without a handler ignores the signal; a shell's trap
   * runs once its current command ends).
   */
  stop(io: ProcessIO): number | null;
}

/** The container around the process: `hostname` is the pod's, `env` the container's. */
export interface ProcessEnvironment {
  hostname: string;
  /** The pod's IP. */
  ip: string;
  env: Readonly<Record<string, string>>;
  /** CPUs the container sees (nginx starts one worker each). */
  cpus: number;
  /** `uname -r` and nginx's `OS:` line. */
  kernelVersion: string;
  /** The container's writable files (path → content), shared with the processes exec'd into it. */
  files?: Map<string, string>;
}

/**
 * Runs a program on the clock: it starts just after StartContainer returns (a timer at the same
 * instant, so the kubelet sees the container running before it can exit) and is resumed by
 * timers when its waits end.
 */
export class RunningProcess {
  private steps: ProgramRun | null = null;
  private timer: TimerHandle | null = null;
  private ended = false;

  constructor(
    private readonly program: Program,
    private readonly io: ProcessIO,
    private readonly clock: Clock,
    private readonly onExit: (status: number) => void,
  ) {}

  start(): void {
    this.resumeAfter(0);
  }

  private resumeAfter(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.step();
    }, ms);
  }

  private step(): void {
    if (this.ended) return;
    this.steps ??= this.program.run(this.io);
    const next = this.steps.next();
    if (next.done) {
      this.ended = true;
      this.onExit(next.value);
    } else if (next.value !== null) {
      this.resumeAfter(next.value);
    }
  }

  /** The stop signal: the status the program ends with now, or null when it runs on. */
  stop(): number | null {
    if (this.ended) return 0;
    const status = this.program.stop(this.io);
    if (status !== null) this.halt();
    return status;
  }

  get running(): boolean {
    return !this.ended;
  }

  /** SIGKILL, or an end decided by the runtime: nothing more runs or prints. */
  halt(): void {
    this.ended = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.steps?.return(0);
    this.steps = null;
  }
}
