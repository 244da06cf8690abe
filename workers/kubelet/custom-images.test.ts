import { describe, expect, it } from 'vitest';
import { CustomImages, readImageDefinitions } from './custom-images.ts';

const HELLO = { image: 'example.com/hello:1.0', http: { port: 8080, status: 200, body: 'hi' } };

describe('readImageDefinitions', () => {
  it('keeps a full definition as it is', () => {
    const definition = {
      image: 'example.com/team/hello-app:1.0',
      sizeBytes: 12_000_000,
      logs: [
        { afterSeconds: 0, text: 'starting' },
        { afterSeconds: 2, text: 'warming up', stream: 'stderr' },
      ],
      repeat: { everySeconds: 5, text: 'tick' },
      http: {
        port: 8080,
        status: 503,
        body: 'busy',
        contentType: 'text/html; charset=utf-8',
        afterSeconds: 3,
        accessLog: true,
      },
      exit: { afterSeconds: 30, code: 3 },
    };
    expect(readImageDefinitions([definition])).toEqual([definition]);
  });

  it.each<[string, unknown, string]>([
    ['a list is required', { image: 'a' }, 'images: must be a list'],
    ['unknown fields', [{ ...HELLO, script: 'alert(1)' }], 'images[0].script: unknown field'],
    ['a digest', [{ image: 'hello@sha256:abc' }], 'images[0].image: must be an image reference'],
    ['upper case paths', [{ image: 'Hello' }], 'images[0].image: must be an image reference'],
    ['markup in a name', [{ image: '<img src=x>' }], 'images[0].image: must be an image reference'],
    [
      'a built-in image',
      [{ image: 'nginx:9' }],
      'images[0].image: "docker.io/library/nginx" is a built-in image and cannot be redefined',
    ],
    [
      'a port out of range',
      [{ image: 'a', http: { port: 70000, status: 200, body: '' } }],
      'images[0].http.port: must be between 1 and 65535',
    ],
    [
      'a fractional port',
      [{ image: 'a', http: { port: 80.5, status: 200, body: '' } }],
      'images[0].http.port: must be an integer',
    ],
    [
      'a status below 200',
      [{ image: 'a', http: { port: 80, status: 101, body: '' } }],
      'images[0].http.status: must be between 200 and 599',
    ],
    [
      'a body that is not text',
      [{ image: 'a', http: { port: 80, status: 200, body: { toString: 'x' } } }],
      'images[0].http.body: must be a string',
    ],
    [
      'an oversized body',
      [{ image: 'a', http: { port: 80, status: 200, body: 'x'.repeat(16 * 1024 + 1) } }],
      'images[0].http.body: must be at most 16384 characters',
    ],
    [
      'a header injected through the content type',
      [
        {
          image: 'a',
          http: { port: 80, status: 200, body: '', contentType: 'text/plain\r\nX: y' },
        },
      ],
      'images[0].http.contentType: must be a media type',
    ],
    [
      'a log line far in the future',
      [{ image: 'a', logs: [{ afterSeconds: 3601, text: 'late' }] }],
      'images[0].logs[0].afterSeconds: must be between 0 and 3600',
    ],
    [
      'a stream other than stdout or stderr',
      [{ image: 'a', logs: [{ afterSeconds: 1, text: 'x', stream: 'stdin' }] }],
      'images[0].logs[0].stream: must be "stdout" or "stderr"',
    ],
    [
      'too many log lines',
      [{ image: 'a', logs: Array.from({ length: 51 }, () => ({ afterSeconds: 0, text: 'x' })) }],
      'images[0].logs: must have at most 50 entries',
    ],
    [
      'a repeat period of zero',
      [{ image: 'a', repeat: { everySeconds: 0, text: 'x' } }],
      'images[0].repeat.everySeconds: must be between 1 and 3600',
    ],
    [
      'an exit code past 255',
      [{ image: 'a', exit: { afterSeconds: 1, code: 256 } }],
      'images[0].exit.code: must be between 0 and 255',
    ],
    [
      'the same image twice, however it is spelled',
      [{ image: 'hello' }, { image: 'docker.io/library/hello:latest' }],
      'images[1].image: "docker.io/library/hello:latest" is defined twice',
    ],
    [
      'more than 16 images',
      Array.from({ length: 17 }, (_, index) => ({ image: `app-${index}` })),
      'images: must have at most 16 entries',
    ],
  ])('refuses %s', (_name, value, message) => {
    expect(() => readImageDefinitions(value)).toThrow(message);
  });
});

describe('CustomImages', () => {
  const images = new CustomImages(readImageDefinitions([HELLO, { image: 'plain' }]));

  it.each([
    ['example.com/hello:1.0', true],
    ['example.com/hello', false],
    ['plain', true],
    ['docker.io/library/plain:latest', true],
    ['plain:2', false],
  ])('finds %s by its normalized name: %s', (image, found) => {
    expect(images.definition(image) !== undefined).toBe(found);
  });

  it('lists a defined image as a catalog entry with its port and a default size', () => {
    expect(images.catalogEntry('example.com/hello:1.0')).toEqual({
      repository: 'example.com/hello',
      size: 5_000_000,
      ports: [8080],
      entrypoint: [],
      cmd: [],
      idleMillicores: 0,
      workingSetBytes: 0,
    });
  });
});
