import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { StoreState } from '../client/store-state.ts';
import {
  crc32c,
  decodeSnapshot,
  encodeSnapshot,
  humanizeBytes,
  MAX_SNAPSHOT_BYTES,
  SNAPSHOT_HEADER_BYTES,
  SnapshotError,
  snapshotStatus,
} from './snapshot-file.ts';

const STATE: StoreState = {
  revision: 4,
  compactRevision: 0,
  base: [],
  historyStart: 2,
  history: [
    [
      {
        key: '/registry/pods/default/a',
        value: '{"kind":"Pod"}',
        create_revision: 2,
        mod_revision: 2,
        version: 1,
      },
    ],
    [
      {
        key: '/registry/pods/default/b',
        value: 'xyz',
        create_revision: 3,
        mod_revision: 3,
        version: 1,
      },
    ],
    [
      {
        key: '/registry/events/default/e',
        value: '{}',
        create_revision: 4,
        mod_revision: 4,
        version: 1,
        lease: 1,
      },
    ],
  ],
  historyTimes: [null, Date.UTC(2025, 0, 1, 0, 4), Date.UTC(2025, 0, 1, 0, 5)],
  leases: [{ id: 1, ttl: 3600, remainingMs: 3_000_000 }],
  nextLeaseId: 3,
  revokedLeases: [{ id: 2, ttl: 60, revision: 4 }],
  time: Date.UTC(2025, 0, 1, 0, 5),
};

/** What version 1 of the format held: no revision times, no revoked leases. */
const { historyTimes: _times, revokedLeases: _revoked, ...VERSION_1_STATE } = STATE;

async function rejection(file: Uint8Array): Promise<string> {
  try {
    await decodeSnapshot(file);
  } catch (error) {
    if (error instanceof SnapshotError) return error.message;
    throw error;
  }
  throw new Error('the file was accepted');
}

/** A file whose header is right for `body`, as a tool other than ours might write one. */
function fileWithBody(json: string, version = 1): Uint8Array {
  const state = strToU8(json);
  const body = deflateSync(state);
  const file = new Uint8Array(SNAPSHOT_HEADER_BYTES + body.length);
  file.set(strToU8('K8SPSNAP'));
  const view = new DataView(file.buffer);
  view.setUint32(8, version, true);
  view.setUint32(12, body.length, true);
  view.setUint32(16, state.length, true);
  view.setUint32(20, crc32c(body), true);
  file.set(body, SNAPSHOT_HEADER_BYTES);
  return file;
}

