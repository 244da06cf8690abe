import { describe, expect, it } from 'vitest';
import type { PodLogOptions } from '../api/pod-log-options.ts';
import {
  ContainerLog,
  formatLogTimestamp,
  LogWriter,
  newLogOptions,
  type LogEntry,
} from './container-log.ts';

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);

const NO_OPTIONS: PodLogOptions = {
  container: '',
  follow: false,
  previous: false,
  timestamps: false,
  insecureSkipTLSVerifyBackend: false,
};

/** A log with `line N` written at second N, for N in 0..count-1. */
function logOf(count: number): ContainerLog {
  const log = new ContainerLog(7);
  for (let i = 0; i < count; i++) log.write('stdout', `line ${String(i)}\n`, T0 + i * 1000);
  return log;
}

function read(log: ContainerLog, options: Partial<PodLogOptions>, now = T0 + 60_000): string {
  return new LogWriter(newLogOptions({ ...NO_OPTIONS, ...options }, now)).initial(log.current());
}

describe('ContainerLog', () => {
  it('enters a line once its newline is written, stamped when it completes', () => {
    const log = new ContainerLog(7);
    log.write('stdout', 'hel', T0);
    expect(log.current()).toEqual([]);
    log.write('stdout', 'lo\nwor', T0 + 5);
    log.write('stderr', 'oops\n', T0 + 6);
    expect(log.current().map((entry) => [entry.stream, entry.text, entry.time])).toEqual([
      ['stdout', 'hello', T0 + 5],
      ['stderr', 'oops', T0 + 6],
    ]);
  });

  it('writes an unfinished line as a partial one when the container stops', () => {
    const log = new ContainerLog(7);
    log.write('stdout', 'no newline', T0);
    log.close(T0 + 10);
    expect(log.current()).toMatchObject([{ text: 'no newline', partial: true, time: T0 + 10 }]);
    expect(read(log, {})).toBe('no newline');
  });

  it('gives lines of one millisecond rising nanoseconds below a millisecond', () => {
    const log = new ContainerLog(7);
    log.write('stdout', 'a\nb\nc\n', T0);
    const nanos = log.current().map((entry) => entry.nanos);
    expect(nanos).toEqual([...nanos].sort((x, y) => x - y));
    expect(new Set(nanos).size).toBe(3);
    for (const n of nanos) expect(n).toBeLessThan(1_000_000);
  });

  it('stamps the same lines alike for the same container, differently for another', () => {
    const a = new ContainerLog(7);
    const b = new ContainerLog(7);
    const c = new ContainerLog(8);
    for (const log of [a, b, c]) log.write('stdout', 'x\n', T0);
    expect(a.current()).toEqual(b.current());
    expect(a.current()[0]?.nanos).not.toBe(c.current()[0]?.nanos);
  });

  it('rotates the file once it passes the size limit, keeping only newer lines', () => {
    // Each CRI line: timestamp (at most 30 bytes), " stdout F ", 10 bytes of text and a newline.
    const log = new ContainerLog(7, 200);
    for (let i = 0; i < 10; i++)
      log.write('stdout', `line-${String(i).padStart(5, '0')}\n`, T0 + i);
    expect(log.rotations).toBe(2);
    expect(log.current().map((entry) => entry.text)).toEqual(['line-00008', 'line-00009']);
  });

  it('tells followers about new lines and about the end', () => {
    const log = new ContainerLog(7);
    const seen: string[] = [];
    const stop = log.follow({
      onEntries: (entries) => seen.push(...entries.map((entry) => entry.text)),
      onClose: () => seen.push('<closed>'),
    });
    log.write('stdout', 'one\ntwo\n', T0);
    log.close(T0 + 1);
    log.write('stdout', 'after\n', T0 + 2);
    stop();
    expect(seen).toEqual(['one', 'two', '<closed>']);
  });
});

describe('reading a log', () => {
  it.each<[string, Partial<PodLogOptions>, string]>([
    ['gives every line', {}, 'line 0\nline 1\nline 2\nline 3\nline 4\n'],
    ['gives the last lines with tailLines', { tailLines: 2 }, 'line 3\nline 4\n'],
    ['gives nothing with tailLines 0', { tailLines: 0 }, ''],
    [
      'gives all lines when tailLines exceeds them',
      { tailLines: 50 },
      'line 0\nline 1\nline 2\nline 3\nline 4\n',
    ],
    ['stops at limitBytes, cutting the last line', { limitBytes: 10 }, 'line 0\nlin'],
    ['skips lines older than sinceTime', { sinceTime: T0 + 3000 }, 'line 3\nline 4\n'],
    ['skips lines older than sinceSeconds before now', { sinceSeconds: 57 }, 'line 3\nline 4\n'],
    ['applies the tail before since', { tailLines: 1, sinceTime: T0 }, 'line 4\n'],
  ])('%s', (_name, options, text) => {
    expect(read(logOf(5), options)).toBe(text);
  });

  it('prefixes each line with its RFC 3339 time to the nanosecond with timestamps', () => {
    const log = logOf(2);
    const entries = log.current();
    expect(read(log, { timestamps: true })).toBe(
      entries.map((entry) => `${formatLogTimestamp(entry)} ${entry.text}\n`).join(''),
    );
    expect(formatLogTimestamp({ time: T0 + 1234, nanos: 5678 })).toBe(
      '2025-01-01T10:00:01.234005678Z',
    );
  });

  it('counts the timestamp in limitBytes', () => {
    const entry: LogEntry = { time: T0, nanos: 1, stream: 'stdout', text: 'x', partial: false };
    const writer = new LogWriter(
      newLogOptions({ ...NO_OPTIONS, timestamps: true, limitBytes: 31 }, T0),
    );
    expect(writer.write([entry, entry])).toBe('2025-01-01T10:00:00.000000001Z ');
    expect(writer.done).toBe(true);
  });

  it('goes on with what is written next, under the same byte limit', () => {
    const writer = new LogWriter(newLogOptions({ ...NO_OPTIONS, limitBytes: 12 }, T0));
    const log = logOf(1);
    expect(writer.initial(log.current())).toBe('line 0\n');
    log.write('stdout', 'line 1\n', T0 + 1000);
    expect(writer.write(log.current().slice(1))).toBe('line ');
    expect(writer.done).toBe(true);
  });
});
