import { describe, expect, it } from 'vitest';
import { Outbox, widgetMessage, widgetUrl, type ElementPlace } from './element-core.ts';
import { EMBED_PROTOCOL, EMBED_VERSION } from './protocol.ts';

const PLACE: ElementPlace = {
  script: 'https://play.example/k8s-playground.js',
  page: 'https://docs.example.com/guide/rollouts.html',
  origin: 'https://docs.example.com',
};

describe('widgetUrl', () => {
  it.each<[string, Record<string, string>, ElementPlace, string]>([
    [
      'embed.html beside the script, with the page as the allowed origin',
      { lesson: 'rolling-update' },
      PLACE,
      'https://play.example/embed.html?lesson=rolling-update&origin=https%3A%2F%2Fdocs.example.com',
    ],
    [
      'every attribute the widget reads, autoplay as a boolean attribute',
      { scenario: 'eJyr', theme: 'dark', autoplay: '' },
      PLACE,
      'https://play.example/embed.html?scenario=eJyr&theme=dark&autoplay=1&origin=https%3A%2F%2Fdocs.example.com',
    ],
    [
      'a src attribute read against the page',
      { src: '/widgets/embed.html', lesson: 'crash-loop' },
      PLACE,
      'https://docs.example.com/widgets/embed.html?lesson=crash-loop&origin=https%3A%2F%2Fdocs.example.com',
    ],
    [
      'no origin for a page with an opaque origin',
      { lesson: 'create-a-pod' },
      { ...PLACE, page: 'file:///guide.html', origin: 'null' },
      'https://play.example/embed.html?lesson=create-a-pod',
    ],
  ])('%s', (_name, attributes, place, expected) => {
    expect(widgetUrl((name) => attributes[name] ?? null, place).href).toBe(expected);
  });
});

describe('widgetMessage', () => {
  const frame = { name: 'the element frame' };
  const other = { name: 'another frame' };
  const ready = { protocol: EMBED_PROTOCOL, version: EMBED_VERSION, type: 'ready', steps: 3 };
  const ORIGIN = 'https://play.example';

  it.each<[string, { data: unknown; origin: string; source: unknown }, boolean]>([
    [
      'a message from its own frame at the widget origin',
      { data: ready, origin: ORIGIN, source: frame },
      true,
    ],
    ['not one from another frame', { data: ready, origin: ORIGIN, source: other }, false],
    [
      'not one from another origin',
      { data: ready, origin: 'https://evil.example', source: frame },
      false,
    ],
    [
      'not one outside the envelope',
      { data: { type: 'ready' }, origin: ORIGIN, source: frame },
      false,
    ],
    [
      'not another version',
      { data: { ...ready, version: 2 }, origin: ORIGIN, source: frame },
      false,
    ],
    [
      'not a type the widget never sends',
      { data: { ...ready, type: 'play' }, origin: ORIGIN, source: frame },
      false,
    ],
    ['not a string', { data: 'ready', origin: ORIGIN, source: frame }, false],
  ])('accepts %s', (_name, event, accepted) => {
    expect(widgetMessage(event, frame, ORIGIN)).toEqual(accepted ? event.data : null);
  });

  it('accepts nothing while the element has no frame', () => {
    expect(
      widgetMessage({ data: ready, origin: ORIGIN, source: undefined }, undefined, ORIGIN),
    ).toBeNull();
  });
});

describe('Outbox', () => {
  it('holds calls until the widget is ready, then sends them in order in the envelope', () => {
    const sent: unknown[] = [];
    const outbox = new Outbox((message) => sent.push(message));
    outbox.post({ type: 'restart' });
    outbox.post({ type: 'play' });
    expect(sent).toEqual([]);
    outbox.open();
    outbox.post({ type: 'pause' });
    expect(sent).toEqual([
      { protocol: EMBED_PROTOCOL, version: EMBED_VERSION, type: 'restart' },
      { protocol: EMBED_PROTOCOL, version: EMBED_VERSION, type: 'play' },
      { protocol: EMBED_PROTOCOL, version: EMBED_VERSION, type: 'pause' },
    ]);
  });

  it('holds calls again while the frame reloads', () => {
    const sent: unknown[] = [];
    const outbox = new Outbox((message) => sent.push(message));
    outbox.open();
    outbox.close();
    outbox.post({ type: 'step' });
    expect(sent).toEqual([]);
    outbox.open();
    expect(sent).toEqual([{ protocol: EMBED_PROTOCOL, version: EMBED_VERSION, type: 'step' }]);
  });
});
