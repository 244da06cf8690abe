// What a reload keeps of the clock: the speed the learner set and whether it was paused
// (docs/decisions/0004-persistence.md). A booting or catching-up cluster plays at full speed
// whatever the learner chose, so until it is up the save keeps what it will run at.

import type { DriverState, Speed } from '../../../workers/host/driver.ts';

export interface SavedClock {
  speed: Speed;
  paused: boolean;
}

/**
 * `driver` is the clock's state once the cluster is up (null while it boots or catches up after
 * a restore); `atStart` is what the cluster runs at when it is up.
 */
export function clockToSave(
  driver: Pick<DriverState, 'playing' | 'speed'> | null,
  atStart: SavedClock,
): SavedClock {
  return driver ? { speed: driver.speed, paused: !driver.playing } : atStart;
}

/** Whether two clock states differ in what a save keeps (not in time or round). */
export function sameSavedClock(
  a: Pick<DriverState, 'playing' | 'speed'>,
  b: Pick<DriverState, 'playing' | 'speed'>,
): boolean {
  return a.playing === b.playing && a.speed === b.speed;
}
