// The tab's one ComponentActivity, fed every trace batch from boot on, and a version number
// that changes with each batch so the inspector re-reads it.

import { create } from 'zustand';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { ComponentActivity } from './activity.ts';

export const activity = new ComponentActivity();

export const useActivity = create<{ version: number }>(() => ({ version: 0 }));

export function recordActivity(records: readonly TraceRecord[]): void {
  activity.consume(records);
  useActivity.setState((state) => ({ version: state.version + 1 }));
}
