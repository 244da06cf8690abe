// The saved cluster in the top bar: whether this tab saves its cluster, Reset (asks first, then
// starts afresh), and the notice when a save could not be restored or saving failed.

import { forgetSavedCluster } from '../cluster/session.ts';
import { usePersist, type PersistStatus } from './persistence.ts';

const TITLES: Record<PersistStatus, string> = {
  off: 'This cluster is not saved: it is gone when the tab closes.',
  fresh: 'This cluster is saved in your browser: a reload brings it back.',
  restored: 'This cluster was restored from your browser, where it stays saved.',
};

/** Forgets the save and reloads: the URL's scenario, if any, starts over; else a fresh cluster. */
export function resetCluster(): void {
  const sure = window.confirm(
    'Reset the cluster? Everything in it is deleted and a fresh cluster starts. Your editor text stays.',
  );
  if (!sure) return;
  void forgetSavedCluster().finally(() => {
    window.location.reload();
  });
}

export function PersistControls() {
  const status = usePersist((state) => state.status);
  const revision = usePersist((state) => state.savedRevision);
  return (
    <div className="persist-controls">
      <span
        className={`persist-status ${status}`}
        title={
          status === 'off' ? TITLES.off : `${TITLES[status]} Saved up to revision ${revision}.`
        }
        data-testid="persist-status"
        data-status={status}
        data-revision={revision}
      >
        {status === 'off' ? 'Not saved' : 'Saved'}
      </span>
      <button type="button" onClick={resetCluster} data-testid="reset-cluster">
        Reset cluster
      </button>
    </div>
  );
}

export function PersistNotice() {
  const notice = usePersist((state) => state.notice);
  const dismiss = usePersist((state) => state.dismiss);
  if (!notice) return null;
  return (
    <div className="link-error" role="alert" data-testid="persist-notice">
      <span>{notice}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
