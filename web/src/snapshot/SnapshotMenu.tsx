// The top bar's Snapshot menu: save the cluster as a file (etcdctl snapshot save) or restore one
// uploaded (etcdctl snapshot restore). A file is checked whole before anything is asked: a bad
// one is explained and the running cluster is left as it was; a good one asks before replacing it.

import { useRef, useState } from 'react';
import { formatTime } from '../../../workers/api/time.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { decodeSnapshot, SnapshotError } from '../../../workers/etcdctl/snapshot-file.ts';
import { restoreSnapshot, saveSnapshot } from './snapshot.ts';

type Panel =
  | { kind: 'menu' }
  | { kind: 'confirm'; name: string; bytes: Uint8Array; state: StoreState }
  | { kind: 'error'; message: string }
  | { kind: 'saved'; name: string };

export function SnapshotMenu() {
  const [panel, setPanel] = useState<Panel | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const close = (): void => {
    setPanel(null);
  };

  const chosen = async (file: File): Promise<void> => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // A bad file rejects with its SnapshotError before the running cluster is touched.
    try {
      setPanel({ kind: 'confirm', name: file.name, bytes, state: await decodeSnapshot(bytes) });
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      setPanel({ kind: 'error', message: `${file.name}: ${error.message}` });
    }
  };

  return (
    <div className="scenario-bar">
      <button
        type="button"
        data-testid="snapshot"
        aria-expanded={panel?.kind === 'menu'}
        onClick={() => {
          setPanel(panel ? null : { kind: 'menu' });
        }}
      >
        Snapshot
      </button>
      <input
        ref={input}
        type="file"
        accept=".db"
        hidden
        data-testid="snapshot-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void chosen(file);
        }}
      />
      {panel?.kind === 'menu' ? (
        <div className="share-dialog snapshot-dialog" role="dialog" aria-label="Snapshot">
          <p>
            A snapshot is etcd&apos;s whole state: every object, its history and the cluster&apos;s
            clock. <code>etcdctl snapshot save</code> in the terminal takes the same file.
          </p>
          <div className="share-actions">
            <button
              type="button"
              className="primary"
              data-testid="snapshot-save"
              onClick={() => {
                void saveSnapshot().then(
                  (name) => {
                    setPanel({ kind: 'saved', name });
                  },
                  (error: unknown) => {
                    setPanel({ kind: 'error', message: String(error) });
                  },
                );
              }}
            >
              Save snapshot
            </button>
            <button
              type="button"
              data-testid="snapshot-restore"
              onClick={() => {
                input.current?.click();
              }}
            >
              Restore from file…
            </button>
          </div>
        </div>
      ) : null}
      {panel?.kind === 'saved' ? (
        <div className="share-dialog snapshot-dialog" role="status" data-testid="snapshot-saved">
          <p>
            Saved <code>{panel.name}</code> to your downloads.
          </p>
          <div className="share-actions">
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </div>
      ) : null}
      {panel?.kind === 'confirm' ? (
        <div
          className="share-dialog snapshot-dialog"
          role="alertdialog"
          aria-label="Restore snapshot"
          data-testid="snapshot-confirm"
        >
          <p>
            Replace the running cluster with <code>{panel.name}</code>: revision{' '}
            {panel.state.revision}, taken at {formatTime(panel.state.time)}? What the cluster did
            since is lost.
          </p>
          <div className="share-actions">
            <button
              type="button"
              className="primary"
              data-testid="snapshot-confirm-restore"
              onClick={() => {
                restoreSnapshot(panel.name, panel.bytes, panel.state);
                close();
              }}
            >
              Restore
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {panel?.kind === 'error' ? (
        <div
          className="share-dialog snapshot-dialog snapshot-error"
          role="alert"
          data-testid="snapshot-error"
        >
          <p>{panel.message}. The cluster was not changed.</p>
          <div className="share-actions">
            <button type="button" onClick={close}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
