import { describe, expect, it } from 'vitest';
import { LESSONS } from '../scenarios/lessons.ts';
import { EMBED_PROTOCOL, envelope, readInMessage, refusal } from './protocol.ts';

const scenario = LESSONS[0]?.scenario;
const wrap = (message: Record<string, unknown>): Record<string, unknown> => ({
  protocol: EMBED_PROTOCOL,
  version: 1,
  ...message,
});

describe('readInMessage', () => {
  it.each(['play', 'pause', 'step', 'restart'])('reads %s', (type) => {
    expect(readInMessage(wrap({ type }))).toEqual({ message: { type } });
  });

  it('reads a scenario to load, checked as a link is', () => {
    expect(readInMessage(wrap({ type: 'load', scenario }))).toEqual({
      message: { type: 'load', scenario },
    });
  });

  it('reads image definitions to register', () => {
    const images = [{ image: 'example.com/app:1', exit: { afterSeconds: 1, code: 0 } }];
    expect(readInMessage(wrap({ type: 'registerImages', images }))).toEqual({
      message: { type: 'registerImages', images },
    });
  });

  it.each<[string, unknown, string, string]>([
    ['a string', 'play', 'message', 'a message must be an object'],
    [
      'no envelope',
      { type: 'play' },
      'message',
      'a message must have protocol "k8s-playground-embed"',
    ],
    [
      'another version',
      { protocol: EMBED_PROTOCOL, version: 2, type: 'play' },
      'version',
      'this widget speaks version 1 of the protocol',
    ],
    [
      'an unknown type',
      wrap({ type: 'eval' }),
      'message',
      'type must be one of "play", "pause", "step", "restart", "load", "registerImages"',
    ],
    [
      'a type named after a prototype member',
      wrap({ type: 'toString' }),
      'message',
      'type must be one of',
    ],
    [
      'extra fields',
      wrap({ type: 'play', html: '<b>x</b>' }),
      'message',
      'play.html: unknown field',
    ],
    [
      'a scenario with a script in a caption field it does not have',
      wrap({ type: 'load', scenario: { ...scenario, onload: 'alert(1)' } }),
      'scenario',
      'scenario.onload: unknown field',
    ],
    [
      'a scenario of another format',
      wrap({ type: 'load', scenario: { ...scenario, version: 9 } }),
      'scenario',
      'scenario.version: this playground reads scenario format 1, the link has format 9',
    ],
    [
      'a scenario over 64 KB',
      wrap({ type: 'load', scenario: { ...scenario, title: 'x'.repeat(70_000) } }),
      'scenario',
      'the scenario is larger than 64 KB',
    ],
    [
      'a message over 256 KB',
      wrap({ type: 'registerImages', images: ['x'.repeat(300_000)] }),
      'message',
      'a message must be JSON of at most 256 KB',
    ],
    [
      'an image with a port out of range',
      wrap({
        type: 'registerImages',
        images: [{ image: 'app', http: { port: 0, status: 200, body: '' } }],
      }),
      'images',
      'images[0].http.port: must be between 1 and 65535',
    ],
    [
      'images that carry code',
      wrap({ type: 'registerImages', images: [{ image: 'app', run: '() => fetch("/")' }] }),
      'images',
      'images[0].run: unknown field',
    ],
  ])('refuses %s', (_name, data, code, message) => {
    const result = readInMessage(data);
    expect(result).toEqual({
      error: { code, message: expect.stringContaining(message) as string },
    });
  });
});

describe('refusal', () => {
  const allowed = ['https://docs.example.com'];

  it.each<[string, string, boolean, string | null]>([
    ['the parent at an allowed origin', 'https://docs.example.com', true, null],
    [
      'another origin',
      'https://evil.example',
      true,
      'ignored a message from https://evil.example, which is not an allowed origin',
    ],
    [
      'an opaque origin',
      'null',
      true,
      'ignored a message from null, which is not an allowed origin',
    ],
    [
      'a sibling frame at the allowed origin',
      'https://docs.example.com',
      false,
      'ignored a message from a window other than the parent page',
    ],
  ])('%s', (_name, origin, fromParent, expected) => {
    expect(refusal({ origin, fromParent }, allowed)).toBe(expected);
  });

  it('accepts nothing when the page named no origin', () => {
    expect(refusal({ origin: 'https://docs.example.com', fromParent: true }, [])).not.toBeNull();
  });
});

describe('envelope', () => {
  it('puts the protocol, version and widget id on every message', () => {
    expect(envelope({ type: 'error', code: 'origin', message: 'no' }, 'rollout')).toEqual({
      protocol: EMBED_PROTOCOL,
      version: 1,
      widget: 'rollout',
      type: 'error',
      code: 'origin',
      message: 'no',
    });
  });
});
