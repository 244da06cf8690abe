// What the <k8s-playground> element (element.ts) decides, apart from the DOM: the address of the
// widget it frames, which messages it believes, and the calls it holds until the widget listens.
// The protocol is docs/embed.md's; the element is its page-side half, with the same origin rules.

import type { Envelope, InMessage, OutMessage } from './protocol.ts';
import { EMBED_PROTOCOL, EMBED_VERSION } from './wire.ts';

/** Attributes that change the widget's address; changing one reloads the frame. */
export const URL_ATTRIBUTES = ['lesson', 'scenario', 'theme', 'autoplay', 'src'] as const;

/** The widget's messages, each dispatched on the element as a CustomEvent of the same name. */
const OUT_TYPES: readonly OutMessage['type'][] = ['ready', 'loaded', 'step', 'event', 'error'];

export type WidgetMessage = Envelope<OutMessage>;

export interface ElementPlace {
  /** Where the element's script came from: embed.html is served beside it. */
  script: string;
  /** The page's address, against which a `src` attribute is read. */
  page: string;
  /** The page's origin, `null` for an opaque one such as a file:// page. */
  origin: string;
}

/**
 * embed.html's address for an element: its `src` attribute, or embed.html beside the element's
 * script. The page's own origin is the one allowed to drive it; a page with an opaque origin gets
 * a widget that plays without the API.
 */
export function widgetUrl(attribute: (name: string) => string | null, place: ElementPlace): URL {
  const src = attribute('src');
  const url = src === null ? new URL('embed.html', place.script) : new URL(src, place.page);
  for (const name of ['lesson', 'scenario', 'theme'] as const) {
    const value = attribute(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  if (attribute('autoplay') !== null) url.searchParams.set('autoplay', '1');
  if (place.origin !== 'null') url.searchParams.set('origin', place.origin);
  return url;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The widget's message, if the event is one: it must come from the element's own frame and from
 * the widget's origin, in the protocol's envelope, with a type the protocol sends.
 */
export function widgetMessage(
  event: { data: unknown; origin: string; source: unknown },
  frame: unknown,
  widgetOrigin: string,
): WidgetMessage | null {
  if (frame === null || frame === undefined || event.source !== frame) return null;
  if (event.origin !== widgetOrigin) return null;
  const data = event.data;
  if (!isRecord(data) || data.protocol !== EMBED_PROTOCOL || data.version !== EMBED_VERSION)
    return null;
  return OUT_TYPES.includes(data.type as OutMessage['type'])
    ? (data as unknown as WidgetMessage)
    : null;
}

/**
 * Messages the page sends: the widget loses what arrives before its `ready`, so calls made while
 * the frame loads wait here and go out, in order, when it is ready.
 */
export class Outbox {
  #open = false;
  readonly #waiting: InMessage[] = [];
  readonly #send: (message: Envelope<InMessage>) => void;

  constructor(send: (message: Envelope<InMessage>) => void) {
    this.#send = send;
  }

  post(message: InMessage): void {
    if (this.#open) this.#send({ protocol: EMBED_PROTOCOL, version: EMBED_VERSION, ...message });
    else this.#waiting.push(message);
  }

  /** The widget said it is ready: send what waited. */
  open(): void {
    this.#open = true;
    for (const message of this.#waiting.splice(0)) this.post(message);
  }

  /** The frame is loading another page: hold messages until that one is ready. */
  close(): void {
    this.#open = false;
  }
}
