import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { resourceQuotaPrinter } from './resourcequotas.ts';
import { NOW, ago } from './testing.ts';

describe('resource quota rows', () => {
  it.each<[string, ResourceQuota['status'], unknown[]]>([
    ['a quota the controller has not seen yet', {}, ['q', '5m', '', '']],
    [
      'requests and limits, sorted by name, limits apart',
      {
        hard: { 'requests.cpu': '1', pods: '2', 'limits.memory': '1Gi', 'limits.cpu': '2' },
        used: { 'requests.cpu': '500m', pods: '1', 'limits.cpu': '0' },
      },
      ['q', '5m', 'pods: 1/2, requests.cpu: 500m/1', 'limits.cpu: 0/2, limits.memory: 0/1Gi'],
    ],
  ])('%s', (_name, status, cells) => {
    const quota: ResourceQuota = {
      metadata: { name: 'q', namespace: 'default', creationTimestamp: ago(300) },
      spec: { hard: status?.hard ?? {} },
      status,
    };
    expect(resourceQuotaPrinter.print(quota, NOW).cells).toEqual(cells);
  });
});
