import { describe, expect, it } from 'vitest';
import { Client, POD_TYPE } from '../client/client.ts';
import type { ApiRequest, ApiResponse, KubeObject, WatchEvent } from '../client/protocol.ts';
import type { Transport, WatchHandler, WatchStream } from '../client/transport.ts';
import { watchObject, type WatchObjectOptions } from './watch-object.ts';

/** A transport with one watch, which the test drives; `whenOpened` calls back before watch returns. */
class OneWatch implements Transport {
  opened: ApiRequest | null = null;
  handler: WatchHandler | null = null;
  stops = 0;

  constructor(private readonly whenOpened?: (handler: WatchHandler) => void) {}

  request(): Promise<ApiResponse> {
    return Promise.reject(new Error('watchObject only watches'));
  }

  watch(request: ApiRequest, handler: WatchHandler): WatchStream {
    this.opened = request;
    this.handler = handler;
    this.whenOpened?.(handler);
    return {
      stop: () => {
        this.stops++;
      },
    };
  }

  send(...events: WatchEvent[]): void {
    this.handler?.onEvents(events);
  }
}

function pod(phase: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    status: { phase },
  } as KubeObject;
}

const running = (event: WatchEvent): boolean =>
  (event.object as { status?: { phase?: string } }).status?.phase === 'Running';

function started(options: Partial<WatchObjectOptions> = {}, transport = new OneWatch()) {
  const outcome = watchObject(
    new Client(transport),
    { type: POD_TYPE, namespace: 'default', name: 'web' },
    '42',
    { onEvent: running, ...options },
  ).then(
    () => 'resolved',
    (error: unknown) => `rejected: ${(error as Error).message}`,
  );
  return { transport, outcome };
}

describe('watchObject', () => {
  it('watches the one object by name from the revision it was read at', () => {
    const { transport } = started();
    expect(transport.opened).toEqual({
      verb: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: { watch: 'true', fieldSelector: 'metadata.name=web', resourceVersion: '42' },
    });
  });

  it('ends when the waiter says so, and stops the watch once', async () => {
    const { transport, outcome } = started();
    transport.send({ type: 'MODIFIED', object: pod('Pending') });
    transport.send(
      { type: 'MODIFIED', object: pod('Running') },
      { type: 'DELETED', object: pod('Running') },
    );
    transport.handler?.onEnd();
    expect(await outcome).toBe('resolved');
    expect(transport.stops).toBe(1);
  });

  it('ends with the error the waiter throws', async () => {
    const { transport, outcome } = started({
      onEvent: (event) => {
        if (event.type === 'DELETED') throw new Error('pods "web" not found');
        return false;
      },
    });
    transport.send({ type: 'DELETED', object: pod('Running') });
    expect(await outcome).toBe('rejected: pods "web" not found');
  });

  it.each<[string, Partial<WatchObjectOptions>, string]>([
    ['resolves when the server ends the watch, by default', {}, 'resolved'],
    [
      'or ends with the error the waiter gives',
      { onEnd: () => new Error('timed out') },
      'rejected: timed out',
    ],
  ])('%s', async (_name, options, expected) => {
    const { transport, outcome } = started(options);
    transport.handler?.onEnd();
    expect(await outcome).toBe(expected);
  });

  it.each<[string, Partial<WatchObjectOptions>, string]>([
    ['resolves on Ctrl-C, by default', {}, 'resolved'],
    [
      'or ends with the error the waiter gives',
      { onAbort: () => new Error('interrupted') },
      'rejected: interrupted',
    ],
  ])('%s', async (_name, options, expected) => {
    const abort = new AbortController();
    const { transport, outcome } = started({ ...options, signal: abort.signal });
    abort.abort();
    expect(await outcome).toBe(expected);
    expect(transport.stops).toBe(1);
  });

  it('ends when another end comes first (a deadline), and stops listening for it', async () => {
    let expire: (() => void) | null = null;
    let listening = false;
    const { transport, outcome } = started({
      endWhen: (end) => {
        listening = true;
        expire = () => {
          end(new Error('timed out waiting for the condition'));
        };
        return () => {
          listening = false;
        };
      },
    });
    expect(listening).toBe(true);
    (expire as (() => void) | null)?.();
    transport.send({ type: 'MODIFIED', object: pod('Running') });
    expect(await outcome).toBe('rejected: timed out waiting for the condition');
    expect(listening).toBe(false);
    expect(transport.stops).toBe(1);
  });

  it.each<[string, (handler: WatchHandler) => void, string]>([
    [
      'the waiter is done with an event',
      (handler) => {
        handler.onEvents([{ type: 'ADDED', object: pod('Running') }]);
      },
      'resolved',
    ],
    [
      'the server ends the watch',
      (handler) => {
        handler.onEnd();
      },
      'rejected: watch closed',
    ],
  ])(
    'ends when %s before the transport returns the watch, and stops it once',
    async (_name, whenOpened, expected) => {
      let listening = false;
      const { transport, outcome } = started(
        {
          onEnd: () => new Error('watch closed'),
          endWhen: () => {
            listening = true;
            return () => {
              listening = false;
            };
          },
        },
        new OneWatch(whenOpened),
      );
      expect(await outcome).toBe(expected);
      expect(transport.stops).toBe(1);
      expect(listening).toBe(false);
    },
  );

  it('ends when another end fires at once, and stops listening for it once', async () => {
    let stopped = 0;
    const { transport, outcome } = started({
      endWhen: (end) => {
        end(new Error('timed out waiting for the condition'));
        return () => {
          stopped++;
        };
      },
    });
    expect(await outcome).toBe('rejected: timed out waiting for the condition');
    expect(stopped).toBe(1);
    expect(transport.stops).toBe(1);
  });
});
