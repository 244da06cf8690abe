// An etcdctl backend over an MvccStore in the same thread, with files kept in a Map: what the
// command tests and the real-etcdctl oracle run our side against.

import type { StoreState } from '../client/store-state.ts';
import { MvccStore } from '../etcd/mvcc-store.ts';
import { EtcdStoreError } from '../etcd/request-checks.ts';
import { EtcdctlError, runEtcdctl, type EtcdctlBackend } from './etcdctl.ts';

export interface LocalEtcdctl extends EtcdctlBackend {
  files: Map<string, Uint8Array>;
  restored: StoreState[];
}

export function localEtcdctl(store: MvccStore, time = 0): LocalEtcdctl {
  const files = new Map<string, Uint8Array>();
  const restored: StoreState[] = [];
  return {
    files,
    restored,
    range(request) {
      try {
        return Promise.resolve(store.range(request));
      } catch (error) {
        if (error instanceof EtcdStoreError) throw new EtcdctlError(error.message);
        throw error;
      }
    },
    snapshot() {
      return Promise.resolve({ ...store.exportState(), leases: [], nextLeaseId: 1, time });
    },
    writeFile(name, bytes) {
      files.set(name, bytes);
      return Promise.resolve();
    },
    readFile(name) {
      return Promise.resolve(files.get(name));
    },
    restore(state) {
      restored.push(state);
      return Promise.resolve();
    },
  };
}

/** Runs etcdctl; what it printed and its exit code. */
export async function etcdctl(
  backend: EtcdctlBackend,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const code = await runEtcdctl(
    args,
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    },
    backend,
  );
  return { stdout, stderr, code };
}

export { MvccStore };
