// Test support for the kubelet's simulated processes: run a program on a virtual clock and see
// what it wrote, when, and how it ended. Not used by the running cluster.

import { VirtualClock } from '../host/clock.ts';
import { RunningProcess, type Program, type ProcessEnvironment } from './process.ts';

export const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);

export const ENVIRONMENT: ProcessEnvironment = {
  hostname: 'web-0',
  ip: '10.244.1.2',
  env: { HOSTNAME: 'web-0', GREETING: 'hi there' },
  cpus: 2,
  kernelVersion: '6.8.0-49-generic',
};

export interface Run {
  stdout: string;
  stderr: string;
  /** null while the process still runs. */
  status: number | null;
  /** Virtual ms from start to exit (or to the end of the run). */
  elapsed: number;
  /** Output with the virtual second each write happened at: `1s:tick`. */
  timeline: string[];
}

/** Runs a program on a virtual clock until it exits or `limitMs` passes. */
export function runProgram(program: Program, limitMs = 60_000): Run {
  const clock = new VirtualClock(T0);
  const run: Run = { stdout: '', stderr: '', status: null, elapsed: 0, timeline: [] };
  const note = (text: string): void => {
    run.timeline.push(`${String((clock.now() - T0) / 1000)}s:${text}`);
  };
  const process = new RunningProcess(
    program,
    {
      now: () => clock.now(),
      stdout: (text) => {
        run.stdout += text;
        note(text);
      },
      stderr: (text) => {
        run.stderr += text;
        note(text);
      },
    },
    clock,
    (status) => {
      run.status = status;
    },
  );
  process.start();
  for (;;) {
    const due = clock.nextDue();
    if (run.status !== null || due === null || due > T0 + limitMs) break;
    clock.advanceTo(due);
  }
  run.elapsed = clock.now() - T0;
  return run;
}
