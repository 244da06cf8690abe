// The trace timeline: one row per API request (its hops from the client through the API server's
// handler chain to etcd, the reply, the watch fan-out and the response), filterable by component
// and object. A hop's button replays that hop on the diagram; ▶ replays the whole request.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { useCluster } from '../cluster/store.ts';
import { PanelFilters } from '../events/PanelFilters.tsx';
import { replayRounds } from './replay.ts';
import {
  componentsOf,
  groupByRequest,
  hopsByRound,
  matchesFilter,
  type TimelineFilter,
  type TraceRequest,
} from './requests.ts';

/** Rows drawn at most; older ones scroll out of the trace window anyway. */
const ROWS_SHOWN = 200;

function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function Hop({ hop }: { hop: TraceRecord }) {
  return (
    <li>
      <button
        type="button"
        className={`timeline-hop hop-${hop.kind}`}
        data-testid="timeline-hop"
        title={`Replay this hop on the diagram (round ${String(hop.round)})`}
        onClick={() => void replayRounds([[hop]])}
      >
        <span className="hop-route">
          {hop.from} → {hop.to}
        </span>{' '}
        <span className="hop-label">{hop.label}</span>
        {hop.rv ? <span className="muted"> rv {hop.rv}</span> : null}
      </button>
    </li>
  );
}

function Row({ request }: { request: TraceRequest }) {
  const [open, setOpen] = useState(false);
  const first = request.hops[0];
  const failed = request.code !== undefined && request.code >= 400;
  return (
    <li className={`timeline-row${failed ? ' failed' : ''}`} data-testid="timeline-row">
      <div className="timeline-summary">
        <button
          type="button"
          className="timeline-toggle"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          <span className="timeline-time">{first ? clockTime(first.time) : ''}</span>
          <span className="timeline-from">{request.from}</span>
          <span className="timeline-title">{request.title}</span>
          <span className="timeline-ref">{request.ref ?? ''}</span>
          <span className="timeline-code">{request.code ?? ''}</span>
          <span className="timeline-count">
            {request.hops.length} {request.hops.length === 1 ? 'hop' : 'hops'}
          </span>
        </button>
        <button
          type="button"
          className="timeline-replay"
          aria-label={`Replay ${request.title} on the diagram`}
          title="Replay this request on the diagram, round by round"
          onClick={() => void replayRounds(hopsByRound(request))}
        >
          ▶
        </button>
      </div>
      {open ? (
        <ol className="timeline-hops">
          {request.hops.map((hop) => (
            <Hop key={hop.seq} hop={hop} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function Timeline() {
  const traces = useCluster((state) => state.traces);
  const [filter, setFilter] = useState<TimelineFilter>({ component: '', object: '' });
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const requests = useMemo(() => groupByRequest(traces), [traces]);
  const components = useMemo(() => componentsOf(traces), [traces]);
  const shown = useMemo(
    () => requests.filter((request) => matchesFilter(request, filter)).slice(-ROWS_SHOWN),
    [requests, filter],
  );

  useEffect(() => {
    // Follow the newest rows, as `-w` does, unless the user scrolled up to read.
    const element = list.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [shown]);

  return (
    <section className="timeline" aria-label="Trace timeline" data-testid="timeline">
      <PanelFilters
        choice={{
          label: 'Component',
          value: filter.component,
          options: components,
          onChange: (component) => {
            setFilter({ ...filter, component });
          },
        }}
        object={{
          placeholder: 'nginx, pods/default…',
          value: filter.object,
          onChange: (object) => {
            setFilter({ ...filter, object });
          },
        }}
      >
        {shown.length} of {requests.length} requests · click a row for its hops, a hop to replay it
      </PanelFilters>
      <ol
        className="timeline-rows"
        ref={list}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {shown.map((request) => (
          <Row key={request.id} request={request} />
        ))}
      </ol>
    </section>
  );
}
