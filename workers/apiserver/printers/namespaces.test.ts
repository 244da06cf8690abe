import { describe, expect, it } from 'vitest';
import { namespacePrinter } from './namespaces.ts';
import { NOW, ago } from './testing.ts';

describe('namespace rows', () => {
  it.each([
    ['Active', '45d'],
    ['Terminating', '45d'],
  ])('prints a %s namespace', (phase, age) => {
    const namespace = {
      metadata: { name: 'team-a', creationTimestamp: ago(45 * 86400 + 600) },
      status: { phase },
    };
    expect(namespacePrinter.print(namespace, NOW).cells).toEqual(['team-a', phase, age]);
  });
});
