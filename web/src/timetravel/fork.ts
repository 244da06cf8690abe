// "Fork from here": the store state a new cluster boots from, cut at a past revision, as if etcd's
// snapshot had been taken then (workers/client/store-state.ts). Later revisions are dropped; the
// leases are today's, since etcd's lessor keeps no history: a lease revoked after the revision
// stays gone, so keys it held at the revision (Events) no longer expire.

import type { StoreState } from '../../../workers/client/store-state.ts';
import { CompactedRevisionError } from './timeline.ts';

export function stateAtRevision(state: StoreState, revision: number, time: number): StoreState {
  const first = Math.max(state.compactRevision, 1);
  if (revision < first || revision > state.revision)
    throw new CompactedRevisionError(revision, first);
  return {
    ...state,
    revision,
    history: state.history.slice(0, Math.max(0, revision - state.historyStart + 1)),
    time,
  };
}
