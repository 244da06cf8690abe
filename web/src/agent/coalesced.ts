// One run at a time of an async task that more than one event asks for (the agent's `connected`
// reattaching Docker nodes): a request while it runs is not dropped but makes it run once more
// after, so what changed since the run began (or what it failed partway) is done then.

/** How a run ended: null when it resolved. */
async function outcome(run: () => Promise<void>): Promise<{ error: unknown } | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return { error };
  }
}

/** A trigger for `run`: the current run's promise, with a rerun queued if one was under way. */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  /** Requests so far: one that came after a run began asks for another. */
  let requests = 0;
  /** Rejects with the last run's failure; a failed run that was asked for again still reruns. */
  const loop = async (): Promise<void> => {
    let failure: { error: unknown } | null;
    let served: number;
    do {
      served = requests;
      failure = await outcome(run);
    } while (requests !== served);
    inFlight = null;
    if (failure) throw failure.error;
  };
  return () => {
    requests++;
    inFlight ??= loop();
    return inFlight;
  };
}
