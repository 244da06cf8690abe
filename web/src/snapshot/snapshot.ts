// Snapshots in the tab: `etcdctl` in the terminal and the Snapshot menu share one set of files
// (what was saved or uploaded this session). Saving also downloads the file; restoring checks
// the whole file before the running cluster is touched, then boots a new one from it.

import { storeOverApi } from '../../../workers/etcdctl/api-backend.ts';
import { runEtcdctl, type EtcdctlIO } from '../../../workers/etcdctl/etcdctl.ts';
import { encodeSnapshot } from '../../../workers/etcdctl/snapshot-file.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { asAdmin, exportClusterState, restartFromState } from '../cluster/session.ts';

const files = new Map<string, Uint8Array>();

/** Hands `bytes` to the browser as a download named `name`. */
function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(
    new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name.split('/').pop() ?? name;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** The Snapshot menu's save: the file, downloaded, named by the revision it holds. */
export async function saveSnapshot(): Promise<string> {
  const state = await exportClusterState();
  const name = `snapshot-rev${String(state.revision)}.db`;
  const bytes = await encodeSnapshot(state);
  files.set(name, bytes);
  download(name, bytes);
  return name;
}

/** Restores from a file decodeSnapshot read. */
export function restoreSnapshot(name: string, bytes: Uint8Array, state: StoreState): void {
  files.set(name, bytes);
  restartFromState(state);
}

/** `etcdctl <args>` typed in the terminal. */
export function etcdctl(args: readonly string[], io: EtcdctlIO): Promise<number> {
  return runEtcdctl(args, io, {
    range: (request) => asAdmin((client) => storeOverApi(client).range(request)),
    snapshot: exportClusterState,
    writeFile(name, bytes) {
      files.set(name, bytes);
      download(name, bytes);
      return Promise.resolve();
    },
    readFile: (name) => Promise.resolve(files.get(name)),
    restore(state) {
      restartFromState(state);
      return Promise.resolve();
    },
  });
}
