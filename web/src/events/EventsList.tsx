// The events list: the cluster's Events as `kubectl get events -w` shows them (LAST SEEN, TYPE,
// REASON, OBJECT, MESSAGE), live, filterable by namespace and object; a row selects its pod or
// node in the inspector.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useCluster } from '../cluster/store.ts';
import { useSelection } from '../inspector/selection.ts';
import { PanelFilters } from './PanelFilters.tsx';
import { eventNamespaces, eventRows, selectionOfEvent, type EventFilter } from './event-list.ts';

export function EventsList() {
  const objects = useCluster((state) => state.objects);
  const now = useCluster((state) => state.clock.time);
  const select = useSelection((state) => state.select);
  const [filter, setFilter] = useState<EventFilter>({ namespace: '', object: '' });
  const rows = useMemo(() => eventRows(objects, now, filter), [objects, now, filter]);
  const namespaces = useMemo(() => eventNamespaces(objects), [objects]);
  const body = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const element = body.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [rows.length]);

  return (
    <section className="events-list" aria-label="Events" data-testid="events-list">
      <PanelFilters
        choice={{
          label: 'Namespace',
          value: filter.namespace,
          options: namespaces,
          onChange: (namespace) => {
            setFilter({ ...filter, namespace });
          },
        }}
        object={{
          placeholder: 'pod/nginx, node/…',
          value: filter.object,
          onChange: (object) => {
            setFilter({ ...filter, object });
          },
        }}
      >
        {rows.length} events · click one to inspect its object
      </PanelFilters>
      <div
        className="events-scroll"
        ref={body}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        <table className="events-table">
          <thead>
            <tr>
              {filter.namespace === '' ? <th>NAMESPACE</th> : null}
              <th>LAST SEEN</th>
              <th>TYPE</th>
              <th>REASON</th>
              <th>OBJECT</th>
              <th>MESSAGE</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const target = selectionOfEvent(row);
              return (
                <tr
                  key={row.key}
                  className={`${row.type === 'Warning' ? 'warning' : ''}${target ? ' clickable' : ''}`}
                  data-testid="event-row"
                  tabIndex={target ? 0 : undefined}
                  onClick={() => {
                    if (target) select(target);
                  }}
                  onKeyDown={(event) => {
                    if (target && event.key === 'Enter') select(target);
                  }}
                >
                  {filter.namespace === '' ? <td>{row.namespace}</td> : null}
                  <td>{row.lastSeen}</td>
                  <td>{row.type}</td>
                  <td>{row.reason}</td>
                  <td>{row.object}</td>
                  <td className="message">{row.message}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="inspector-empty">No events yet.</p> : null}
      </div>
    </section>
  );
}
