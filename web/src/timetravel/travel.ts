// What the scrubber does. Reaching back pauses the clock, like scrubbing a video: the revision on
// show stays a moment of the same cluster, "of N" stays true, and Back to live resumes where it
// stopped (playing again if it was). Play while in the past runs the live cluster underneath.

import { driver, etcdHistory } from '../cluster/session.ts';
import { useCluster } from '../cluster/store.ts';
import { useTimeTravel } from './store.ts';
import { Timeline } from './timeline.ts';

let loading: Promise<Timeline | null> | null = null;

/** Reads etcd's history once per visit to the past; later calls share the same read. */
function loadTimeline(): Promise<Timeline | null> {
  const { timeline } = useTimeTravel.getState();
  if (timeline) return Promise.resolve(timeline);
  loading ??= (async () => {
    const clock = driver();
    useTimeTravel.setState({
      mode: 'loading',
      error: null,
      resumeOnLive: clock?.state.playing ?? false,
    });
    clock?.pause();
    try {
      const read = new Timeline(await etcdHistory());
      useTimeTravel.setState({ timeline: read });
      return read;
    } catch (error) {
      useTimeTravel.setState({
        mode: 'live',
        error: `Could not read etcd's history: ${error instanceof Error ? error.message : String(error)}`,
      });
      return null;
    } finally {
      loading = null;
    }
  })();
  return loading;
}

/** Shows the cluster as it was at `revision` (clamped to what etcd retains). */
export async function travelTo(revision: number): Promise<void> {
  const timeline = await loadTimeline();
  if (!timeline || useTimeTravel.getState().mode === 'forking') return;
  const shown = timeline.clamp(revision);
  useTimeTravel.setState({ mode: 'past', revision: shown });
  useCluster.getState().showPast(shown, timeline.objectsAt(shown));
}

/** Shows the revision at `fraction` (0 = the oldest retained, 1 = the newest) of the history. */
export async function travelToFraction(fraction: number): Promise<void> {
  const timeline = await loadTimeline();
  if (!timeline) return;
  await travelTo(timeline.first + fraction * (timeline.last - timeline.first));
}

/** Moves by `delta` revisions from the one on show (from the live end when live). */
export async function stepBy(delta: number): Promise<void> {
  const timeline = await loadTimeline();
  if (!timeline) return;
  const from = useTimeTravel.getState().revision ?? timeline.last;
  await travelTo(from + delta);
}

/** Jumps to the previous or next revision with a notable change. */
export async function stepToNotable(direction: -1 | 1): Promise<void> {
  const timeline = await loadTimeline();
  if (!timeline) return;
  const from = useTimeTravel.getState().revision ?? timeline.last;
  const target = timeline.nextNotable(from, direction);
  if (target !== undefined) await travelTo(target);
}

/** Back to the live cluster: the views follow it again and the clock resumes as it was. */
export function backToLive(): void {
  const { resumeOnLive } = useTimeTravel.getState();
  useTimeTravel.setState({ mode: 'live', timeline: null, revision: null, error: null });
  useCluster.getState().showLive();
  if (resumeOnLive) driver()?.play();
}
