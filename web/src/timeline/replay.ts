// Replays recorded hops on the diagram: the clock pauses (so no new round replaces them), then
// each round of hops is put back on screen in turn, as the diagram drew them live. The diagram
// draws whatever `hops` the store holds, so a replay is only a sequence of store updates.

import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { driver } from '../cluster/session.ts';
import { useCluster } from '../cluster/store.ts';

/** How long a replayed round stays on screen, as a hop does at 1×. */
const ROUND_MS = 600;

let current = 0;

function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      resolve();
    }),
  );
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Plays the rounds one after another; a newer replay cuts an older one short. */
export async function replayRounds(rounds: readonly (readonly TraceRecord[])[]): Promise<void> {
  current += 1;
  const replay = current;
  const clock = driver();
  if (clock?.state.playing) clock.pause();
  for (const [index, hops] of rounds.entries()) {
    if (replay !== current) return;
    // An empty frame first, so a hop replayed twice is drawn anew rather than left in place.
    useCluster.setState({ hops: [] });
    await nextFrame();
    if (replay !== current) return;
    useCluster.setState({ hops });
    if (index < rounds.length - 1) await wait(ROUND_MS);
  }
}
