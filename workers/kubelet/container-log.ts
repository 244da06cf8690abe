// A container's log as containerd's CRI logger writes it and the kubelet reads it back
// (pkg/kubelet/kuberuntime/logs/logs.go): one line per newline, stamped with nanoseconds and its
// stream (`2024-11-26T10:00:00.123456789Z stdout F hello`), a partial line (P) when the process
// ends mid-line. The kubelet's container log manager rotates the file once it passes
// containerLogMaxSize (10Mi) and `kubectl logs` reads only the current file, so rotated files are
// counted, not kept; upstream checks sizes every 10 s, here the write that crosses the limit rotates.

import type { PodLogOptions } from '../api/pod-log-options.ts';

export type LogStreamType = 'stdout' | 'stderr';

export interface LogEntry {
  /** Virtual time in ms, and the nanoseconds within that millisecond. */
  time: number;
  nanos: number;
  stream: LogStreamType;
  /** The line without its newline. */
  text: string;
  /** The process ended without finishing the line: no newline follows it. */
  partial: boolean;
}

/** containerLogMaxSize's default. */
export const CONTAINER_LOG_MAX_SIZE = 10 * 1024 * 1024;

export interface LogFollower {
  onEntries(entries: readonly LogEntry[]): void;
  /** The container stopped: nothing more will be written. */
  onClose(): void;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The longest prefix of `text` that fits in `bytes` bytes of UTF-8. */
function truncateUtf8(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const c of text) {
    const size = utf8Length(c);
    if (used + size > bytes) break;
    used += size;
    end += c.length;
  }
  return text.slice(0, end);
}

/** RFC3339NanoFixed, as the kubelet prints `--timestamps`: `2024-11-26T10:00:00.123456789Z`. */
export function formatLogTimestamp(entry: Pick<LogEntry, 'time' | 'nanos'>): string {
  return new Date(entry.time)
    .toISOString()
    .replace(/Z$/, `${String(entry.nanos).padStart(6, '0')}Z`);
}

/** RFC3339Nano as containerd writes it into the file (trailing zeros dropped). */
function criTimestamp(entry: LogEntry): string {
  return formatLogTimestamp(entry).replace(/\.?0+Z$/, 'Z');
}

/** An integer hash, so nanoseconds look real yet depend only on the container and the line. */
function mix(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class ContainerLog {
  /** The current log file. */
  private entries: LogEntry[] = [];
  private size = 0;
  /** Files the log manager rotated away. */
  rotations = 0;
  closed = false;
  private readonly pending: Record<LogStreamType, string> = { stdout: '', stderr: '' };
  private readonly followers = new Set<LogFollower>();
  private last = { time: -1, nanos: 0 };
  private lines = 0;

  constructor(
    /** Varies the sub-millisecond part of timestamps between containers. */
    private readonly seed: number,
    private readonly maxSize = CONTAINER_LOG_MAX_SIZE,
  ) {}

  current(): readonly LogEntry[] {
    return this.entries;
  }

  /** What the process wrote to `stream` at `time`; complete lines enter the log. */
  write(stream: LogStreamType, text: string, time: number): void {
    if (this.closed) return;
    const lines = (this.pending[stream] + text).split('\n');
    this.pending[stream] = lines.pop() ?? '';
    this.append(lines.map((line) => this.entry(stream, line, time, false)));
  }

  /** The process ended: unfinished lines are written as partial ones, followers are told. */
  close(time: number): void {
    if (this.closed) return;
    const partial: LogEntry[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '')
        partial.push(this.entry(stream, this.pending[stream], time, true));
      this.pending[stream] = '';
    }
    this.append(partial);
    this.closed = true;
    for (const follower of this.followers) follower.onClose();
    this.followers.clear();
  }

  follow(follower: LogFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  private entry(stream: LogStreamType, text: string, time: number, partial: boolean): LogEntry {
    const hash = mix(this.seed, this.lines++);
    const nanos =
      time === this.last.time
        ? Math.min(999_999, this.last.nanos + 1_000 + (hash % 40_000))
        : hash % 500_000;
    this.last = { time, nanos };
    return { time, nanos, stream, text, partial };
  }

  private append(entries: LogEntry[]): void {
    if (entries.length === 0) return;
    for (const entry of entries) {
      const line = `${criTimestamp(entry)} ${entry.stream} ${entry.partial ? 'P' : 'F'} ${entry.text}\n`;
      this.entries.push(entry);
      this.size += utf8Length(line);
      if (this.size > this.maxSize) {
        this.entries = [];
        this.size = 0;
        this.rotations++;
      }
    }
    for (const follower of this.followers) follower.onEntries(entries);
  }
}

/** The kubelet's reading options (NewLogOptions): -1 means all lines, or no byte limit. */
export interface LogOptions {
  tail: number;
  bytes: number;
  /** Lines stamped before this (ms) are skipped. */
  since: number;
  follow: boolean;
  timestamps: boolean;
}

export function newLogOptions(options: PodLogOptions, now: number): LogOptions {
  let since = -Infinity;
  if (options.sinceSeconds !== undefined) since = now - options.sinceSeconds * 1000;
  if (options.sinceTime !== undefined && options.sinceTime > since) since = options.sinceTime;
  return {
    tail: options.tailLines ?? -1,
    bytes: options.limitBytes ?? -1,
    since,
    follow: options.follow,
    timestamps: options.timestamps,
  };
}

/** logWriter: formats lines and stops at the byte limit, cutting the last line short. */
export class LogWriter {
  private remain: number;

  constructor(private readonly options: LogOptions) {
    this.remain = options.bytes >= 0 ? options.bytes : Infinity;
  }

  /** Every byte allowed has been written. */
  get done(): boolean {
    return this.remain <= 0;
  }

  write(entries: readonly LogEntry[]): string {
    let out = '';
    for (const entry of entries) {
      if (this.done) break;
      if (entry.time < this.options.since) continue;
      let line = entry.text + (entry.partial ? '' : '\n');
      if (this.options.timestamps) line = `${formatLogTimestamp(entry)} ${line}`;
      const size = utf8Length(line);
      if (size > this.remain) line = truncateUtf8(line, this.remain);
      this.remain -= Math.min(size, this.remain);
      out += line;
    }
    return out;
  }

  /** The file's content from the tail on (tail.FindTailLineStartIndex). */
  initial(entries: readonly LogEntry[]): string {
    const tail = this.options.tail;
    return this.write(tail >= 0 ? entries.slice(Math.max(0, entries.length - tail)) : entries);
  }
}
