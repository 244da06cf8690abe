// The panel under the diagram: the terminal, the events list and the trace timeline, one at a
// time. The terminal stays mounted while hidden so its screen and running command survive.

import type { ReactNode } from 'react';
import { EventsList } from '../events/EventsList.tsx';
import { Timeline } from '../timeline/Timeline.tsx';
import { useWorkspace, type BottomView } from './store.ts';

const VIEWS: { id: BottomView; label: string }[] = [
  { id: 'terminal', label: 'Terminal' },
  { id: 'events', label: 'Events' },
  { id: 'timeline', label: 'Timeline' },
];

export function BottomPanel({ terminal }: { terminal: ReactNode }) {
  const view = useWorkspace((state) => state.bottom);
  const show = useWorkspace((state) => state.show);
  return (
    <div className="bottom-panel">
      <nav className="bottom-tabs" role="tablist" aria-label="Terminal, events and timeline">
        {VIEWS.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            role="tab"
            aria-selected={candidate.id === view}
            className={candidate.id === view ? 'active' : ''}
            data-testid={`bottom-tab-${candidate.id}`}
            onClick={() => {
              show(candidate.id);
            }}
          >
            {candidate.label}
          </button>
        ))}
      </nav>
      <div className="bottom-view" hidden={view !== 'terminal'}>
        {terminal}
      </div>
      {view === 'events' ? <EventsList /> : null}
      {view === 'timeline' ? <Timeline /> : null}
    </div>
  );
}
