// One object watched until its waiter is done with it, as kubectl's waits do (pkg/cmd/wait
// wait.go/delete.go, pkg/cmd/rollout rollout_status.go): a watch on the object's name from the
// revision it was read at, ended by the waiter, the server, the abort signal or a deadline.

import { resourcePath, type ResourceType } from '../api/resources.ts';
import type { Client } from '../client/client.ts';
import type { WatchEvent } from '../client/protocol.ts';

export interface WatchObjectOptions {
  /** Each event, in order: true ends the wait; a thrown error ends it with that error. */
  onEvent: (event: WatchEvent) => boolean;
  /** The server ended the watch: the error the wait ends with, if any. */
  onEnd?: () => Error | undefined;
  signal?: AbortSignal | undefined;
  /** Ctrl-C: the error the wait ends with, if any. */
  onAbort?: () => Error | undefined;
  /** Another end (a deadline): given the way to end the wait, returns how to stop listening. */
  endWhen?: (end: (error?: Error) => void) => () => void;
}

export function watchObject(
  client: Client,
  object: {
    type: Pick<ResourceType, 'group' | 'version' | 'resource'>;
    namespace?: string | undefined;
    name: string;
  },
  resourceVersion: string | undefined,
  options: WatchObjectOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ended = false;
    // What ending undoes, added as each is set up. The transport or endWhen may end the wait
    // before they return; what they return is then undone at once.
    const undo: (() => void)[] = [];
    const onEnded = (cleanup: () => void): void => {
      if (ended) cleanup();
      else undo.push(cleanup);
    };
    function end(error?: Error): void {
      if (ended) return;
      ended = true;
      for (const cleanup of undo) cleanup();
      if (error) reject(error);
      else resolve();
    }
    const stream = client.transport.watch(
      {
        verb: 'GET',
        path: resourcePath(object.type, object.namespace),
        query: {
          watch: 'true',
          fieldSelector: `metadata.name=${object.name}`,
          resourceVersion: resourceVersion ?? '0',
        },
      },
      {
        onEvents(events: WatchEvent[]) {
          for (const event of events) {
            if (ended) return;
            try {
              if (options.onEvent(event)) end();
            } catch (error) {
              end(error instanceof Error ? error : new Error(String(error)));
            }
          }
        },
        onEnd() {
          end(options.onEnd?.());
        },
      },
    );
    onEnded(() => {
      stream.stop();
    });
    const stopListening = options.endWhen?.(end);
    if (stopListening) onEnded(stopListening);
    const aborted = (): void => {
      end(options.onAbort?.());
    };
    options.signal?.addEventListener('abort', aborted, { once: true });
    onEnded(() => {
      options.signal?.removeEventListener('abort', aborted);
    });
  });
}
