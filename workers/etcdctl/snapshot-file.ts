// The playground's snapshot file: what `etcdctl snapshot save` writes and `snapshot restore` and
// `snapshot status` read (etcdctl/ctlv3/command/snapshot_command.go, clientv3/snapshot in etcd
// 3.4). Not etcd's bbolt file: a fixed header, then the store state (workers/client/store-state.ts)
// as JSON, raw-deflated by the platform's native CompressionStream; the header's CRC-32C of the
// body is etcdctl's HASH. Version 2 added the revisions' times and the revoked leases; version 1
// files, without them, still load.

import { LimitedBytes } from '../api/limited-bytes.ts';
import type { KeyValue } from '../client/protocol.ts';
import {
  storedKeyCount,
  type RevokedLease,
  type StoreState,
  type StoredLease,
} from '../client/store-state.ts';

export const SNAPSHOT_MAGIC = 'K8SPSNAP';
export const SNAPSHOT_FORMAT_VERSION = 2;
/** The oldest format this code reads. */
export const OLDEST_SNAPSHOT_FORMAT_VERSION = 1;
/** magic, format version, body length, state length, CRC-32C of the body. */
export const SNAPSHOT_HEADER_BYTES = 24;
/** The largest file read or written: a few thousand pods with their history fit well below it. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;
/** The largest state a file may inflate to, so a small hostile file cannot exhaust memory. */
export const MAX_STATE_BYTES = 512 * 1024 * 1024;

/** A file that cannot be restored: its message says why, for the user. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** `snapshot status`'s figures, under etcd's snapshot.Status JSON names. */
export interface SnapshotStatus {
  hash: number;
  revision: number;
  /** Every stored key version and every lease: an entry each, as etcd counts its buckets' keys. */
  totalKey: number;
  /** The file's size in bytes. */
  totalSize: number;
}

