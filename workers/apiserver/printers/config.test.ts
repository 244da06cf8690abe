import type { ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config.ts';
import { NOW, ago } from './testing.ts';

const metadata = { name: 'settings', namespace: 'default', creationTimestamp: ago(59) };

describe('config rows', () => {
  it.each<[string, ConfigMap, unknown[]]>([
    ['an empty config map', { metadata }, ['settings', 0, '59s']],
    [
      'data and binary data both count',
      { metadata, data: { 'a.conf': 'x', 'b.conf': 'y' }, binaryData: { 'logo.png': 'iVBO' } },
      ['settings', 3, '59s'],
    ],
  ])('config map: %s', (_name, object, cells) => {
    expect(configMapPrinter.print(object, NOW).cells).toEqual(cells);
  });

  it.each<[string, Secret, unknown[]]>([
    [
      'an opaque secret',
      { metadata, type: 'Opaque', data: { password: 'cGFzcw==' } },
      ['settings', 'Opaque', 1, '59s'],
    ],
    [
      'a TLS secret',
      { metadata, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } },
      ['settings', 'kubernetes.io/tls', 2, '59s'],
    ],
  ])('secret: %s', (_name, object, cells) => {
    expect(secretPrinter.print(object, NOW).cells).toEqual(cells);
  });

  it.each<[string, ServiceAccount, unknown[]]>([
    [
      'a service account without secrets',
      { metadata: { ...metadata, name: 'default' } },
      ['default', 0, '59s'],
    ],
    [
      'a service account listing a secret',
      { metadata: { ...metadata, name: 'builder' }, secrets: [{ name: 'builder-token' }] },
      ['builder', 1, '59s'],
    ],
  ])('service account: %s', (_name, object, cells) => {
    expect(serviceAccountPrinter.print(object, NOW).cells).toEqual(cells);
  });
});
