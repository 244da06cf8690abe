import { describe, expect, it } from 'vitest';
import { MvccStore } from '../etcd/mvcc-store.ts';
import { renderTable } from './etcdctl.ts';
import { encodeSnapshot, humanizeBytes } from './snapshot-file.ts';
import { etcdctl, localEtcdctl } from './testing.ts';

/** The store of etcd's own README examples: three keys, one overwritten, one deleted. */
function store(): MvccStore {
  const store = new MvccStore();
  store.put({ key: '/registry/pods/default/a', value: '{"kind":"Pod"}' });
  store.put({ key: '/registry/pods/default/b', value: 'xyz' });
  store.put({ key: 'foo', value: 'bar' });
  store.put({ key: '/registry/pods/default/b', value: 'b2' });
  store.deleteRange({ key: 'foo' });
  return store;
}

describe('etcdctl get', () => {
  it.each([
    [
      ['get', '/registry', '--prefix'],
      '/registry/pods/default/a\n{"kind":"Pod"}\n/registry/pods/default/b\nb2\n',
    ],
    [
      ['get', '/registry', '--prefix', '--keys-only'],
      '/registry/pods/default/a\n\n/registry/pods/default/b\n\n',
    ],
    [['get', '--prefix', '/registry', '--limit=1'], '/registry/pods/default/a\n{"kind":"Pod"}\n'],
    [['get', '/registry/pods/default/b', '--rev', '3'], '/registry/pods/default/b\nxyz\n'],
    [['get', 'foo', '--rev=4'], 'foo\nbar\n'],
    [['get', 'foo'], ''],
    [['get', '/registry/pods/default/b', '--print-value-only'], 'b2\n'],
    [
      ['get', '', '--from-key', '--keys-only'],
      '/registry/pods/default/a\n\n/registry/pods/default/b\n\n',
    ],
    [
      ['get', '/registry/pods/default/a', '/registry/pods/default/c', '-w', 'json'],
      '{"header":{"revision":6},"kvs":[{"key":"L3JlZ2lzdHJ5L3BvZHMvZGVmYXVsdC9h","create_revision":2,"mod_revision":2,"version":1,"value":"eyJraW5kIjoiUG9kIn0="},{"key":"L3JlZ2lzdHJ5L3BvZHMvZGVmYXVsdC9i","create_revision":3,"mod_revision":5,"version":2,"value":"YjI="}],"count":2}\n',
    ],
    [
      [
        '--endpoints=https://127.0.0.1:2379',
        '--cacert',
        'ca.crt',
        'get',
        'foo',
        '--rev',
        '4',
        '-w',
        'json',
        '--keys-only',
      ],
      '{"header":{"revision":6},"kvs":[{"key":"Zm9v","create_revision":4,"mod_revision":4,"version":1}],"count":1}\n',
    ],
  ])('etcdctl %j', async (args, stdout) => {
    expect(await etcdctl(localEtcdctl(store()), ...args)).toEqual({ stdout, stderr: '', code: 0 });
  });

  it.each([
    [
      ['get'],
      'Error: get command needs one argument as key and an optional argument as range_end\n',
      128,
    ],
    [
      ['get', 'a', 'b', '--prefix'],
      'Error: too many arguments, only accept one argument when `--prefix` or `--from-key` is set\n',
      128,
    ],
    [
      ['get', 'a', '--prefix', '--from-key'],
      'Error: `--prefix` and `--from-key` cannot be set at the same time, choose one\n',
      128,
    ],
    [
      ['get', 'foo', '--rev', '9'],
      'Error: etcdserver: mvcc: required revision is a future revision\n',
      1,
    ],
    [
      ['get', 'foo', '--limit', 'x'],
      'Error: invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax\n',
      1,
    ],
    [['get', 'foo', '--count-only'], 'Error: unknown flag: --count-only\n', 1],
    [['get', 'foo', '-w', 'yaml'], 'Error: unsupported output format\n', 4],
    [
      ['get', 'foo', '-w', 'json', '--print-value-only'],
      'Error: print-value-only is only for `--write-out=simple`\n',
      128,
    ],
    [
      ['put', 'foo', 'bar'],
      'Error: unknown command "put" for "etcdctl"\nRun \'etcdctl --help\' for usage.\n',
      1,
    ],
  ])('etcdctl %j fails', async (args, stderr, code) => {
    expect(await etcdctl(localEtcdctl(store()), ...args)).toEqual({ stdout: '', stderr, code });
  });

  it('reads nothing below the compact revision', async () => {
    const compacted = store();
    compacted.compact(5);
    expect(await etcdctl(localEtcdctl(compacted), 'get', 'foo', '--rev', '4')).toEqual({
      stdout: '',
      stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n',
      code: 1,
    });
  });
});

