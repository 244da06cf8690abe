// etcdctl 3.4 (etcdctl/ctlv3/command: get_command.go, snapshot_command.go, the simple, json,
// table and fields printers, error.go's exit codes) for the playground: `get` and `snapshot
// save|status|restore`, `version`. The connection and TLS flags of a real cluster's commands are
// accepted and ignored: the backend reaches the store through the API server as the caller.

import { strToU8 } from 'fflate';
import type { KeyValue, RangeRequest, RangeResponse } from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import { prefixEnd } from '../etcd/mvcc-store.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  humanizeBytes,
  SnapshotError,
  snapshotStatus,
  type SnapshotStatus,
} from './snapshot-file.ts';

export const ETCDCTL_VERSION = '3.4.23';

/** error.go: ExitError, ExitBadFeature, ExitBadArgs. */
const EXIT_ERROR = 1;
const EXIT_BAD_FEATURE = 4;
const EXIT_BAD_ARGS = 128;

export interface EtcdctlIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** An etcd error as etcdctl prints it after `Error: ` (e.g. a compacted revision). */
export class EtcdctlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EtcdctlError';
  }
}

/** What etcdctl reaches: the store, and the files it saves and reads. */
export interface EtcdctlBackend {
  range(request: RangeRequest): Promise<RangeResponse>;
  snapshot(): Promise<StoreState>;
  writeFile(name: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or undefined when there is no such file. */
  readFile(name: string): Promise<Uint8Array | undefined>;
  /** Replaces the running cluster with one booted from `state`. */
  restore(state: StoreState): Promise<void>;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const BOOLEAN_FLAGS = new Set([
  'prefix',
  'from-key',
  'keys-only',
  'print-value-only',
  'hex',
  'insecure-skip-tls-verify',
  'insecure-transport',
  'insecure-discovery',
  'skip-hash-check',
  'debug',
]);
const VALUE_FLAGS = new Set([
  'write-out',
  'limit',
  'rev',
  'endpoints',
  'cacert',
  'cert',
  'key',
  'user',
  'password',
  'dial-timeout',
  'command-timeout',
  'keepalive-time',
  'keepalive-timeout',
  'consistency',
  'data-dir',
  'name',
  'initial-cluster',
  'initial-cluster-token',
  'initial-advertise-peer-urls',
  'wal-dir',
]);
const SHORTHANDS: Record<string, string> = { w: 'write-out' };
const OUTPUTS = new Set(['simple', 'json', 'table', 'fields', 'protobuf']);

interface Parsed {
  words: string[];
  flags: Map<string, string>;
}

/** pflag's parsing: flags anywhere, `--name=value` or `--name value`, `-w json`, `--` ends them. */
function parse(args: readonly string[]): Parsed {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const body = arg.slice(long ? 2 : 1);
    const equals = body.indexOf('=');
    const given = equals < 0 ? body : body.slice(0, equals);
    const name = long ? given : SHORTHANDS[given];
    if (name === undefined || (!BOOLEAN_FLAGS.has(name) && !VALUE_FLAGS.has(name))) {
      throw new UsageError(
        long ? `unknown flag: --${given}` : `unknown shorthand flag: '${given}' in ${arg}`,
        EXIT_ERROR,
      );
    }
    if (equals >= 0) {
      flags.set(name, body.slice(equals + 1));
    } else if (BOOLEAN_FLAGS.has(name)) {
      flags.set(name, 'true');
    } else {
      const value = args[i + 1];
      if (value === undefined) {
        throw new UsageError(`flag needs an argument: ${arg}`, EXIT_ERROR);
      }
      flags.set(name, value);
      i++;
    }
  }
  return { words, flags };
}

function flag(parsed: Parsed, name: string): boolean {
  return parsed.flags.get(name) === 'true';
}

function integerFlag(parsed: Parsed, name: string): number {
  const text = parsed.flags.get(name) ?? '0';
  if (!/^-?\d+$/.test(text)) {
    throw new UsageError(
      `invalid argument "${text}" for "--${name}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`,
      EXIT_ERROR,
    );
  }
  return Number(text);
}

function output(parsed: Parsed): string {
  const format = parsed.flags.get('write-out') ?? 'simple';
  if (!OUTPUTS.has(format) || format === 'protobuf') {
    throw new UsageError('unsupported output format', EXIT_BAD_FEATURE);
  }
  return format;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of strToU8(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A KeyValue as etcd's protobuf JSON: bytes in base64, zero fields left out. */
function kvJson(kv: KeyValue): Record<string, unknown> {
  const json: Record<string, unknown> = {
    key: base64(kv.key),
    create_revision: kv.create_revision,
    mod_revision: kv.mod_revision,
    version: kv.version,
  };
  if (kv.value !== '') json.value = base64(kv.value);
  if (kv.lease) json.lease = kv.lease;
  return json;
}

/** get_command.go's getGetOp: the key, and the range its flags make of it. */
function rangeOf(parsed: Parsed): RangeRequest {
  const [key, end, ...rest] = parsed.words;
  if (key === undefined) {
    throw new UsageError(
      'get command needs one argument as key and an optional argument as range_end',
      EXIT_BAD_ARGS,
    );
  }
  const prefix = flag(parsed, 'prefix');
  const fromKey = flag(parsed, 'from-key');
  if (prefix && fromKey) {
    throw new UsageError(
      '`--prefix` and `--from-key` cannot be set at the same time, choose one',
      EXIT_BAD_ARGS,
    );
  }
  if ((end !== undefined || rest.length > 0) && (prefix || fromKey)) {
    throw new UsageError(
      'too many arguments, only accept one argument when `--prefix` or `--from-key` is set',
      EXIT_BAD_ARGS,
    );
  }
  const request: RangeRequest = { key };
  // clientv3.WithPrefix and WithFromKey: an empty key means every key.
  if (prefix) {
    if (key === '') Object.assign(request, { key: '\0', range_end: '\0' });
    else request.range_end = prefixEnd(key);
  } else if (fromKey) {
    if (key === '') request.key = '\0';
    request.range_end = '\0';
  } else if (end !== undefined) {
    request.range_end = end;
  }
  const limit = integerFlag(parsed, 'limit');
  const revision = integerFlag(parsed, 'rev');
  if (limit > 0) request.limit = limit;
  if (revision > 0) request.revision = revision;
  if (flag(parsed, 'keys-only')) request.keys_only = true;
  return request;
}

async function get(parsed: Parsed, io: EtcdctlIO, backend: EtcdctlBackend): Promise<void> {
  const format = output(parsed);
  const request = rangeOf(parsed);
  const response = await backend.range(request);
  const valueOnly = flag(parsed, 'print-value-only');
  if (valueOnly && format !== 'simple') {
    throw new UsageError('print-value-only is only for `--write-out=simple`', EXIT_BAD_ARGS);
  }
  if (format === 'json') {
    const json: Record<string, unknown> = { header: { revision: response.header.revision } };
    if (response.kvs.length > 0) json.kvs = response.kvs.map(kvJson);
    if (response.more) json.more = true;
    if (response.count) json.count = response.count;
    io.stdout(`${JSON.stringify(json)}\n`);
    return;
  }
  if (format === 'fields') {
    io.stdout(`"Revision" : ${String(response.header.revision)}\n`);
    for (const kv of response.kvs) {
      io.stdout(
        [
          `"Key" : ${JSON.stringify(kv.key)}`,
          `"CreateRevision" : ${String(kv.create_revision)}`,
          `"ModRevision" : ${String(kv.mod_revision)}`,
          `"Version" : ${String(kv.version)}`,
          `"Value" : ${JSON.stringify(kv.value)}`,
          `"Lease" : ${String(kv.lease ?? 0)}`,
        ].join('\n') + '\n',
      );
    }
    io.stdout(`"More" : ${String(response.more)}\n"Count" : ${String(response.count)}\n`);
    return;
  }
  for (const kv of response.kvs)
    io.stdout(valueOnly ? `${kv.value}\n` : `${kv.key}\n${kv.value}\n`);
}

/** tablewriter as etcdctl 3.4 draws it: upper-case centred headers, right-aligned cells. */
export function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const titles = header.map((title) => title.toUpperCase());
  const widths = titles.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+\n`;
  const centred = titles.map((title, column) => {
    const space = (widths[column] ?? 0) - title.length;
    const left = Math.floor(space / 2);
    return `${' '.repeat(left)}${title}${' '.repeat(space - left)}`;
  });
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
  const body = rows.map((row) =>
    line(row.map((cell, column) => cell.padStart(widths[column] ?? 0))),
  );
  return rule + line(centred) + rule + body.join('') + rule;
}

function printStatus(status: SnapshotStatus, format: string, io: EtcdctlIO): void {
  const row = [
    status.hash.toString(16),
    String(status.revision),
    String(status.totalKey),
    humanizeBytes(status.totalSize),
  ];
  switch (format) {
    case 'json':
      io.stdout(`${JSON.stringify(status)}\n`);
      return;
    case 'table':
      io.stdout(renderTable(['hash', 'revision', 'total keys', 'total size'], [row]));
      return;
    case 'fields':
      io.stdout(
        `"Hash" : ${String(status.hash)}\n"Revision" : ${String(status.revision)}\n` +
          `"Keys" : ${String(status.totalKey)}\n"Size" : ${String(status.totalSize)}\n`,
      );
      return;
    default:
      io.stdout(`${row.join(', ')}\n`);
  }
}

async function readSnapshot(
  backend: EtcdctlBackend,
  name: string,
  verb: 'stat' | 'open',
): Promise<Uint8Array> {
  const bytes = await backend.readFile(name);
  if (!bytes) throw new EtcdctlError(`${verb} ${name}: no such file or directory`);
  return bytes;
}

async function snapshot(parsed: Parsed, io: EtcdctlIO, backend: EtcdctlBackend): Promise<void> {
  const [action, ...files] = parsed.words.slice(1);
  const file = files.length === 1 ? files[0] : undefined;
  switch (action) {
    case 'save': {
      if (file === undefined) {
        throw new UsageError('snapshot save expects one argument', EXIT_BAD_ARGS);
      }
      const bytes = await encodeSnapshot(await backend.snapshot());
      await backend.writeFile(file, bytes);
      io.stdout(`Snapshot saved at ${file}\n`);
      return;
    }
    case 'status': {
      const format = output(parsed);
      if (file === undefined) {
        throw new UsageError('snapshot status requires exactly one argument', EXIT_BAD_ARGS);
      }
      printStatus(await snapshotStatus(await readSnapshot(backend, file, 'stat')), format, io);
      return;
    }
    case 'restore': {
      if (file === undefined) {
        throw new UsageError('snapshot restore requires exactly one argument', EXIT_BAD_ARGS);
      }
      await backend.restore(await decodeSnapshot(await readSnapshot(backend, file, 'open')));
      return;
    }
    default:
      io.stdout(SNAPSHOT_HELP);
  }
}

const SNAPSHOT_HELP = `NAME:
\tsnapshot - Manages etcd node snapshots

USAGE:
\tetcdctl snapshot <subcommand> [flags]

API VERSION:
\t3.4


COMMANDS:
\trestore\tRestores an etcd member snapshot to an etcd directory
\tsave\tStores an etcd node backend snapshot to a given file
\tstatus\tGets backend snapshot status of a given file

`;

const HELP = `NAME:
\tetcdctl - A simple command line client for etcd3.

USAGE:
\tetcdctl [flags]

VERSION:
\t${ETCDCTL_VERSION}

API VERSION:
\t3.4


COMMANDS:
\tget\t\t\tGets the key or a range of keys
\tsnapshot restore\tRestores an etcd member snapshot to an etcd directory
\tsnapshot save\t\tStores an etcd node backend snapshot to a given file
\tsnapshot status\t\tGets backend snapshot status of a given file
\tversion\t\t\tPrints the version of etcdctl

The playground's etcdctl reaches the cluster's etcd through the API server, as cluster-admin.
`;

/** Runs `etcdctl <args>`; resolves to its exit code. */
export async function runEtcdctl(
  args: readonly string[],
  io: EtcdctlIO,
  backend: EtcdctlBackend,
): Promise<number> {
  try {
    const parsed = parse(args);
    const [command] = parsed.words;
    switch (command) {
      case 'get':
        await get({ ...parsed, words: parsed.words.slice(1) }, io, backend);
        return 0;
      case 'snapshot':
        await snapshot(parsed, io, backend);
        return 0;
      case 'version':
        io.stdout(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: 3.4\n`);
        return 0;
      case undefined:
      case 'help':
        io.stdout(HELP);
        return 0;
      default:
        throw new UsageError(
          `unknown command "${command}" for "etcdctl"\nRun 'etcdctl --help' for usage.`,
          EXIT_ERROR,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`Error: ${error.message}\n`);
      return error.code;
    }
    if (error instanceof EtcdctlError || error instanceof SnapshotError) {
      io.stderr(`Error: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}
