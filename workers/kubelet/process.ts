// What runs in a simulated container: its main process, as a program that writes to stdout and
// stderr, waits on the virtual clock and ends with an exit status. Programs are generators, so
// they run synchronously between waits and the runtime resumes them from its timers.

import type { Clock, TimerHandle } from '../host/clock.ts';

/** What a program sees of its container. */
export interface ProcessIO {
  now(): number;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Yields how long it waits in ms (null: until a signal ends it); returns its exit status. */
export type ProgramRun = Generator<number | null, number, void>;

export interface Program {
  run(io: ProcessIO): ProgramRun;
  /** The container's stop signal arrived: what the process prints, and the status it ends with. */
  stop(io: ProcessIO): number;
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

  /** The stop signal: the program's last words, and the status it will end with. */
  stop(): number {
    const running = !this.ended;
    this.halt();
    return running ? this.program.stop(this.io) : 0;
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
