import { describe, expect, it } from 'vitest';
import { leasePrinter } from './leases.ts';
import { NOW, ago } from './testing.ts';

describe('lease rows', () => {
  it.each([
    ['a node lease', { holderIdentity: 'node-1', leaseDurationSeconds: 40 }, 'node-1'],
    ['a released lease', { leaseDurationSeconds: 15 }, ''],
  ])('%s', (_name, spec, holder) => {
    const lease = {
      metadata: { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: ago(7200) },
      spec,
    };
    expect(leasePrinter.print(lease, NOW).cells).toEqual(['node-1', holder, '120m']);
  });
});
