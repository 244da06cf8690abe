// The first-visit tour: five stops, each pointing at one part of the workspace. Shown once; the
// dismissal is remembered, and a tab opened from a scenario link never starts with it.

export interface TourStop {
  /** CSS selector of the element the stop points at. */
  target: string;
  title: string;
  text: string;
}

export const TOUR: readonly TourStop[] = [
  {
    target: '.editor-pane',
    title: 'Write manifests',
    text: 'Edit YAML here, with completion and checks from the Kubernetes schema. Apply (Ctrl+Enter) sends it as kubectl apply would. Tabs hold several files.',
  },
  {
    target: '[data-testid="diagram"]',
    title: 'Watch the cluster work',
    text: 'Every component is a separate program. Each request, etcd write and watch event rides an edge here. Space pauses the clock, → steps one round.',
  },
  {
    target: '.bottom-panel',
    title: 'Use kubectl',
    text: 'The terminal runs kubectl against this cluster: kubectl get pods -w, describe, logs, exec… (Ctrl+` opens it).',
  },
  {
    target: '.bottom-tabs',
    title: 'Inspect and trace',
    text: 'Events lists what happened, like kubectl get events -w. Timeline groups every hop by request; click one to replay it. Click anything on the diagram to inspect it.',
  },
  {
    target: '[aria-label="Open a lesson"]',
    title: 'Follow a lesson',
    text: 'Guided scenarios: a rollout, a Pending pod, a crash loop, a node failure. Share puts what you did in a link.',
  },
];

export const TOUR_STORAGE_KEY = 'k8s-playground.tour';

export function tourDismissed(): boolean {
  try {
    return localStorage.getItem(TOUR_STORAGE_KEY) === 'done';
  } catch {
    return true;
  }
}

export function dismissTour(): void {
  try {
    localStorage.setItem(TOUR_STORAGE_KEY, 'done');
  } catch {
    // Not remembered: the tour shows again next visit.
  }
}
