// Waits one macrotask. Promise continuations (microtasks) always run before the next macrotask,
// so when this resolves every component has finished reacting to the round's input.

import type { Settle } from './runtime.ts';

/** The browser's MessagePort; Node's typings describe the worker_threads one instead. */
interface BrowserPort {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
}

function channelSettle(): Settle {
  const channel = new MessageChannel() as unknown as { port1: BrowserPort; port2: BrowserPort };
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

/** setImmediate in Node (it does not keep the process alive), a MessageChannel in a browser worker. */
export function createSettle(): Settle {
  if (typeof setImmediate === 'function') {
    return () => new Promise<void>((resolve) => setImmediate(resolve));
  }
  return channelSettle();
}
