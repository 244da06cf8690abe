// Time travel's state: whether the views show the live cluster or a past revision, the history
// read from etcd when the learner first reached back, and the revision on show.

import { create } from 'zustand';
import type { Timeline } from './timeline.ts';

/** live: the views follow the cluster; loading: reading etcd's history; past: a revision on show. */
export type TravelMode = 'live' | 'loading' | 'past' | 'forking';

interface TimeTravelState {
  mode: TravelMode;
  timeline: Timeline | null;
  /** The revision the views show, while in the past. */
  revision: number | null;
  error: string | null;
  /** The clock was playing when the learner reached back: Back to live plays it again. */
  resumeOnLive: boolean;
}

export const useTimeTravel = create<TimeTravelState>(() => ({
  mode: 'live',
  timeline: null,
  revision: null,
  error: null,
  resumeOnLive: false,
}));

/** Why the cluster cannot be changed now, or null when it can. */
export function readOnlyReason(): string | null {
  const { mode, revision } = useTimeTravel.getState();
  if (mode === 'live') return null;
  if (mode === 'forking') return 'a new cluster is starting from the past revision';
  return `you are viewing the cluster as it was at revision ${revision ?? '…'} (read-only): press "Back to live" first`;
}
