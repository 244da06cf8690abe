// The panel under the diagram: the terminal, the events list and the trace timeline, one at a
// time. The terminal stays mounted while hidden so its screen and running command survive.

import { lazy, Suspense, type ReactNode } from 'react';
import { useWorkspace, type BottomView } from './store.ts';
import { Tabs } from './Tabs.tsx';

// Loaded when first shown, outside the first paint's bundle.
const EventsList = lazy(() =>
  import('../events/EventsList.tsx').then((module) => ({ default: module.EventsList })),
);
const Timeline = lazy(() =>
  import('../timeline/Timeline.tsx').then((module) => ({ default: module.Timeline })),
);

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
      <Tabs
        className="bottom-tabs"
        label="Terminal, events and timeline"
        testIdPrefix="bottom-tab-"
        tabs={VIEWS}
        active={view}
        onSelect={show}
      />
      <div className="bottom-view" hidden={view !== 'terminal'}>
        {terminal}
      </div>
      <Suspense fallback={null}>
        {view === 'events' ? <EventsList /> : null}
        {view === 'timeline' ? <Timeline /> : null}
      </Suspense>
    </div>
  );
}
