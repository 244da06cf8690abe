// The embed widget's postMessage contract (docs/embed.md): every message carries the protocol
// name, its version and a type. The widget trusts nothing it receives: a message must come from
// the parent window at an origin its page named, and must match one of the shapes below exactly
// (scenarios through format.ts, images through kubelet/custom-images.ts), or it changes nothing.

import {
  ImageDefinitionError,
  readImageDefinitions,
  type ImageDefinition,
} from '../../../workers/kubelet/custom-images.ts';
import { MAX_DECODED_BYTES } from '../scenarios/codec.ts';
import { readScenario, ScenarioError, type Scenario } from '../scenarios/format.ts';
import { EMBED_PROTOCOL, EMBED_VERSION } from './wire.ts';

export { EMBED_PROTOCOL, EMBED_VERSION };
/** Larger messages are refused unread (a scenario is at most 64 KB, as in a link). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export type InMessage =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'restart' }
  | { type: 'load'; scenario: Scenario }
  | { type: 'registerImages'; images: ImageDefinition[] };

/** Something that happened in the cluster: a Kubernetes Event, or a pod coming, going or changing phase. */
export type ClusterEvent =
  | {
      kind: 'Event';
      type: string;
      reason: string;
      message: string;
      /** `pod/web-0`, as kubectl names the involved object. */
      object: string;
      namespace: string;
      count: number;
    }
  | {
      kind: 'Pod';
      change: 'added' | 'phase' | 'deleted';
      name: string;
      namespace: string;
      phase: string;
      node: string;
    };

export type ErrorCode = 'origin' | 'message' | 'version' | 'scenario' | 'images' | 'cluster';

export type OutMessage =
  /** The widget listens: messages sent before this one are lost. Once per page load. */
  | { type: 'ready'; title: string | null; steps: number }
  /** A cluster booted for the scenario, with the images its nodes know; it can play now. */
  | { type: 'loaded'; title: string; steps: number; images: string[] }
  | { type: 'step'; phase: 'started'; index: number; caption: string; command: string }
  | {
      type: 'step';
      phase: 'finished';
      index: number;
      caption: string;
      command: string;
      ok: boolean;
      output: string;
    }
  | { type: 'event'; event: ClusterEvent }
  | { type: 'error'; code: ErrorCode; message: string };

export type Envelope<T> = T & { protocol: typeof EMBED_PROTOCOL; version: typeof EMBED_VERSION };

/** What goes out: the message in its envelope, with the widget's id when the page gave one. */
export function envelope(message: OutMessage, widget: string | null): Envelope<OutMessage> {
  return {
    protocol: EMBED_PROTOCOL,
    version: EMBED_VERSION,
    ...(widget === null ? {} : { widget }),
    ...message,
  };
}

export type ReadResult = { message: InMessage } | { error: { code: ErrorCode; message: string } };

const FIELDS: Record<InMessage['type'], readonly string[]> = {
  play: [],
  pause: [],
  step: [],
  restart: [],
  load: ['scenario'],
  registerImages: ['images'],
};

function refused(code: ErrorCode, message: string): ReadResult {
  return { error: { code, message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byteSize(value: unknown): number | null {
  try {
    return new TextEncoder().encode(JSON.stringify(value)).length;
  } catch {
    return null;
  }
}

/** Checks a message from the host page; anything but an exact match is an error to report. */
export function readInMessage(data: unknown): ReadResult {
  if (!isRecord(data)) return refused('message', 'a message must be an object');
  if (data.protocol !== EMBED_PROTOCOL)
    return refused('message', `a message must have protocol "${EMBED_PROTOCOL}"`);
  if (data.version !== EMBED_VERSION)
    return refused('version', `this widget speaks version ${EMBED_VERSION} of the protocol`);
  const type = data.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type))
    return refused(
      'message',
      `type must be one of ${Object.keys(FIELDS)
        .map((name) => `"${name}"`)
        .join(', ')}`,
    );
  const allowed = ['protocol', 'version', 'type', ...FIELDS[type as InMessage['type']]];
  const unknown = Object.keys(data).find((key) => !allowed.includes(key));
  if (unknown !== undefined) return refused('message', `${type}.${unknown}: unknown field`);
  const size = byteSize(data);
  if (size === null || size > MAX_MESSAGE_BYTES)
    return refused('message', `a message must be JSON of at most ${MAX_MESSAGE_BYTES / 1024} KB`);
  switch (type) {
    case 'load':
      return readLoad(data.scenario);
    case 'registerImages':
      try {
        return { message: { type, images: readImageDefinitions(data.images) } };
      } catch (error) {
        if (error instanceof ImageDefinitionError) return refused('images', error.message);
        throw error;
      }
    default:
      return { message: { type } as InMessage };
  }
}

function readLoad(value: unknown): ReadResult {
  const size = byteSize(value) ?? Infinity;
  if (size > MAX_DECODED_BYTES)
    return refused('scenario', `the scenario is larger than ${MAX_DECODED_BYTES / 1024} KB`);
  try {
    return { message: { type: 'load', scenario: readScenario(value) } };
  } catch (error) {
    if (error instanceof ScenarioError) return refused('scenario', error.message);
    throw error;
  }
}

/** Where a message came from, as the browser reports it. */
export interface MessageSource {
  origin: string;
  /** The message's source is the window that embeds the widget. */
  fromParent: boolean;
}

/** Null when the message may be read; otherwise why it is ignored. */
export function refusal(source: MessageSource, allowed: readonly string[]): string | null {
  if (!allowed.includes(source.origin))
    return `ignored a message from ${source.origin}, which is not an allowed origin`;
  if (!source.fromParent) return 'ignored a message from a window other than the parent page';
  return null;
}