describe('etcdctl snapshot', () => {
  it('saves a file that status reads and restore boots from', async () => {
    const backend = localEtcdctl(store(), Date.UTC(2025, 0, 1));
    expect(await etcdctl(backend, 'snapshot', 'save', 'backup.db')).toEqual({
      stdout: 'Snapshot saved at backup.db\n',
      stderr: '',
      code: 0,
    });
    const file = backend.files.get('backup.db') ?? new Uint8Array();
    const hash = new DataView(file.buffer).getUint32(20, true);
    const status = await etcdctl(backend, 'snapshot', 'status', 'backup.db', '-w', 'json');
    expect(JSON.parse(status.stdout)).toEqual({
      hash,
      revision: 6,
      totalKey: 5,
      totalSize: file.length,
    });
    expect((await etcdctl(backend, 'snapshot', 'status', 'backup.db')).stdout).toBe(
      `${hash.toString(16)}, 6, 5, ${humanizeBytes(file.length)}\n`,
    );
    expect(
      await etcdctl(
        backend,
        'snapshot',
        'restore',
        'backup.db',
        '--data-dir',
        '/var/lib/etcd-from-backup',
      ),
    ).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(backend.restored).toEqual([await backend.snapshot()]);
  });

  it('draws the status table as etcdctl 3.4 does', () => {
    expect(
      renderTable(
        ['hash', 'revision', 'total keys', 'total size'],
        [['cf1550fb', '3', '3', '25 kB']],
      ),
    ).toBe(
      [
        '+----------+----------+------------+------------+',
        '|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |',
        '+----------+----------+------------+------------+',
        '| cf1550fb |        3 |          3 |      25 kB |',
        '+----------+----------+------------+------------+',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [
      ['snapshot', 'status', 'missing.db'],
      'Error: stat missing.db: no such file or directory\n',
      1,
    ],
    [
      ['snapshot', 'restore', 'missing.db'],
      'Error: open missing.db: no such file or directory\n',
      1,
    ],
    [
      ['snapshot', 'status', 'cut.db'],
      'Error: snapshot file is truncated: it should have 64 bytes, it has 40\n',
      1,
    ],
    [
      ['snapshot', 'restore', 'cut.db'],
      'Error: snapshot file is truncated: it should have 64 bytes, it has 40\n',
      1,
    ],
    [['snapshot', 'save'], 'Error: snapshot save expects one argument\n', 128],
    [['snapshot', 'status'], 'Error: snapshot status requires exactly one argument\n', 128],
    [
      ['snapshot', 'restore', 'a.db', 'b.db'],
      'Error: snapshot restore requires exactly one argument\n',
      128,
    ],
  ])('etcdctl %j fails and restores nothing', async (args, stderr, code) => {
    const backend = localEtcdctl(store());
    const file = await encodeSnapshot({ ...(await backend.snapshot()), base: [], history: [] });
    const cut = new Uint8Array(40);
    cut.set(file.subarray(0, 24));
    new DataView(cut.buffer).setUint32(12, 40, true);
    backend.files.set('cut.db', cut);
    expect(await etcdctl(backend, ...args)).toEqual({ stdout: '', stderr, code });
    expect(backend.restored).toEqual([]);
  });
});
