// What every kubectl command gets: its streams, the client and RESTMapper, the namespace flags
// (kubectl's genericclioptions.ConfigFlags), the clock for ages; and how a command fails: a
// CommandError carries the exact text kubectl prints (`error: …`), a UsageError cobra's
// `Error: … See 'kubectl get --help' for usage.`.

import { StatusError, type Client } from '../client/client.ts';
import type { Discovery } from './discovery.ts';
import { NoResourceTypeError } from './discovery.ts';
import { formatStatusError } from './errors.ts';
import { Flags, type FlagSpec } from './flags.ts';
import type { Clock } from '../host/clock.ts';

export interface KubectlIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** What `-f -` reads. */
  stdin?: string;
  /** The editor's files, by name, for `-f <file>`. */
  files?: ReadonlyMap<string, string>;
  /** Ends a watch, a follow or an exec (Ctrl-C). */
  signal?: AbortSignal;
}

export interface KubectlEnvironment {
  client: Client;
  discovery: Discovery;
  /** The cluster's clock (ms since the epoch), for AGE columns and durations. */
  now: () => number;
  /** The cluster's timers, for --timeout; without them a wait has no deadline. */
  clock?: Clock;
  /** The API server's address, as a kubeconfig would name it (cluster-info, config view). */
  server: string;
}

export interface CommandContext extends KubectlEnvironment {
  io: KubectlIO;
  flags: Flags;
  /** `-n`, or the context's namespace (`default`). */
  namespace: string;
  /** Whether `-n` was given. */
  explicitNamespace: boolean;
  /** The words after `--`. */
  dashArgs: string[] | null;
  /** `get`, `rollout status`: for usage errors. */
  path: string;
}

export interface Command {
  name: string;
  aliases?: string[];
  flags: FlagSpec[];
  /** Subcommands (`rollout status`, `create deployment`). */
  subcommands?: Command[];
  run?(context: CommandContext, args: string[]): Promise<number>;
  /** Hidden from suggestions and completion. */
  hidden?: boolean;
}

/** A failure printed as is (followed by a newline) with exit code 1. */
export class CommandError extends Error {
  constructor(
    readonly text: string,
    readonly code = 1,
  ) {
    super(text);
    this.name = 'CommandError';
  }
}

/** cobra's argument and flag errors: `Error: <message>` and where to find help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** kubectl's cmdutil.UsageErrorf: `error: <message>\nSee 'kubectl <cmd> -h' for help and examples`. */
export function usageErrorf(context: Pick<CommandContext, 'path'>, message: string): CommandError {
  return new CommandError(
    `error: ${message}\nSee 'kubectl ${context.path} -h' for help and examples`,
  );
}

/** How checkErr prints an error (kubectl pkg/cmd/util/helpers.go). */
export function errorText(error: unknown): string {
  if (error instanceof CommandError) return error.text;
  if (error instanceof StatusError) return formatStatusError(error.status);
  if (error instanceof NoResourceTypeError) return `error: ${error.message}`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Flags every command takes (kubectl's ConfigFlags), of which the namespace matters here. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string' },
  { name: 'as', kind: 'string' },
  { name: 'as-group', kind: 'stringArray' },
  { name: 'as-uid', kind: 'string' },
  { name: 'request-timeout', kind: 'string' },
  { name: 'v', short: 'v', kind: 'string' },
  { name: 'context', kind: 'string' },
  { name: 'cluster', kind: 'string' },
  { name: 'user', kind: 'string' },
  { name: 'kubeconfig', kind: 'string' },
  { name: 'warnings-as-errors', kind: 'bool' },
];

export const FILENAME_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', kind: 'stringSlice' },
  { name: 'recursive', short: 'R', kind: 'bool' },
  { name: 'kustomize', short: 'k', kind: 'string' },
];

export const SELECTOR_FLAG: FlagSpec = { name: 'selector', short: 'l', kind: 'string' };
export const OUTPUT_FLAG: FlagSpec = { name: 'output', short: 'o', kind: 'string' };
export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', kind: 'string', noValue: 'unchanged' };
