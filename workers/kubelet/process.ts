// What runs in a simulated container: its main process, as a program that writes to stdout and
// stderr, waits on the virtual clock and ends with an exit status. Programs are generators, so
// they run synchronously between waits and the runtime resumes them from its timers. A program
// also says how much memory it holds (the runtime OOM-kills it over the container's limit) and
// which ports it listens on (what probes and hooks reach).

import type { Clock, TimerHandle } from '../host/clock.ts';
import type { ConnectionResult, HttpRequest, HttpResponse } from '../client/protocol.ts';

/**
 * What answers on a port: an HTTP server (status code per path for probes; the whole response,
 * written to its access log, for a request from a pod), a bare TCP one, or gRPC health.
 */
export type Listener =
  | {
      protocol: 'http';
      status(path: string, now: number): number;
      respond?(request: HttpRequest, client: string): HttpResponse;
    }
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

/**
 * What a program waits for: ms on the clock, null until a signal ends it, or an answer from
 * the network (a message in a later round), which `until` settles, or `timeoutMs`, if sooner.
 */
export type Wait = number | null | { until: Promise<void>; timeoutMs?: number };

/** Yields what it waits for; returns its exit status. */
export type ProgramRun = Generator<Wait, number, void>;

/** A pod's view of the network: its resolver and its connections (pod-network.ts). */
export interface ContainerNetwork {
  /** The pod's namespace, which its resolver's search path starts with. */
  namespace: string;
  /** A records for each fully qualified name, asked of cluster DNS; null for NXDOMAIN. */
  lookup(names: string[]): Promise<(string[] | null)[]>;
  /** Opens a connection to `ip:port` and sends `request` on it. */
  connect(ip: string, port: number, request: HttpRequest): Promise<ConnectionResult>;
}

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
  /** The network programs the image ships (`wget`, `nslookup`, `curl`). */
  tools?: readonly string[];
  network?: ContainerNetwork;
}

/** Resumes `resume` once `wait` is over (never for null: a signal ends it); the timer, if any. */
export function scheduleWait(clock: Clock, wait: Wait, resume: () => void): TimerHandle | null {
  if (wait === null) return null;
  if (typeof wait === 'number') return clock.setTimeout(resume, wait);
  let resumed = false;
  const once = (): void => {
    if (resumed) return;
    resumed = true;
    if (timer) clock.clearTimeout(timer);
    resume();
  };
  const timer = wait.timeoutMs === undefined ? null : clock.setTimeout(once, wait.timeoutMs);
  void wait.until.then(once);
  return timer;
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
    this.wait(0);
  }

  private wait(wait: Wait): void {
    this.timer = scheduleWait(this.clock, wait, () => {
      this.timer = null;
      this.step();
    });
  }

  private step(): void {
    if (this.ended) return;
    this.steps ??= this.program.run(this.io);
    const next = this.steps.next();
    if (next.done) {
      this.ended = true;
      this.onExit(next.value);
    } else this.wait(next.value);
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
