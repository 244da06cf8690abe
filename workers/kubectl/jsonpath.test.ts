import { describe, expect, it } from 'vitest';
import { executeJsonPath } from './jsonpath.ts';

const LIST = {
  kind: 'List',
  items: [
    {
      metadata: { name: 'a', labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.27' },
          { name: 'side', image: 'busybox' },
        ],
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
    { metadata: { name: 'b' }, spec: { containers: [{ name: 'redis', image: 'redis' }] } },
  ],
};

describe('executeJsonPath', () => {
  it.each([
    ['{.items[0].metadata.name}', 'a'],
    ['{.items[*].metadata.name}', 'a b'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'a\nb\n'],
    ['{.items[0].spec.containers[*].image}', 'nginx:1.27 busybox'],
    ['{.items[-1:].metadata.name}', 'b'],
    ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['{..image}', 'nginx:1.27 busybox redis'],
    ['{.items[0].metadata.labels}', '{"app":"web"}'],
    ['{.items[1].metadata.labels}', ''],
    ['name: {.items[0].metadata.name}', 'name: a'],
    ["{.items[0].metadata.labels['app']}", 'web'],
    ['{.kind}{"\\t"}{.items[1].spec.containers[0].name}', 'List\tredis'],
  ])('prints %s', (template, output) => {
    expect(executeJsonPath(template, LIST)).toBe(output);
  });
});
