// The widget's end of the postMessage API: it reads messages only from its parent window at an
// allowed origin, reports every other one (to the parent, never to the sender), and posts only to
// the parent's own origin, never to "*". Without an allowed parent the API stays off.

import {
  envelope,
  readInMessage,
  refusal,
  type ErrorCode,
  type InMessage,
  type OutMessage,
} from './protocol.ts';

/**
 * The origin of the page that embeds the widget, if it is allowed: from the browser's list of
 * ancestor origins, or the referrer; with neither, the one allowed origin, if only one is.
 */
export function parentOrigin(
  allowed: readonly string[],
  ancestor: string | undefined,
  referrer: string,
): string | null {
  let known = ancestor;
  if (known === undefined && referrer !== '') {
    try {
      known = new URL(referrer).origin;
    } catch {
      known = undefined;
    }
  }
  if (known !== undefined) return allowed.includes(known) ? known : null;
  return allowed.length === 1 ? (allowed[0] ?? null) : null;
}

export interface HostBridge {
  post(message: OutMessage): void;
  /** Why the API is off, when it is. */
  off: string | null;
}

export function connectHost(options: {
  origins: readonly string[];
  widget: string | null;
  onMessage: (message: InMessage) => void;
  /** A message from the parent that was refused as malformed (not one from a stranger). */
  onInvalid: (message: string) => void;
}): HostBridge {
  const framed = window.parent !== window;
  const target = framed
    ? parentOrigin(options.origins, window.location.ancestorOrigins[0], document.referrer)
    : null;
  const off = !framed
    ? null
    : options.origins.length === 0
      ? null
      : target === null
        ? 'The page embedding this widget is not one of its origin= parameters; its messages are ignored.'
        : null;
  const post = (message: OutMessage): void => {
    if (target !== null) window.parent.postMessage(envelope(message, options.widget), target);
  };
  const report = (code: ErrorCode, message: string): void => {
    post({ type: 'error', code, message });
  };
  if (target !== null)
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const refused = refusal(
        { origin: event.origin, fromParent: event.source === window.parent },
        [target],
      );
      if (refused !== null) {
        report('origin', refused);
        return;
      }
      const read = readInMessage(event.data);
      if ('error' in read) {
        report(read.error.code, read.error.message);
        options.onInvalid(read.error.message);
      } else options.onMessage(read.message);
    });
  return { post, off };
}