describe('the snapshot file', () => {
  it('gives back the state it was written from', async () => {
    expect(await decodeSnapshot(await encodeSnapshot(STATE))).toEqual(STATE);
  });

  it('reads a version 1 file, which has no revision times and no revoked leases', async () => {
    expect(await decodeSnapshot(fileWithBody(JSON.stringify(VERSION_1_STATE), 1))).toEqual(
      VERSION_1_STATE,
    );
  });

  it('writes version 2', async () => {
    expect(new DataView((await encodeSnapshot(STATE)).buffer).getUint32(8, true)).toBe(2);
  });

  it('reports the hash, revision, entries and size etcdctl snapshot status shows', async () => {
    const file = await encodeSnapshot(STATE);
    expect(await snapshotStatus(file)).toEqual({
      hash: new DataView(file.buffer).getUint32(20, true),
      revision: 4,
      totalKey: 4,
      totalSize: file.length,
    });
  });

  it('computes CRC-32C as Castagnoli defines it', () => {
    expect(crc32c(strToU8('123456789')).toString(16)).toBe('e3069283');
  });

  it.each([
    [
      'an empty file',
      () => new Uint8Array(),
      'not a snapshot file: it does not start with K8SPSNAP',
    ],
    [
      'another kind of file',
      () => strToU8('{"apiVersion":"v1","kind":"Pod"}'),
      'not a snapshot file: it does not start with K8SPSNAP',
    ],
    [
      'a cut header',
      async () => (await encodeSnapshot(STATE)).subarray(0, 12),
      'snapshot file is truncated: its header needs 24 bytes, the file has 12',
    ],
    [
      'a cut body',
      async () => {
        const file = await encodeSnapshot(STATE);
        return file.subarray(0, file.length - 10);
      },
      (file: Uint8Array) =>
        `snapshot file is truncated: it should have ${String(file.length + 10)} bytes, it has ${String(file.length)}`,
    ],
    [
      'a flipped byte',
      async () => {
        const file = await encodeSnapshot(STATE);
        file[SNAPSHOT_HEADER_BYTES + 5] = (file[SNAPSHOT_HEADER_BYTES + 5] ?? 0) ^ 0x40;
        return file;
      },
      /^snapshot file is corrupted: checksum mismatch \(expected [0-9a-f]{8}, computed [0-9a-f]{8}\)$/,
    ],
    [
      'bytes after the end',
      async () => new Uint8Array([...(await encodeSnapshot(STATE)), 0, 0]),
      'snapshot file is corrupted: 2 bytes follow its end',
    ],
    [
      'another format version',
      () => fileWithBody(JSON.stringify(STATE), 3),
      'snapshot file format version 3 is not supported (this playground reads versions 1 to 2)',
    ],
    [
      'revision times that do not match the history',
      () => fileWithBody(JSON.stringify({ ...STATE, historyTimes: [1, 2] }), 2),
      'snapshot file is corrupted: its body is not a store state (historyTimes)',
    ],
    [
      'a revoked lease without its revision',
      () => fileWithBody(JSON.stringify({ ...STATE, revokedLeases: [{ id: 2, ttl: 60 }] }), 2),
      'snapshot file is corrupted: its body is not a store state (revokedLeases)',
    ],
    [
      'a body that is not a store state',
      () => fileWithBody('{"revision":"4","history":[]}'),
      'snapshot file is corrupted: its body is not a store state (revision, compactRevision, base, historyStart, leases, nextLeaseId, time)',
    ],
    [
      'a body that is not JSON',
      () => fileWithBody('revision: 4'),
      'snapshot file is corrupted: its body is not JSON',
    ],
    [
      'a file above the size limit',
      () => new Uint8Array(MAX_SNAPSHOT_BYTES + 1),
      'snapshot file is too large: 67 MB (the limit is 67 MB)',
    ],
  ])(
    'refuses %s',
    async (
      _name,
      make: () => Promise<Uint8Array> | Uint8Array,
      expected: string | RegExp | ((file: Uint8Array) => string),
    ) => {
      const file = await make();
      const message = await rejection(file);
      if (expected instanceof RegExp) expect(message).toMatch(expected);
      else expect(message).toBe(typeof expected === 'function' ? expected(file) : expected);
    },
  );

  it('refuses a header that claims a shorter state than its body inflates to', async () => {
    const file = await encodeSnapshot(STATE);
    const view = new DataView(file.buffer);
    view.setUint32(16, view.getUint32(16, true) - 1, true);
    expect(await rejection(file)).toBe(
      'snapshot file is corrupted: its body inflates to the wrong length',
    );
  });

  it('refuses a body that is not deflate data, whatever its checksum', async () => {
    const body = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    const file = new Uint8Array(SNAPSHOT_HEADER_BYTES + body.length);
    file.set(strToU8('K8SPSNAP'));
    const view = new DataView(file.buffer);
    view.setUint32(8, 2, true);
    view.setUint32(12, body.length, true);
    view.setUint32(16, 100, true);
    view.setUint32(20, crc32c(body), true);
    file.set(body, SNAPSHOT_HEADER_BYTES);
    expect(await rejection(file)).toBe('snapshot file is corrupted: its body does not inflate');
  });

  it('refuses a header that claims a longer state than its body inflates to', async () => {
    const file = await encodeSnapshot(STATE);
    const view = new DataView(file.buffer);
    view.setUint32(16, view.getUint32(16, true) + 1, true);
    expect(await rejection(file)).toBe(
      'snapshot file is corrupted: its body inflates to the wrong length',
    );
  });

  it.each([
    [0, '0 B'],
    [9, '9 B'],
    [20_480, '20 kB'],
    [24_576, '25 kB'],
    [2_100_000, '2.1 MB'],
    [999_999, '1000 kB'],
    [67_108_864, '67 MB'],
  ])('prints %i bytes as go-humanize does: %s', (size, text) => {
    expect(humanizeBytes(size)).toBe(text);
  });
});
