// The tab's saved cluster: opens it at start (one tab at a time holds it, through a Web Lock),
// restores the store state and the session around it, then keeps IndexedDB following the etcd
// member's change feed. What is saved and why is in docs/decisions/0004-persistence.md.

import { create } from 'zustand';
import type { StoreState } from '../../../workers/client/store-state.ts';
import type { FeedBatch } from '../../../workers/etcd/change-feed.ts';
import type { Scenario } from '../scenarios/format.ts';
import type { StepOutcome } from '../scenarios/player.ts';
import { IdbBackend } from './idb-backend.ts';
import { Persister, restoreState, SavedLogError } from './saved-log.ts';

const LOCK_NAME = 'k8s-playground.saved-cluster';

/** Everything of the tab's session that belongs with its cluster, saved with each write. */
export interface SavedSession {
  /** The scenario part of the URL the cluster was started from; '' for none. */
  fragment: string;
  shape: { seed: number; nodes: number; speed: number | 'max' };
  /** The clock was paused; absent in saves from before a pause was kept. */
  paused?: boolean;
  terminalHistory: string[];
  /** The scenario's progress: the next step and what the steps run so far printed. */
  scenarioNext: number;
  scenarioOutcomes: StepOutcome[];
  /** What the learner did, for Share. */
  recorded: { scenario: Scenario; lastTime: number | null } | null;
}

export type PersistStatus =
  /** No saving: no IndexedDB, or another tab holds the saved cluster. */
  'off' | 'fresh' | 'restored';

interface PersistState {
  status: PersistStatus;
  /** The store revision the save has reached. */
  savedRevision: number;
  /** Why the saved cluster was not restored, or why saving stopped; shown until dismissed. */
  notice: string | null;
  setStatus: (status: PersistStatus, notice?: string | null) => void;
  dismiss: () => void;
}

export const usePersist = create<PersistState>((set) => ({
  status: 'off',
  savedRevision: 0,
  notice: null,
  setStatus: (status, notice = null) => {
    set({ status, notice });
  },
  dismiss: () => {
    set({ notice: null });
  },
}));

export interface SavedCluster {
  state: StoreState;
  session: SavedSession;
}

export interface OpenedSave {
  /** Where the tab saves, or null when it cannot. */
  backend: IdbBackend<SavedSession> | null;
  saved: SavedCluster | null;
  /** Why a save exists but cannot be used; the tab starts fresh and says so. */
  problem: string | null;
}

/** Holds the lock for the tab's lifetime; resolves false when another tab has it. */
function holdLock(): Promise<boolean> {
  if (!('locks' in navigator)) return Promise.resolve(true);
  return new Promise((resolve) => {
    void navigator.locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // Released when the tab goes away.
      return lock ? new Promise<never>(() => undefined) : undefined;
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens the saved cluster; a damaged or foreign save is cleared, reported, and not used. */
export async function openSave(): Promise<OpenedSave> {
  if (typeof indexedDB === 'undefined') return { backend: null, saved: null, problem: null };
  if (!(await holdLock())) {
    return {
      backend: null,
      saved: null,
      problem:
        'Another tab is running the saved cluster; this tab runs its own and does not save it.',
    };
  }
  let backend: IdbBackend<SavedSession>;
  try {
    backend = await IdbBackend.open<SavedSession>();
  } catch (error) {
    // A newer version upgraded the database (VersionError), or it is unreadable.
    await IdbBackend.destroy().catch(() => undefined);
    return {
      backend: await IdbBackend.open<SavedSession>().catch(() => null),
      saved: null,
      problem: `The saved cluster could not be opened (${describe(error)}). It was discarded and a fresh cluster started.`,
    };
  }
  try {
    const started = performance.now();
    const log = await backend.load();
    if (!log) return { backend, saved: null, problem: null };
    const state = restoreState(log);
    performance.measure('k8s:persist-load', {
      start: started,
      detail: { revisions: log.revisions.length },
    });
    return { backend, saved: { state, session: log.session }, problem: null };
  } catch (error) {
    await backend.clear().catch(() => undefined);
    const reason =
      error instanceof SavedLogError
        ? error.message
        : `The saved cluster could not be read (${describe(error)}).`;
    return {
      backend,
      saved: null,
      problem: `${reason} It was discarded and a fresh cluster started.`,
    };
  }
}

/** Keeps the save following the cluster; created once the tab knows which cluster it runs. */
export class SessionSaver {
  private readonly persister: Persister<SavedSession>;
  private reported = false;

  constructor(
    private readonly backend: IdbBackend<SavedSession>,
    session: () => SavedSession,
  ) {
    this.persister = new Persister(
      backend,
      session,
      (error) => {
        if (this.reported) return;
        this.reported = true;
        usePersist
          .getState()
          .setStatus(usePersist.getState().status, `Saving the cluster failed: ${describe(error)}`);
      },
      (write) => {
        usePersist.setState({ savedRevision: write.marker.revision });
      },
    );
  }

  feed(batch: FeedBatch): void {
    this.persister.feed(batch);
  }

  sessionChanged(): void {
    this.persister.sessionChanged();
  }

  flushed(): Promise<void> {
    return this.persister.flushed();
  }

  /** Stops saving and forgets the save (a write in flight is abandoned): the next start is fresh. */
  forget(): Promise<void> {
    return this.persister.discard();
  }

  /** A fresh cluster's save starts empty, so nothing of an older cluster mixes into it. */
  clear(): Promise<void> {
    return this.backend.clear();
  }
}
