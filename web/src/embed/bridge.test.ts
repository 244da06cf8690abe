import { describe, expect, it } from 'vitest';
import { parentOrigin } from './bridge.ts';

const ALLOWED = ['https://docs.example.com', 'http://localhost:8080'];

describe('parentOrigin', () => {
  it.each<[string, readonly string[], string | undefined, string, string | null]>([
    [
      'the ancestor origin, when allowed',
      ALLOWED,
      'http://localhost:8080',
      '',
      'http://localhost:8080',
    ],
    ['none when the ancestor is not allowed', ALLOWED, 'https://evil.example', '', null],
    [
      'the referrer origin without ancestor origins',
      ALLOWED,
      undefined,
      'https://docs.example.com/guide/pods.html',
      'https://docs.example.com',
    ],
    ['none when the referrer is not allowed', ALLOWED, undefined, 'https://evil.example/', null],
    [
      'the one allowed origin when nothing tells',
      ['https://docs.example.com'],
      undefined,
      '',
      'https://docs.example.com',
    ],
    ['none of several when nothing tells', ALLOWED, undefined, '', null],
    ['none when no origin is allowed', [], 'https://docs.example.com', '', null],
  ])('%s', (_name, allowed, ancestor, referrer, expected) => {
    expect(parentOrigin(allowed, ancestor, referrer)).toBe(expected);
  });
});
