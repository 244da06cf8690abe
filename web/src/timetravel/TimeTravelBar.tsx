// The timeline scrubber under the clock: drag (or ←/→ when focused) across the revisions etcd
// retains; ticks mark notable changes. In the past, the bar says so, offers Back to live and Fork.

import { useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useCluster } from '../cluster/store.ts';
import { formatClock } from '../controls/ClockBar.tsx';
import { useTimeTravel } from './store.ts';
import { summarize, type Timeline, type TimelineEntry } from './timeline.ts';
import { backToLive, stepBy, stepToNotable, travelTo, travelToFraction } from './travel.ts';
import './timetravel.css';

/** `rev 412 · 00:03:21 · pods/web-7d… updated` */
export function revisionLabel(entry: TimelineEntry): string {
  const time = entry.time === null ? '' : ` · ${formatClock(entry.time)}`;
  return `rev ${entry.revision}${time} · ${summarize(entry)}`;
}

function fractionOf(timeline: Timeline, revision: number): number {
  const span = timeline.last - timeline.first;
  return span === 0 ? 1 : (revision - timeline.first) / span;
}

function Ticks({ timeline }: { timeline: Timeline }) {
  const ticks = useMemo(
    () =>
      timeline.entries
        .filter((entry) => entry.changes.some((change) => change.notable))
        .map((entry) => ({
          revision: entry.revision,
          at: fractionOf(timeline, entry.revision),
          deleted: entry.changes.some((change) => change.notable && change.type === 'deleted'),
        })),
    [timeline],
  );
  return (
    <svg className="tt-ticks" aria-hidden="true" preserveAspectRatio="none" viewBox="0 0 1000 10">
      {ticks.map((tick) => (
        <line
          key={tick.revision}
          className={tick.deleted ? 'deleted' : undefined}
          x1={tick.at * 1000}
          x2={tick.at * 1000}
          y1={0}
          y2={10}
        />
      ))}
    </svg>
  );
}

const KEYS: Record<string, (timeline: Timeline | null) => void> = {
  ArrowLeft: () => void stepBy(-1),
  ArrowRight: () => void stepBy(1),
  PageUp: () => void stepToNotable(-1),
  PageDown: () => void stepToNotable(1),
  Home: (timeline) => void travelTo(timeline?.first ?? 0),
  End: (timeline) => void travelTo(timeline?.last ?? Number.MAX_SAFE_INTEGER),
  Escape: () => {
    backToLive();
  },
};

export function TimeTravelBar() {
  const { mode, timeline, revision, error } = useTimeTravel();
  const ready = useCluster((state) => state.boot === 'ready');
  const playing = useCluster((state) => state.clock.playing);
  const track = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const entry = revision === null ? undefined : timeline?.entryAt(revision);
  const past = mode === 'past' && timeline && revision !== null;

  const travelToPointer = (event: PointerEvent<HTMLDivElement>): void => {
    const rect = track.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    void travelToFraction(Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const action = KEYS[event.key];
    if (!action || (event.key === 'Escape' && mode === 'live')) return;
    event.preventDefault();
    action(timeline);
  };

  const handleAt = past ? fractionOf(timeline, revision) : 1;
  return (
    <div className={`tt-bar${past ? ' past' : ''}`} data-testid="timetravel">
      <div className="tt-status" role="status">
        {mode === 'live' && <span className="tt-live">● Live</span>}
        {mode === 'loading' && <span className="muted">Reading etcd's history…</span>}
        {mode === 'forking' && <span>Starting a new cluster from revision {revision}…</span>}
        {past && (
          <span data-testid="timetravel-banner">
            <strong>
              Viewing rev {revision} of {timeline.last}
            </strong>{' '}
            — read-only.{' '}
            <span className="muted">
              {playing ? 'The live cluster runs on underneath.' : 'The live cluster is paused.'}
            </span>
          </span>
        )}
      </div>
      <div className="tt-scale">
        <span
          className="tt-end muted"
          title={
            timeline && timeline.compactRevision > 0
              ? 'etcd compacted everything older'
              : 'The first revision of this cluster'
          }
        >
          {timeline
            ? `rev ${timeline.first}${timeline.compactRevision > 0 ? ' (compacted before)' : ''}`
            : 'History'}
        </span>
        <div
          ref={track}
          className="tt-track"
          role="slider"
          tabIndex={ready ? 0 : -1}
          aria-label="Revision timeline: drag or use ←/→ to view the cluster at an earlier revision"
          aria-disabled={!ready || mode === 'forking'}
          aria-valuemin={timeline?.first ?? 0}
          aria-valuemax={timeline?.last ?? 0}
          aria-valuenow={revision ?? timeline?.last ?? 0}
          aria-valuetext={entry ? revisionLabel(entry) : 'live'}
          onKeyDown={onKeyDown}
          onPointerDown={(event) => {
            if (!ready || mode === 'forking') return;
            dragging.current = true;
            event.currentTarget.setPointerCapture(event.pointerId);
            travelToPointer(event);
          }}
          onPointerMove={(event) => {
            if (dragging.current) travelToPointer(event);
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
        >
          <div className="tt-line" />
          {timeline && <Ticks timeline={timeline} />}
          <div className="tt-handle" style={{ left: `${handleAt * 100}%` }} />
        </div>
        <span className="tt-end muted">{timeline ? `rev ${timeline.last}` : 'now'}</span>
      </div>
      <div className="tt-detail">
        {entry && (
          <span className="tt-label" data-testid="timetravel-label">
            {revisionLabel(entry)}
          </span>
        )}
        {error && <span className="tt-error">{error}</span>}
      </div>
      {past && (
        <div className="tt-actions">
          <button type="button" className="primary" onClick={backToLive} data-testid="back-to-live">
            Back to live
          </button>
        </div>
      )}
    </div>
  );
}

/** Over the diagram while it shows the past, so nobody mistakes it for the live cluster. */
export function PastBadge() {
  const revision = useCluster((state) => state.pastRevision);
  const entry = useTimeTravel((state) =>
    revision === null ? undefined : state.timeline?.entryAt(revision),
  );
  if (revision === null) return null;
  const time = entry?.time == null ? '' : ` · ${formatClock(entry.time)}`;
  return (
    <div className="tt-past-badge" data-testid="past-badge">
      Past · rev {revision}
      {time} — read-only
    </div>
  );
}