const CRC32C_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum etcd's snapshot status hashes with. */
export function crc32c(bytes: Uint8Array): number {
  const table = CRC32C_TABLE;
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const WRONG_LENGTH = 'snapshot file is corrupted: its body inflates to the wrong length';

/**
 * `bytes` through a native (de)compression stream, in one write: zlib's deflate runs several times
 * faster than a JavaScript one. Stops once the output passes `limit` bytes.
 */
async function transform(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Infinity,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // A failure shows on the reading side too; this side's rejection would go unheard.
  writer
    .write(new Uint8Array(bytes))
    .then(() => writer.close())
    .catch(() => undefined);
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  const output = new LimitedBytes(limit);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return output.bytes();
    if (!output.add(value)) {
      await reader.cancel();
      throw new SnapshotError(WRONG_LENGTH);
    }
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

export async function encodeSnapshot(state: StoreState): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  if (json.length > MAX_STATE_BYTES) throw tooLarge(json.length, MAX_STATE_BYTES);
  const body = await transform(json, new CompressionStream('deflate-raw'));
  const file = new Uint8Array(SNAPSHOT_HEADER_BYTES + body.length);
  if (file.length > MAX_SNAPSHOT_BYTES) throw tooLarge(file.length, MAX_SNAPSHOT_BYTES);
  file.set(new TextEncoder().encode(SNAPSHOT_MAGIC), 0);
  const view = new DataView(file.buffer);
  view.setUint32(8, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint32(12, body.length, true);
  view.setUint32(16, json.length, true);
  view.setUint32(20, crc32c(body), true);
  file.set(body, SNAPSHOT_HEADER_BYTES);
  return file;
}

interface Header {
  bodyLength: number;
  stateLength: number;
  checksum: number;
}

/** Checks everything a file's bytes can get wrong, before anything is inflated. */
function readHeader(file: Uint8Array): Header {
  if (file.length > MAX_SNAPSHOT_BYTES) throw tooLarge(file.length, MAX_SNAPSHOT_BYTES);
  const magic = String.fromCharCode(...file.subarray(0, SNAPSHOT_MAGIC.length));
  if (magic !== SNAPSHOT_MAGIC) {
    throw new SnapshotError(`not a snapshot file: it does not start with ${SNAPSHOT_MAGIC}`);
  }
  if (file.length < SNAPSHOT_HEADER_BYTES) {
    throw new SnapshotError(
      `snapshot file is truncated: its header needs ${String(SNAPSHOT_HEADER_BYTES)} bytes, the file has ${String(file.length)}`,
    );
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8, true);
  if (version < OLDEST_SNAPSHOT_FORMAT_VERSION || version > SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(
      `snapshot file format version ${String(version)} is not supported (this playground reads versions ${String(OLDEST_SNAPSHOT_FORMAT_VERSION)} to ${String(SNAPSHOT_FORMAT_VERSION)})`,
    );
  }
  const header = {
    bodyLength: view.getUint32(12, true),
    stateLength: view.getUint32(16, true),
    checksum: view.getUint32(20, true),
  };
  const expected = SNAPSHOT_HEADER_BYTES + header.bodyLength;
  if (file.length < expected) {
    throw new SnapshotError(
      `snapshot file is truncated: it should have ${String(expected)} bytes, it has ${String(file.length)}`,
    );
  }
  if (file.length > expected) {
    throw new SnapshotError(
      `snapshot file is corrupted: ${String(file.length - expected)} bytes follow its end`,
    );
  }
  if (header.stateLength > MAX_STATE_BYTES) throw tooLarge(header.stateLength, MAX_STATE_BYTES);
  const computed = crc32c(file.subarray(SNAPSHOT_HEADER_BYTES));
  if (computed !== header.checksum) {
    throw new SnapshotError(
      `snapshot file is corrupted: checksum mismatch (expected ${hex(header.checksum)}, computed ${hex(computed)})`,
    );
  }
  return header;
}

export async function decodeSnapshot(file: Uint8Array): Promise<StoreState> {
  return (await readSnapshotFile(file)).state;
}

/** The file's header, checked, and its state; nothing inflates past the length the header gives. */
async function readSnapshotFile(file: Uint8Array): Promise<{ header: Header; state: StoreState }> {
  const header = readHeader(file);
  let json: Uint8Array;
  try {
    json = await transform(
      file.subarray(SNAPSHOT_HEADER_BYTES),
      new DecompressionStream('deflate-raw'),
      header.stateLength,
    );
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError('snapshot file is corrupted: its body does not inflate');
  }
  if (json.length !== header.stateLength) throw new SnapshotError(WRONG_LENGTH);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new SnapshotError('snapshot file is corrupted: its body is not JSON');
  }
  return { header, state: checkState(value) };
}

/** `etcdctl snapshot status`: the file checked whole, then counted. */
export async function snapshotStatus(file: Uint8Array): Promise<SnapshotStatus> {
  const { header, state } = await readSnapshotFile(file);
  return {
    hash: header.checksum,
    revision: state.revision,
    totalKey: storedKeyCount(state) + state.leases.length,
    totalSize: file.length,
  };
}

function tooLarge(size: number, limit: number): SnapshotError {
  return new SnapshotError(
    `snapshot file is too large: ${humanizeBytes(size)} (the limit is ${humanizeBytes(limit)})`,
  );
}

/** go-humanize's Bytes, as etcdctl prints sizes: SI units, one decimal below 10. */
export function humanizeBytes(size: number): string {
  if (size < 10) return `${String(size)} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const exponent = Math.floor(Math.log(size) / Math.log(1000));
  const value = Math.floor((size / 1000 ** exponent) * 10 + 0.5) / 10;
  const unit = units[exponent] ?? '';
  return value < 10 ? `${value.toFixed(1)} ${unit}` : `${String(roundHalfEven(value))} ${unit}`;
}

/** Go's %.0f: a half goes to the even neighbour (20.5 prints 20). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isKeyValue(value: unknown): value is KeyValue {
  if (typeof value !== 'object' || value === null) return false;
  const kv = value as Partial<Record<keyof KeyValue, unknown>>;
  return (
    typeof kv.key === 'string' &&
    typeof kv.value === 'string' &&
    isCount(kv.create_revision) &&
    isCount(kv.mod_revision) &&
    isCount(kv.version) &&
    (kv.lease === undefined || isCount(kv.lease))
  );
}

function isLease(value: unknown): value is StoredLease {
  if (typeof value !== 'object' || value === null) return false;
  const lease = value as Partial<Record<keyof StoredLease, unknown>>;
  return isCount(lease.id) && isCount(lease.ttl) && isCount(lease.remainingMs);
}

function isRevokedLease(value: unknown): value is RevokedLease {
  if (typeof value !== 'object' || value === null) return false;
  const lease = value as Partial<Record<keyof RevokedLease, unknown>>;
  return isCount(lease.id) && isCount(lease.ttl) && isCount(lease.revision);
}

/** Absent (a version 1 file), or one time or null for each revision of the history. */
function isHistoryTimes(value: unknown, history: unknown): boolean {
  if (value === undefined) return true;
  return (
    Array.isArray(value) &&
    Array.isArray(history) &&
    value.length === history.length &&
    value.every((time) => time === null || isCount(time))
  );
}

/** A body that passed its checksum but is not a store state: a file written by something else. */
function checkState(value: unknown): StoreState {
  const state = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<keyof StoreState, unknown>
  >;
  const problems: [keyof StoreState, boolean][] = [
    ['revision', isCount(state.revision) && state.revision >= 1],
    ['compactRevision', isCount(state.compactRevision)],
    ['base', Array.isArray(state.base) && state.base.every(isKeyValue)],
    ['historyStart', isCount(state.historyStart)],
    [
      'history',
      Array.isArray(state.history) &&
        state.history.every((changes) => Array.isArray(changes) && changes.every(isKeyValue)),
    ],
    ['historyTimes', isHistoryTimes(state.historyTimes, state.history)],
    ['leases', Array.isArray(state.leases) && state.leases.every(isLease)],
    [
      'revokedLeases',
      state.revokedLeases === undefined ||
        (Array.isArray(state.revokedLeases) && state.revokedLeases.every(isRevokedLease)),
    ],
    ['nextLeaseId', isCount(state.nextLeaseId)],
    ['time', isCount(state.time)],
  ];
  const wrong = problems.filter(([, ok]) => !ok).map(([field]) => field);
  if (wrong.length > 0) {
    throw new SnapshotError(
      `snapshot file is corrupted: its body is not a store state (${wrong.join(', ')})`,
    );
  }
  return state as StoreState;
}
